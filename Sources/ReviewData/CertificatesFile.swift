import ReviewModel

/// The columns of `data/certificates.csv`: ISMS certificates observed in bodies' reports (optional file).
enum CertificateColumn: String, ColumnSet {
    case certificateNo = "certificate_no"
    case orgCode = "org_code"
    case orgName = "org_name"
    case bodyApprovalNo = "body_approval_no"
    case issuedOn = "issued_on"
    case kind

    static let fileName = "data/certificates.csv"

    var title: String {
        switch self {
        case .certificateNo: "certificate_no (证书编号)"
        case .orgCode: "org_code (组织机构代码)"
        case .orgName: "org_name (机构名称)"
        case .bodyApprovalNo: "body_approval_no (认证机构批准号)"
        case .kind: "kind (初次认证/再认证)"
        default: rawValue
        }
    }
}

struct CertificatesDecoder {
    /// The file, numbered once (see `SourceFile`): every record names it.
    let file: SourceFile
    var path: String { file.path }
    let exceptions: Set<String>
    var certificates: [Certificate] = []
    /// Every certificate number: its index in `certificates`, or −line for a row with errors.
    var numbers: ByteTable
    let retainText: Bool
    /// When bodies.csv could be read, a certificate from a body not in it is a warning.
    let bodies: BodyRegistry?
    /// The registry's approval numbers, this decoder's own copies.
    let bodyNumbers: [String]
    let kinds = VocabularyMatcher<ApplicationKind>()

    init(
        path: String, exceptions: Set<String>, retainText: Bool = true, bodies: BodyRegistry? = nil,
        expectedRows: Int = 1024
    ) {
        self.file = SourceFile(path)
        self.exceptions = exceptions
        self.retainText = retainText
        self.bodies = bodies
        self.bodyNumbers = bodies?.ownNumbers() ?? []
        numbers = ByteTable(capacity: expectedRows)
        certificates.reserveCapacity(expectedRows)
    }

    mutating func decode(_ row: Row<CertificateColumn>, _ sink: inout DiagnosticSink) {
        if row.fieldIndexes[CertificateColumn.certificateNo.ordinal] == 0 { prefetchNextNumber(after: row.record) }
        let errorsBefore = sink.errorCount
        let numberBytes = row.bytes(.certificateNo, &sink)
        let certificateNo = numberBytes.map { row.string(.certificateNo, $0) }
        // The number goes into the table once the row is checked; its slot is brought in now.
        let numberHash = numberBytes.map { numbers.prefetch($0) }
        if numberBytes == nil {
            sink.error(row.line, row.position(.certificateNo), "\(CertificateColumn.certificateNo.title) is required")
        }
        let orgCode = OrgCodeCell.parse(row, .orgCode, exceptions: exceptions, &sink)
        let orgName = row.kept(.orgName, retain: retainText, required: true, &sink)
        let (bodyApprovalNo, lookup) = row.bodyApprovalNo(.bodyApprovalNo, bodies, numbers: bodyNumbers, &sink)
        if let bodyApprovalNo, case .unknown = lookup {
            sink.warning(
                row.line, row.position(.bodyApprovalNo),
                "certification body '\(bodyApprovalNo)' is not in bodies.csv (not approved by CNCA for ISMS "
                    + "certification?)")
        }
        let issuedOn = row.date(.issuedOn, required: true, &sink) ?? nil
        let kind = row.vocabulary(.kind, kinds, &sink) ?? nil
        // A number used before (an error at its column: diagnostics are sorted by column).
        var numberEntry: Int?
        if let numberBytes, let certificateNo, let numberHash {
            switch numbers.insertEntry(numberBytes, hash: numberHash, value: Int32(-row.line)) {
            case .present(let existing):
                let first = existing >= 0 ? certificates[Int(existing)].location.line : Int(-existing)
                sink.error(
                    row.line, row.position(.certificateNo),
                    "certificate_no (证书编号) '\(certificateNo)' is already used on line \(first)")
            case .added(let entry):
                numberEntry = entry
            }
        }
        guard sink.errorCount == errorsBefore, let numberEntry, let certificateNo, let orgCode, let orgName,
            let bodyApprovalNo, let issuedOn, let kind
        else { return }
        numbers.setValue(ofEntry: numberEntry, Int32(certificates.count))
        certificates.append(
            Certificate(
                certificateNo: certificateNo, orgCode: orgCode, orgName: orgName, bodyApprovalNo: bodyApprovalNo,
                issuedOn: issuedOn, kind: kind, location: SourceLocation(file: file, line: row.line)))
    }

    /// Brings in the slot of the next row's certificate number, when it is the row's first cell: a row
    /// ahead of its lookup, rather than while its own row is checked, which is less time than the slot
    /// takes to arrive from memory (the table of 668k numbers is read at random). A guess from the
    /// bytes after this record — a quoted or missing number is not looked for, a blank line or spaces
    /// only bring in a slot for nothing.
    @inline(__always)
    private func prefetchNextNumber(after record: CSVRecord) {
        guard let last = record.fields.last, let base = record.bytes.baseAddress else { return }
        var start = last.end
        let count = record.bytes.count
        // Past a closing quote and the line break (CR LF at most).
        while start < count, start < last.end + 3,
            base[start] == UInt8(ascii: "\"") || base[start] == UInt8(ascii: "\r") || base[start] == UInt8(ascii: "\n")
        {
            start += 1
        }
        guard start + 48 <= count, base[start] != UInt8(ascii: "\"") else { return }
        var end = start
        while end < start + 48, base[end] != UInt8(ascii: ",") { end += 1 }
        guard end < start + 48, end > start else { return }
        _ = numbers.prefetch(UnsafeBufferPointer(start: base + start, count: end - start))
    }
}
