import Foundation

/// A month of the calendar as the news archive counts it: in Vietnam time, named the way people
/// say it ("Tháng 3/2026") and written in addresses as `2026-03`.
public struct CalendarMonth: Sendable, Hashable, Comparable {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `2026-03`; nothing else, so that an address names one month only.
    public init?(key: String) {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month a moment falls in, in Vietnam.
    public init(of date: Date) {
        let day = VietnamTime.day(of: date)
        year = day.year
        month = day.month
    }

    public var key: String { String(format: "%04d-%02d", year, month) }
    public var name: String { "Tháng \(month)/\(year)" }

    /// The first instant of the month in Vietnam.
    public var start: Date { CalendarDay(year: year, month: month, day: 1).map(\.startInVietnam) ?? .distantPast }
    /// The first instant of the next month in Vietnam: the month is `start ..< end`.
    public var end: Date { next.start }

    public var next: CalendarMonth {
        month == 12 ? CalendarMonth(unchecked: year + 1, 1) : CalendarMonth(unchecked: year, month + 1)
    }

    public var previous: CalendarMonth {
        month == 1 ? CalendarMonth(unchecked: year - 1, 12) : CalendarMonth(unchecked: year, month - 1)
    }

    /// Every month from `newest` back to `oldest`, newest first, at most `limit` of them.
    public static func descending(from newest: CalendarMonth, to oldest: CalendarMonth, limit: Int = 240) -> [CalendarMonth] {
        var months: [CalendarMonth] = []
        var month = newest
        while month >= oldest, months.count < limit {
            months.append(month)
            month = month.previous
        }
        return months
    }

    public static func < (lhs: CalendarMonth, rhs: CalendarMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    private init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }
}
