import Foundation
import ReviewModel
import ReviewTestSupport
import Testing

/// Art. 十一 working-day counting against an independent day-by-day counter over the bundled State
/// Council calendar (2007–2026).
struct WorkCalendarTests {
    struct Row {
        var day: Day
        var kind: CalendarEntry.Kind
        var name: String
    }

    /// `content/calendar.csv`, read with a plain split (its fields hold no commas or quotes).
    static let rows: [Row] = {
        let url = Repository.content.appendingPathComponent("calendar.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let parts = line.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count >= 3, let day = Day(parts[0]), let kind = CalendarEntry.Kind(rawValue: String(parts[1]))
            else { return nil }
            return Row(day: day, kind: kind, name: String(parts[2]))
        }
    }()

    static let calendar = WorkCalendar(entries: rows.map { CalendarEntry(date: $0.day, kind: $0.kind, name: $0.name) })

    static let offDays = Set(rows.filter { $0.kind == .off }.map(\.day))
    static let workDays = Set(rows.filter { $0.kind == .work }.map(\.day))

    /// Zeller's congruence: 0 = Saturday, 1 = Sunday, 2 = Monday … 6 = Friday (independent of `Day.weekday`).
    static func zeller(_ day: Day) -> Int {
        let parts = day.description.split(separator: "-").map { Int($0)! }
        var (year, month) = (parts[0], parts[1])
        if month < 3 {
            month += 12
            year -= 1
        }
        let (century, yearOfCentury) = (year / 100, year % 100)
        return (parts[2] + 13 * (month + 1) / 5 + yearOfCentury + yearOfCentury / 4 + century / 4 + 5 * century) % 7
    }

    /// The brute force: walk day by day, a day is working when it is Mon–Fri and not `off`, or `work`.
    static func bruteForceDeadline(after start: Day, days: Int) -> Day {
        var day = start
        var counted = 0
        while counted < days {
            day = day.adding(days: 1)
            let isWeekday = zeller(day) >= 2
            if workDays.contains(day) || (isWeekday && !offDays.contains(day)) { counted += 1 }
        }
        return day
    }

    @Test func calendarIsLoaded() {
        #expect(Self.rows.count > 600)
        #expect(Self.calendar.coveredYears.contains(2011))
        #expect(Self.calendar.coveredYears.last == 2026)
    }

    /// Every Spring Festival and National Day period 2012–2026, every start day from 10 days before its
    /// first special day to 10 days after its last.
    @Test(arguments: 2012...2026)
    func filingDeadlineAroundGoldenWeeksMatchesDayByDayCount(_ year: Int) throws {
        for holiday in ["春节", "国庆"] {
            let days = Self.rows.filter {
                $0.day.year == year && ($0.name.contains(holiday) || (holiday == "国庆" && $0.name.contains("十一")))
            }
            .map(\.day)
            let first = try #require(days.min(), "no \(holiday) in \(year)")
            let last = try #require(days.max())
            var start = first.adding(days: -10)
            while start <= last.adding(days: 10) {
                let expected = Self.bruteForceDeadline(after: start, days: 30)
                #expect(try Self.calendar.deadline(after: start, workingDays: 30) == expected, "start \(start)")
                start = start.adding(days: 1)
            }
        }
    }

