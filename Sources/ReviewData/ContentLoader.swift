import Foundation
import ReviewModel

/// What loading a content directory gives: the dataset (valid records only) and every diagnostic.
public struct LoadResult: Sendable {
    public var dataset: Dataset
    /// Sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// Files read.
    public var fileCount: Int

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A problem with the environment rather than the data: the directory or a file cannot be read.
public enum ContentError: Error, CustomStringConvertible {
    case directoryNotFound(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .directoryNotFound(let path):
            "content directory '\(path)' does not exist (give another with --content DIR)"
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        }
    }
}

/// Reads a content directory (SPEC §3) into a `Dataset`, checking every rule and collecting every
/// problem — never first-error-wins.
///
/// Layout: `calendar.csv`; `data/cases.csv`, `data/services.csv`, `data/bodies.csv` (required),
/// `data/certificates.csv`, `data/code-exceptions.csv` (optional); `notices/*.md` and `pages/*.md`.
public enum ContentLoader {
    /// Files of `data/` that the loader knows; any other `.csv` there is reported.
    static let dataFiles = [
        CaseColumn.fileName, ServiceColumn.fileName, BodyColumn.fileName, CertificateColumn.fileName,
        CodeExceptionColumn.fileName,
    ]

    /// Loads and validates `directory`.
    ///
    /// - Parameter directory: the content directory as the user gave it; diagnostics name files by
    ///   joining it with their place inside (`content/data/cases.csv`).
    /// - Throws: `ContentError` when the directory or a file in it cannot be read (data problems are
    ///   diagnostics, not errors).
    public static func load(at directory: String) throws -> LoadResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw ContentError.directoryNotFound(directory) }
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        func path(_ relative: String) -> String { root + "/" + relative }

        var diagnostics: [Diagnostic] = []
        var fileCount = 0

        /// Reads a CSV file; `nil` (with an error if `required`) when it does not exist.
        func bytes(of relative: String, required: Bool) throws -> [UInt8]? {
            let full = path(relative)
            guard FileManager.default.fileExists(atPath: full) else {
                if required {
                    diagnostics.append(
                        Diagnostic(
                            path: full, line: 1, column: 1, severity: .error, message: "required file is missing"))
                }
                return nil
            }
            fileCount += 1
            return try readFile(full)
        }

        // Code exceptions first: cases and certificates need them to verify codes.
        var exceptionsDecoder = CodeExceptionsDecoder(path: path(CodeExceptionColumn.fileName))
        if let data = try bytes(of: CodeExceptionColumn.fileName, required: false) {
            var sink = DiagnosticSink(path: exceptionsDecoder.path)
            readTable(CodeExceptionColumn.self, bytes: data, sink: &sink) { exceptionsDecoder.decode($0, &$1) }
            diagnostics += sink.diagnostics
        }
        let exceptions = Set(exceptionsDecoder.exceptions.map(\.code))

        var bodiesDecoder = BodiesDecoder(path: path(BodyColumn.fileName))
        var bodiesColumns: [Int]?
        if let data = try bytes(of: BodyColumn.fileName, required: true) {
            var sink = DiagnosticSink(path: bodiesDecoder.path)
            bodiesColumns = readTable(
                BodyColumn.self, bytes: data, sink: &sink, row: { bodiesDecoder.decode($0, &$1) },
                malformedRow: { bodiesDecoder.recover($0) })
            diagnostics += sink.diagnostics
        }

        var casesDecoder = CasesDecoder(path: path(CaseColumn.fileName), exceptions: exceptions)
        var casesColumns: [Int]?
        if let data = try bytes(of: CaseColumn.fileName, required: true) {
            var sink = DiagnosticSink(path: casesDecoder.path)
            casesColumns = readTable(
                CaseColumn.self, bytes: data, sink: &sink, row: { casesDecoder.decode($0, &$1) },
                malformedRow: { casesDecoder.recover($0) })
            diagnostics += sink.diagnostics
        }

        var servicesDecoder = ServicesDecoder(path: path(ServiceColumn.fileName))
        var servicesColumns: [Int]?
        if let data = try bytes(of: ServiceColumn.fileName, required: true) {
            var sink = DiagnosticSink(path: servicesDecoder.path)
            servicesColumns = readTable(ServiceColumn.self, bytes: data, sink: &sink) {
                servicesDecoder.decode($0, &$1)
            }
            diagnostics += sink.diagnostics
        }

        var certificatesDecoder = CertificatesDecoder(path: path(CertificateColumn.fileName), exceptions: exceptions)
        var certificatesColumns: [Int]?
        if let data = try bytes(of: CertificateColumn.fileName, required: false) {
            var sink = DiagnosticSink(path: certificatesDecoder.path)
            certificatesColumns = readTable(CertificateColumn.self, bytes: data, sink: &sink) {
                certificatesDecoder.decode($0, &$1)
            }
            diagnostics += sink.diagnostics
        }

        var calendarDecoder = CalendarDecoder(path: path(CalendarColumn.fileName))
        if let data = try bytes(of: CalendarColumn.fileName, required: true) {
            var sink = DiagnosticSink(path: calendarDecoder.path)
            readTable(CalendarColumn.self, bytes: data, sink: &sink) { calendarDecoder.decode($0, &$1) }
            if calendarDecoder.entries.isEmpty && !sink.hasErrors {
                sink.error(1, 1, "the calendar has no entries; copy the State Council's holiday arrangements into it")
            }
            diagnostics += sink.diagnostics
        }

        // Unknown files in data/: most likely a misspelt name, whose content would otherwise be ignored.
        for name in try listFiles(path("data"), withExtension: "csv") where !dataFiles.contains("data/" + name) {
            diagnostics.append(
                Diagnostic(
                    path: path("data/" + name), line: 1, column: 1, severity: .warning,
                    message: "unknown data file, ignored; the data files are "
                        + dataFiles.map { String($0.dropFirst(5)) }.joined(separator: ", ")))
        }

        var notices: [Notice] = []
        var noticeLines: [String: (reviewNos: Int, orgCodes: Int)] = [:]
        for name in try listFiles(path("notices"), withExtension: "md") {
            fileCount += 1
            let file = path("notices/" + name)
            var sink = DiagnosticSink(path: file)
            let slug = String(name.dropLast(3))
            if !isValidSlug(slug) {
                sink.error(1, 1, "file name '\(name)' must be letters, digits, '-' and '_' followed by .md")
            }
            let text = try readText(file, sink: &sink)
            if let notice = decodeNotice(slug: slug, text: text, path: file, exceptions: exceptions, sink: &sink),
                !sink.hasErrors
            {
                notices.append(notice)
                let matter = FrontMatter.parse(text, allowedKeys: noticeKeys, sink: &sink)
                noticeLines[slug] = (matter?.line("review_nos") ?? 1, matter?.line("org_codes") ?? 1)
            }
            diagnostics += sink.diagnostics
        }

        var pages: [Page] = []
        for name in try listFiles(path("pages"), withExtension: "md") {
            fileCount += 1
            let file = path("pages/" + name)
            var sink = DiagnosticSink(path: file)
            let slug = String(name.dropLast(3))
            if !isValidSlug(slug) {
                sink.error(1, 1, "file name '\(name)' must be letters, digits, '-' and '_' followed by .md")
            }
            let text = try readText(file, sink: &sink)
            if let page = decodePage(slug: slug, text: text, path: file, sink: &sink), !sink.hasErrors {
                pages.append(page)
            }
            diagnostics += sink.diagnostics
        }
        pages.sort { ($0.order ?? Int.max, $0.slug) < ($1.order ?? Int.max, $1.slug) }

        var dataset = Dataset(
            cases: casesDecoder.cases, services: servicesDecoder.services, bodies: bodiesDecoder.bodies,
            certificates: certificatesDecoder.certificates, codeExceptions: exceptionsDecoder.exceptions,
            calendar: WorkCalendar(entries: calendarDecoder.entries), notices: notices, pages: pages)
        var checks = CrossChecks(
            casesColumns: casesColumns, servicesColumns: servicesColumns, certificatesColumns: certificatesColumns,
            bodiesReadable: bodiesColumns != nil, bodyReferences: casesDecoder.bodyReferences,
            caseReferences: servicesDecoder.caseReferences, invalidReviewNos: casesDecoder.invalidReviewNos,
            invalidServiceReviewNos: servicesDecoder.invalidReviewNos,
            invalidApprovalNos: bodiesDecoder.invalidApprovalNos, noticeLines: noticeLines)
        checks.casesPath = casesDecoder.path
        checks.servicesPath = servicesDecoder.path
        checks.run(&dataset)
        diagnostics += checks.diagnostics
        return LoadResult(dataset: dataset, diagnostics: Diagnostic.sorted(diagnostics), fileCount: fileCount)
    }

    /// Loads only `calendar.csv` — what `isms-review deadline` needs, so that a mistake elsewhere in the
    /// content does not stop a date computation.
    public static func loadCalendar(at directory: String) throws -> (WorkCalendar, [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw ContentError.directoryNotFound(directory) }
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        let path = root + "/" + CalendarColumn.fileName
        var sink = DiagnosticSink(path: path)
        guard FileManager.default.fileExists(atPath: path) else {
            sink.error(1, 1, "required file is missing")
            return (WorkCalendar(entries: []), sink.diagnostics)
        }
        var decoder = CalendarDecoder(path: path)
        readTable(CalendarColumn.self, bytes: try readFile(path), sink: &sink) { decoder.decode($0, &$1) }
        return (WorkCalendar(entries: decoder.entries), Diagnostic.sorted(sink.diagnostics))
    }

    /// Names of the files in `directory` ending in `.ext`, sorted; none if the directory does not exist.
    static func listFiles(_ directory: String, withExtension ext: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix("." + ext) && !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw ContentError.unreadable(directory, error.localizedDescription)
        }
    }

    /// A Markdown file as text; bytes that are not UTF-8 are an error at their line.
    static func readText(_ path: String, sink: inout DiagnosticSink) throws -> String {
        let bytes = try readFile(path)
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: lineBytes, as: UTF8.self) == nil { break }
            line += 1
        }
        sink.error(line, 1, "the file is not UTF-8; save it as UTF-8")
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads a whole file into memory.
func readFile(_ path: String) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw ContentError.unreadable(path, "permission denied or not a regular file")
    }
    defer { try? handle.close() }
    do {
        let data = try handle.readToEnd() ?? Data()
        return [UInt8](data)
    } catch {
        throw ContentError.unreadable(path, error.localizedDescription)
    }
}
