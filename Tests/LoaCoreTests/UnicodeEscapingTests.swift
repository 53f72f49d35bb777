import Foundation
import Testing

@testable import LoaCore

/// Characters that join the scalar next to them into one grapheme cluster: a comparison of Swift
/// `Character`s with "<" or "\"" does not see the markup inside such a cluster (issue 13, 1).
private let graphemeJoiners: [Unicode.Scalar] = ["\u{0600}", "\u{0D4E}", "\u{110BD}", "\u{0301}", "\u{200D}", "\u{FE0F}", "\u{1F3FB}"]

/// Random text weighted towards what breaks escapers: markup, quotes, joiners, controls,
/// Vietnamese letters in NFC and NFD, and random scalars from every plane.
private func hostileText(_ generator: inout SplitMix64, length: Int) -> String {
    let pieces: [String] = [
        "<", ">", "&", "\"", "'", "=", "+", "-", "@", "\n", "\r", "\t", "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{2028}",
        "\u{FFFE}", "\u{FFFF}", "\u{FEFF}", "ệ", "e\u{0302}\u{0323}", "Đ", "đ", "ươ", " ", "<meta http-equiv=refresh>", "&amp;",
        "<script>", "\"><", "\u{EF}", "\u{FFBF}", "\u{FBE}",
    ]
    var text = String.UnicodeScalarView()
    for _ in 0..<length {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0...2: text.append(graphemeJoiners[Int.random(in: 0..<graphemeJoiners.count, using: &generator)])
        case 3...6: text.append(contentsOf: pieces[Int.random(in: 0..<pieces.count, using: &generator)].unicodeScalars)
        default:
            let value = UInt32.random(in: 0...0x10FFFF, using: &generator)
            text.append(Unicode.Scalar(value) ?? "?")
        }
    }
    return String(text)
}

/// True when `html` (the output of escaping) holds no markup-significant scalar: every `&` opens
/// one of the five entities the escaper writes, and nothing XML forbids is left.
func isInertText(_ html: String) -> Bool {
    let scalars = Array(html.unicodeScalars)
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        switch scalar {
        case "<", ">", "\"", "'": return false
        case "&":
            // Compared as scalars: as `String`s, "&quot;" would not be a prefix of "&quot;\u{301}".
            let rest = scalars[index..<min(index + 6, scalars.count)]
            let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].map { Array($0.unicodeScalars) }
            guard entities.contains(where: { rest.starts(with: $0) }) else { return false }
        default:
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t" { return false }
            if scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF { return false }
        }
        index += 1
    }
    return true
}

@Suite struct UnicodeEscapingTests {
    @Test(arguments: graphemeJoiners)
    func markupNextToAJoinerIsEscaped(joiner: Unicode.Scalar) {
        let before = "zz\(joiner)<meta http-equiv=refresh content=0;url=https://evil.example/ \(joiner)>"
        let after = "\"\(joiner) onmouseover=alert(1) x='\(joiner)"
        for text in [before, after, "\(joiner)<plaintext \(joiner)>", "Đơn\(joiner)<meta>.pdf"] {
            let escaped = escapeHTML(text)
            #expect(isInertText(escaped), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(!escaped.unicodeScalars.contains("<"))
        }
        #expect(escapeHTML("a\(joiner)<b") == "a\(joiner)&lt;b")
        #expect(escapeHTML("\"\(joiner)") == "&quot;\(joiner)")
    }

    @Test func ordinaryTextIsUnchanged() {
        for text in ["Tiền lương cơ sở", "e\u{0302}\u{0323}", "Đề án 06", "", "💁🏻‍♀️ 👨‍👩‍👧"] {
            #expect(escapeHTML(text) == text)
        }
        #expect(escapeHTML("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; &quot;d&quot; &#39;e&#39;")
    }

    @Test func charactersXMLForbidsAreDropped() {
        #expect(escapeHTML("a\u{0}b\u{1B}c\u{7F}d") == "abcd")
        #expect(escapeHTML("tab\tline\nreturn\r") == "tab\tline\nreturn\r")
        #expect(escapeHTML("x\u{FFFE}y\u{FFFF}z") == "xyz")
        // Scalars that share the lead byte 0xEF survive.
        #expect(escapeHTML("\u{FEFF}\u{FFBF}\u{F000}\u{FFFD}") == "\u{FEFF}\u{FFBF}\u{F000}\u{FFFD}")
        #expect(escapeHTML("end\u{FEFF}") == "end\u{FEFF}")
    }

