import ArgumentParser
import ReviewData
import ReviewModel
import ReviewQuery

struct Deadline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the Nth working day after DATE (the filing deadline of art. 十一).",
        discussion: """
            The first line is the date, YYYY-MM-DD, for scripts; the lines after it say which holidays \
            and make-up working days (调休) the period crossed. DATE itself is not counted; the period \
            starts the next day. A working day is Monday–Friday unless calendar.csv marks it 'off', or \
            any day it marks 'work'.

            A period that needs a year calendar.csv does not cover is an error (exit 1) naming the year.

            Examples:
              isms-review deadline 2024-09-20
              isms-review deadline 2024-09-20 --days 10
            """
    )

    @Argument(
        help: ArgumentHelp("The start date, e.g. the certificate date.", valueName: "DATE"), transform: Day.argument)
    var date: Day

    @Option(help: "How many working days.")
    var days: Int = filingPeriodWorkingDays

    @OptionGroup var options: ContentOptions

    func validate() throws {
        guard (1...3660).contains(days) else { throw ValidationError("--days must be between 1 and 3660") }
    }

    func run() throws {
        let calendar = try options.loadCalendar()
        do {
            Output.write(try DeadlineReport(calendar: calendar, start: date, days: days).render())
        } catch {
            StandardError.write("error: \(error)")
            throw DataFailure()
        }
    }
}
