import CInstructions
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

    /// Position in declaration order: a payload-free enum is stored as its case's index, so this reads
    /// it directly (looking it up in `allCases` would build that array for every cell of every row).
    @inline(__always)
    var ordinal: Int { caseIndex(of: self) }
}

/// Matches a cell against a vocabulary's labels and codes byte for byte, without making a string.
///
/// Each spelling is kept as its length and first eight bytes (two integers to compare) and the rest in
/// one array; only a spelling whose length and first bytes agree is compared further.
struct VocabularyMatcher<V: Vocabulary> {
    private struct Entry {
        var count: Int
        var head: UInt64
        var offset: Int
        var value: V
    }

    private let entries: [Entry]
    private let bytes: [UInt8]

    init() {
        var entries: [Entry] = []
        var bytes: [UInt8] = []
        for value in V.allCases {
            for spelling in [value.label, value.rawValue] {
                let utf8 = Array(spelling.utf8)
                let head = utf8.withUnsafeBufferPointer { Self.head($0) }
                entries.append(Entry(count: utf8.count, head: head, offset: bytes.count, value: value))
                bytes += utf8
            }
        }
        self.entries = entries
        self.bytes = bytes
    }

    /// The first eight bytes (fewer, zero-padded, for a shorter cell).
    @inline(__always)
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var head: UInt64 = 0
        for index in 0..<min(8, bytes.count) { head |= UInt64(bytes[index]) << UInt64(8 * index) }
        return head
    }

    @inline(__always)
    func match(_ cell: UnsafeBufferPointer<UInt8>) -> V? {
        guard let base = cell.baseAddress else { return nil }
        let head = Self.head(cell)
        return entries.withUnsafeBufferPointer { entries in
            bytes.withUnsafeBufferPointer { bytes in
                for entry in entries where entry.count == cell.count && entry.head == head {
                    // swift-format-ignore: NeverForceUnwrap
                    if cell.count <= 8 || memcmp(bytes.baseAddress! + entry.offset + 8, base + 8, cell.count - 8) == 0 {
                        return entry.value
                    }
                }
                return nil
            }
        }
    }
}

/// A record of a CSV file whose header has been mapped: cells are read by column, trimmed, and
/// every problem with them goes to the file's sink. Cells are parsed from their bytes; a string is
/// made only for text the caller keeps.
struct Row<Column: ColumnSet> {
    let record: CSVRecord
    /// Field index of each column, by the column's ordinal (the header's, valid while rows are read).
    let fieldIndexes: UnsafeBufferPointer<Int>

    var line: Int { record.line }

    /// 1-based field index of `column` in the file, the column number of its diagnostics.
    func position(_ column: Column) -> Int { fieldIndexes[column.ordinal] + 1 }