    /// Every start date from 2011-01-01 to the last one whose deadline is still in 2026, for 30 days, and
    /// a spread of other counts.
    @Test func everyStartDateMatchesDayByDayCount() throws {
        var start = Day("2011-01-01")!
        let end = Day("2026-11-10")!
        var index = 0
        while start <= end {
            let days = index % 7 == 0 ? 1 + index % 45 : 30
            #expect(
                try Self.calendar.deadline(after: start, workingDays: days)
                    == Self.bruteForceDeadline(after: start, days: days))
            start = start.adding(days: 1)
            index += 1
        }
    }

    @Test func filingDeadlineSkipsCertificateDay() throws {
        // 2024-06-03 is a Monday: the first working day counted is Tuesday 2024-06-04.
        let calendar = WorkCalendar(entries: [CalendarEntry(date: Day("2024-01-01")!, kind: .off, name: "元旦")])
        #expect(try calendar.deadline(after: Day("2024-06-03")!, workingDays: 1) == Day("2024-06-04"))
        #expect(try calendar.deadline(after: Day("2024-06-03")!, workingDays: 5) == Day("2024-06-10"))
    }

    @Test func makeUpSaturdayCounts() throws {
        // 2024-10-12 (Saturday) was a 调休 working day after National Day.
        #expect(try Self.calendar.isWorkingDay(Day("2024-10-12")!))
        #expect(try !Self.calendar.isWorkingDay(Day("2024-10-07")!))
        // From Friday 2024-10-11: the next working day is the make-up Saturday.
        #expect(try Self.calendar.deadline(after: Day("2024-10-11")!, workingDays: 1) == Day("2024-10-12"))
    }

    @Test func uncoveredYearIsAnErrorNamingTheYear() {
        #expect(throws: CalendarError.yearNotCovered(2027)) {
            try Self.calendar.deadline(after: Day("2026-12-01")!, workingDays: 30)
        }
        #expect(throws: CalendarError.yearNotCovered(2027)) {
            try Self.calendar.deadline(after: Day("2026-12-31")!, workingDays: 1)
        }
        #expect(throws: CalendarError.yearNotCovered(2006 - 1)) {
            try WorkCalendar(entries: [CalendarEntry(date: Day("2006-12-30")!, kind: .work, name: "")])
                .deadline(after: Day("2005-06-01")!, workingDays: 1)
        }
        #expect(CalendarError.yearNotCovered(2027).description.contains("2027"))
    }

    @Test func gapInCoverageIsAnError() {
        let calendar = WorkCalendar(entries: [
            CalendarEntry(date: Day("2020-01-01")!, kind: .off, name: "元旦"),
            CalendarEntry(date: Day("2022-01-03")!, kind: .off, name: "元旦"),
        ])
        #expect(throws: CalendarError.yearNotCovered(2021)) {
            try calendar.deadline(after: Day("2020-12-20")!, workingDays: 30)
        }
        #expect(throws: CalendarError.yearNotCovered(2021)) {
            try calendar.workingDays(from: Day("2020-12-20")!, to: Day("2022-01-10")!)
        }
        #expect(!calendar.isCovered(year: 2021))
        #expect(calendar.isCovered(year: 2022))
    }

    /// A calendar with a gap (2021) and ends (before 2019, after 2023): every start day from a month
    /// before it to a month after, for a few counts, gives the deadline, the duration, the working day
    /// or the year named in the error that a day-by-day walk checking each year with `requireCovered`
    /// gives.
    @Test func coverageChecksMatchYearByYearChecks() {
        let entries = [
            CalendarEntry(date: Day("2019-02-05")!, kind: .off, name: "春节"),
            CalendarEntry(date: Day("2019-02-02")!, kind: .work, name: "春节"),
            CalendarEntry(date: Day("2020-01-01")!, kind: .off, name: "元旦"),
            CalendarEntry(date: Day("2022-10-03")!, kind: .off, name: "国庆节"),
            CalendarEntry(date: Day("2023-12-29")!, kind: .off, name: ""),
        ]
        let calendar = WorkCalendar(entries: entries)
        let off = Set(entries.filter { $0.kind == .off }.map(\.date))
        let work = Set(entries.filter { $0.kind == .work }.map(\.date))
        func working(_ day: Day) -> Bool { work.contains(day) || (Self.zeller(day) >= 2 && !off.contains(day)) }
        let lastDay = Day("2023-12-31")!

        func expectedDeadline(_ start: Day, _ count: Int) -> Result<Day, CalendarError> {
            Result { () throws(CalendarError) in
                let first = start.adding(days: 1)
                try calendar.requireCovered(from: first.year, through: first.year)
                var day = start
                var counted = 0
                while counted < count {
                    day = day.adding(days: 1)
                    if day > lastDay { throw .yearNotCovered(2024) }
                    if working(day) { counted += 1 }
                }
                try calendar.requireCovered(from: first.year, through: day.year)
                return day
            }
        }
        func expectedDays(_ start: Day, _ end: Day) -> Result<Int, CalendarError> {
            Result { () throws(CalendarError) in
                let first = start.adding(days: 1)
                try calendar.requireCovered(from: first.year, through: end.year)
                var count = 0
                var day = first
                while day <= end {
                    if working(day) { count += 1 }
                    day = day.adding(days: 1)
                }
                return count
            }
        }

        var start = Day("2018-12-01")!
        while start <= Day("2024-01-31")! {
            for count in [1, 30, 250] {
                let found = Result { () throws(CalendarError) in try calendar.deadline(after: start, workingDays: count)
                }
                #expect(found == expectedDeadline(start, count), "\(start) + \(count)")
            }
            for length in [1, 40, 400] {
                let end = start.adding(days: length)
                let found = Result { () throws(CalendarError) in try calendar.workingDays(from: start, to: end) }
                #expect(found == expectedDays(start, end), "\(start) → \(end)")
            }
            let isWorking = Result { () throws(CalendarError) in try calendar.isWorkingDay(start) }
            let expected = Result { () throws(CalendarError) in
                try calendar.requireCovered(from: start.year, through: start.year)
                return working(start)
            }
            #expect(isWorking == expected, "\(start)")
            start = start.adding(days: 1)
        }
    }

    @Test func workingDaysBetweenIsHalfOpen() throws {
        let monday = Day("2024-06-03")!
        #expect(try Self.calendar.workingDays(from: monday, to: monday) == 0)
        #expect(try Self.calendar.workingDays(from: monday, to: Day("2024-06-04")!) == 1)
        #expect(try Self.calendar.workingDays(from: monday, to: Day("2024-06-09")!) == 4)
        let start = Day("2024-09-20")!
        let deadline = try Self.calendar.deadline(after: start, workingDays: 30)
        #expect(try Self.calendar.workingDays(from: start, to: deadline) == 30)
    }

    @Test func entriesCrossedArePeriodEntries() {
        let crossed = Self.calendar.entries(after: Day("2024-09-30")!, through: Day("2024-10-12")!)
        #expect(crossed.count == 8)  // 10-01 … 10-07 off, 10-12 work
        #expect(crossed.first?.date == Day("2024-10-01"))
        #expect(crossed.last?.kind == .work)
    }
}
