import Testing

@testable import LoaCore

@Suite struct VietnameseTextTests {
    @Test(arguments: [
        ("Tiền lương cơ sở", "tien luong co so"),
        ("TIỀN LƯƠNG", "tien luong"),
        ("Đăng ký hộ khẩu", "dang ky ho khau"),
        ("Cải cách hành chính", "cai cach hanh chinh"),
        ("Nghị định 178/2024/NĐ-CP", "nghi dinh 178/2024/nd-cp"),
        ("ưu đãi, ơn, ăn, ấm, ê, ô", "uu dai, on, an, am, e, o"),
        ("Hello World 2025", "hello world 2025"),
    ])
    func foldsToneMarksCaseAndD(input: String, expected: String) {
        #expect(VietnameseText.fold(input) == expected)
    }

    @Test func nfdAndNfcFoldTheSame() {
        let nfc = "Tiền lương viên chức".precomposedStringWithCanonicalMapping
        let nfd = "Tiền lương viên chức".decomposedStringWithCanonicalMapping
        #expect(nfc.unicodeScalars.count != nfd.unicodeScalars.count)
        #expect(VietnameseText.fold(nfc) == VietnameseText.fold(nfd))
    }

    @Test(arguments: [
        ("Tiền lương cơ sở", "tien-luong-co-so"),
        ("  Công chức, viên chức!  ", "cong-chuc-vien-chuc"),
        ("06/2025/TT-BNV", "06-2025-tt-bnv"),
        ("178/2024/NĐ-CP", "178-2024-nd-cp"),
        ("Hỏi – đáp: chế độ nghỉ hưu?", "hoi-dap-che-do-nghi-huu"),
        ("<script>", "script"),
        ("", ""),
        ("!!!", ""),
    ])
    func slugs(input: String, expected: String) {
        #expect(VietnameseText.slug(input) == expected)
    }

    @Test func longSlugsAreCutAtAWordBoundary() {
        let slug = VietnameseText.slug(String(repeating: "Chính quyền địa phương hai cấp ", count: 10))
        #expect(slug.count <= 80)
        #expect(!slug.hasSuffix("-"))
        #expect(slug.hasPrefix("chinh-quyen-dia-phuong"))
    }

    @Test func escapesHTML() {
        #expect(escapeHTML("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(escapeHTML("Tiền lương") == "Tiền lương")
    }
}

@Suite struct CalendarDayTests {
    @Test func parsesISOAndVietnameseDates() {
        #expect(CalendarDay("2025-03-14")?.description == "2025-03-14")
        #expect(CalendarDay("14/03/2025")?.description == "2025-03-14")
        #expect(CalendarDay("2024-02-29")?.vietnamese == "29/02/2024")
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-00-10", "abc", "", "2025-1-1-1", "99999-01-01", "2025-03-1x"])
    func rejectsImpossibleDates(text: String) {
        #expect(CalendarDay(text) == nil)
    }

    @Test func formatsTimesInVietnam() throws {
        let date = try #require(parseTimestamp("2025-03-01T23:30:00Z"))
        #expect(VietnamTime.dateTime(date) == "06:30, 02/03/2025")
    }
}

@Suite struct RetryPolicyTests {
    @Test func backsOffExponentiallyThenGivesUp() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 10, maxDelay: 35)
        #expect(policy.decision(afterAttempts: 1, jitter: 0.5) == .retry(afterSeconds: 10))
        #expect(policy.decision(afterAttempts: 2, jitter: 0.5) == .retry(afterSeconds: 20))
        #expect(policy.decision(afterAttempts: 3, jitter: 0.5) == .retry(afterSeconds: 35))
        #expect(policy.decision(afterAttempts: 4) == .dead)
    }

    @Test func jitterStaysWithinAQuarter() {
        let policy = RetryPolicy(baseDelay: 100)
        #expect(policy.decision(afterAttempts: 1, jitter: 0) == .retry(afterSeconds: 75))
        #expect(policy.decision(afterAttempts: 1, jitter: 1) == .retry(afterSeconds: 125))
    }
}
