import Foundation
import Testing

@testable import LoaCore

@Suite struct Base32Tests {
    /// RFC 4648 section 10.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI======"),
    ]

    @Test func encodesRFC4648VectorsWithoutPadding() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded.replacingOccurrences(of: "=", with: ""))
        }
        #expect(Base32.encode(Array("12345678901234567890".utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test func decodesRFC4648VectorsWithAndWithoutPadding() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.replacingOccurrences(of: "=", with: "")) == Array(plain.utf8))
        }
    }

    @Test func decodesLowercaseAndGroupsAsTyped() {
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode("  GEZD GNBV GY3T QOJQ\tGEZD GNBV GY3T QOJQ\n") == Array("12345678901234567890".utf8))
        #expect(Base32.decode("MZXW6YTBOI====== ") == Array("foobar".utf8))
    }

    @Test(arguments: [
        "M", "MZX", "MZXW6Y", "MZXW6YTB0", "MZXW6YTB1", "MZXW6YTB8", "MZ=XQ===", "MY=", "MY======A", "MZXW6YTBOI=======",
        "MZXW-6YTB", "MZXW6YTBÖ", "MZXW6YTＢ", "M\u{301}Y",
    ])
    func refusesWhatIsNotBase32(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test func roundTripsRandomBytes() {
        var generator = SplitMix64(state: 7)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}

@Suite struct TOTPTests {
    static let rfcSecret = Array("12345678901234567890".utf8)

    /// RFC 6238 Appendix B, SHA-1 rows: Unix time, time step, code of eight digits.
    @Test(arguments: [
        (59.0, Int64(0x1), "94287082"), (1_111_111_109, 0x23523EC, "07081804"), (1_111_111_111, 0x23523ED, "14050471"),
        (1_234_567_890, 0x273EF07, "89005924"), (2_000_000_000, 0x3F940AA, "69279037"),
        (20_000_000_000, 0x27BC86AA, "65353130"),
    ])
    func matchesRFC6238Vectors(time: Double, step: Int64, code: String) {
        let totp = TOTP(secret: Self.rfcSecret, digits: 8)
        let date = Date(timeIntervalSince1970: time)
        #expect(totp.counter(at: date) == step)
        #expect(totp.code(at: date) == code)
        #expect(totp.verify(code, at: date, lastUsedCounter: nil) == step)
    }

    /// RFC 4226 Appendix D: HOTP values of counts 0 to 9, six digits.
    @Test func matchesRFC4226Vectors() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let totp = TOTP(secret: Self.rfcSecret)
        #expect((0..<10).map { totp.code(counter: Int64($0)) } == expected)
    }

    @Test func acceptsOneStepEitherSideAndNoMore() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.counter(at: now)
        for offset: Int64 in -1...1 {
            #expect(totp.verify(totp.code(counter: step + offset), at: now, lastUsedCounter: nil) == step + offset)
        }
        for offset: Int64 in [-3, -2, 2, 3] {
            let code = totp.code(counter: step + offset)
            // A chance collision with a code inside the window would make this test meaningless.
            #expect((-1...1).allSatisfy { totp.code(counter: step + $0) != code })
            #expect(totp.verify(code, at: now, lastUsedCounter: nil) == nil)
        }
        // A step later the oldest code has left the window.
        #expect(totp.verify(totp.code(counter: step - 1), at: now.addingTimeInterval(30), lastUsedCounter: nil) == nil)
    }

    @Test func refusesAReplayedStep() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = totp.counter(at: now)
        let code = totp.code(at: now)
        let used = totp.verify(code, at: now, lastUsedCounter: nil)
        #expect(used == step)
        #expect(totp.verify(code, at: now, lastUsedCounter: used) == nil)
        #expect(totp.verify(code, at: now.addingTimeInterval(20), lastUsedCounter: used) == nil)
        // An older code is refused once a newer one was used, a newer one is still accepted.
        #expect(totp.verify(totp.code(counter: step - 1), at: now, lastUsedCounter: step) == nil)
        #expect(totp.verify(totp.code(counter: step + 1), at: now, lastUsedCounter: step) == step + 1)
        #expect(totp.verify(code, at: now, lastUsedCounter: step - 1) == step)
    }

    @Test func ignoresSpacesOnly() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let code = totp.code(at: now)
        let spaced = "\(code.prefix(3)) \(code.suffix(3))"
        #expect(totp.verify(spaced, at: now, lastUsedCounter: nil) != nil)
        #expect(totp.verify(" \(code) ", at: now, lastUsedCounter: nil) != nil)
        #expect(totp.verify("\(code)\n", at: now, lastUsedCounter: nil) == nil)
        #expect(totp.verify("\(code.prefix(3))-\(code.suffix(3))", at: now, lastUsedCounter: nil) == nil)
    }

    @Test(arguments: [
        "", " ", "12345", "1234567", "12345a", "abcdef", "１２３４５６", "-12345", "+123456", "12345\u{301}6", "123456\u{301}", "٠١٢٣٤٥",
        "0x1234", String(repeating: "1", count: 10_000),
    ])
    func refusesGarbage(input: String) {
        let totp = TOTP(secret: Self.rfcSecret)
        #expect(totp.verify(input, at: Date(timeIntervalSince1970: 1_700_000_000), lastUsedCounter: nil) == nil)
    }

    @Test func codesAreZeroPadded() {
        // Step 0x23523EC of the RFC secret gives 07081804 with eight digits; with six, 081804.
        let totp = TOTP(secret: Self.rfcSecret)
        #expect(totp.code(counter: 0x23523EC) == "081804")
        #expect(totp.verify("081804", at: Date(timeIntervalSince1970: 1_111_111_109), lastUsedCounter: nil) == 0x23523EC)
        #expect(totp.verify("81804", at: Date(timeIntervalSince1970: 1_111_111_109), lastUsedCounter: nil) == nil)
    }

    @Test func extremeDatesNeitherTrapNorOverflow() {
        // A loop rather than arguments: NaN has no stable encoding as a test case identifier.
        let dates = [
            Date.distantFuture, Date.distantPast, Date(timeIntervalSince1970: 1e18), Date(timeIntervalSince1970: -1e18),
            Date(timeIntervalSince1970: 1e300), Date(timeIntervalSince1970: .infinity), Date(timeIntervalSince1970: -.infinity),
            Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.5),
            Date(timeIntervalSince1970: 0x1p63 - 1024), Date(timeIntervalSince1970: 0x1p63),
        ]
        let totp = TOTP(secret: Self.rfcSecret)
        for date in dates {
            let step = totp.counter(at: date)
            #expect(step >= 0 && step <= Int64.max / TOTP.period)
            let code = totp.code(at: date)
            #expect(code.utf8.count == 6)
            #expect(totp.verify(code, at: date, lastUsedCounter: nil) == step)
            #expect(totp.verify(code, at: date, lastUsedCounter: .max) == nil)
            #expect(totp.verify("12345x", at: date, lastUsedCounter: .min) == nil)
        }
        #expect(totp.counter(at: .distantPast) == 0)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 1e18)) == 33_333_333_333_333_333)
        #expect(totp.counter(at: Date(timeIntervalSince1970: .infinity)) == Int64.max / 30)
    }

    @Test func descriptionLeavesTheSecretOut() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        for text in ["\(totp)", String(describing: totp), String(reflecting: totp)] {
            #expect(text == "TOTP(SHA1, 6 digits, 30 s)")
        }
        var dumped = ""
        dump(totp, to: &dumped)
        #expect(!dumped.contains("49") && !dumped.contains("secret"))
    }

    @Test func newSecretsAreTwentyRandomBytes() {
        var generator = SplitMix64(state: 42)
        let first = TOTP.newSecret(using: &generator)
        let second = TOTP.newSecret(using: &generator)
        #expect(first.count == 20 && second.count == 20)
        #expect(first != second)
        var system = SystemRandomNumberGenerator()
        #expect(TOTP.newSecret(using: &system).count == TOTP.secretLength)
    }

    @Test func provisioningURIEncodesAVietnameseIssuerByte() throws {
        let uri = TOTP.provisioningURI(secret: Self.rfcSecret, account: "nguyen.van.a@loa.gov.vn", issuer: "Bộ Nội vụ")
        let issuer = "B%E1%BB%99%20N%E1%BB%99i%20v%E1%BB%A5"
        #expect(
            uri == "otpauth://totp/\(issuer):nguyen.van.a%40loa.gov.vn?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30")
        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth" && components.host == "totp")
        #expect(components.path == "/Bộ Nội vụ:nguyen.van.a@loa.gov.vn")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        let expected = [
            "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer": "Bộ Nội vụ", "algorithm": "SHA1", "digits": "6", "period": "30",
        ]
        #expect(items == expected)
    }

    @Test func provisioningURIEncodesEveryScalarAndSeparator() {
        // Decomposed "ộ" (o, U+0323, U+0302) is one Character; each scalar is encoded on its own.
        let uri = TOTP.provisioningURI(secret: [1, 2, 3], account: "a:b&c=d?e#f/g h", issuer: "Bo\u{323}\u{302}&x=1")
        #expect(uri.hasPrefix("otpauth://totp/Bo%CC%A3%CC%82%26x%3D1:a%3Ab%26c%3Dd%3Fe%23f%2Fg%20h?secret=AEBAG&"))
        #expect(uri.contains("&issuer=Bo%CC%A3%CC%82%26x%3D1&algorithm=SHA1&"))
    }
}

