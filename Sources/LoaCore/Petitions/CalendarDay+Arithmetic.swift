import Foundation

/// Day arithmetic on plain integers, so that working-day deadlines never depend on the server's
/// time zone or on Foundation's calendar settings.
extension CalendarDay {
    /// Days since 1970-01-01 (negative before it), by the proleptic Gregorian calendar.
    public var daysSince1970: Int {
        // Howard Hinnant's days_from_civil: years start in March so that the leap day comes last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `daysSince1970` days after 1970-01-01. Unlike `init?(year:month:day:)` it does not
    /// limit the year to 1900…2200: arithmetic near the ends of that range must not fail.
    public init(daysSince1970 days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSince1970: daysSince1970 + days)
    }

    /// 1 = Monday … 7 = Sunday, as the week is counted in Vietnam (thứ Hai … Chủ nhật).
    public var weekday: Int {
        // 1970-01-01 was a Thursday.
        ((daysSince1970 % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// Whether the day falls on Saturday or Sunday, the weekly rest days of state agencies.
    public var isWeekend: Bool { weekday >= 6 }

    /// The first instant of this day in Vietnam (00:00:00 UTC+7).
    public var startInVietnam: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSince1970 * 86_400 - VietnamTime.zone.secondsFromGMT()))
    }

    /// The last second of this day in Vietnam (23:59:59 UTC+7), the moment a deadline on this day ends.
    public var endInVietnam: Date {
        startInVietnam.addingTimeInterval(86_399)
    }
}
