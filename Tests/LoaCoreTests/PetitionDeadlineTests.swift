import Foundation
import Testing

@testable import LoaCore

/// A moment written in Vietnam time: "2026-12-04 10:00" → that instant at UTC+7.
private func vietnam(_ text: String) -> Date {
    let iso = text.replacingOccurrences(of: " ", with: "T") + (text.count == 16 ? ":00" : "") + "+07:00"
    return try! Date(iso, strategy: .iso8601)
}

private func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

@Suite struct CalendarDayArithmeticTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2026-12-04", 20_791),
        ("1900-01-01", -25_567), ("2200-12-31", 84_370),
    ])
    func daysSince1970(text: String, days: Int) {
        #expect(day(text).daysSince1970 == days)
        #expect(CalendarDay(daysSince1970: days) == day(text))
    }

    @Test func roundTripsEveryDayFrom2024To2028() {
        var previous = day("2023-12-31")
        for offset in 1...(5 * 366) {
            let next = day("2023-12-31").adding(days: offset)
            #expect(next > previous)
            #expect(next.daysSince1970 - previous.daysSince1970 == 1)
            #expect(CalendarDay(year: next.year, month: next.month, day: next.day) == next)
            previous = next
        }
    }

    @Test func addingCrossesMonthsYearsAndLeapDays() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2025-02-28").adding(days: 1) == day("2025-03-01"))
        #expect(day("2026-12-31").adding(days: 1) == day("2027-01-01"))
        #expect(day("2027-01-01").adding(days: -1) == day("2026-12-31"))
        #expect(day("2026-03-14").adding(days: 0) == day("2026-03-14"))
        #expect(day("2026-01-01").adding(days: 365) == day("2027-01-01"))
    }

    @Test(arguments: [
        ("2026-12-04", 5), ("2026-12-05", 6), ("2026-12-06", 7), ("2026-12-07", 1), ("1970-01-01", 4), ("2025-01-29", 3),
        ("2026-02-17", 2), ("2027-02-06", 6), ("2000-01-01", 6), ("1969-12-29", 1),
    ])
    func weekdays(text: String, weekday: Int) {
        #expect(day(text).weekday == weekday)
        #expect(day(text).isWeekend == (weekday >= 6))
    }

    @Test func dayBoundariesInVietnam() {
        #expect(day("2026-12-04").startInVietnam == vietnam("2026-12-04 00:00"))
        #expect(day("2026-12-04").endInVietnam == vietnam("2026-12-04 23:59:59"))
        #expect(VietnamTime.day(of: day("2026-12-04").endInVietnam) == day("2026-12-04"))
        #expect(VietnamTime.day(of: day("2026-12-04").endInVietnam.addingTimeInterval(1)) == day("2026-12-05"))
    }
}

@Suite struct WorkingCalendarTests {
    let calendar = WorkingCalendar()

    @Test func weekendsAndHolidaysAreNotWorkingDays() {
        #expect(calendar.isWorkingDay(day("2026-12-04")))  // Friday
        #expect(!calendar.isWorkingDay(day("2026-12-05")))  // Saturday
        #expect(!calendar.isWorkingDay(day("2026-12-06")))  // Sunday
        #expect(!calendar.isWorkingDay(day("2027-01-01")))
        #expect(!calendar.isWorkingDay(day("2026-02-17")))  // mùng 1 Tết Bính Ngọ
        #expect(calendar.isWorkingDay(day("2026-02-23")))
        #expect(WorkingCalendar(holidays: []).isWorkingDay(day("2027-01-01")))
    }

