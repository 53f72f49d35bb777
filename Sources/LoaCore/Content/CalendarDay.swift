/// A day on the calendar, as legal documents are dated: no time and no time zone.
/// Stored as "YYYY-MM-DD" so that it sorts as text and filters by year with a prefix.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month),
            (1...CalendarDay.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "2025-03-14"; also accepts the Vietnamese "14/03/2025".
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let vietnamese = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        let parts: [Substring]
        if iso.count == 3, iso[0].count == 4 {
            parts = iso
        } else if vietnamese.count == 3, vietnamese[2].count == 4 {
            parts = [vietnamese[2], vietnamese[1], vietnamese[0]]
        } else {
            return nil
        }
        guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// "2025-03-14"
    public var description: String {
        "\(CalendarDay.fourDigits(year))-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// "14/03/2025", as dates are written on Vietnamese documents.
    public var vietnamese: String {
        "\(day < 10 ? "0" : "")\(day)/\(month < 10 ? "0" : "")\(month)/\(CalendarDay.fourDigits(year))"
    }

    /// Years before 1000 (only a day computed from an implausible date) still sort as text.
    static func fourDigits(_ year: Int) -> String {
        guard (0..<1000).contains(year) else { return String(year) }
        let digits = String(year)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