    /// The cell's bytes without surrounding white space; `nil` when empty. Surrounding white space
    /// (ASCII, U+3000 ideographic space, U+00A0) is removed with a warning: spreadsheets add it
    /// invisibly, and the value meant is almost always the trimmed one.
    @inline(__always)
    func bytes(_ column: Column, _ sink: inout DiagnosticSink) -> UnsafeBufferPointer<UInt8>? {
        let field = record.fields[fieldIndexes[column.ordinal]]
        var start = field.start
        var end = field.end
        if start == end { return nil }
        let buffer = record.bytes
        @inline(__always) func spaceLength(at index: Int, forward: Bool) -> Int {
            let byte = buffer[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { return 1 }
            if forward {
                if byte == 0xE3, index + 2 < end, buffer[index + 1] == 0x80, buffer[index + 2] == 0x80 { return 3 }
                if byte == 0xC2, index + 1 < end, buffer[index + 1] == 0xA0 { return 2 }
            } else {
                if byte == 0x80, index - 2 >= start, buffer[index - 1] == 0x80, buffer[index - 2] == 0xE3 { return 3 }
                if byte == 0xA0, index - 1 >= start, buffer[index - 1] == 0xC2 { return 2 }
            }
            return 0
        }
        var trimmed = false
        while start < end {
            let length = spaceLength(at: start, forward: true)
            if length == 0 { break }
            start += length
            trimmed = true
        }
        while end > start {
            let length = spaceLength(at: end - 1, forward: false)
            if length == 0 { break }
            end -= length
            trimmed = true
        }
        if trimmed {
            sink.warning(line, position(column), "\(column.title): leading or trailing white space removed")
        }
        if start == end { return nil }
        return UnsafeBufferPointer(rebasing: buffer[start..<end])
    }

    /// The cell's bytes as they are, when they are the cell's text: not empty and without doubled quotes.
    /// A cell equal to a known value (which has no surrounding white space) is then known to need no
    /// trimming either.
    @inline(__always)
    func plainBytes(_ column: Column) -> UnsafeBufferPointer<UInt8>? {
        let field = record.fields[fieldIndexes[column.ordinal]]
        guard field.start < field.end, !field.hasEscapedQuotes else { return nil }
        return UnsafeBufferPointer(rebasing: record.bytes[field.start..<field.end])
    }

    /// Makes the cell's text (unescaping doubled quotes of a quoted cell).
    @inline(__always)
    func string(_ column: Column, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return record.fields[fieldIndexes[column.ordinal]].hasEscapedQuotes
            ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// The cell as text; `nil` when empty. Control characters and bidirectional-formatting characters
    /// (which can make a name display as another) are reported as a warning.
    func text(_ column: Column, _ sink: inout DiagnosticSink) -> String? {
        guard let bytes = bytes(column, &sink) else { return nil }
        checkVisible(column, bytes, &sink)
        return string(column, bytes)
    }

    /// Reports a control or bidirectional-formatting character in a text cell, as a warning.
    @inline(__always)
    func checkVisible(_ column: Column, _ bytes: UnsafeBufferPointer<UInt8>, _ sink: inout DiagnosticSink) {
        if record.mayHideCharacters,
            let base = bytes.baseAddress, isms_may_hide(base, bytes.count),
            let found = invisibleCharacter(bytes)
        {
            sink.warning(
                line, position(column),
                "\(column.title) contains the invisible character \(found); it is shown as a visible escape on the "
                    + "site and in the terminal")
        }
    }

    /// The cell as text, or an error naming the column when it is empty.
    func required(_ column: Column, _ sink: inout DiagnosticSink) -> String? {
        guard let text = text(column, &sink) else {
            sink.error(line, position(column), "\(column.title) is required")
            return nil
        }
        return text
    }

    /// Whether the cell has a value (an error when `required` and it has none), without making a string:
    /// for text a command does not keep, checked as `text` checks it.
    @discardableResult
    func present(_ column: Column, required: Bool, _ sink: inout DiagnosticSink) -> Bool {
        if let bytes = bytes(column, &sink) {
            checkVisible(column, bytes, &sink)
            return true
        }
        if required { sink.error(line, position(column), "\(column.title) is required") }
        return false
    }

    /// Text that is kept only when `retain` is set; the cell is checked either way.
    func kept(_ column: Column, retain: Bool, required: Bool = false, _ sink: inout DiagnosticSink) -> String? {
        if retain { return required ? self.required(column, &sink) : text(column, &sink) }
        return present(column, required: required, &sink) ? "" : nil
    }

    /// A `YYYY-MM-DD` date cell. `.some(nil)` for an empty optional cell, `nil` after an error.
    func date(_ column: Column, required: Bool = false, _ sink: inout DiagnosticSink) -> Day?? {
        guard let bytes = bytes(column, &sink) else {
            if required {
                sink.error(line, position(column), "\(column.title) is required")
                return nil
            }
            return .some(nil)
        }
        if let day = Day(utf8: bytes) { return .some(day) }
        if let folded = foldFullWidth(bytes), let day = folded.withUnsafeBufferPointer({ Day(utf8: $0) }) {
            sink.warning(
                line, position(column),
                "\(column.title) '\(string(column, bytes))' has full-width characters; read as \(day)")
            return .some(day)
        }
        sink.error(
            line, position(column), "\(column.title) \(Day.invalid(string(column, bytes)))")
        return nil
    }

    /// A cell from a closed vocabulary, by label or code; `parse` tries other spellings when the bytes
    /// match neither. `.some(nil)` for an empty optional cell, `nil` after an error.
    func vocabulary<V: Vocabulary>(
        _ column: Column, _ matcher: VocabularyMatcher<V>, required: Bool = true, _ sink: inout DiagnosticSink,
        parse: (String) -> V? = { _ in nil }
    ) -> V?? {
        guard let bytes = bytes(column, &sink) else {
            if required {
                sink.error(line, position(column), "\(column.title) is required")
                return nil
            }
            return .some(nil)
        }
        if let value = matcher.match(bytes) { return .some(value) }
        let text = string(column, bytes)
        if let value = parse(text) { return .some(value) }
        sink.error(line, position(column), "\(column.title) '\(text)' is not one of \(V.choiceList)")
        return nil
    }

    /// A `;`-separated list (a full-width `；` is accepted too); empty items are dropped.
    func list(_ column: Column, _ sink: inout DiagnosticSink) -> [String] {
        guard let text = text(column, &sink) else { return [] }
        // Without ASCII spaces and the lead bytes of U+00A0, U+1680 and U+2000–U+205F, split by bytes;
        // otherwise through Foundation, which trims every Unicode space separator.
        if !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0xC2 || $0 == 0xE1 || $0 == 0xE2 }) {
            var items: [String] = []
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                var index = 0
                while index <= bytes.count {
                    let isEnd = index == bytes.count
                    let fullWidth =
                        !isEnd && index + 2 < bytes.count && bytes[index] == 0xEF && bytes[index + 1] == 0xBC
                        && bytes[index + 2] == 0x9B
                    if isEnd || bytes[index] == UInt8(ascii: ";") || fullWidth {
                        // U+3000 (E3 80 80) is then the only space an item can start or end with.
                        let piece = UnsafeBufferPointer(rebasing: bytes[start..<index])
                        let item = String(decoding: piece, as: UTF8.self)
                        if piece.starts(with: [0xE3, 0x80, 0x80]) || piece.reversed().starts(with: [0x80, 0x80, 0xE3]) {
                            let trimmed = item.trimmingCharacters(in: .whitespaces)
                            if !trimmed.isEmpty { items.append(trimmed) }
                        } else if !item.isEmpty {
                            items.append(item)
                        }
                        index += fullWidth ? 3 : 1
                        start = index
                    } else {
                        index += 1
                    }
                }
            }
            return items
        }
        return text.split(whereSeparator: { $0 == ";" || $0 == "；" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// 是 / 否 / empty.
    func yesNo(_ column: Column, required: Bool, _ sink: inout DiagnosticSink) -> Bool?? {
        guard let bytes = bytes(column, &sink) else {
            if required {
                sink.error(line, position(column), "\(column.title) is required")
                return nil
            }
            return .some(nil)
        }
        // 是 E6 98 AF, 否 E5 90 A6.
        if bytes.count == 3 && bytes[0] == 0xE6 && bytes[1] == 0x98 && bytes[2] == 0xAF { return .some(true) }
        if bytes.count == 3 && bytes[0] == 0xE5 && bytes[1] == 0x90 && bytes[2] == 0xA6 { return .some(false) }
        sink.error(line, position(column), "\(column.title) '\(string(column, bytes))' is not one of 是, 否")
        return nil
    }
}

/// The header of a CSV file mapped to columns.
struct Header {
    /// Field index of each column, by ordinal.
    var fieldIndexes: [Int]
    var width: Int
}

/// Reads a CSV file with a header row of `Column`s.
///
/// Column order is free; every column must be present once and no other column may appear (both
/// reported at line 1). When a column is missing or doubled, rows are not read (their cells cannot be
/// checked) and the function returns `nil`, so that cross-file checks against this file are skipped
/// instead of cascading. A record whose field count differs from the header's is reported and handed
/// to `malformedRow` (which may still recover a key from it) instead of `row`.
///
/// - Returns: the field index of each column (by the column's ordinal) when the rows could be read.
@discardableResult
func readTable<Column: ColumnSet>(
    _ type: Column.Type, bytes: FileBytes, sink: inout DiagnosticSink,
    row body: (Row<Column>, inout DiagnosticSink) -> Void,
    malformedRow: (Row<Column>) -> Void = { _ in }
) -> [Int]? {
    let reader = CSVReader(data: bytes)
    guard let (header, position) = readHeader(Column.self, reader: reader, sink: &sink) else { return nil }
    guard let header else { return nil }
    bytes.populate(position.offset..<bytes.count)
    readRows(
        Column.self, reader: reader, header: header, range: position.offset..<bytes.count, line: position.line,
        sink: &sink, row: body, malformedRow: malformedRow)
    return header.fieldIndexes
}

/// Reads and maps the header record.
///
/// - Returns: `nil` for an empty file (reported); otherwise the header (`nil` when unusable, reported)
///   and where the rows start.
func readHeader<Column: ColumnSet>(
    _ type: Column.Type, reader: CSVReader, sink: inout DiagnosticSink
) -> (Header?, (offset: Int, line: Int))? {
    var header: Header?
    var seen = false
    let next = reader.forFirstRecord(into: &sink) { record, sink in
        seen = true
        if let indexes = mapHeader(Column.self, record: record, sink: &sink) {
            header = Header(fieldIndexes: indexes, width: record.fields.count)
        }
    }
    guard seen else {
        let names = Column.allCases.map(\.rawValue).joined(separator: ",")
        sink.error(1, 1, "the file is empty; it needs a header row: \(names)")
        return nil
    }
    return (header, next)
}

/// Reads the records in `range` (starting at physical `line`) as rows of a mapped header.
///
/// - Returns: the line after the range's last record.
@discardableResult
func readRows<Column: ColumnSet>(
    _ type: Column.Type, reader: CSVReader, header: Header, range: Range<Int>, line: Int,
    sink: inout DiagnosticSink, row body: (Row<Column>, inout DiagnosticSink) -> Void,
    malformedRow: (Row<Column>) -> Void = { _ in }
) -> Int {
    header.fieldIndexes.withUnsafeBufferPointer { fieldIndexes in
        reader.forEachRecord(
            in: range, startLine: line, into: &sink,
            incomplete: { record, _ in malformedRow(Row<Column>(record: record, fieldIndexes: fieldIndexes)) }
        ) { record, sink in
            let row = Row<Column>(record: record, fieldIndexes: fieldIndexes)
            guard record.fields.count == header.width else {
                let count = record.fields.count
                sink.error(
                    record.line, min(count, header.width) + 1,
                    "this record has \(count) field\(count == 1 ? "" : "s"); the header has \(header.width) — check for "
                        + "a missing or extra comma, or an unquoted comma inside a value")
                malformedRow(row)
                return
            }
            body(row, &sink)
        }
    }
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

/// The first hidden character in a cell (`isHiddenCharacter`: the ones the site and the terminal show
/// as escapes), as `U+202E`; tab and line breaks (which a quoted cell may hold) are allowed.
func invisibleCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    String(decoding: bytes, as: UTF8.self).unicodeScalars.first { isHiddenCharacter($0, lineBreaksAllowed: true) }
        .map { "U+" + String($0.value, radix: 16, uppercase: true) }
}

/// The bytes with full-width ASCII forms (U+FF01–U+FF5E, as Chinese input methods type digits, letters
/// and '－') folded to ASCII; `nil` when there are none.
func foldFullWidth(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    guard bytes.contains(0xEF) else { return nil }
    var folded: [UInt8] = []
    folded.reserveCapacity(bytes.count)
    var index = 0
    var changed = false
    while index < bytes.count {
        if bytes[index] == 0xEF, index + 2 < bytes.count {
            let scalar =
                (UInt32(bytes[index] & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6)
                | UInt32(bytes[index + 2] & 0x3F)
            if (0xFF01...0xFF5E).contains(scalar) {
                folded.append(UInt8(scalar - 0xFEE0))
                index += 3
                changed = true
                continue
            }
        }
        folded.append(bytes[index])
        index += 1
    }
    return changed ? folded : nil
}