    @Test func defaultHolidaysAreTheLawsDaysOff() {
        let holidays = WorkingCalendar.defaultHolidays
        for year in 2025...2027 {
            for date in ["01-01", "04-30", "05-01", "09-02"] {
                #expect(holidays.contains(day("\(year)-\(date)")))
            }
            // Tết: five days off in the lunar-new-year week.
            let tet = holidays.filter { $0.year == year && $0.month == 2 || $0.year == year && $0.month == 1 && $0.day > 1 }
            #expect(tet.count(where: { !$0.isWeekend }) == 5, "\(year)")
        }
        for hung in ["2025-04-07", "2026-04-26", "2027-04-16"] { #expect(holidays.contains(day(hung))) }
        for nextToNationalDay in ["2025-09-01", "2026-09-01", "2027-09-03"] { #expect(holidays.contains(day(nextToNationalDay))) }
        // A holiday on a weekend gives the next Monday off.
        #expect(holidays.contains(day("2026-04-27")))
        #expect(holidays.contains(day("2027-05-03")))
        #expect(holidays.allSatisfy { (2025...2027).contains($0.year) })
    }

    @Test func official2026TetDaysOff() {
        for date in 16...20 { #expect(!calendar.isWorkingDay(day("2026-02-\(date)"))) }
        #expect(calendar.isWorkingDay(day("2026-02-13")))
        #expect(calendar.isWorkingDay(day("2026-02-23")))
        for date in 27...31 { #expect(!calendar.isWorkingDay(day("2025-01-\(date)"))) }
        #expect(calendar.isWorkingDay(day("2025-02-03")))
    }

    @Test func aFridayPetitionWithThreeDaysIsDueOnWednesday() {
        let due = calendar.deadline(adding: 3, after: vietnam("2026-12-04 10:00"))
        #expect(due == vietnam("2026-12-09 23:59:59"))
        #expect(VietnamTime.dateTime(due) == "23:59, 09/12/2026")
    }

    @Test func theStartDayDoesNotCount() {
        #expect(calendar.deadline(adding: 1, after: vietnam("2026-12-07 08:00")) == vietnam("2026-12-08 23:59:59"))
        #expect(calendar.deadline(adding: 1, after: vietnam("2026-12-07 23:59")) == vietnam("2026-12-08 23:59:59"))
        #expect(calendar.deadline(adding: 0, after: vietnam("2026-12-07 08:00")) == vietnam("2026-12-07 23:59:59"))
        #expect(calendar.deadline(adding: -2, after: vietnam("2026-12-07 08:00")) == vietnam("2026-12-07 23:59:59"))
    }

    @Test func aSpanOverNewYear2027() {
        // Wednesday 30 December: Thursday 31 counts, Friday 1 January is a holiday, then Monday and Tuesday.
        #expect(calendar.deadline(adding: 3, after: vietnam("2026-12-30 09:15")) == vietnam("2027-01-05 23:59:59"))
        #expect(WorkingCalendar(holidays: []).deadline(adding: 3, after: vietnam("2026-12-30 09:15")) == vietnam("2027-01-04 23:59:59"))
    }

    @Test func aSpanOverTet2026() {
        // Friday 13 February 2026: the Tết week 16–20 February is off.
        #expect(calendar.deadline(adding: 3, after: vietnam("2026-02-13 16:00")) == vietnam("2026-02-25 23:59:59"))
        #expect(calendar.deadline(adding: 10, after: vietnam("2026-02-10 08:00")) == vietnam("2026-03-03 23:59:59"))
    }

    @Test func aSpanOverTet2027AndReunificationDay() {
        #expect(calendar.deadline(adding: 2, after: vietnam("2027-02-03 08:00")) == vietnam("2027-02-12 23:59:59"))
        // Thursday 29 April 2027: 30/4 Friday off, 1/5 Saturday gives Monday 3 May off.
        #expect(calendar.deadline(adding: 1, after: vietnam("2027-04-29 08:00")) == vietnam("2027-05-04 23:59:59"))
    }

    @Test func aSundayNightSubmissionCountsFromSunday() {
        // 23:30 on Sunday in Vietnam is 16:30 UTC; the day is Sunday, so Monday is the first day.
        let sunday = vietnam("2026-12-06 23:30")
        #expect(sunday == (try! Date("2026-12-06T16:30:00Z", strategy: .iso8601)))
        #expect(calendar.deadline(adding: 3, after: sunday) == vietnam("2026-12-09 23:59:59"))
        // Half an hour later it is Monday in Vietnam, though still Sunday in UTC.
        let monday = vietnam("2026-12-07 00:30")
        #expect(calendar.deadline(adding: 3, after: monday) == vietnam("2026-12-10 23:59:59"))
    }

    @Test func aSaturdaySubmissionWithOneDayIsDueMonday() {
        #expect(calendar.deadline(adding: 1, after: vietnam("2026-12-05 11:00")) == vietnam("2026-12-07 23:59:59"))
    }

    @Test func workingDaysBetweenTwoMoments() {
        #expect(calendar.workingDays(from: vietnam("2026-12-04 10:00"), to: vietnam("2026-12-04 17:00")) == 0)
        #expect(calendar.workingDays(from: vietnam("2026-12-04 10:00"), to: vietnam("2026-12-07 08:00")) == 1)
        #expect(calendar.workingDays(from: vietnam("2026-12-04 10:00"), to: vietnam("2026-12-09 23:00")) == 3)
        #expect(calendar.workingDays(from: vietnam("2026-12-05 10:00"), to: vietnam("2026-12-06 10:00")) == 0)
        #expect(calendar.workingDays(from: vietnam("2026-12-30 10:00"), to: vietnam("2027-01-05 10:00")) == 3)
        #expect(calendar.workingDays(from: vietnam("2026-02-13 10:00"), to: vietnam("2026-02-23 10:00")) == 1)
        #expect(calendar.workingDays(from: vietnam("2026-12-09 23:00"), to: vietnam("2026-12-04 10:00")) == -3)
        // A year: 261 weekdays in 2026, less the holidays that fall on weekdays.
        let weekdayHolidays2026 = WorkingCalendar.defaultHolidays.count(where: { $0.year == 2026 && !$0.isWeekend })
        #expect(calendar.workingDays(from: vietnam("2025-12-31 12:00"), to: vietnam("2026-12-31 12:00")) == 261 - weekdayHolidays2026)
    }

    @Test func workingDaysAndDeadlinesAgree() {
        var start = vietnam("2025-12-01 09:00")
        for step in 0..<120 {
            let days = step % 12
            let due = calendar.deadline(adding: days, after: start)
            #expect(calendar.workingDays(from: start, to: due) == days)
            #expect(calendar.isWorkingDay(VietnamTime.day(of: due)) || days == 0)
            start = start.addingTimeInterval(3 * 86_400 + 3_700)
        }
    }

    @Test func holidaySetting() {
        #expect(WorkingCalendar.holidays(setting: "2026-01-01, 2026-02-16") == [day("2026-01-01"), day("2026-02-16")])
        #expect(WorkingCalendar.holidays(setting: "2026-01-01,2026-02-16,") == [day("2026-01-01"), day("2026-02-16")])
        #expect(WorkingCalendar.holidays(setting: "02/01/2026") == [day("2026-01-02")])
        #expect(WorkingCalendar.holidays(setting: "") == [])
        #expect(WorkingCalendar.holidays(setting: " 2026-02-16..2026-02-20 ")?.count == 5)
        #expect(WorkingCalendar.holidays(setting: "2026-02-16 .. 2026-02-18, 2026-04-27")?.count == 4)
    }

    @Test(arguments: [
        "2026-13-01", "2026-01-01, tết", "2026-02-30", "2026/01/01", "hôm nay", "2026-02-20..2026-02-16", "2026-01-01..",
        "2026-01-01..2028-01-01",
    ])
    func malformedHolidaySettings(setting: String) {
        #expect(WorkingCalendar.holidays(setting: setting) == nil)
    }
}

@Suite struct PetitionDeadlinesTests {
    let calendar = WorkingCalendar()

    @Test func standardDeadlines() {
        #expect(PetitionDeadlines.standard.workingDays == [.received: 3, .accepted: 2, .assigned: 10, .answered: 3])
        #expect(PetitionDeadlines.standard.setting == "received=3,accepted=2,assigned=10,answered=3")
    }

    @Test func dueDatesPerState() {
        let start = vietnam("2026-12-04 10:00")
        let deadlines = PetitionDeadlines.standard
        #expect(deadlines.due(entering: .received, at: start, calendar: calendar) == vietnam("2026-12-09 23:59:59"))
        #expect(deadlines.due(entering: .accepted, at: start, calendar: calendar) == vietnam("2026-12-08 23:59:59"))
        #expect(deadlines.due(entering: .assigned, at: start, calendar: calendar) == vietnam("2026-12-18 23:59:59"))
        #expect(deadlines.due(entering: .answered, at: start, calendar: calendar) == vietnam("2026-12-09 23:59:59"))
        for state in PetitionState.allCases where state.isFinal {
            #expect(deadlines.due(entering: state, at: start, calendar: calendar) == nil)
        }
        #expect(PetitionDeadlines(workingDays: [:]).due(entering: .received, at: start, calendar: calendar) == nil)
        #expect(PetitionDeadlines(workingDays: [.closed: 3]).due(entering: .closed, at: start, calendar: calendar) == nil)
    }

    @Test func assignedOverTet() {
        // Assigned on Friday 6 February 2026: ten working days skip the Tết week.
        let due = PetitionDeadlines.standard.due(entering: .assigned, at: vietnam("2026-02-06 14:00"), calendar: calendar)
        #expect(due == vietnam("2026-02-27 23:59:59"))
    }

    @Test func settingOverridesTheStandard() {
        #expect(PetitionDeadlines(setting: "received=3,accepted=2,assigned=10,answered=3") == .standard)
        #expect(PetitionDeadlines(setting: "assigned=15")?.workingDays == [.received: 3, .accepted: 2, .assigned: 15, .answered: 3])
        #expect(
            PetitionDeadlines(setting: " received = 1 , answered=5 ")?.workingDays == [
                .received: 1, .accepted: 2, .assigned: 10, .answered: 5,
            ])
        #expect(PetitionDeadlines(setting: "RECEIVED=2")?.workingDays[.received] == 2)
        #expect(PetitionDeadlines(setting: "received=0")?.workingDays[.received] == 0)
        #expect(PetitionDeadlines(setting: "") == .standard)
        #expect(PetitionDeadlines(setting: PetitionDeadlines(setting: "assigned=20")!.setting)?.workingDays[.assigned] == 20)
    }

    @Test(arguments: [
        "received", "received=", "received=ba", "received=-1", "received=3.5", "received=366", "received=99999999999999999999",
        "closed=3", "rejected=2", "xuly=3", "received=3,received=4", "received=3;accepted=2", "=3", "received==3",
    ])
    func malformedSettings(setting: String) {
        #expect(PetitionDeadlines(setting: setting) == nil)
    }
}