    @Test func headerTextHasNoLineBreaks() {
        let text = "Đơn\r\nSet-Cookie: a=1\u{0085}\u{2028}x\u{0}"
        let safe = headerSafe(text)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{85}" || $0 == "\u{2028}" })
        #expect(safe == "ĐơnSet-Cookie: a=1x")
    }

    @Test func downloadNamesCannotEndTheHeader() {
        let value = contentDisposition(fileName: "Đơn\u{0600}\"; x=\r\n<meta>.pdf")
        #expect(value.hasPrefix("attachment; filename=\"don-"))
        #expect(value.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 })
        let quoted = value.split(separator: ";")[1]
        #expect(quoted.filter { $0 == "\"" }.count == 2)
        #expect(value.contains("filename*=UTF-8''%C4%90%C6%A1n%D8%80%22%3B%20x%3D%3Cmeta%3E.pdf"))
        #expect(contentDisposition("inline", fileName: "so-lieu.csv") == "inline; filename=\"so-lieu.csv\"; filename*=UTF-8''so-lieu.csv")
        #expect(contentDisposition(fileName: "\u{0600}").contains("filename=\"tep\""))
    }

    /// Thousands of random texts: the output is always inert, and proportional in time.
    @Test func fuzzedTextIsAlwaysInert() {
        var generator = SplitMix64(state: 13)
        let start = ContinuousClock.now
        for round in 0..<3000 {
            let text = hostileText(&generator, length: Int.random(in: 0...200, using: &generator))
            let escaped = escapeHTML(text)
            #expect(isInertText(escaped), "round \(round)")
            let header = headerSafe(text)
            #expect(!header.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        }
        let long = hostileText(&generator, length: 400_000)
        #expect(isInertText(escapeHTML(long)))
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}

@Suite struct ExtremeDateTests {
    /// Seconds since 1970, not `Date`s: Foundation's own `Date.description` traps on some of them,
    /// which is why Loa never prints a `Date` with string interpolation.
    static let extremes: [Double] = [
        99_999_999_999_999, -99_999_999_999_999, Date.distantFuture.timeIntervalSince1970, Date.distantPast.timeIntervalSince1970,
        10_413_792_000,  // 2300-01-01
        -3_786_825_600,  // 1850-01-01
        .infinity, -.infinity, .nan, .greatestFiniteMagnitude, 0, -1,
    ]

    @Test(arguments: extremes)
    func everyFormatterIsTotal(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let day = VietnamTime.date(date)
        #expect(day.count >= 10)
        #expect(VietnamTime.dateTime(date).count >= 17)
        #expect(!VietnamTime.iso8601(date).isEmpty)
        #expect(VietnamTime.day(of: date).month >= 1)
    }

    @Test func ordinaryDatesAreAsBefore() {
        // 2025-03-14 01:05 UTC is 08:05 in Vietnam.
        let date = Date(timeIntervalSince1970: 1_741_914_300)
        #expect(VietnamTime.dateTime(date) == "08:05, 14/03/2025")
        #expect(VietnamTime.time(Date(timeIntervalSince1970: 1_741_914_300 + 15 * 3600)) == "23:05")
        #expect(VietnamTime.date(Date(timeIntervalSince1970: 1_741_914_300 + 16 * 3600)) == "15/03/2025")
        // Before 1970 the day is still right (1969-12-31 23:00 UTC is 06:00 on 01/01/1970 in Vietnam).
        #expect(VietnamTime.dateTime(Date(timeIntervalSince1970: -3600)) == "06:00, 01/01/1970")
        #expect(VietnamTime.dateTime(Date(timeIntervalSince1970: -8 * 3600)) == "23:00, 31/12/1969")
        #expect(VietnamTime.date(Date(timeIntervalSince1970: -62_135_596_800)) == "01/01/0001")
    }

    @Test func implausibleDatesAreRefusedAtInput() {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(!VietnamTime.isPlausible(Date(timeIntervalSince1970: 10_413_792_000), now: now))
        #expect(!VietnamTime.isPlausible(Date(timeIntervalSince1970: -3_786_825_600), now: now))
        #expect(!VietnamTime.isPlausible(Date(timeIntervalSince1970: .nan), now: now))
        #expect(VietnamTime.isPlausible(now, now: now))
        #expect(VietnamTime.isPlausible(Date(timeIntervalSince1970: -500_000_000), now: now, earliestYear: 1945))
        let problems = CommentWindow.problems(
            opensAt: Date(timeIntervalSince1970: -3_786_825_600), closesAt: Date(timeIntervalSince1970: -3_786_000_000), now: now)
        #expect(problems.map(\.field) == ["opens_at"])
        #expect(
            CommentWindow.problems(opensAt: now, closesAt: Date(timeIntervalSince1970: 10_413_792_000), now: now).map(\.field) == [
                "closes_at"
            ])
        let workflow = EditorialWorkflow(policy: PermissionPolicy())
        #expect(throws: WorkflowError.self) {
            try workflow.apply(.schedule, to: .inReview, by: .approver, publishAt: Date(timeIntervalSince1970: 10_413_792_000), now: now)
        }
        #expect(throws: Never.self) {
            try workflow.apply(.schedule, to: .inReview, by: .approver, publishAt: now.addingTimeInterval(86_400), now: now)
        }
    }

    @Test func zaloTimestampsOutsideReasonAreTheReceiptTime() throws {
        let received = Date(timeIntervalSince1970: 1_780_000_000)
        func event(_ timestamp: String) -> ZaloEvent {
            ZaloEvent(appID: "1", eventName: "follow", timestamp: timestamp, followerID: "u1")
        }
        #expect(event("99999999999999").time(receivedAt: received) == received)
        #expect(event("0").time(receivedAt: received) == received)
        #expect(event("abc").time(receivedAt: received) == received)
        let plausible = "\(Int64(received.timeIntervalSince1970 - 60) * 1000)"
        #expect(event(plausible).time(receivedAt: received) == received.addingTimeInterval(-60))
    }
}

