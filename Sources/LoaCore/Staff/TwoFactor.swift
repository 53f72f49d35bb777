import Crypto
import Foundation

// Second factor for staff sign-in: time-based one-time passwords (RFC 6238) from an
// authenticator app, and single-use recovery codes for when the phone is lost.

/// Base32 as in RFC 4648 section 6, the form in which authenticator apps take a TOTP secret.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Uppercase, without "=" padding: authenticator apps and the `otpauth://` URI format expect
    /// it that way, and a person typing the secret by hand has fewer characters to copy.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                output.append(alphabet[Int((buffer >> UInt32(bitCount)) & 0x1F)])
            }
        }
        if bitCount > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bitCount)) & 0x1F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of a Base32 text, or nil if it is not one.
    ///
    /// A secret copied from a screen or a letter may come in lowercase, in groups separated by
    /// spaces, or with the "=" padding of RFC 4648: all of these are accepted. Anything else (a
    /// letter outside the alphabet such as "0", "1" or "8", text after the padding, a length no
    /// encoder can produce) gives nil. Bits left over after the last whole byte are ignored.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        var symbols = 0
        var padding = 0
        // Bytes, not Characters: only ASCII can be valid, and any byte of a longer scalar fails.
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            case UInt8(ascii: "="):
                padding += 1
                continue
            default:
                break
            }
            guard padding == 0, let value = value(of: byte) else { return nil }
            symbols += 1
            buffer = (buffer << 5) | UInt32(value)
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bitCount)))
            }
            buffer &= (1 << UInt32(bitCount)) - 1
        }
        // 1, 3 or 6 symbols in the last group of eight cannot come from any number of bytes.
        guard ![1, 3, 6].contains(symbols % 8) else { return nil }
        if padding > 0 {
            guard (symbols + padding) % 8 == 0, padding <= 6 else { return nil }
        }
        return output
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): byte - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}

/// Time-based one-time passwords (RFC 6238 over the HOTP of RFC 4226) with HMAC-SHA-1 and
/// 30-second steps: the only combination every authenticator app supports.
///
/// Not `Equatable`, and its description and mirror leave the secret out, so that neither a
/// comparison that stops at the first differing byte nor a log line or `dump` gives it away.
public struct TOTP: Sendable, CustomStringConvertible, CustomReflectable {
    /// Seconds per time step.
    public static let period: Int64 = 30
    /// Time steps accepted either side of the current one, for a phone clock a little off and
    /// for the seconds it takes to type the code.
    public static let window: Int64 = 1
    /// Length of a secret from `newSecret`: 160 bits, the length of the SHA-1 output that
    /// RFC 4226 recommends.
    public static let secretLength = 20

    /// The shared secret, as stored (encrypted) on the server and given to the app.
    public let secret: [UInt8]
    /// Digits in a code: 6, as apps show by default, up to 8 as in the RFC test vectors.
    public let digits: Int

    /// - Precondition: `digits` is 6, 7 or 8 (a choice of the code, not of anyone's input).
    public init(secret: [UInt8], digits: Int = 6) {
        precondition((6...8).contains(digits), "TOTP codes have 6 to 8 digits")
        self.secret = secret
        self.digits = digits
    }

    public var description: String { "TOTP(SHA1, \(digits) digits, \(Self.period) s)" }

    public var customMirror: Mirror { Mirror(self, children: ["digits": digits]) }

    /// The time step of `date`: whole periods since 1970. Dates before 1970 (and NaN) give step
    /// 0 and dates past 2^63 seconds give the last step, `Int64.max / period`, rather than
    /// trapping on the conversion from `Double`; no real clock is near either end.
    public func counter(at date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        // `!(seconds > 0)` is also true of NaN.
        guard seconds > 0 else { return 0 }
        // 2^63 is exact as a Double; every smaller whole number converts without trapping.
        guard seconds < 9_223_372_036_854_775_808.0 else { return .max / Self.period }
        return Int64(seconds) / Self.period
    }

    /// The code shown by an app at `date`, with leading zeros.
    public func code(at date: Date) -> String {
        code(counter: counter(at: date))
    }

    /// The HOTP value (RFC 4226 section 5.3) of one time step, with leading zeros.
    public func code(counter: Int64) -> String {
        String(decoding: codeBytes(counter: counter), as: UTF8.self)
    }

