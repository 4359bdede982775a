import Foundation
import ReviewModel
import Testing

@testable import ReviewData

/// The CSV reader's two ways of reading: a record is first scanned eight bytes at a time without checking
/// each field's bytes, then its bytes are checked as UTF-8 (and it is read again byte by byte if they are
/// not, or if anything was amiss). Both must give the same records and the same diagnostics as reading
/// byte by byte throughout, and the UTF-8 check must agree with the standard library.
struct CSVReaderTests {
    /// What a record looked like: its line and each field's range and flags.
    struct Shape: Equatable {
        var line: Int
        var fields: [[Int]]
        var complete: Bool
    }

    static func read(_ bytes: [UInt8], checksEachField: Bool) -> ([Shape], [String]) {
        var reader = CSVReader(bytes: bytes)
        reader.checksEachField = checksEachField
        var sink = DiagnosticSink(path: "t.csv")
        var shapes: [Shape] = []
        func shape(_ record: CSVRecord, _ complete: Bool) -> Shape {
            Shape(
                line: record.line,
                fields: record.fields.map { [$0.start, $0.end, $0.quoted ? 1 : 0, $0.hasEscapedQuotes ? 1 : 0] },
                complete: complete)
        }
        reader.forEachRecord(
            into: &sink, incomplete: { shapes.append(shape($0, false)) }, { shapes.append(shape($0, true)) })
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
    @Test(arguments: [false, true])
    func bothWaysOfReadingAgree(withBadBytes: Bool) {
        var random = Random(state: withBadBytes ? 8 : 21)
        let pieces = Self.pieces + (withBadBytes ? [[0xFF], [0xE4, 0xB8], [0xC0, 0x80], [0xED, 0xA0, 0x80]] : [])
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(40) { bytes += pieces[random.next(pieces.count)] }
            let fast = Self.read(bytes, checksEachField: false)
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

    @Test func wholeRangeCheckAgreesWithTheStandardLibrary() {
        var random = Random(state: 2011)
        for _ in 0..<20000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(12) { bytes += Self.edges[random.next(Self.edges.count)] }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let found = bytes.withUnsafeBufferPointer { CSVReader.isWellFormedUTF8($0, 0..<$0.count) }
            #expect(found == expected, "\(bytes)")
        }
    }
}
