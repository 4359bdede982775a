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
    /// Review numbers of cases.csv (`nil` when it could not be read).
    let caseKeys: ChunkedKeys?
    /// Service types by case index from services.csv (`nil` when it could not be read).
    let typeBits: [UInt16]?
    /// Certificate numbers: index in the data set's certificates, or −line for a row with errors.
    let certificateNumbers: ChunkedKeys
    let noticeLines: [String: (reviewNos: Int, orgCodes: Int)]
    var diagnostics: [Diagnostic] = []

    private mutating func report(_ severity: Severity, _ location: SourceLocation, _ column: Int, _ message: String) {
        diagnostics.append(
            Diagnostic(path: location.path, line: location.line, column: column, severity: severity, message: message))
    }

    private func caseColumn(_ column: CaseColumn) -> Int { (casesColumns?[column.ordinal] ?? 0) + 1 }

    /// Each case of `range`, in one pass: its service types are set from `typeBits` (when services.csv
    /// could be read), and a case with none is reported (附表1); a certificate it names is the same
    /// organisation's.
    ///
    /// Cases and certificates are read in place (a copy would retain each of their strings); a
    /// certificate number is looked up first just after the one found before (a body's report lists
    /// certificates in the order of the cases, often), then by hash.
    private mutating func checkCases(
        _ cases: UnsafeMutableBufferPointer<Case>, _ certificates: UnsafeBufferPointer<Certificate>,
        typeBits: [UInt16]?, _ range: Range<Int>
    ) {
        var position = ChunkedKeys.Position()
        for index in range {
            if let typeBits {
                let bits = typeBits[index]
                cases[index].serviceTypes = ServiceTypeSet(bits: bits & ~ServicesDecoder.invalidRowBit)
                if bits == 0 {
                    report(
                        .error, cases[index].location, caseColumn(.reviewNo),
                        "case '\(cases[index].reviewNo)' declares no service in services.csv; every case declares "
                            + "at least one (附表1 向政府部门提供的信息技术服务类型)")
                }
            }
            guard var number = cases[index].certificateNo,
                let held = number.withUTF8({ certificateNumbers.lookup($0, after: &position) }), held >= 0
            else { continue }
            // swift-format-ignore: NeverForceUnwrap
            let certificate = certificates.baseAddress! + Int(held)
            if !certificate.pointee.orgCode.isSameOrganisation(as: cases[index].orgCode) {
                let certificate = certificate.pointee
                let item = cases[index]
                report(
                    .error, item.location, caseColumn(.certificateNo),
                    "certificate_no '\(number)' belongs to organisation \(certificate.orgCode) in "
                        + "\(CertificateColumn.fileName) line \(certificate.location.line), not to \(item.orgCode)")
            } else if let certifiedOn = cases[index].certifiedOn, certifiedOn != certificate.pointee.issuedOn {
                let certificate = certificate.pointee
                report(
                    .warning, cases[index].location, caseColumn(.certifiedOn),
                    "certified_on \(certifiedOn) differs from issued_on \(certificate.issuedOn) of certificate "
                        + "'\(number)' in \(CertificateColumn.fileName) line \(certificate.location.line)")
            }
        }
    }

    mutating func run(_ dataset: inout Dataset) {
        // The cases in two halves, one per core (the diagnostics in case order).
        let typeBits = typeBits.flatMap { $0.count == dataset.cases.count ? $0 : nil }
        let halves = dataset.cases.count > 100_000 ? 2 : 1
        let size = (dataset.cases.count + halves - 1) / halves
        let found = dataset.certificates.withUnsafeBufferPointer { certificates in
            dataset.cases.withUnsafeMutableBufferPointer { cases in
                // Each half writes only its own cases.
                nonisolated(unsafe) let cases = cases
                return parallelMap(halves) { half -> [Diagnostic] in
                    var checks = CrossChecks(
                        casesColumns: casesColumns, caseKeys: nil, typeBits: nil,
                        certificateNumbers: certificateNumbers, noticeLines: [:])
                    let start = min(cases.count, half * size)
                    checks.checkCases(cases, certificates, typeBits: typeBits, start..<min(cases.count, start + size))
                    return checks.diagnostics
                }
            }
        }
        diagnostics += found.flatMap { $0 }

        // Notices name cases and organisations that exist (art. 十二).
        guard let caseKeys, !dataset.notices.isEmpty else { return }
        var organisations = Set(dataset.cases.map(\.orgCode.organisation))
        organisations.formUnion(dataset.certificates.map(\.orgCode.organisation))
        for notice in dataset.notices {
            let lines = noticeLines[notice.slug] ?? (1, 1)
            var location = notice.location
            for reviewNo in notice.reviewNos where caseKeys.lookup(reviewNo) == nil {
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
