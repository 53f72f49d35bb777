import Foundation

/// Vietnam keeps UTC+7 all year, so times shown to people are formatted in that zone, not the server's.
///
/// Every function here is total: the day and the time are computed with integer arithmetic from
/// the seconds since 1970, clamped to years 1…9999, so a date far in the past or the future
/// (a Zalo timestamp in milliseconds read as seconds, a typing error in a form) is shown as a
/// date, never a crash.
public enum VietnamTime {
    public static let offsetSeconds = 7 * 3600
    public static let zone = TimeZone(secondsFromGMT: offsetSeconds) ?? TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .gmt

    /// 0001-01-01 and 9999-12-31 23:59:59 UTC: the range people and formatters understand.
    static let earliest: TimeInterval = -62_135_596_800
    static let latest: TimeInterval = 253_402_300_799

    /// Seconds since 1970 in Vietnam's wall-clock time, within the range above.
    private static func localSeconds(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return seconds > 0 ? Int(latest) : Int(earliest) }
        return Int(min(max(seconds, earliest), latest).rounded(.down)) + offsetSeconds
    }

    /// The day in Vietnam. Outside 1900…2200 the day still exists (arithmetic days are not
    /// limited), so deadlines and formatting of implausible dates work.
    public static func day(of date: Date) -> CalendarDay {
        let seconds = localSeconds(date)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return CalendarDay(daysSince1970: days)
    }

    /// "14/03/2025"
    public static func date(_ date: Date) -> String { day(of: date).vietnamese }

    /// "08:05, 14/03/2025"
    public static func dateTime(_ date: Date) -> String {
        "\(time(date)), \(day(of: date).vietnamese)"
    }

    /// "08:05", 24-hour.
    public static func time(_ date: Date) -> String {
        let seconds = localSeconds(date)
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        let hour = ofDay / 3600, minute = ofDay % 3600 / 60
        return "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// RFC 3339 in UTC, for feeds, sitemaps and meta tags; years are kept to four digits.
    public static func iso8601(_ date: Date) -> String {
        let clamped = Date(
            timeIntervalSince1970: min(max(date.timeIntervalSince1970.isFinite ? date.timeIntervalSince1970 : 0, earliest), latest))
        return clamped.formatted(.iso8601)
    }

    /// Whether a date typed or sent from outside is one Loa should accept: on or after 1 January
    /// of `earliestYear` and at most `yearsAhead` years after `now`. Everything stored passes
    /// through such a check, so pages never meet a year 1850 or 2301.
    public static func isPlausible(_ date: Date, now: Date, earliestYear: Int = 1990, yearsAhead: Int = 10) -> Bool {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, let first = CalendarDay(year: earliestYear, month: 1, day: 1) else { return false }
        return date >= first.startInVietnam && seconds <= now.timeIntervalSince1970 + Double(yearsAhead) * 366 * 86_400
    }
}
