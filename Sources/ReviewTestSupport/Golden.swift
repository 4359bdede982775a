import Foundation

/// Golden files: compare output with a file kept in the repository, or record it anew.
///
/// Set `ISMS_RECORD=1` to write the actual output as the new baseline. A recording run still fails
/// ("Recorded new baseline"), so a forgotten `ISMS_RECORD=1` can never pass CI.
public enum Golden {
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["ISMS_RECORD"] == "1" }

    /// `nil` when `actual` equals the golden file; otherwise a message for the test to fail with.
    public static func compare(_ actual: String, to file: URL) -> String? {
        if isRecording {
            try? FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: file)
            return "Recorded new baseline at \(file.path); run again without ISMS_RECORD=1"
        }
        // Read bytes, not `String(contentsOf:)`, which would drop a byte-order mark.
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return "No golden file at \(file.path); record it with ISMS_RECORD=1"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        return "Output differs from \(file.path) (re-record with ISMS_RECORD=1 if the change is intended):\n"
            + lineDiff(expected: expected, actual: actual)
    }

    /// The first lines that differ, for a readable failure.
    static func lineDiff(expected: String, actual: String) -> String {
        let left = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let right = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var report: [String] = []
        for index in 0..<max(left.count, right.count) where report.count < 20 {
            let expectedLine = index < left.count ? String(left[index]) : "<none>"
            let actualLine = index < right.count ? String(right[index]) : "<none>"
            if expectedLine != actualLine {
                report.append("line \(index + 1):\n  expected: \(expectedLine)\n  actual:   \(actualLine)")
            }
        }
        return report.joined(separator: "\n")
    }
}