    /// Checks a code typed at `date`. Returns the time step it belongs to, which the caller
    /// stores as `lastUsedCounter` for the next check, or nil if the code is refused.
    ///
    /// Spaces are ignored ("123 456"); anything else that is not an ASCII digit, or the wrong
    /// number of digits, is refused. The current step and `window` steps either side are
    /// accepted, except a step at or before `lastUsedCounter`, so that a code seen over a
    /// shoulder or in a proxy log cannot be used a second time (RFC 6238 section 5.2). Every
    /// candidate is computed and compared in constant time, so the answer's timing tells
    /// nothing about how close a guess was.
    public func verify(_ input: String, at date: Date, lastUsedCounter: Int64?) -> Int64? {
        var typed: [UInt8] = []
        for byte in input.utf8 where byte != 0x20 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), typed.count < digits else { return nil }
            typed.append(byte)
        }
        guard typed.count == digits else { return nil }
        let now = counter(at: date)
        var matched: Int64?
        for offset in -Self.window...Self.window {
            let (candidate, overflow) = now.addingReportingOverflow(offset)
            guard !overflow, candidate >= 0 else { continue }
            let equal = Self.constantTimeEqual(codeBytes(counter: candidate), typed)
            let fresh = lastUsedCounter.map { candidate > $0 } ?? true
            // The earliest matching step, so that a chance match further ahead is not used up.
            if equal, fresh, matched == nil { matched = candidate }
        }
        return matched
    }

    /// A new random secret of `secretLength` bytes. Pass a cryptographically secure generator
    /// (`SystemRandomNumberGenerator`) outside tests.
    public static func newSecret(using generator: inout some RandomNumberGenerator) -> [UInt8] {
        var secret: [UInt8] = []
        secret.reserveCapacity(secretLength)
        while secret.count < secretLength {
            var word = generator.next()
            for _ in 0..<8 where secret.count < secretLength {
                secret.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return secret
    }

    /// The `otpauth://` address that an authenticator app reads from a QR code (Google's "Key
    /// Uri Format"): `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
    ///
    /// Issuer and account are percent-encoded byte by byte from UTF-8, leaving only the
    /// unreserved characters of RFC 3986 as they are, so "Bộ Nội vụ" becomes
    /// "B%E1%BB%99%20N%E1%BB%99i%20v%E1%BB%A5" and a ":" or "&" in a name cannot split the
    /// label or add a parameter. The issuer is given twice, in the label for older apps and as
    /// a parameter for newer ones.
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String, digits: Int = 6) -> String {
        let issuerEncoded = percentEncoded(issuer)
        return "otpauth://totp/\(issuerEncoded):\(percentEncoded(account))?secret=\(Base32.encode(secret))"
            + "&issuer=\(issuerEncoded)&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }

    /// The code of one step as ASCII digit bytes.
    private func codeBytes(counter: Int64) -> [UInt8] {
        var message: [UInt8] = []
        let value = UInt64(bitPattern: counter)
        for shift in stride(from: 56, through: 0, by: -8) {
            message.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        // Dynamic truncation (RFC 4226 section 5.3): 31 bits from the offset in the last nibble.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var remaining = binary
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        for index in stride(from: digits - 1, through: 0, by: -1) {
            bytes[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        return bytes
    }

    /// Equal-length byte strings compared without an early exit.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Single-use codes that stand in for the authenticator app once each, such as "k7f3-9xq2".
/// Only their hashes are stored; the codes are shown to the person once, to print or write down.
public enum RecoveryCodes {
    /// Lowercase letters and digits without the look-alikes 0/o, 1/l/i: 31 symbols, so a code of
    /// eight carries about 39.6 bits, too many to guess at the rate sign-in attempts are limited to.
    public static let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz".utf8)
    /// Symbols in a code, shown as two groups of four.
    public static let length = 8

    /// `count` different codes such as "k7f3-9xq2". Pass a cryptographically secure generator
    /// (`SystemRandomNumberGenerator`) outside tests.
    public static func generate(count: Int = 10, using generator: inout some RandomNumberGenerator) -> [String] {
        var codes: [String] = []
        var seen: Set<String> = []
        while codes.count < count {
            var bytes: [UInt8] = []
            for index in 0..<length {
                if index == length / 2 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
            }
            let code = String(decoding: bytes, as: UTF8.self)
            if seen.insert(normalize(code)).inserted { codes.append(code) }
        }
        return codes
    }

    /// The code as stored and compared: ASCII letters in lowercase, with spaces, tabs, hyphens
    /// and the dashes a phone keyboard may put in their place removed, so that "K7F3 9XQ2" and
    /// "k7f3–9xq2" both match "k7f3-9xq2". Other characters are kept, so they never match.
    public static func normalize(_ input: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0D, 0x2D, 0xA0, 0x2010...0x2015, 0x2212:
                continue
            case 0x41...0x5A:
                result.append(Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value + 0x20)))
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether the input could be a recovery code at all (eight symbols of the alphabet once
    /// normalized), to tell it from a TOTP code in a single sign-in field.
    public static func isWellFormed(_ input: String) -> Bool {
        let normalized = normalize(input).utf8
        return normalized.count == length && normalized.allSatisfy { alphabet.contains($0) }
    }

    /// What is stored for a code: SHA-256 of the normalized code, as 64 lowercase hex digits.
    /// A salt is not needed: the codes are random with enough bits that no table of them exists.
    public static func hash(_ code: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in SHA256.hash(data: Array(normalize(code).utf8)) {
            output += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
        return String(decoding: output, as: UTF8.self)
    }
}
