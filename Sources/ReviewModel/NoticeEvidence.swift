/// Art. 十二 evidence (a): which approved case covers which observed certificate.
///
/// SPEC §2: an approved case covers at most one certificate of the same organisation (same 9-character
/// code); certificates are matched to approvals in date order, and an approval covers a certificate only
/// if its substantive_on ≤ the certificate's issued_on. Certificates issued before 2011-07-20 (before the
/// procedure) are not matched and are never evidence.
///
/// Matching takes each organisation's certificates by issue date (then number) and gives each the
/// earliest approval (by substantive_on, then file order) not yet used whose date is not after it. That
/// leaves the fewest certificates uncovered.
public struct CertificateMatching: Sendable {
    /// Index of the covering case in `dataset.cases`, by index in `dataset.certificates`.
    public let caseForCertificate: [Int: Int]
    /// Index of the covered certificate, by case index.
    public let certificateForCase: [Int: Int]
    /// Certificates issued on or after 2011-07-20 that no approved case covers, by certificate index,
    /// in issue-date order.
    public let uncovered: [Int]

    public init(cases: [Case], certificates: [Certificate]) {
        var approvals = [String: [Int]]()
        for (index, item) in cases.enumerated() where item.outcome == .approved && item.substantiveOn != nil {
            approvals[item.orgCode.organisation, default: []].append(index)
        }
        var certificatesByOrganisation = [String: [Int]]()
        for (index, certificate) in certificates.enumerated() where certificate.issuedOn >= Day.procedureStart {
            certificatesByOrganisation[certificate.orgCode.organisation, default: []].append(index)
        }
        var caseForCertificate = [Int: Int]()
        var certificateForCase = [Int: Int]()
        var uncovered = [Int]()
        for organisation in certificatesByOrganisation.keys.sorted() {
            let held = certificatesByOrganisation[organisation, default: []].sorted {
                (certificates[$0].issuedOn, certificates[$0].certificateNo)
                    < (certificates[$1].issuedOn, certificates[$1].certificateNo)
            }
            // swift-format-ignore: NeverForceUnwrap
            // Approved cases always have substantiveOn (filtered above).
            var available = approvals[organisation, default: []].sorted {
                (cases[$0].substantiveOn!, $0) < (cases[$1].substantiveOn!, $1)
            }
            for certificate in held {
                let issued = certificates[certificate].issuedOn
                if let position = available.firstIndex(where: { cases[$0].substantiveOn! <= issued }) {
                    let approval = available.remove(at: position)
                    caseForCertificate[certificate] = approval
                    certificateForCase[approval] = certificate
                } else {
                    uncovered.append(certificate)
                }
            }
        }
        uncovered.sort {
            (certificates[$0].issuedOn, certificates[$0].certificateNo)
                < (certificates[$1].issuedOn, certificates[$1].certificateNo)
        }
        self.caseForCertificate = caseForCertificate
        self.certificateForCase = certificateForCase
        self.uncovered = uncovered
    }
}

/// One 通报 candidate (art. 十二) with its evidence.
public struct NoticeCandidate: Hashable, Sendable {
    public enum Evidence: Hashable, Sendable {
        /// (a) a certificate no approved case covers, by index in `dataset.certificates`.
        case uncoveredCertificate(Int)
        /// (b) a case marked falsified, by index in `dataset.cases`.
        case falsifiedCase(Int)
    }

    public var ground: NoticeGround
    public var evidence: Evidence
    /// The 9-character organisation code.
    public var organisation: String
    public var orgName: String
    /// Slugs of published notices of the same ground that name this case or organisation.
    public var publishedIn: [String]
}

extension Dataset {
    /// Art. 十二 candidates: (a) uncovered certificates, then (b) falsified cases, each in date order.
    public func noticeCandidates(matching: CertificateMatching? = nil) -> [NoticeCandidate] {
        let matching = matching ?? CertificateMatching(cases: cases, certificates: certificates)
        func published(_ ground: NoticeGround, organisation: String, reviewNo: String?) -> [String] {
            notices.filter { notice in
                notice.ground == ground
                    && (notice.orgCodes.contains { $0.organisation == organisation }
                        || reviewNo.map { notice.reviewNos.contains($0) } ?? false)
            }.map(\.slug).sorted()
        }
        var candidates = matching.uncovered.map { index in
            let certificate = certificates[index]
            return NoticeCandidate(
                ground: .unapproved, evidence: .uncoveredCertificate(index),
                organisation: certificate.orgCode.organisation, orgName: certificate.orgName,
                publishedIn: published(.unapproved, organisation: certificate.orgCode.organisation, reviewNo: nil))
        }
        let falsified = cases.indices.filter { cases[$0].falsified }.sorted {
            (cases[$0].submittedOn, cases[$0].reviewNo) < (cases[$1].submittedOn, cases[$1].reviewNo)
        }
        for index in falsified {
            let item = cases[index]
            candidates.append(
                NoticeCandidate(
                    ground: .falsified, evidence: .falsifiedCase(index), organisation: item.orgCode.organisation,
                    orgName: item.orgName,
                    publishedIn: published(.falsified, organisation: item.orgCode.organisation, reviewNo: item.reviewNo)
                ))
        }
        return candidates
    }
}
