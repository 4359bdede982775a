import ArgumentParser
import Foundation
import ReviewModel
import ReviewQuery

extension OutputFormat: ExpressibleByArgument {}
extension Measure: ExpressibleByArgument {}

/// `--where FILTER` (repeatable) and `--format`, shared by `query` and `cases`.
struct FilterOptions: ParsableArguments {
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "A filter: DIM=V1[,V2…] (any of), DIM!=V1[,V2…], or DATE_COLUMN(>=|>|<=|<)YYYY-MM-DD; repeat to "
                + "combine (all must hold).", valueName: "FILTER"),
        transform: { text in
            switch Filter.parse(text) {
            case .success(let filter): return filter
            case .failure(let error): throw ValidationError(error.description)
            }
        })
    var filters: [Filter] = []

    @Option(
        help: ArgumentHelp(
            "Output format: table, csv, json or markdown (default: table on a terminal, csv otherwise).",
            valueName: "FORMAT"))
    var format: OutputFormat?

    @Flag(help: "Start CSV output with a UTF-8 byte-order mark, for Excel.")
    var bom = false

    /// Table on a terminal, CSV into a pipe or file.
    var resolvedFormat: OutputFormat {
        format ?? (isatty(1) == 1 ? .table : .csv)
    }

    /// Resolves every filter's values against the data; an unknown value is a usage error (exit 2).
    func resolve(_ vocabulary: DimensionVocabulary) throws -> [ResolvedFilter] {
        try filters.map { filter in
            switch filter.resolve(vocabulary) {
            case .success(let resolved): return resolved
            case .failure(let error): throw CommandFailure(message: error.description, code: 2)
            }
        }
    }
}

/// Runs a computation that may need an uncovered calendar year; that is a data error (exit 1), reported
/// at the first case that needs the year.
func withCalendar<T>(_ dataset: Dataset, asOf: Day, _ body: () throws(CalendarError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        reportCalendarError(error, dataset: dataset, asOf: asOf)
        throw DataFailure()
    }
}

/// `path:line: error: case X: the working-day calendar does not cover …`.
func reportCalendarError(_ error: CalendarError, dataset: Dataset, asOf: Day) {
    if let item = dataset.firstCaseNeedingUncoveredYear(asOf: asOf) {
        StandardError.write("\(item.location): error: case \(item.reviewNo): \(error)")
    } else {
        StandardError.write("error: \(error)")
    }
}
