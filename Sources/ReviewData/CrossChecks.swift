import ReviewModel

/// The rules that join files and are checked once everything is read (SPEC §3): each case's service
/// types and at least one service per case, certificate numbers that agree with the cases naming them,
/// certificates' bodies, and notices that name cases or organisations the data knows.
///
/// (References from cases to bodies and from services to cases, and art. 四, are checked while those
/// files are read.) A reference to a record that exists but had errors of its own is not reported
/// again, and checks against a file whose header could not be read are skipped, so one mistake gives
/// one diagnostic.
struct CrossChecks {
    let casesColumns: [Int]?
    let servicesColumns: [Int]?
    let certificatesColumns: [Int]?
    let bodiesReadable: Bool
    /// Service types declared per review number, from every valid services.csv row.
    let typesByReviewNo: [String: ServiceTypeSet]
    let invalidReviewNos: Set<String>
    let invalidServiceReviewNos: Set<String>
    let invalidApprovalNos: Set<String>
    let noticeLines: [String: (reviewNos: Int, orgCodes: Int)]
    var diagnostics: [Diagnostic] = []

    private mutating func report(_ severity: Severity, _ location: SourceLocation, _ column: Int, _ message: String) {
        diagnostics.append(
            Diagnostic(path: location.path, line: location.line, column: column, severity: severity, message: message))
    }

    private func caseColumn(_ column: CaseColumn) -> Int { (casesColumns?[column.ordinal] ?? 0) + 1 }

    mutating func run(_ dataset: inout Dataset) {
        // Each case's service types, and at least one service per case (附表1).
        dataset.cases.withUnsafeMutableBufferPointer { cases in
            for index in cases.indices {
                if let types = typesByReviewNo[cases[index].reviewNo] { cases[index].serviceTypes = types }
            }
        }
        if servicesColumns != nil {
            for index in dataset.cases.indices where dataset.cases[index].serviceTypes.isEmpty {
                let reviewNo = dataset.cases[index].reviewNo
                guard !invalidServiceReviewNos.contains(reviewNo) else { continue }
                report(
                    .error, dataset.cases[index].location, caseColumn(.reviewNo),
                    "case '\(reviewNo)' declares no service in services.csv; every case declares at least one "
                        + "(附表1 向政府部门提供的信息技术服务类型)")
            }
        }

        // Certificates: their bodies, and agreement with the cases that name them.
        let bodies = Set(dataset.bodies.map(\.approvalNo))
        let bodyColumn = (certificatesColumns?[CertificateColumn.bodyApprovalNo.ordinal] ?? 0) + 1
        var certificatesByNo = [String: Int](minimumCapacity: dataset.certificates.count)
        for (index, certificate) in dataset.certificates.enumerated() {
            certificatesByNo[certificate.certificateNo] = index
            if bodiesReadable && !bodies.contains(certificate.bodyApprovalNo)
                && !invalidApprovalNos.contains(certificate.bodyApprovalNo)
            {
                report(
                    .warning, certificate.location, bodyColumn,
                    "certification body '\(certificate.bodyApprovalNo)' is not in bodies.csv (not approved by CNCA for "
                        + "ISMS certification?)")
            }
        }
        for index in dataset.cases.indices {
            guard let number = dataset.cases[index].certificateNo, let held = certificatesByNo[number] else { continue }
            let certificate = dataset.certificates[held]
            let item = dataset.cases[index]
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
        guard casesColumns != nil, !dataset.notices.isEmpty else { return }
        let reviewNos = Set(dataset.cases.map(\.reviewNo))
        var organisations = Set(dataset.cases.map(\.orgCode.organisation))
        organisations.formUnion(dataset.certificates.map(\.orgCode.organisation))
        for notice in dataset.notices {
            let lines = noticeLines[notice.slug] ?? (1, 1)
            var location = notice.location
            for reviewNo in notice.reviewNos where !reviewNos.contains(reviewNo) && !invalidReviewNos.contains(reviewNo) {
                location.line = lines.reviewNos
                report(.error, location, 1, "review_nos: '\(reviewNo)' is not in cases.csv")
            }
            for code in notice.orgCodes where !organisations.contains(code.organisation) {
                location.line = lines.orgCodes
                report(
                    .error, location, 1,
                    "org_codes: '\(code)' is the code of no organisation in cases.csv or certificates.csv")
            }
        }
    }
}
