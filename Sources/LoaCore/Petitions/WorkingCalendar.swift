import Foundation

/// Petition deadlines run in working days, as the regulations on receiving petitions count them:
/// Saturdays, Sundays and public holidays do not count.
public struct WorkingCalendar: Sendable, Equatable {
    public var holidays: Set<CalendarDay>

    public init(holidays: Set<CalendarDay> = WorkingCalendar.defaultHolidays) {
        self.holidays = holidays
    }

    /// The days off of Vietnamese state agencies in 2025–2027, so that deadlines are right out of the
    /// box. Agencies configure their own list (the server reads `LOA_HOLIDAYS`, parsed by
    /// `holidays(setting:)`), since the government fixes Tết and swapped days year by year.
    ///
    /// Included: the days the Labour Code gives (1/1, Tết, Hùng Kings on 10/3 lunar, 30/4, 1/5, 2/9
    /// and the day next to it), the compensatory day when one falls on a weekend, and the official
    /// Tết days off for 2025 and 2026. Tết 2027 (mùng 1 is Saturday 6 February) is an estimate of
    /// the week around it. Swapped working days (hoán đổi, made up on a Saturday) are left out,
    /// since this calendar has no working Saturdays to balance them.
    public static let defaultHolidays: Set<CalendarDay> = {
        let days = [
            // 2025
            "2025-01-01",
            "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",  // Tết Ất Tỵ
            "2025-04-07",  // Giỗ Tổ Hùng Vương
            "2025-04-30", "2025-05-01",
            "2025-09-01", "2025-09-02",
            // 2026
            "2026-01-01",
            "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",  // Tết Bính Ngọ
            "2026-04-26", "2026-04-27",  // Giỗ Tổ Hùng Vương falls on a Sunday: off on Monday
            "2026-04-30", "2026-05-01",
            "2026-09-01", "2026-09-02",
            // 2027
            "2027-01-01",
            "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10",  // Tết Đinh Mùi (estimate)
            "2027-04-16",  // Giỗ Tổ Hùng Vương
            "2027-04-30", "2027-05-01", "2027-05-03",  // 1/5 falls on a Saturday: off on Monday
            "2027-09-02", "2027-09-03",
        ]
        return Set(days.map { CalendarDay($0)! })
    }()

    /// Parses the setting "2026-01-01, 2026-02-16" (also "16/02/2026", and ranges such as
    /// "2026-02-16..2026-02-20" for Tết); nil when any item is malformed, so that a typo is reported
    /// instead of silently shortening a deadline.
    public static func holidays(setting: String) -> Set<CalendarDay>? {
        var days = Set<CalendarDay>()
        let items = setting.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline })
        for rawItem in items {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            if let dots = item.range(of: "..") {
                guard let first = CalendarDay(String(item[..<dots.lowerBound])),
                    let last = CalendarDay(String(item[dots.upperBound...])),
                    first <= last, last.daysSince1970 - first.daysSince1970 < 366
                else { return nil }
                for offset in 0...(last.daysSince1970 - first.daysSince1970) {
                    days.insert(first.adding(days: offset))
                }
            } else {
                guard let day = CalendarDay(item) else { return nil }
                days.insert(day)
            }
        }
        return days
    }

    /// Monday to Friday and not a holiday.
    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        !day.isWeekend && !holidays.contains(day)
    }

    /// The end (23:59:59 Vietnam time, UTC+7 — see VietnamTime) of the `days`-th working day after
    /// the day `start` falls on in Vietnam; the start day itself does not count.
    public func deadline(adding days: Int, after start: Date) -> Date {
        var day = VietnamTime.day(of: start)
        // Ten years at most, so that a mistaken figure cannot keep the loop running.
        var remaining = min(max(0, days), 2_610)
        while remaining > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day.endInVietnam
    }

    /// Working days from the day of `start` to the day of `end` (0 on the same day), for "days to answer" figures.
    /// Counted like `deadline`: the start day does not count and the end day does, so an item
    /// finished on its deadline day took exactly the days allowed. Negative when `end` is earlier.
    public func workingDays(from start: Date, to end: Date) -> Int {
        let first = VietnamTime.day(of: start)
        let last = VietnamTime.day(of: end)
        if last < first { return -workingDays(from: end, to: start) }
        // Whole weeks at once, then the remaining days and the holidays one by one.
        let span = last.daysSince1970 - first.daysSince1970
        var count = span / 7 * 5
        var day = first.adding(days: span / 7 * 7)
        while day < last {
            day = day.adding(days: 1)
            if !day.isWeekend { count += 1 }
        }
        count -= holidays.count(where: { $0 > first && $0 <= last && !$0.isWeekend })
        return count
    }
}

/// How many working days a petition may stay in each state before it is overdue.
public struct PetitionDeadlines: Sendable, Equatable {
    /// Days allowed in a state before it must be left; a state without an entry has no deadline.
    public var workingDays: [PetitionState: Int]

    /// Receiving and accepting within 3 working days, answering within 10, as ministries'
    /// regulations on receiving petitions set; agencies change them with a setting.
    public static let standard = PetitionDeadlines(workingDays: [.received: 3, .accepted: 2, .assigned: 10, .answered: 3])

    /// The largest number of days a setting may give, so that a typo cannot push a deadline years away.
    public static let maximumDays = 365

    public init(workingDays: [PetitionState: Int]) {
        self.workingDays = workingDays
    }

    /// When an item entering `state` at `at` must have left it; nil for final states.
    public func due(entering state: PetitionState, at: Date, calendar: WorkingCalendar) -> Date? {
        guard !state.isFinal, let days = workingDays[state] else { return nil }
        return calendar.deadline(adding: days, after: at)
    }

    /// Parses the setting "received=3,accepted=2,assigned=10,answered=3" (any subset overrides the standard); nil when malformed.
    /// Malformed: an unknown or final state, a state given twice, or a number that is not 0…365.
    public init?(setting: String) {
        var days = PetitionDeadlines.standard.workingDays
        var seen = Set<PetitionState>()
        for rawItem in setting.split(separator: ",") {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2,
                let state = PetitionState(rawValue: parts[0].trimmingCharacters(in: .whitespaces).lowercased()),
                !state.isFinal, !seen.contains(state)
            else { return nil }
            let number = parts[1].trimmingCharacters(in: .whitespaces)
            guard !number.isEmpty, number.count <= 3, number.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(number), value <= PetitionDeadlines.maximumDays
            else { return nil }
            seen.insert(state)
            days[state] = value
        }
        self.init(workingDays: days)
    }

    /// The setting text for these deadlines, in the order of the states.
    public var setting: String {
        PetitionState.allCases.compactMap { state in workingDays[state].map { "\(state.rawValue)=\($0)" } }
            .joined(separator: ",")
    }
}
