import Foundation
import Testing

@testable import LoaCore

@Suite struct CalendarMonthTests {
    @Test func keysAreStrict() {
        #expect(CalendarMonth(key: "2026-03")?.name == "Tháng 3/2026")
        for bad in ["2026-3", "2026-13", "26-03", "2026-03-01", "", "２０２６-03", "2026-0x", "9999-01", "-2026-03"] {
            #expect(CalendarMonth(key: bad) == nil, "\(bad)")
        }
    }

    @Test func aMonthRunsFromVietnamMidnightToTheNext() throws {
        let march = try #require(CalendarMonth(key: "2026-03"))
        // 1 March 2026 00:00 in Vietnam is 28 February 17:00 UTC.
        #expect(march.start == Date(timeIntervalSince1970: 1_772_298_000))
        #expect(march.end == march.next.start)
        #expect(CalendarMonth(of: march.start) == march)
        #expect(CalendarMonth(of: march.start.addingTimeInterval(-1)) == march.previous)
        #expect(try #require(CalendarMonth(key: "2025-12")).next.key == "2026-01")
        #expect(try #require(CalendarMonth(key: "2026-01")).previous.key == "2025-12")
    }

    @Test func monthsBetweenAreBounded() throws {
        let newest = try #require(CalendarMonth(key: "2026-03"))
        let oldest = try #require(CalendarMonth(key: "2025-11"))
        #expect(CalendarMonth.descending(from: newest, to: oldest).map(\.key) == ["2026-03", "2026-02", "2026-01", "2025-12", "2025-11"])
        #expect(CalendarMonth.descending(from: newest, to: try #require(CalendarMonth(key: "1900-01"))).count == 240)
        #expect(CalendarMonth.descending(from: oldest, to: newest).isEmpty)
    }
}
