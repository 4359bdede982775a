import Foundation
import ReviewModel
import ReviewTestSupport
import Testing

@testable import ReviewData

/// Large files are read in chunks on two cores; what comes out must be exactly what a sequential read
/// gives: the same records with the same lines, the same diagnostics. The content is the base
/// fixture's rows repeated (keys made unique) until each data file is well over the size at which the
/// loader (with its threshold lowered to 16 KiB) reads them in chunks.
struct ChunkedReadTests {
    static let chunkBytes = 16 << 10
    static let base = LoaderFixtureTests.fixtures.appendingPathComponent("base/content")

    /// The base fixture with its cases, services and certificates repeated `copies` times. `edit` may
    /// change copy `k` of a file's rows (given the file's name and the rows' text).
    static func content(
        copies: Int = 200, edit: (_ file: String, _ copy: Int, _ rows: String) -> String = { $2 }
    ) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.copyTree(from: base, to: "content")
        for file in ["cases", "services", "certificates"] {
            let text = try String(contentsOf: base.appendingPathComponent("data/\(file).csv"), encoding: .utf8)
            guard let headerEnd = text.firstIndex(of: "\n") else { continue }
            let rows = String(text[text.index(after: headerEnd)...])
            var output = String(text[...headerEnd])
            for copy in 0..<copies {
                // Copy 0 keeps the keys (cases name the certificates by them); the others get a suffix.
                output += edit(file, copy, copy == 0 ? rows : suffixingKeys(rows, "-K\(copy)"))
            }
            try directory.write("content/data/\(file).csv", output)
        }
        return directory
    }

    /// The rows with `suffix` after the first field of each record (a record can span lines inside quotes).
    static func suffixingKeys(_ rows: String, _ suffix: String) -> String {
        var output = ""
        var inQuotes = false
        var inKey = true
        for character in rows {
            if inKey && !inQuotes && character == "," {
                output += suffix
                inKey = false
            }
            output.append(character)
            if character == "\"" { inQuotes.toggle() }
            if character == "\n" && !inQuotes { inKey = true }
        }
        return output
    }

    /// The diagnostics and the records (keys with their lines) of a load.
    static func read(_ directory: TemporaryDirectory, parallel: Bool) throws -> [String] {
        var options = LoadOptions(retainText: true, parallel: parallel)
        options.chunkBytes = Self.chunkBytes
        let result = try ContentLoader.load(at: directory.url.appendingPathComponent("content").path, options: options)
        let dataset = result.dataset
        return result.diagnostics.map(\.description)
            + dataset.cases.map { "case \($0.reviewNo) \($0.location.line) \($0.serviceTypes.bits)" }
            + dataset.services.map { "service \($0.reviewNo) \($0.type) \($0.location.line)" }
            + dataset.certificates.map { "certificate \($0.certificateNo) \($0.location.line)" }
    }

    static func expectAlike(_ directory: TemporaryDirectory, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws
    {
        let sizes = try ["cases", "services", "certificates"].map { file in
            try FileManager.default.attributesOfItem(
                atPath: directory.url.appendingPathComponent("content/data/\(file).csv").path)[.size] as? Int ?? 0
        }
        #expect(
            sizes.allSatisfy { $0 > 2 * chunkBytes }, "the files must be large enough to be read in chunks: \(sizes)")
        let sequential = try read(directory, parallel: false)
        let chunked = try read(directory, parallel: true)
        #expect(chunked.count == sequential.count)
        for (index, (found, expected)) in zip(chunked, sequential).enumerated() where found != expected {
            Issue.record("line \(index): chunked read gave \(found), sequential \(expected)")
            break
        }
    }

    @Test func aCleanReadWithWarningsInTheSecondHalf() throws {
        let directory = try Self.content { file, copy, rows in
            // Full-width digits in a date: a warning, at a line of the second chunk.
            file == "cases" && copy % 40 == 39
                ? rows.replacingOccurrences(of: ",2024-03-01,", with: ",２０２４-03-01,")
                : rows
        }
        let lines = try Self.read(directory, parallel: true)
        #expect(lines.contains { $0.contains("full-width") })
        #expect(!lines.contains { $0.contains(": error:") }, "\(lines.filter { $0.contains(": error:") }.prefix(3))")
        try Self.expectAlike(directory)
    }

    @Test func anErrorInTheSecondHalf() throws {
        let directory = try Self.content { file, copy, rows in
            file == "cases" && copy == 100 ? rows.replacingOccurrences(of: ",企业组织,", with: ",私营企业,") : rows
        }
        #expect(try Self.read(directory, parallel: true).contains { $0.contains("私营企业") })
        try Self.expectAlike(directory)
    }

    /// Review numbers of the first chunk used again in the second: each chunk alone is clean, and the
    /// keys shared between them send the read back to one piece.
    @Test func aReviewNumberInBothChunks() throws {
        let directory = try Self.content { file, copy, rows in
            file == "cases" && copy == 150 ? rows.replacingOccurrences(of: "-K150,", with: "-K10,") : rows
        }
        #expect(try Self.read(directory, parallel: true).contains { $0.contains("is already used on line") })
        try Self.expectAlike(directory)
    }

    /// More warnings than a file's diagnostics keep: the rest are counted, in a warning (they do not make
    /// the file fail), whether the file is read in chunks or not.
    @Test func moreWarningsThanAreKept() throws {
        let directory = try Self.content(copies: 2_700) { file, _, rows in
            guard file == "cases" else { return rows }
            return rows.replacingOccurrences(of: ",初次认证,", with: ",初次认证 ,")
                .replacingOccurrences(of: ",再认证,", with: ",再认证 ,")
        }
        let lines = try Self.read(directory, parallel: true)
        #expect(!lines.contains { $0.contains(": error:") })
        #expect(lines.contains { $0.contains(": warning: ") && $0.contains("more problems in this file were counted") })
        // Counted in the summary: four of the base fixture's five cases have a kind, in 2,700 copies.
        var options = LoadOptions(retainText: true)
        options.chunkBytes = Self.chunkBytes
        let result = try ContentLoader.load(at: directory.url.appendingPathComponent("content").path, options: options)
        #expect(Diagnostic.summary(result.diagnostics).hasPrefix("0 errors, 10800 warnings"))
        try Self.expectAlike(directory)
    }

    /// Every quoted cell of cases.csv starts with a hundred short lines, so that most of the file's line
    /// feeds are inside cells and the split guessed at one is: the first chunk then ends in an
    /// unterminated quote and the file is read again in one piece.
    @Test func lineBreaksInsideQuotedCells() throws {
        let directory = try Self.content { file, _, rows in
            file == "cases"
                ? rows.replacingOccurrences(of: ",\"", with: ",\"" + String(repeating: "甲\n", count: 100) + "乙")
                : rows
        }
        #expect(!(try Self.read(directory, parallel: true)).contains { $0.contains(": error:") })
        try Self.expectAlike(directory)
    }

    /// The cases go into an array sized from the first rows' length. Here the first rows are long (quoted
    /// cells of 3,000 more characters) and the rest short, so the file holds far more cases than the first
    /// rows suggest: places run out, in the chunked read and in the sequential one. Every case is still
    /// there, once, in file order. (The fixture's one line break inside a cell is taken out, so that the
    /// split guessed at a line feed is right and the file is read in chunks.)
    @Test func casesShorterThanTheFirstOnes() throws {
        let directory = try Self.content { file, copy, rows in
            guard file == "cases" else { return rows }
            let rows = rows.replacingOccurrences(of: "应急技术支持\n", with: "应急技术支持")
            return copy < 10
                ? rows.replacingOccurrences(of: ",\"", with: ",\"" + String(repeating: "长", count: 3000)) : rows
        }
        try Self.expectAlike(directory)
        let perCopy = try ContentLoader.load(at: Self.base.path).dataset.cases.count
        for parallel in [false, true] {
            var options = LoadOptions(retainText: true, parallel: parallel)
            options.chunkBytes = Self.chunkBytes
            let cases = try ContentLoader.load(
                at: directory.url.appendingPathComponent("content").path, options: options
            ).dataset.cases
            #expect(cases.count == 200 * perCopy)
            #expect(zip(cases, cases.dropFirst()).allSatisfy { $0.location.line < $1.location.line })
            #expect(Set(cases.map(\.reviewNo)).count == cases.count)
        }
    }

    /// The cases' array is sized from the first records' length, counted outside quotes: a cell of many
    /// short lines does not make records look short (the array would be many times too large), and the
    /// estimate is never below 100 bytes.
    @Test func recordLengthIsCountedOutsideQuotes() {
        let long = "A-1," + String(repeating: "b", count: 290) + "\n"
        #expect(ContentLoader.averageRecordBytes(FileBytes(Array(String(repeating: long, count: 100).utf8))) == 295)
        let manyLines = "A-1,\"" + String(repeating: "x\n", count: 5000) + "\"\n" + String(repeating: long, count: 10)
        #expect(ContentLoader.averageRecordBytes(FileBytes(Array(manyLines.utf8))) > 900)
        #expect(ContentLoader.averageRecordBytes(FileBytes(Array(String(repeating: "a,b\n", count: 100).utf8))) == 100)
    }

    /// More problems than a file's diagnostics keep, each record with a byte that is not UTF-8 and a bad
    /// cell: the first records' byte errors are among those kept, in the order they were found (the
    /// reader's syntax errors were gathered apart and added last, so past the limit they were all lost —
    /// and with them the only hint that the file was in another encoding).
    @Test func syntaxErrorsKeepTheirPlacePastTheLimit() throws {
        let directory = try TemporaryDirectory()
        try directory.copyTree(from: Self.base, to: "content")
        let text = try String(contentsOf: Self.base.appendingPathComponent("data/cases.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var bytes = Array((lines[0] + "\n").utf8)
        let row = Array(lines[1].replacingOccurrences(of: ",企业组织,", with: ",私营企业,").utf8)
        let comma = row.firstIndex(of: UInt8(ascii: ","))!
        for index in 0..<11000 {
            // A unique review number, and 0xFF at the start of the organisation's name.
            bytes += Array("R-\(index)".utf8) + [UInt8(ascii: ","), 0xFF] + row[(comma + 1)...] + [0x0A]
        }
        try directory.write("content/data/cases.csv", Data(bytes))
        for parallel in [false, true] {
            var options = LoadOptions(retainText: false, parallel: parallel)
            options.chunkBytes = Self.chunkBytes
            let result = try ContentLoader.load(
                at: directory.url.appendingPathComponent("content").path, options: options)
            let cases = result.diagnostics.filter { $0.path.hasSuffix("cases.csv") }
            #expect(cases.contains { $0.line == 2 && $0.message.contains("byte 0xFF is not UTF-8") })
            #expect(cases.contains { $0.message.contains("more problems in this file were counted") })
        }
    }
}
