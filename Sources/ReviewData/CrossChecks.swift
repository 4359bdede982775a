import ReviewModel

/// The rules that join files (SPEC §3): references between files, the body's approval on the submission
/// date (art. 四), at least one service per case, certificate numbers that agree, and notices that name
/// cases or organisations the data knows.
///
/// A reference to a record that exists but had errors of its own is not reported again, and checks
/// against a file whose header could not be read are skipped, so one mistake gives one diagnostic.
struct CrossChecks {
    let casesColumns: [Int]?
    let servicesColumns: [Int]?
    let certificatesColumns: [Int]?
    let bodiesReadable: Bool
    /// body_approval_no of every cases.csv row, valid or not, with its line.
    let bodyReferences: [(approvalNo: String, line: Int)]
    /// review_no of every services.csv row, valid or not, with its line.
    let caseReferences: [(reviewNo: String, line: Int)]
    let invalidReviewNos: Set<String>
    let invalidServiceReviewNos: Set<String>
    let invalidApprovalNos: Set<String>
    let noticeLines: [String: (reviewNos: Int, orgCodes: Int)]
    var diagnostics: [Diagnostic] = []

    private mutating func report(
        _ severity: Severity, _ location: SourceLocation, _ column: Int, _ message: String
    ) {
        diagnostics.append(
            Diagnostic(path: location.path, line: location.line, column: column, severity: severity, message: message))
    }

    private func caseColumn(_ column: CaseColumn) -> Int { (casesColumns?[column.ordinal] ?? 0) + 1 }

    /// Paths of cases.csv and services.csv, for references from rows that did not decode.
    var casesPath: String?
    var servicesPath: String?

    mutating func run(_ dataset: inout Dataset) {
        let bodies = Dictionary(dataset.bodies.map { ($0.approvalNo, $0) }, uniquingKeysWith: { first, _ in first })
        var caseIndex = [String: Int](minimumCapacity: dataset.cases.count)
        for (index, item) in dataset.cases.enumerated() { caseIndex[item.reviewNo] = index }

        // Cases → bodies: every row's reference, valid row or not; then art. 四 for valid cases.
        if bodiesReadable, let casesColumns {
            for (approvalNo, line) in bodyReferences
            where bodies[approvalNo] == nil && !invalidApprovalNos.contains(approvalNo) {
                report(
                    .error, SourceLocation(path: casesPath ?? "", line: line),
                    casesColumns[CaseColumn.bodyApprovalNo.ordinal] + 1,
                    "certification body '\(approvalNo)' is not in bodies.csv")
            }
            for item in dataset.cases {
                guard let body = bodies[item.bodyApprovalNo], !body.isApproved(on: item.submittedOn) else { continue }
                let window =
                    body.approvedOn > item.submittedOn
                    ? "its ISMS approval dates from \(body.approvedOn)"
                    : "its ISMS approval was revoked on \(body.revokedOn.map(String.init(describing:)) ?? "")"
                report(
                    .error, item.location, caseColumn(.bodyApprovalNo),
                    "certification body \(body.approvalNo) was not approved by CNCA for ISMS certification on "
                        + "submitted_on \(item.submittedOn): \(window) (art. 四)")
            }
        }

        // Services → cases (every row's reference), and each case's service types.
        if casesColumns != nil {
            let column = (servicesColumns?[ServiceColumn.reviewNo.ordinal] ?? 0) + 1
            for service in dataset.services {
                if let index = caseIndex[service.reviewNo] { dataset.cases[index].serviceTypes.insert(service.type) }
            }
            for (reviewNo, line) in caseReferences
            where caseIndex[reviewNo] == nil && !invalidReviewNos.contains(reviewNo) {
                report(
                    .error, SourceLocation(path: servicesPath ?? "", line: line), column,
                    "review_no '\(reviewNo)' is not in cases.csv")
            }
        }

        // Every case declares at least one service (附表1).
        if servicesColumns != nil {
            for item in dataset.cases
            where item.serviceTypes.isEmpty && !invalidServiceReviewNos.contains(item.reviewNo) {
                report(
                    .error, item.location, caseColumn(.reviewNo),
                    "case '\(item.reviewNo)' declares no service in services.csv; every case declares at least one "
                        + "(附表1 向政府部门提供的信息技术服务类型)")
            }
        }

        // Certificates: their bodies, and agreement with the cases that name them.
        var certificatesByNo = [String: Certificate]()
        for certificate in dataset.certificates {
            certificatesByNo[certificate.certificateNo] = certificate
            if bodiesReadable && bodies[certificate.bodyApprovalNo] == nil
                && !invalidApprovalNos.contains(certificate.bodyApprovalNo)
            {
                report(
                    .warning, certificate.location,
                    (certificatesColumns?[CertificateColumn.bodyApprovalNo.ordinal] ?? 0) + 1,
                    "certification body '\(certificate.bodyApprovalNo)' is not in bodies.csv (not approved by CNCA for "
                        + "ISMS certification?)")
            }
        }
        for item in dataset.cases {
            guard let number = item.certificateNo, let certificate = certificatesByNo[number] else { continue }
            if certificate.orgCode.organisation != item.orgCode.organisation {
                report(
                    .error, item.location, caseColumn(.certificateNo),
                    "certificate_no '\(number)' belongs to organisation \(certificate.orgCode) in "
                        + "\(CertificateColumn.fileName) line \(certificate.location.line), not to \(item.orgCode)")
            } else if let certifiedOn = item.certifiedOn, certifiedOn != certificate.issuedOn {
                report(
                    .warning, item.location, caseColumn(.certifiedOn),
                    "certified_on \(certifiedOn) differs from issued_on \(certificate.issuedOn) of certificate "
                        + "'\(number)' in \(CertificateColumn.fileName) line \(certificate.location.line)")
            }
        }

        // Notices name cases and organisations that exist (art. 十二).
        var organisations = Set(dataset.cases.map(\.orgCode.organisation))
        organisations.formUnion(dataset.certificates.map(\.orgCode.organisation))
        for notice in dataset.notices {
            let lines = noticeLines[notice.slug] ?? (1, 1)
            var location = notice.location
            for reviewNo in notice.reviewNos
            where caseIndex[reviewNo] == nil && !invalidReviewNos.contains(reviewNo) && casesColumns != nil {
                location.line = lines.reviewNos
                report(.error, location, 1, "review_nos: '\(reviewNo)' is not in cases.csv")
            }
            for code in notice.orgCodes where !organisations.contains(code.organisation) && casesColumns != nil {
                location.line = lines.orgCodes
                report(
                    .error, location, 1,
                    "org_codes: '\(code)' is the code of no organisation in cases.csv or certificates.csv")
            }
        }
    }
}
