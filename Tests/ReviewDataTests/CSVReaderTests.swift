import Foundation
import ReviewModel
import Testing

@testable import ReviewData

/// The CSV reader's two ways of reading: a record is first read from masks of 64 bytes without checking
/// each field's bytes, then its bytes are checked as UTF-8 (and it is read again byte by byte if they are
/// not, or if the masks could not take it). Both must give the same records and the same diagnostics as
/// reading byte by byte throughout, and both UTF-8 checks must agree with the standard library.
struct CSVReaderTests {
    /// What a record looked like: its line and each field's range and flags.
    struct Shape: Equatable {
        var line: Int
        var fields: [[Int]]
        var complete: Bool
        /// `CSVRecord.mayHideCharacters`: from the masks' `hidden` bits when read from masks.
        var mayHide: Bool
    }

    static func read(_ bytes: [UInt8], checksEachField: Bool, classifiesWide: Bool = false) -> ([Shape], [String]) {
        var reader = CSVReader(bytes: bytes)
        reader.checksEachField = checksEachField
        reader.classifiesWide = classifiesWide
        var sink = DiagnosticSink(path: "t.csv")
        var shapes: [Shape] = []
        func shape(_ record: CSVRecord, _ complete: Bool) -> Shape {
            Shape(
                line: record.line,
                fields: record.fields.map { [$0.start, $0.end, $0.quoted ? 1 : 0, $0.hasEscapedQuotes ? 1 : 0] },
                complete: complete, mayHide: record.mayHideCharacters)
        }
        reader.forEachRecord(
            into: &sink, incomplete: { record, _ in shapes.append(shape(record, false)) },
            { record, _ in shapes.append(shape(record, true)) })
        return (shapes, sink.diagnostics.map(\.description))
    }

    /// Deterministic pseudo-random numbers (SplitMix64), so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Pieces CSV is made of, with the characters that end fields and the multi-byte ones around them.
    static let pieces: [[UInt8]] = [
        [0x2C], [0x22], [0x22, 0x22], [0x0A], [0x0D, 0x0A], [0x0D], [0x61], [0x20], Array("中文".utf8),
        Array("ab,c".utf8), Array("é".utf8), Array("😀".utf8), Array("\u{3000}".utf8), Array("12345678".utf8),
    ]

    /// Including bytes that are not UTF-8: the quick reading of a record that holds some is discarded and
    /// the record read again, so that the error is reported where the careful reading reports it.
    /// Files up to a few hundred bytes, so that records cross the masks' 64-byte blocks; pieces of plain
    /// text are frequent, so that many records are read from masks.
    /// Masks of 64 bytes as every x86-64 processor makes them (SSE2), and in one register where this one
    /// can (AVX-512BW).
    static let classifications = [false] + (wideClassifyAvailable ? [true] : [])

    /// Also with characters that may hide (a tab, DEL, U+00A0, U+061C, U+200B), which the masks find
    /// as the byte-by-byte reading's search does.
    @Test(arguments: [false, true], classifications)
    func bothWaysOfReadingAgree(withBadBytes: Bool, classifiesWide: Bool) {
        var random = Random(state: withBadBytes ? 8 : 21)
        let plain: [[UInt8]] = [Array("abcdefgh".utf8), Array("中文字".utf8), [0x2C], [0x0A]]
        let hiding: [[UInt8]] = [[0x09], [0x7F], Array("\u{A0}".utf8), Array("\u{61C}".utf8), Array("\u{200B}".utf8)]
        let pieces =
            Self.pieces + plain + plain + plain + plain + hiding
            + (withBadBytes ? [[0xFF], [0xE4, 0xB8], [0xC0, 0x80], [0xED, 0xA0, 0x80]] : [])
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(round % 2 == 0 ? 40 : 160) { bytes += pieces[random.next(pieces.count)] }
            let fast = Self.read(bytes, checksEachField: false, classifiesWide: classifiesWide)
            let slow = Self.read(bytes, checksEachField: true)
            #expect(fast.0 == slow.0, "records differ for \(bytes)")
            #expect(fast.1 == slow.1, "diagnostics differ for \(bytes)")
        }
    }

    /// Sequences at the edges of UTF-8: overlong forms, surrogates, the last scalar and past it,
    /// truncated sequences, stray continuation bytes.
    static let edges: [[UInt8]] = [
        [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
        [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],
        [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xE4, 0xB8], [0xE4], [0x80], [0xBF], [0xFF], [0x61], [0x2C],
        Array("中".utf8), Array("abcdefgh".utf8),
    ]

    /// Every check — 32 and 16 bytes at a time where the processor allows, and the Swift one — on random
    /// strings of edge sequences, long enough to cross several blocks.
    @Test func wholeRangeCheckAgreesWithTheStandardLibrary() {
        var random = Random(state: 2011)
        for round in 0..<20000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(round % 2 == 0 ? 12 : 40) { bytes += Self.edges[random.next(Self.edges.count)] }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let found = bytes.withUnsafeBufferPointer { CSVReader.isWellFormedUTF8($0, 0..<$0.count) }
            let scalar = bytes.withUnsafeBufferPointer { CSVReader.isWellFormedUTF8Scalar($0, 0..<$0.count) }
            #expect(found == expected, "\(bytes)")
            #expect(scalar == expected, "\(bytes)")
            for width in CSVReader.utf8BlockWidths {
                let block = bytes.withUnsafeBufferPointer { CSVReader.isWellFormedUTF8($0, 0..<$0.count, width: width) }
                #expect(block == expected, "\(bytes), \(width) bytes at a time")
            }
        }
    }

    /// Every sequence of two bytes led by a byte ≥ 0x80, and every three- and four-byte sequence led by
    /// E0–FF whose other bytes are around the continuation range's edges, placed so that they straddle a
    /// 16- or 32-byte block's end, at the range's end, or inside a block, checked with each block width.
    @Test func everyShortSequenceAgreesWithTheStandardLibrary() {
        let around: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0, 0xBE, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF,
        ]
        var sequences: [[UInt8]] = []
        for first in UInt8(0x80)...0xFF {
            for second in UInt8(0)...0xFF { sequences.append([first, second]) }
            guard first >= 0xE0 else { continue }
            for second in around {
                for third in around {
                    sequences.append([first, second, third])
                    if first >= 0xF0 { for fourth in around { sequences.append([first, second, third, fourth]) } }
                }
            }
        }
        var mismatches = 0
        for sequence in sequences {
            for prefix in [0, 14, 30] {
                for suffix in [0, 40] {
                    let bytes =
                        [UInt8](repeating: 0x61, count: prefix) + sequence + [UInt8](repeating: 0x62, count: suffix)
                    let expected = String(validating: bytes, as: UTF8.self) != nil
                    for width in CSVReader.utf8BlockWidths {
                        let found = bytes.withUnsafeBufferPointer {
                            CSVReader.isWellFormedUTF8($0, 0..<$0.count, width: width)
                        }
                        if found != expected {
                            mismatches += 1
                            if mismatches <= 5 { Issue.record("\(bytes): \(found), expected \(expected), \(width)") }
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }
}
