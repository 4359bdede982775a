import CInstructions
import Foundation
import ReviewModel

/// One field of a CSV record: a byte range of the file.
public struct CSVField: Sendable {
    /// Byte offsets of the field's content (inside the quotes for a quoted field).
    public var start: Int
    public var end: Int
    /// The field was quoted and contains doubled quotes `""` to be unescaped.
    public var hasEscapedQuotes: Bool
    /// The field was quoted.
    public var quoted: Bool
}

/// One record of a CSV file, valid only inside the `CSVReader.forEachRecord` callback that receives it.
public struct CSVRecord {
    /// 1-based first physical line of the record.
    public var line: Int
    /// The record's fields (the reader's buffer, reused for the next record).
    public var fields: UnsafeBufferPointer<CSVField>
    /// The file's bytes; `fields` index into it.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Whether a byte of the record's fields could begin a character that does not show
    /// (`isms_may_hide`): only then are its text cells searched for one.
    public var mayHideCharacters = true

    /// The field's text, unescaped. Bytes were validated as UTF-8 while reading; a record with
    /// invalid bytes (already reported) gets U+FFFD in their place.
    @inline(__always)
    public func string(_ index: Int) -> String {
        let field = fields[index]
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        return field.hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// True when the field has no bytes.
    @inline(__always)
    public func isEmpty(_ index: Int) -> Bool { fields[index].start == fields[index].end }
}

/// A reader of RFC 4180 CSV over a file's bytes.
///
/// - Quoted fields may hold commas, doubled quotes and line breaks; records end with LF or CRLF; a
///   UTF-8 byte-order mark at the start is skipped; blank lines are skipped.
/// - Each record carries its first physical line; each field its byte range, so no string is made
///   for a field nobody reads.
/// - Syntax problems are reported and reading goes on: an unterminated quote (at the line where the
///   quote opened), a quote inside an unquoted field, text after a closing quote, and bytes that are
///   not UTF-8. Column numbers in those reports are field indexes, as everywhere in diagnostics.
/// - A record is read quickly first, 64 bytes at a time from masks of the bytes that matter (see
///   `readFieldsByMasks`; nothing checked or reported), then its bytes are checked as UTF-8 while they
///   are still in the cache. A record the quick reading cannot take (a problem of either kind, a doubled
///   quote, a line break in a quoted field, the file's last 64 bytes) is read again byte by byte, which
///   reports every problem.
public struct CSVReader {
    public let data: FileBytes
    /// Reads every record byte by byte, checking each field's UTF-8, without the quick reading first
    /// (for tests: both ways of reading must give the same records and diagnostics).
    var checksEachField = false
    /// Classifies 64 bytes in one register where the processor can (AVX-512BW); tests turn it off to
    /// read as other processors do.
    var classifiesWide = wideClassifyAvailable

    public init(data: FileBytes) {
        self.data = data
    }

    public init(bytes: [UInt8]) {
        self.data = FileBytes(bytes)
    }

    /// Reads every record in order.
    ///
    /// - Parameters:
    ///   - sink: receives syntax errors, and is handed to `incomplete` and `body` with the record's, so
    ///     that a record's problems come in the order they are found (a file's diagnostics past a limit
    ///     are only counted: syntax errors gathered apart and added at the end were the ones lost).
    ///   - incomplete: called with the fields read before an unterminated quote (already reported),
    ///     so that a key in them can still be recognised.
    ///   - body: called once per record; the record is valid only during the call.
    public func forEachRecord(
        into sink: inout DiagnosticSink, incomplete: (CSVRecord, inout DiagnosticSink) -> Void = { _, _ in },
        _ body: (CSVRecord, inout DiagnosticSink) -> Void
    ) {
        forEachRecord(in: 0..<data.count, startLine: 1, into: &sink, incomplete: incomplete, body)
    }

