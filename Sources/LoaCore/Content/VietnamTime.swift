import Foundation

/// Vietnam keeps UTC+7 all year, so times shown to people are formatted in that zone, not the server's.
public enum VietnamTime {
    public static let zone = TimeZone(secondsFromGMT: 7 * 3600)!

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    public static func day(of date: Date) -> CalendarDay {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// "14/03/2025"
    public static func date(_ date: Date) -> String { day(of: date).vietnamese }

    /// "08:05, 14/03/2025"
    public static func dateTime(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let hour = parts.hour!, minute = parts.minute!
        return "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute), \(day(of: date).vietnamese)"
    }

    /// RFC 3339 in UTC, for feeds, sitemaps and meta tags.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
