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
    let path: String
    let exceptions: Set<String>
    var certificates: [Certificate] = []
    var firstLine: [String: Int] = [:]
    var codes = OrgCodeCache()
    let retainText: Bool

    init(path: String, exceptions: Set<String>, retainText: Bool = true) {
        self.path = path
        self.exceptions = exceptions
        self.retainText = retainText
    }

    mutating func decode(_ row: Row<CertificateColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let certificateNo = row.required(.certificateNo, &sink)
        if let certificateNo {
            if let first = firstLine.updateValue(row.line, forKey: certificateNo) {
                firstLine[certificateNo] = first
                sink.error(
                    row.line, row.position(.certificateNo),
                    "certificate_no (证书编号) '\(certificateNo)' is already used on line \(first)")
            }
        }
        let orgCode = codes.parse(row, .orgCode, exceptions: exceptions, &sink)
        let orgName = row.kept(.orgName, retain: retainText, required: true, &sink)
        let bodyApprovalNo = row.required(.bodyApprovalNo, &sink)
        let issuedOn = row.date(.issuedOn, required: true, &sink) ?? nil
        let kind = row.vocabulary(.kind, CasesDecoder.kinds, &sink) ?? nil
        guard sink.errorCount == errorsBefore, let certificateNo, let orgCode, let orgName, let bodyApprovalNo,
            let issuedOn, let kind
        else { return }
        certificates.append(
            Certificate(
                certificateNo: certificateNo, orgCode: orgCode, orgName: orgName, bodyApprovalNo: bodyApprovalNo,
                issuedOn: issuedOn, kind: kind, location: SourceLocation(path: path, line: row.line)))
    }
}