    /// Reads the records in a byte range that starts at a record boundary, `startLine` being the
    /// physical line it starts on — for reading one file in parallel chunks.
    ///
    /// - Returns: the line after the range's last record.
    @discardableResult
    public func forEachRecord(
        in range: Range<Int>, startLine: Int, into sink: inout DiagnosticSink,
        incomplete: (CSVRecord, inout DiagnosticSink) -> Void = { _, _ in },
        _ body: (CSVRecord, inout DiagnosticSink) -> Void
    ) -> Int {
        var parser = CSVParser(buffer: data.buffer, range: range, line: startLine)
        parser.classifiesWide = classifiesWide
        parser.run(sink: &sink, limit: nil, checksEachField: checksEachField, incomplete: incomplete, body)
        return parser.line
    }

    /// Reads the first record only (the header).
    ///
    /// - Returns: the byte offset and physical line where the next record starts.
    public func forFirstRecord(
        into sink: inout DiagnosticSink, _ body: (CSVRecord, inout DiagnosticSink) -> Void
    ) -> (offset: Int, line: Int) {
        var parser = CSVParser(buffer: data.buffer, range: 0..<data.count, line: 1)
        parser.run(sink: &sink, limit: 1, checksEachField: true, incomplete: { _, _ in }, body)
        return (parser.index, parser.line)
    }

    /// Whether `range` of `buffer` is all well-formed UTF-8, as the reader checks a record it read quickly:
    /// 32 or 16 bytes at a time where the processor allows (`isms_utf8_is_valid`), else as
    /// `isWellFormedUTF8Scalar` does.
    static func isWellFormedUTF8(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        CSVParser(buffer: buffer, range: range, line: 0).isWellFormedUTF8(range)
    }

    /// The block widths this processor can check UTF-8 with (for tests, which check each).
    static var utf8BlockWidths: [Int] {
        switch isms_utf8_widest() {
        case 32: [16, 32]
        case 16: [16]
        default: []
        }
    }

    /// Whether `range` of `buffer` is all well-formed UTF-8, checked `width` bytes at a time (one of
    /// `utf8BlockWidths`).
    static func isWellFormedUTF8(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, width: Int) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        return isms_utf8_is_valid_width(
            base + range.lowerBound, range.count, buffer.count - range.lowerBound, Int32(width))
    }

    /// Whether `range` of `buffer` is all well-formed UTF-8, checked by the Swift code that serves where
    /// the processor has no byte shuffle.
    static func isWellFormedUTF8Scalar(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        CSVParser.isWellFormedUTF8Scalar(buffer, range)
    }

    /// Byte offsets that split the bytes from `start` into about `parts` ranges of equal size, each just
    /// after a line feed: guesses at record boundaries, made without reading what comes before them.
    ///
    /// A line feed inside a quoted cell is not a boundary. A range that ends at such a guess ends inside
    /// that cell, and its reader reports an unterminated quote — so a chunked read that meets no problem
    /// was split at true boundaries, and one that meets any is redone in one piece.
    public func guessSplitPoints(from start: Int, parts: Int, minimumBytes: Int = 1 << 20) -> [Int] {
        var points = [start]
        guard parts > 1, data.count - start > minimumBytes, let base = data.buffer.baseAddress else { return points }
        for part in 1..<parts {
            let target = max(start + (data.count - start) * part / parts, points[points.count - 1])
            guard target < data.count,
                let found = memchr(base + target, Int32(lineFeed), data.count - target)
            else { break }
            let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            if offset < data.count { points.append(offset) }
        }
        return points
    }
}

private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
/// Whether this processor can check UTF-8 a block at a time (`isms_utf8_is_valid`).
private let utf8CheckAvailable = isms_utf8_widest() > 0
/// Whether this processor classifies 64 bytes in one register (`isms_csv_classify_wide`).
let wideClassifyAvailable = isms_csv_wide_available()

