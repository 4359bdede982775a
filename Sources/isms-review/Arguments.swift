import ArgumentParser
import Foundation
import ReviewModel

extension Day {
    /// A `YYYY-MM-DD` argument; anything else is a usage error that says why (`2024-02-30` is not a day
    /// of the calendar).
    static func argument(_ text: String) throws -> Day {
        guard let day = Day(text) else { throw ValidationError(Day.invalid(text)) }
        return day
    }
}

/// `--as-of DATE`: the only clock. Defaults to today's date in the machine's time zone; nothing below
/// the command layer reads the current date.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "The date the data is judged as of (decides 'due' vs 'overdue'); default today.", valueName: "DATE"),
        transform: Day.argument)
    var asOf: Day?

    var day: Day {
        if let asOf { return asOf }
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        // swift-format-ignore: NeverForceUnwrap
        // The system calendar always yields a real date.
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