@Suite struct AccessKeyMaskingTests {
    @Test func keysInSentTextAreHidden() {
        let key = AccessKey.formatted("ABCDEFGHJKMN")
        let text = "Mã tra cứu: PA-2026-000123\nMã truy cập: \(key)\nXin giữ hai mã này."
        let masked = AccessKey.masked(in: text)
        #expect(!masked.contains(key))
        #expect(masked.contains("Mã truy cập: ••••-••••-••••"))
        #expect(masked.contains("PA-2026-000123"))
        // Text that only looks alike is kept: lower case, longer runs, other lengths.
        for other in ["abcd-efgh-jkmn", "ABCD-EFGH-JKMNP", "XABCD-EFGH-JKMN", "ABCD-EFGH", "06/2025/TT-BNV"] {
            #expect(AccessKey.masked(in: other) == other)
        }
    }
}

@Suite struct DateFieldTests {
    @Test func daysAreReadDayFirst() {
        #expect(DateFields.day("15/12/2026")?.description == "2026-12-15")
        #expect(DateFields.day("5/1/2026")?.description == "2026-01-05")
        #expect(DateFields.day("2026-12-15")?.description == "2026-12-15")
        #expect(DateFields.day("15.12.2026")?.description == "2026-12-15")
        for bad in ["12/15/2026", "31/02/2026", "15/12/26", "", "15/12/2026/1", "١٥/١٢/٢٠٢٦", String(repeating: "1", count: 5000)] {
            #expect(DateFields.day(bad) == nil, "\(bad.prefix(20))")
        }
    }

    @Test func timesAreVietnamsOnATwentyFourHourClock() throws {
        let expected = try #require(parseTimestamp("2026-12-15T08:30:00+07:00"))
        for typed in ["15/12/2026 08:30", "15/12/2026 8:30", "08:30, 15/12/2026", "2026-12-15T08:30"] {
            #expect(DateFields.dateTime(typed) == expected, "\(typed)")
        }
        #expect(DateFields.dateTime("15/12/2026 20:30") == expected.addingTimeInterval(12 * 3600))
        for bad in ["15/12/2026 8:30 PM", "15/12/2026 24:00", "15/12/2026", "08:30", "15/12/2026 08:61"] {
            #expect(DateFields.dateTime(bad) == nil, "\(bad)")
        }
        #expect(DateFields.text(expected) == "15/12/2026 08:30")
        #expect(DateFields.dateTime(DateFields.text(expected)) == expected)
    }
}