/// How many bits of `bits` are set, counted up to 3 (enough to tell a field's quotes apart; Swift's
/// `nonzeroBitCount` is a long computation where the processor's instruction is not assumed).
@inline(__always)
private func bitsUpTo3(_ bits: UInt64) -> Int {
    if bits == 0 { return 0 }
    let second = bits & (bits &- 1)
    if second == 0 { return 1 }
    return second & (second &- 1) == 0 ? 2 : 3
}

/// Bit i of the result is the exclusive or of bits 0…i of `bits`: with the quotes' bits, the bytes
/// from an opening quote up to (not including) its closing one.
@inline(__always)
private func prefixXor(_ bits: UInt64) -> UInt64 {
    var x = bits
    x ^= x << 1
    x ^= x << 2
    x ^= x << 4
    x ^= x << 8
    x ^= x << 16
    x ^= x << 32
    return x
}

/// The fields of one record as they are read: a buffer that grows, owned by the reader's loop.
private struct FieldBuffer {
    private var storage = UnsafeMutablePointer<CSVField>.allocate(capacity: 32)
    private var capacity = 32
    var count = 0

    var fields: UnsafeBufferPointer<CSVField> { UnsafeBufferPointer(start: storage, count: count) }

    @inline(__always)
    mutating func append(_ field: CSVField) {
        if count == capacity {
            let larger = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        (storage + count).initialize(to: field)
        count += 1
    }

    func deallocate() { storage.deallocate() }
}

private struct CSVParser {
    /// The whole file; `end` bounds this parser's part of it.
    let buffer: UnsafeBufferPointer<UInt8>
    let end: Int
    var index: Int
    var line: Int
    var invalidUTF8Reported = false
    /// The global, copied: read once per record, a global would be reached through its lazy
    /// initialisation check each time.
    let utf8CheckAvailable = ReviewData.utf8CheckAvailable
    /// `CSVReader.classifiesWide`.
    var classifiesWide = ReviewData.wideClassifyAvailable
    /// Whether the record last read from masks has a byte that may begin a hidden character (what
    /// `isms_may_hide` says of its bytes), from the masks' `hidden` bits.
    var maskedRecordMayHide = false

    init(buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, line: Int) {
        self.buffer = buffer
        self.end = range.upperBound
        self.index = range.lowerBound
        self.line = line
        if index == 0, buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { index = 3 }
    }

    mutating func run(
        sink: inout DiagnosticSink, limit: Int?, checksEachField: Bool,
        incomplete: (CSVRecord, inout DiagnosticSink) -> Void, _ body: (CSVRecord, inout DiagnosticSink) -> Void
    ) {
        let count = end
        // The fields of the current record, in a buffer reused from record to record.
        var fields = FieldBuffer()
        defer { fields.deallocate() }
        var records = 0
        while index < count {
            if let limit, records >= limit { return }
            let recordLine = line
            // A blank line (LF or CRLF alone) is not a record.
            if buffer[index] == lineFeed || buffer[index] == carriageReturn {
                skipLineEnd()
                continue
            }
            // A record is first read quickly, from masks, with nothing reported. If it could be and its
            // bytes (now in the cache) are all well-formed UTF-8, that is the reading; otherwise it is read
            // again checking each field's bytes and reporting every problem at its line and column.
            let recordStart = index
            var complete = true
            fields.count = 0
            var masked = true
            if checksEachField || !readFieldsByMasks(&fields) || !isWellFormedUTF8(recordStart..<index) {
                index = recordStart
                line = recordLine
                fields.count = 0
                invalidUTF8Reported = false
                complete = readFields(&fields, sink: &sink)
                masked = false
            }
            records += 1
            var record = CSVRecord(line: recordLine, fields: fields.fields, bytes: buffer)
            if masked {
                record.mayHideCharacters = maskedRecordMayHide
            } else if let first = fields.fields.first, let last = fields.fields.last, let base = buffer.baseAddress {
                record.mayHideCharacters = isms_may_hide(base + first.start, max(0, last.end - first.start))
            }
            if complete { body(record, &sink) } else { incomplete(record, &sink) }
        }
    }

