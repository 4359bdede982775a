import ReviewModel

/// The columns of `data/code-exceptions.csv`: real unified codes from early pilot regions whose 18th
/// character does not verify (optional file, SPEC §3).
enum CodeExceptionColumn: String, ColumnSet {
    case orgCode = "org_code"
    case reason

    static let fileName = "data/code-exceptions.csv"
}

struct CodeExceptionsDecoder {
    /// The file, numbered once (see `SourceFile`): every record names it.
    let file: SourceFile
    var path: String { file.path }
    var exceptions: [CodeException] = []
    var firstLine: [String: Int] = [:]

    mutating func decode(_ row: Row<CodeExceptionColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        var code = row.required(.orgCode, &sink)
        let reason = row.required(.reason, &sink)
        // Full-width characters are read as ASCII, with a warning, as in every other code cell.
        if let written = code, let folded = Array(written.utf8).withUnsafeBufferPointer(foldFullWidth) {
            code = String(decoding: folded, as: UTF8.self)
            sink.warning(
                row.line, row.position(.orgCode),
                "org_code '\(written)' has full-width characters; read as \(code ?? "")")
        }
        if let code {
            if let first = firstLine[code] {
                sink.error(row.line, row.position(.orgCode), "org_code '\(code)' is already listed on line \(first)")
            } else {
                firstLine[code] = row.line
            }
            switch OrgCode.parse(code, exceptions: [code]) {
            case .success(let parsed) where parsed.form != .unifiedCreditCode:
                sink.error(
                    row.line, row.position(.orgCode),
                    "org_code '\(code)' is a 9-character code; exceptions are for 18-character unified codes")
            case .success(let parsed) where !parsed.acceptedByException:
                sink.warning(
                    row.line, row.position(.orgCode), "org_code '\(code)' verifies; it needs no exception")
            case .success:
                break
            case .failure(let error):
                sink.error(row.line, row.position(.orgCode), "org_code '\(code)' \(error)")
            }
        }
        guard sink.errorCount == errorsBefore, let code, let reason else { return }
        exceptions.append(
            CodeException(code: code, reason: reason, location: SourceLocation(file: file, line: row.line)))
    }
}