@Suite struct RecoveryCodesTests {
    @Test func generatesTenDistinctCodesWithoutLookAlikes() {
        var generator = SplitMix64(state: 2026)
        let codes = RecoveryCodes.generate(using: &generator)
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        let allowed = Set("23456789abcdefghjkmnpqrstuvwxyz".utf8)
        for code in codes {
            let bytes = Array(code.utf8)
            #expect(bytes.count == 9 && bytes[4] == UInt8(ascii: "-"))
            #expect(bytes.enumerated().allSatisfy { $0.offset == 4 || allowed.contains($0.element) })
            #expect(RecoveryCodes.isWellFormed(code))
        }
        var other = SplitMix64(state: 1)
        #expect(RecoveryCodes.generate(count: 3, using: &other).count == 3)
        #expect(RecoveryCodes.generate(count: 0, using: &other).isEmpty)
    }

    @Test func normalizesWhatPeopleType() {
        #expect(RecoveryCodes.normalize("K7F3 9XQ2") == "k7f39xq2")
        #expect(RecoveryCodes.normalize("k7f3-9xq2") == "k7f39xq2")
        #expect(RecoveryCodes.normalize(" k7f3\u{2013}9XQ2\t") == "k7f39xq2")
        #expect(RecoveryCodes.normalize("K7F3\u{A0}9XQ2") == "k7f39xq2")
        // Only ASCII is folded: a fullwidth or accented letter stays and cannot match.
        #expect(RecoveryCodes.normalize("Ｋ7F3-9XQ2") == "Ｋ7f39xq2")
        #expect(!RecoveryCodes.isWellFormed("Ｋ7F3-9XQ2"))
        #expect(!RecoveryCodes.isWellFormed("k7f3-9xq"))
        #expect(!RecoveryCodes.isWellFormed("k7f3-9xq0"))
        #expect(!RecoveryCodes.isWellFormed("123456"))
        #expect(RecoveryCodes.isWellFormed("K7F3 9XQ2"))
    }

    @Test func hashesTheNormalizedCode() {
        let stored = "dc451b8ffed2af50b5e4afd7e97e421041566e1eeae06214d4edf578833553b4"  // sha256("k7f39xq2")
        #expect(RecoveryCodes.hash("k7f3-9xq2") == stored)
        #expect(RecoveryCodes.hash("K7F3 9XQ2") == stored)
        #expect(RecoveryCodes.hash("k7f3-9xq3") != stored)
        #expect(RecoveryCodes.hash("").utf8.count == 64)
    }
}