    /// Reads one record's fields into `fields` quickly, up to and past its line end, or returns false
    /// (having read some) when it cannot, for the record to be read byte by byte. Reports nothing.
    ///
    /// Masks of 64 bytes at a time (`isms_csv_classify`) say where the quotes and separators are; a
    /// running exclusive or of the quotes' bits says which bytes are inside quotes, and the separators
    /// outside them end fields. A field is taken when it has no quote and no line break inside quotes, or
    /// when its only two are the quotes at its ends — everything else (a doubled quote, a quoted line
    /// break, a stray quote, text after a closing quote) is left to the careful reading, which reads
    /// exactly these fields the same way. So is a record not ended within the range, or too close to the
    /// end of the file for 64 bytes to be read.
    @inline(__always)
    mutating func readFieldsByMasks(_ fields: inout FieldBuffer) -> Bool {
        guard let address = buffer.baseAddress else { return false }
        var block = index
        var fieldStart = index
        // All ones when the block starts inside quotes.
        var insideAtStart: UInt64 = 0
        // Quotes and quoted line breaks of the current field in the blocks before this one.
        var innerBefore = 0
        // The record's bytes that may begin a hidden character, in the blocks read.
        var hidden: UInt64 = 0
        while block &+ 64 <= buffer.count, block < end {
            let masks = classifiesWide ? isms_csv_classify_wide(address + block) : isms_csv_classify(address + block)
            let valid: UInt64 = end &- block >= 64 ? ~0 : (1 &<< UInt64(end &- block)) &- 1
            if masks.quotes & valid | insideAtStart | UInt64(innerBefore) == 0 {
                // No quote in these bytes nor earlier in the field (so none inside quotes either): every
                // comma ends a plain field, and the first line break the record.
                let separators = masks.separators & valid
                let lineEnds = separators & masks.breaks
                // The bytes before the first line end (all of them when there is none).
                let before = lineEnds == 0 ? valid : (lineEnds & (0 &- lineEnds)) &- 1
                hidden |= masks.hidden & before
                var commas = separators & before
                while commas != 0 {
                    let position = block &+ commas.trailingZeroBitCount
                    commas &= commas &- 1
                    fields.append(CSVField(start: fieldStart, end: position, hasEscapedQuotes: false, quoted: false))
                    fieldStart = position &+ 1
                }
                if lineEnds != 0 {
                    let position = block &+ lineEnds.trailingZeroBitCount
                    fields.append(CSVField(start: fieldStart, end: position, hasEscapedQuotes: false, quoted: false))
                    maskedRecordMayHide = hidden != 0
                    return endRecord(at: position)
                }
                block &+= 64
                continue
            }
            let inside = prefixXor(masks.quotes) ^ insideAtStart
            var separators = masks.separators & ~inside & valid
            var inner = (masks.quotes | (masks.breaks & inside)) & valid
            while separators != 0 {
                let bit = separators.trailingZeroBitCount
                separators &= separators &- 1
                let position = block &+ bit
                let before = inner & ((1 &<< UInt64(bit)) &- 1)
                inner ^= before
                let count = innerBefore &+ bitsUpTo3(before)
                innerBefore = 0
                if count == 0 {
                    fields.append(CSVField(start: fieldStart, end: position, hasEscapedQuotes: false, quoted: false))
                } else if count == 2 && buffer[fieldStart] == quote && buffer[position &- 1] == quote {
                    fields.append(
                        CSVField(start: fieldStart &+ 1, end: position &- 1, hasEscapedQuotes: false, quoted: true))
                } else {
                    return false
                }
                if masks.breaks & (1 &<< UInt64(bit)) == 0 {
                    fieldStart = position &+ 1
                    continue
                }
                hidden |= masks.hidden & ((1 &<< UInt64(bit)) &- 1)
                maskedRecordMayHide = hidden != 0
                return endRecord(at: position)
            }
            hidden |= masks.hidden & valid
            innerBefore = min(3, innerBefore &+ bitsUpTo3(inner))
            insideAtStart = 0 &- (inside >> 63)
            block &+= 64
        }
        return false
    }

