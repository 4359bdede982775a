import ReviewModel

/// The columns of `calendar.csv`: the State Council's holiday arrangement, one row per special day.
enum CalendarColumn: String, ColumnSet {
    case date
    case kind
    case name

    static let fileName = "calendar.csv"
}

struct CalendarDecoder {
    /// The file, numbered once (see `SourceFile`): every record names it.
    let file: SourceFile
    var path: String { file.path }
    var entries: [CalendarEntry] = []
    var firstLine: [Day: Int] = [:]

    mutating func decode(_ row: Row<CalendarColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let date = row.date(.date, required: true, &sink) ?? nil
        let kind = row.vocabulary(.kind, VocabularyMatcher<CalendarEntry.Kind>(), &sink) ?? nil
        let name = row.text(.name, &sink) ?? ""
        if let date, !(1949...2199).contains(date.year) {
            sink.error(
                row.line, row.position(.date),
                "date \(date) is outside 1949–2199; the calendar holds the State Council's holiday arrangements")
        }
        if let date {
            if let first = firstLine[date] {
                sink.error(row.line, row.position(.date), "date \(date) is already listed on line \(first)")
            } else {
                firstLine[date] = row.line
            }
        }
        guard sink.errorCount == errorsBefore, let date, let kind else { return }
        entries.append(
            CalendarEntry(date: date, kind: kind, name: name, location: SourceLocation(file: file, line: row.line)))
    }
}
