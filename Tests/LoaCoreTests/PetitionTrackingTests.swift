import Testing

@testable import LoaCore

@Suite struct TrackingCodeTests {
    @Test(arguments: [
        ("PA-2026-000123", 2026, 123), ("pa-2026-123", 2026, 123), (" PA 2026 000123 ", 2026, 123), ("Pa-2025-1", 2025, 1),
        ("PA-2026-1234567", 2026, 1_234_567), ("PA - 2026 - 000042", 2026, 42), ("\tPA-2027-999999\n", 2027, 999_999),
    ])
    func parses(text: String, year: Int, number: Int) {
        #expect(TrackingCode(text) == TrackingCode(year: year, number: number))
    }

    @Test(arguments: [
        "", "PA", "PA-2026", "PA-2026-", "PA-26-000123", "PA-20260-000123", "PB-2026-000123", "PA2026000123", "PA-2026-000123X",
        "PA-2026-0000000001", "PA-2026-000000", "XPA-2026-000123", "PA-2026-00012a", "PA_2026_000123", "mã PA-2026-000123",
        "PA-2026-000123 PA-2026-000124", "PA-２０２６-000123", "PA----2026-1",
    ])
    func refuses(text: String) {
        #expect(TrackingCode(text) == nil)
    }

    @Test func describesWithSixDigitsOrMore() {
        #expect(TrackingCode(year: 2026, number: 123).description == "PA-2026-000123")
        #expect(TrackingCode(year: 2026, number: 1).description == "PA-2026-000001")
        #expect(TrackingCode(year: 2026, number: 999_999).description == "PA-2026-999999")
        #expect(TrackingCode(year: 2026, number: 1_234_567).description == "PA-2026-1234567")
        #expect("\(TrackingCode(year: 2025, number: 42))" == "PA-2025-000042")
    }

    @Test func roundTrips() {
        for number in [1, 9, 10, 99, 100, 12_345, 123_456, 999_999, 1_000_000, 987_654_321] {
            let code = TrackingCode(year: 2026, number: number)
            #expect(TrackingCode(code.description) == code)
            #expect(TrackingCode(code.description.lowercased()) == code)
            #expect(TrackingCode.find(in: "Mã số: \(code).") == code)
        }
    }

    @Test func ordersByYearThenNumber() {
        let codes = [TrackingCode(year: 2026, number: 2), TrackingCode(year: 2025, number: 900), TrackingCode(year: 2026, number: 10)]
        #expect(codes.sorted().map(\.description) == ["PA-2025-000900", "PA-2026-000002", "PA-2026-000010"])
        #expect(Set(codes + [TrackingCode(year: 2026, number: 2)]).count == 3)
    }

    @Test(arguments: [
        ("tra cứu PA-2026-000123 giúp tôi", "PA-2026-000123"),
        ("Cho tôi hỏi hồ sơ pa-2026-123 đến đâu rồi ạ?", "PA-2026-000123"),
        ("PA 2026 000045", "PA-2026-000045"),
        ("Mã phản ánh của tôi là: PA-2025-000007.", "PA-2025-000007"),
        ("(PA-2026-000123)", "PA-2026-000123"),
        ("Tôi gửi 2 lần: PA-2026-000100 và PA-2026-000101", "PA-2026-000100"),
        ("“PA-2026-000321”", "PA-2026-000321"),
        ("mã:PA-2026-000009, khóa ABCD", "PA-2026-000009"),
        ("Pa-2026-12\nCảm ơn", "PA-2026-000012"),
    ])
    func findsTheFirstCodeInAMessage(message: String, expected: String) {
        #expect(TrackingCode.find(in: message)?.description == expected)
    }

    @Test(arguments: [
        "Xin chào, tôi muốn hỏi về chế độ tiền lương", "Nghị định 73/2024/NĐ-CP", "PAN-2026-000123", "SPA-2026-000123",
        "pa-nô 2026 tuyên truyền", "PA-2026-12345678901", "0912345678", "",
    ])
    func findsNothingWithoutACode(message: String) {
        #expect(TrackingCode.find(in: message) == nil)
    }

    @Test func findSkipsAnInvalidCandidateAndKeepsLooking() {
        #expect(TrackingCode.find(in: "PA-26-1 rồi PA-2026-000002")?.number == 2)
    }
}

@Suite struct AccessKeyTests {
    @Test func alphabetHasNoLookAlikes() {
        let alphabet = Set(AccessKey.alphabet)
        for lookAlike in "0O1IL" { #expect(!alphabet.contains(lookAlike)) }
        #expect(alphabet.count == AccessKey.alphabet.count)
        #expect(alphabet.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) })
        #expect(alphabet.count == 31)
    }

    @Test func keysAreTwelveCharactersOfTheAlphabet() {
        let alphabet = Set(AccessKey.alphabet)
        var seen = Set<String>()
        var used = Set<Character>()
        for _ in 0..<500 {
            let key = AccessKey.generate()
            #expect(key.count == 12)
            #expect(key.allSatisfy(alphabet.contains))
            #expect(AccessKey.normalise(key) == key)
            seen.insert(key)
            used.formUnion(key)
        }
        #expect(seen.count == 500)
        // 6000 draws from 31 characters use every one of them.
        #expect(used == alphabet)
    }

    @Test(arguments: [
        ("abcd-efgh-jkmn", "ABCDEFGHJKMN"), ("ABCD EFGH JKMN", "ABCDEFGHJKMN"), (" abcd efgh-jkmn ", "ABCDEFGHJKMN"),
        ("ABCDEFGHJKMN", "ABCDEFGHJKMN"), ("ab–cd—ef", "ABCDEF"), ("", ""),
    ])
    func normalises(text: String, expected: String) {
        #expect(AccessKey.normalise(text) == expected)
    }

    @Test func formatsInGroupsOfFour() {
        #expect(AccessKey.formatted("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN")
        #expect(AccessKey.formatted("abcd efgh jk") == "ABCD-EFGH-JK")
        #expect(AccessKey.normalise(AccessKey.formatted("ABCDEFGHJKMN")) == "ABCDEFGHJKMN")
    }

    @Test func matchesAsTyped() {
        #expect(AccessKey.matches("abcd efgh jkmn", stored: "ABCDEFGHJKMN"))
        #expect(AccessKey.matches("ABCD-EFGH-JKMN", stored: "ABCDEFGHJKMN"))
        #expect(!AccessKey.matches("ABCD-EFGH-JKMP", stored: "ABCDEFGHJKMN"))
        #expect(!AccessKey.matches("ABCDEFGHJKM", stored: "ABCDEFGHJKMN"))
        #expect(!AccessKey.matches("", stored: ""))
    }
}