    /// Moves past the line break at `position` that ends a record read from masks (a CR followed by an LF
    /// is one break), to the next line.
    @inline(__always)
    private mutating func endRecord(at position: Int) -> Bool {
        index = position &+ 1
        if buffer[position] == carriageReturn, index < end, buffer[index] == lineFeed { index &+= 1 }
        line &+= 1
        return true
    }

    /// Reads one record's fields into `fields`, byte by byte, up to and past its line end, reporting every
    /// problem; false when a quote is never closed.
    @inline(__always)
    mutating func readFields(_ fields: inout FieldBuffer, sink: inout DiagnosticSink) -> Bool {
        let recordLine = line
        while true {
            let column = fields.count + 1
            if index < end, buffer[index] == quote {
                guard let field = readQuoted(recordLine: recordLine, column: column, sink: &sink)
                else { return false }
                fields.append(field)
            } else {
                fields.append(readUnquoted(recordLine: recordLine, column: column, sink: &sink))
            }
            if index < end, buffer[index] == comma {
                index += 1
                continue
            }
            skipLineEnd()
            return true
        }
    }

    /// Consumes LF, CRLF or a lone CR if one is next.
    @inline(__always)
    mutating func skipLineEnd() {
        guard index < end else { return }
        if buffer[index] == carriageReturn {
            index += 1
            if index < end, buffer[index] == lineFeed { index += 1 }
            line += 1
        } else if buffer[index] == lineFeed {
            index += 1
            line += 1
        }
    }

    /// Reads an unquoted field, checking its bytes as UTF-8.
    @inline(__always)
    mutating func readUnquoted(recordLine: Int, column: Int, sink: inout DiagnosticSink) -> CSVField {
        let start = index
        let count = end
        var strayQuote = false
        while index < count {
            let byte = buffer[index]
            if byte >= 0x80 {
                checkUTF8(recordLine: recordLine, column: column, sink: &sink)
                continue
            }
            if byte == comma || byte == lineFeed || byte == carriageReturn { break }
            if byte == quote { strayQuote = true }
            index += 1
        }
        if strayQuote {
            sink.error(
                recordLine, column,
                "a quote (\") inside an unquoted field; quote the whole field and double the quotes inside it "
                    + "(RFC 4180)")
        }
        return CSVField(start: start, end: index, hasEscapedQuotes: false, quoted: false)
    }

    /// Reads a quoted field, checking its bytes as UTF-8; `nil` when the quote is never closed (the rest of
    /// the file is consumed).
    @inline(__always)
    mutating func readQuoted(recordLine: Int, column: Int, sink: inout DiagnosticSink) -> CSVField? {
        let openingLine = line
        index += 1
        let start = index
        let count = end
        var escaped = false
        while index < count {
            let byte = buffer[index]
            if byte >= 0x80 {
                checkUTF8(recordLine: recordLine, column: column, sink: &sink)
                continue
            }
            if byte == quote {
                if index + 1 < count, buffer[index + 1] == quote {
                    escaped = true
                    index += 2
                    continue
                }
                let end = index
                index += 1
                if index < count {
                    let next = buffer[index]
                    if next != comma && next != lineFeed && next != carriageReturn {
                        sink.error(
                            recordLine, column,
                            "text after the closing quote of a quoted field; quote the whole field and double "
                                + "the quotes inside it (RFC 4180)")
                        // Skip to the end of the field so the record's other fields keep their places.
                        while index < count, buffer[index] != comma, buffer[index] != lineFeed,
                            buffer[index] != carriageReturn
                        {
                            index += 1
                        }
                    }
                }
                return CSVField(start: start, end: end, hasEscapedQuotes: escaped, quoted: true)
            }
            if byte == lineFeed { line += 1 }
            index += 1
        }
        sink.error(
            openingLine, column,
            "unterminated quoted field: the quote opened on line \(openingLine) is never closed, so the rest of "
                + "the file was read as one field")
        return nil
    }

