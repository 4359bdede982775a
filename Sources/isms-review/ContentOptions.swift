import ArgumentParser
import ReviewData
import ReviewModel
import ReviewQuery

extension ContentEncoding: ExpressibleByArgument {}

/// `--content DIR`, taken by every command.
struct ContentOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The content directory: data/*.csv, calendar.csv, notices/, pages/.", valueName: "DIR"))
    var content: String = "content"

    @Option(
        help: ArgumentHelp(
            "The encoding of the content's CSV and Markdown files: utf-8 or gb18030 (Excel on Chinese Windows). "
                + "Default: as 'encoding:' in site.conf declares, else utf-8.", valueName: "ENCODING"))
    var encoding: ContentEncoding?

    /// Loads and validates the content. Diagnostics are printed to standard error; with any error the
    /// command stops with exit status 1.
    ///
    /// - Parameters:
    ///   - printWarnings: print warnings even without errors (`check`); other commands print
    ///     diagnostics only when there are errors, so that warnings do not drown their output.
    ///   - retainText: keep free text; aggregate queries do without it.
    func load(printWarnings: Bool = false, retainText: Bool = true) throws -> LoadResult {
        let result: LoadResult
        do {
            result = try ContentLoader.load(
                at: content, options: LoadOptions(retainText: retainText, encoding: encoding))
        } catch let error as ContentError {
            if case .directoryNotFound = error {
                throw ValidationError(error.description)
            }
            StandardError.write("error: \(error)")
            throw DataFailure()
        }
        if result.hasErrors || printWarnings {
            report(result)
        }
        if result.hasErrors { throw DataFailure() }
        return result
    }

    /// Loads only the calendar (for `deadline`); its errors stop the command with exit status 1.
    func loadCalendar() throws -> WorkCalendar {
        let (calendar, diagnostics): (WorkCalendar, [Diagnostic])
        do {
            (calendar, diagnostics) = try ContentLoader.loadCalendar(at: content, encoding: encoding)
        } catch let error as ContentError {
            if case .directoryNotFound = error { throw ValidationError(error.description) }
            StandardError.write("error: \(error)")
            throw DataFailure()
        }
        if diagnostics.contains(where: { $0.severity == .error }) {
            StandardError.write(diagnostics.map(\.description).joined(separator: "\n"))
            StandardError.write(Diagnostic.summary(diagnostics))
            throw DataFailure()
        }
        return calendar
    }

    /// Prints every diagnostic, then the summary line, to standard error.
    func report(_ result: LoadResult) {
        let shown = result.diagnostics.prefix(DiagnosticLimit.printed)
        // Data can hold escape sequences or bidirectional overrides: shown as visible escapes.
        StandardError.write(shown.map { terminalSafe($0.description) }.joined(separator: "\n"))
        if result.diagnostics.count > shown.count {
            StandardError.write("… \(result.diagnostics.count - shown.count) more diagnostics not shown")
        }
        StandardError.write(Diagnostic.summary(result.diagnostics))
    }
}

enum DiagnosticLimit {
    /// Past this many, diagnostics are counted, not printed (a wrong file can give a million).
    static let printed = 1000
}
