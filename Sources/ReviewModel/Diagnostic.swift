/// How serious a diagnostic is: errors fail `check` and stop `site`; warnings and notes do not.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case error
    case warning
    case note

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }
}

/// One problem found in the content, printed as `path:line:column: severity: message`.
///
/// - `path` is the file as the user reaches it: the `--content` directory as given, joined with the
///   file's place inside it (`content/data/cases.csv`).
/// - `line` is 1-based. For CSV it is the first physical line of the record (a quoted field may
///   span lines); for Markdown it is the physical line.
/// - `column` is 1-based. For CSV it is the **field index** in the record (column 3 is the third
///   field, what a spreadsheet calls column C), not a byte or character offset; for Markdown it is
///   1. A problem with a whole file is reported at 1:1.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String
    /// How many problems this diagnostic stands for: 1, or for the one that counts those past a file's
    /// limit (`DiagnosticSink.report`), how many it counts.
    public var count: Int

    public init(path: String, line: Int, column: Int, severity: Severity, message: String, count: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.count = count
    }

    public var description: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }

    /// File, then line, then column; equal positions keep the order they were found in.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.path != b.path { return a.path < b.path }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return left.offset < right.offset
        }.map(\.element)
    }

    /// The closing line of a report: `2 errors, 1 warning in 3 files`; notes are counted when there are
    /// any (`0 errors, 0 warnings, 2 notes in 2 files`).
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        func total(_ severity: Severity) -> Int {
            diagnostics.reduce(0) { $0 + ($1.severity == severity ? $1.count : 0) }
        }
        let errors = total(.error)
        let warnings = total(.warning)
        let notes = total(.note)
        let files = Set(diagnostics.map(\.path)).count
        let counts =
            [plural(errors, "error"), plural(warnings, "warning")] + (notes > 0 ? [plural(notes, "note")] : [])
        return counts.joined(separator: ", ") + " in \(plural(files, "file"))"
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

/// Collects diagnostics for one file, so loaders append and keep going instead of stopping at the first.
public struct DiagnosticSink: Sendable {
    public let path: String
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var errorCount = 0
    /// The first line where the CSV reader met bytes that are not UTF-8 (the file may be GB18030).
    public private(set) var firstInvalidUTF8Line: Int?
    /// Diagnostics past `limit` are counted, not kept (a wrong file can give millions): how many of each
    /// severity, in the order of `Severity.allCases`.
    public private(set) var dropped = [0, 0, 0]
    public static let limit = 10_000

    public init(path: String) {
        self.path = path
    }

    /// Notes bytes that are not UTF-8 at `line`.
    public mutating func noteInvalidUTF8(line: Int) {
        firstInvalidUTF8Line = min(firstInvalidUTF8Line ?? line, line)
    }

    public var hasErrors: Bool { errorCount > 0 }

    public mutating func error(_ line: Int, _ column: Int, _ message: String) {
        errorCount += 1
        keep(Diagnostic(path: path, line: line, column: column, severity: .error, message: message))
    }

    public mutating func warning(_ line: Int, _ column: Int, _ message: String) {
        keep(Diagnostic(path: path, line: line, column: column, severity: .warning, message: message))
    }

    public mutating func note(_ line: Int, _ column: Int, _ message: String) {
        keep(Diagnostic(path: path, line: line, column: column, severity: .note, message: message))
    }

    /// Another sink's diagnostics for the same file, `lines` further down: its errors all counted
    /// (also those past its limit), the ones it only counted still counted, its first line of bytes
    /// that are not UTF-8 kept.
    public mutating func append(_ other: DiagnosticSink, movingDown lines: Int = 0) {
        errorCount += other.errorCount
        for var diagnostic in other.diagnostics {
            diagnostic.line += lines
            keep(diagnostic)
        }
        for index in dropped.indices { dropped[index] += other.dropped[index] }
        if let line = other.firstInvalidUTF8Line { noteInvalidUTF8(line: line + lines) }
    }

    private mutating func keep(_ diagnostic: Diagnostic) {
        if diagnostics.count < Self.limit {
            diagnostics.append(diagnostic)
        } else {
            dropped[Severity.allCases.firstIndex(of: diagnostic.severity) ?? 0] += 1
        }
    }

    /// The kept diagnostics, and for each severity of those only counted, one more saying how many (of
    /// that severity, so that many warnings do not make a file fail, and standing for them in counts).
    public var report: [Diagnostic] {
        let line = diagnostics.last?.line ?? 1
        return diagnostics
            + zip(Severity.allCases, dropped).filter { $0.1 > 0 }.map { severity, count in
                Diagnostic(
                    path: path, line: line, column: 1, severity: severity,
                    message:
                        "\(count) more problems in this file were counted but not listed, all \(severity.rawValue)s; "
                        + "fix the ones above first",
                    count: count)
            }
    }
}
