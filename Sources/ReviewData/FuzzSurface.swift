import Foundation
import ReviewModel

/// Entry points for the fuzz targets (`make fuzz`): each takes arbitrary bytes and must return without
/// crashing, hanging or blowing up quadratically, whatever the bytes are.
public enum FuzzSurface {
    /// The CSV reader: every record and every field's text.
    public static func csv(_ bytes: [UInt8]) {
        var sink = DiagnosticSink(path: "fuzz.csv")
        var total = 0
        CSVReader(bytes: bytes).forEachRecord(into: &sink) { record, _ in
            for index in record.fields.indices { total &+= record.string(index).utf8.count }
        }
        _ = CSVReader(bytes: bytes).guessSplitPoints(from: 0, parts: 3, minimumBytes: 0)
        precondition(total >= 0)
    }

    /// Front matter and the notice and page decoders.
    public static func frontMatter(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var sink = DiagnosticSink(path: "fuzz.md")
        _ = decodeNotice(slug: "fuzz", text: text, path: "fuzz.md", exceptions: [], sink: &sink)
        _ = decodePage(slug: "fuzz", text: text, path: "fuzz.md", sink: &sink)
        _ = decodeSiteSettings(text: text, sink: &sink)
    }

    /// The whole loader on a content directory made from the bytes: split at `\0` into calendar.csv,
    /// bodies.csv, cases.csv, services.csv, certificates.csv, code-exceptions.csv and one notice.
    public static func loader(_ bytes: [UInt8], directory: String) throws {
        let parts = bytes.split(separator: 0, maxSplits: 6, omittingEmptySubsequences: false)
        let files = [
            "calendar.csv", "data/bodies.csv", "data/cases.csv", "data/services.csv", "data/certificates.csv",
            "data/code-exceptions.csv", "notices/fuzz.md",
        ]
        let manager = FileManager.default
        try? manager.removeItem(atPath: directory)
        for sub in ["data", "notices"] {
            try manager.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
        }
        for (index, file) in files.enumerated() where index < parts.count {
            try Data(parts[index]).write(to: URL(fileURLWithPath: directory + "/" + file))
        }
        let result = try ContentLoader.load(at: directory, options: LoadOptions(parallel: bytes.count % 2 == 0))
        _ = Diagnostic.summary(result.diagnostics)
        // A data set without errors must satisfy the rules the rest of the program relies on.
        guard !result.hasErrors else { return }
        for item in result.dataset.cases {
            precondition(!item.reviewNo.isEmpty && !item.serviceTypes.isEmpty)
            if let formal = item.formalOn { precondition(item.submittedOn <= formal) }
        }
    }
}