    /// Whether `range` holds only well-formed UTF-8.
    @inline(__always)
    func isWellFormedUTF8(_ range: Range<Int>) -> Bool {
        guard utf8CheckAvailable, let base = buffer.baseAddress else {
            return Self.isWellFormedUTF8Scalar(buffer, range)
        }
        return isms_utf8_is_valid(base + range.lowerBound, range.count, buffer.count - range.lowerBound)
    }

    /// Whether `range` holds only well-formed UTF-8, in Swift: ASCII eight bytes at a time, three-byte
    /// sequences (CJK) two at a time from one eight-byte load, anything else as `utf8SequenceLength`
    /// reads it.
    static func isWellFormedUTF8Scalar(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let address = buffer.baseAddress else { return true }
        let base = UnsafeRawPointer(address)
        var index = range.lowerBound
        let end = range.upperBound
        let parser = CSVParser(buffer: buffer, range: range, line: 0)
        /// Whether the low three bytes of `word` are one three-byte sequence: 1110xxxx 10xxxxxx
        /// 10xxxxxx, neither overlong (E0 80–9F) nor a surrogate (ED A0–BF).
        @inline(__always) func threeBytes(_ word: UInt64) -> Bool {
            guard word & 0xC0_C0F0 == 0x80_80E0 else { return false }
            let nibble = word & 0x0F
            // Leads E1–EC and EE–EF (most of CJK) need no look at the second byte.
            if nibble != 0 && nibble != 0x0D { return true }
            let second = (word >> 8) & 0xFF
            return nibble == 0 ? second >= 0xA0 : second <= 0x9F
        }
        while index + 8 <= end {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let high = word & 0x8080_8080_8080_8080
            if high == 0 {
                index += 8
                continue
            }
            // Past the ASCII bytes, to the first that is not.
            let ascii = high.trailingZeroBitCount >> 3
            if ascii > 0 {
                index += ascii
                continue
            }
            if threeBytes(word) {
                index += threeBytes(word >> 24) ? 6 : 3
                continue
            }
            let length = parser.utf8SequenceLength(at: index)
            if length == 0 { return false }
            index += length
        }
        while index < end {
            if buffer[index] < 0x80 {
                index += 1
                continue
            }
            let length = parser.utf8SequenceLength(at: index)
            if length == 0 { return false }
            index += length
        }
        return true
    }

    /// Validates the UTF-8 sequence at `index` and advances past it (or past one bad byte).
    @inline(__always)
    mutating func checkUTF8(recordLine: Int, column: Int, sink: inout DiagnosticSink) {
        let length = utf8SequenceLength(at: index)
        if length > 0 {
            index += length
            return
        }
        if !invalidUTF8Reported {
            invalidUTF8Reported = true
            sink.noteInvalidUTF8(line: recordLine)
            let hex = String(buffer[index], radix: 16, uppercase: true)
            sink.error(
                recordLine, column,
                "byte 0x\(hex) is not UTF-8; save the file as UTF-8 (\"CSV UTF-8\" in Excel) "
                    + "or give its encoding with --encoding")
        }
        index += 1
    }

    /// Length of the well-formed UTF-8 sequence starting at `position` (a byte ≥ 0x80), or 0.
    @inline(__always)
    func utf8SequenceLength(at position: Int) -> Int {
        let count = end
        let lead = buffer[position]
        @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            position + offset < count && buffer[position + offset] >= low && buffer[position + offset] <= high
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}
