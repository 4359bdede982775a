import Foundation
import ReviewModel

/// The columns of one CSV file of SPEC §3: raw values are the header names.
protocol ColumnSet: RawRepresentable, CaseIterable, Hashable where RawValue == String, AllCases == [Self] {
    /// The file's name inside the content directory, e.g. `data/cases.csv`.
    static var fileName: String { get }
    /// How a message names the column, e.g. `nature (机构性质)`.
    var title: String { get }
}

extension ColumnSet {
    var title: String { rawValue }
    var ordinal: Int { Self.allCases.firstIndex(of: self)! }  // swift-format-ignore: NeverForceUnwrap
}

/// A record of a CSV file whose header has been mapped: cells are read by column, trimmed, and
/// every problem with them goes to the file's sink.
struct Row<Column: ColumnSet> {
    let record: CSVRecord
    /// Field index of each column, by the column's ordinal.
    let fieldIndexes: [Int]

    var line: Int { record.line }

    /// 1-based field index of `column` in the file, the column number of its diagnostics.
    func position(_ column: Column) -> Int { fieldIndexes[column.ordinal] + 1 }

    /// The cell, without surrounding white space; `nil` when empty. Surrounding white space is removed
    /// with a warning (spreadsheets add it invisibly; the value meant is almost always the trimmed one).
    func text(_ column: Column, _ sink: inout DiagnosticSink) -> String? {
        let index = fieldIndexes[column.ordinal]
        let field = record.fields[index]
        if field.start == field.end { return nil }
        let bytes = record.bytes
        let first = bytes[field.start]
        let last = bytes[field.end - 1]
        let maybePadded =
            first <= 0x20 || last <= 0x20 || first == 0xE3 || first == 0xC2 || last == 0x80 || last == 0xA0
        let text = record.string(index)
        guard maybePadded else { return text }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count != text.count {
            sink.warning(line, position(column), "\(column.title): leading or trailing white space removed")
        }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The cell, or an error naming the column when it is empty.
    func required(_ column: Column, _ sink: inout DiagnosticSink) -> String? {
        guard let text = text(column, &sink) else {
            sink.error(line, position(column), "\(column.title) is required")
            return nil
        }
        return text
    }

    /// A `YYYY-MM-DD` date cell.
    func date(_ column: Column, required: Bool = false, _ sink: inout DiagnosticSink) -> Day?? {
        guard let text = required ? self.required(column, &sink) : self.text(column, &sink) else {
            return required ? nil : .some(nil)
        }
        guard let day = Day(text) else {
            sink.error(line, position(column), "\(column.title) '\(text)' is not a date in the form YYYY-MM-DD")
            return nil
        }
        return .some(day)
    }

    /// A cell from a closed vocabulary, by label (or code).
    func vocabulary<V: Vocabulary>(
        _ column: Column, _ type: V.Type, required: Bool = true, _ sink: inout DiagnosticSink,
        parse: (String) -> V? = { V(labelOrCode: $0) }
    ) -> V?? {
        guard let text = required ? self.required(column, &sink) : self.text(column, &sink) else {
            return required ? nil : .some(nil)
        }
        guard let value = parse(text) else {
            sink.error(line, position(column), "\(column.title) '\(text)' is not one of \(V.choiceList)")
            return nil
        }
        return .some(value)
    }

    /// A `;`-separated list (a full-width `；` is accepted too); empty items are dropped.
    func list(_ column: Column, _ sink: inout DiagnosticSink) -> [String] {
        guard let text = text(column, &sink) else { return [] }
        return text.split(whereSeparator: { $0 == ";" || $0 == "；" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// 是 / 否 / empty.
    func yesNo(_ column: Column, required: Bool, _ sink: inout DiagnosticSink) -> Bool?? {
        guard let text = required ? self.required(column, &sink) : self.text(column, &sink) else {
            return required ? nil : .some(nil)
        }
        switch text {
        case "是": return .some(true)
        case "否": return .some(false)
        default:
            sink.error(line, position(column), "\(column.title) '\(text)' is not one of 是, 否")
            return nil
        }
    }
}

/// Reads a CSV file with a header row of `Column`s.
///
/// Column order is free; every column must be present once and no other column may appear (both
/// reported at line 1). When a column is missing or doubled, rows are not read (their cells cannot be
/// checked) and the function returns `false`, so that cross-file checks against this file are skipped
/// instead of cascading. A record whose field count differs from the header's is reported and handed
/// to `malformedRow` (which may still recover a key from it) instead of `row`.
///
/// - Returns: the field index of each column (by the column's ordinal) when the rows could be read.
@discardableResult
func readTable<Column: ColumnSet>(
    _ type: Column.Type, bytes: [UInt8], sink: inout DiagnosticSink,
    row body: (Row<Column>, inout DiagnosticSink) -> Void,
    malformedRow: (Row<Column>) -> Void = { _ in }
) -> [Int]? {
    var fieldIndexes: [Int]?
    var headerWidth = 0
    var headerSeen = false
    let reader = CSVReader(bytes: bytes)
    var syntax = DiagnosticSink(path: sink.path)
    defer { sink.append(contentsOf: syntax.diagnostics) }
    func incomplete(_ record: CSVRecord) {
        if let indexes = fieldIndexes { malformedRow(Row<Column>(record: record, fieldIndexes: indexes)) }
    }
    reader.forEachRecord(into: &syntax, incomplete: incomplete) { record in
        guard headerSeen else {
            headerSeen = true
            headerWidth = record.fields.count
            fieldIndexes = mapHeader(Column.self, record: record, sink: &sink)
            return
        }
        guard let indexes = fieldIndexes else { return }
        let row = Row<Column>(record: record, fieldIndexes: indexes)
        guard record.fields.count == headerWidth else {
            let count = record.fields.count
            sink.error(
                record.line, min(count, headerWidth) + 1,
                "this record has \(count) field\(count == 1 ? "" : "s"); the header has \(headerWidth) — check for "
                    + "a missing or extra comma, or an unquoted comma inside a value")
            malformedRow(row)
            return
        }
        body(row, &sink)
    }
    guard headerSeen else {
        let header = Column.allCases.map(\.rawValue).joined(separator: ",")
        sink.error(1, 1, "the file is empty; it needs a header row: \(header)")
        return nil
    }
    return fieldIndexes
}

/// Maps header names to field indexes; `nil` when a column is missing or doubled.
private func mapHeader<Column: ColumnSet>(
    _ type: Column.Type, record: CSVRecord, sink: inout DiagnosticSink
) -> [Int]? {
    var indexes = [Int?](repeating: nil, count: Column.allCases.count)
    var usable = true
    let expected = Column.allCases.map(\.rawValue).joined(separator: ", ")
    for field in 0..<record.fields.count {
        let name = record.string(field).trimmingCharacters(in: .whitespaces)
        guard let column = Column(rawValue: name) else {
            let shown = name.isEmpty ? "an empty column name" : "unknown column '\(name)'"
            sink.error(record.line, field + 1, "\(shown); the columns of \(Column.fileName) are \(expected)")
            continue
        }
        if let first = indexes[column.ordinal] {
            sink.error(record.line, field + 1, "column '\(name)' appears twice (first as column \(first + 1))")
            usable = false
            continue
        }
        indexes[column.ordinal] = field
    }
    let missing = Column.allCases.filter { indexes[$0.ordinal] == nil }
    if !missing.isEmpty {
        let names = missing.map(\.rawValue).joined(separator: ", ")
        sink.error(
            record.line, 1,
            "missing column\(missing.count == 1 ? "" : "s") \(names); the columns of \(Column.fileName) are \(expected)"
        )
        usable = false
    }
    return usable ? indexes.map { $0 ?? 0 } : nil
}
