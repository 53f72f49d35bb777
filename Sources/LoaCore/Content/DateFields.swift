import Foundation

/// Dates and times as people type them in Loa's forms: "15/12/2026" and "15/12/2026 08:30"
/// (day first, 24-hour clock, Vietnam's time), whatever language the browser speaks. Browser date
/// pickers are not used: in an English browser they show mm/dd/yyyy and AM/PM. ISO forms
/// ("2026-12-15", "2026-12-15T08:30") are read too, for links and clients made before.
public enum DateFields {
    /// The day typed, or nil: "15/12/2026", "5/1/2026", "15-12-2026", "15.12.2026", "2026-12-15".
    public static func day(_ text: String) -> CalendarDay? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 20 else { return nil }
        if let iso = CalendarDay(trimmed) { return iso }
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 3, parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
            (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }

    /// The moment typed, in Vietnam's time, or nil: "15/12/2026 08:30", "15/12/2026 8:30",
    /// "08:30 15/12/2026" (as Loa shows times), "2026-12-15T08:30".
    public static func dateTime(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 40 else { return nil }
        if trimmed.contains("T"), let date = parseTimestamp(trimmed.count == 16 ? trimmed + ":00+07:00" : trimmed) { return date }
        let words = trimmed.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        guard words.count == 2 else { return nil }
        let (dayText, timeText) = words[0].contains(":") ? (words[1], words[0]) : (words[0], words[1])
        guard let day = day(dayText) else { return nil }
        let clock = timeText.split(separator: ":")
        guard clock.count == 2, (1...2).contains(clock[0].count), clock[1].count == 2,
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        let hh = hour < 10 ? "0\(hour)" : "\(hour)"
        let mm = minute < 10 ? "0\(minute)" : "\(minute)"
        return parseTimestamp("\(day)T\(hh):\(mm):00+07:00")
    }

    /// What a date-and-time field shows: "15/12/2026 08:30".
    public static func text(_ date: Date) -> String {
        "\(VietnamTime.date(date)) \(VietnamTime.time(date))"
    }

    /// The hint beside such fields.
    public static let dayHint = "Ngày/tháng/năm, ví dụ 15/12/2026"
    public static let dateTimeHint = "Ngày/tháng/năm giờ:phút (giờ Việt Nam, 24 giờ), ví dụ 15/12/2026 08:30"
}
