import ReviewModel
import ReviewQuery

// View models: what templates may show. Each is built from public data only — none has a field for
// contact, phone, fax, e-mail, address or postcode, and a case becomes a `PublicCase` only when it is
// approved — so a template cannot leak what it cannot see (SPEC §5). Optional values are given as
// empty strings with flags, since Mustache prints a Swift `nil` literally.

/// An approved case as the public sees it.
final class PublicCase {
    let reviewNo: String
    let orgName: String
    let orgCode: String
    /// 9-character organisation code, hyphenated.
    let organisation: String
    /// The same without the hyphen: the organisation's page is named by it.
    let organisationKey: String
    let orgHref: String
    let nature: String
    let serviceTypes: String
    let serviceTypeCodes: String
    let bodyNo: String
    let bodyName: String
    let bodyHref: String
    let kind: String
    let scope: String
    let approvedOn: String
    let certificateNo: String
    let certifiedOn: String
    let hasCertificate: Bool
    let deadline: String
    let filedOn: String
    let filing: String
    let filingCode: String
    let year: Int

    /// `nil` unless the case is approved (同意): other cases appear only in aggregate counts.
    init?(_ item: Case, bodies: [String: Body], filing: Filing, deadline: Day?) {
        guard item.outcome == .approved, let approvedOn = item.substantiveOn else { return nil }
        reviewNo = item.reviewNo
        orgName = visible(item.orgName)
        orgCode = item.orgCode.text
        let organisation = item.orgCode.organisation
        self.organisation = item.orgCode.organisationDisplay
        organisationKey = organisation
        orgHref = SitePaths.organisation(organisation)
        nature = item.nature == .other ? "其它（\(visible(item.natureNote ?? ""))）" : item.nature.label
        serviceTypes = item.serviceTypes.map { "\($0.rawValue) \($0.label)" }.joined(separator: "、")
        serviceTypeCodes = item.serviceTypes.map(\.rawValue).joined(separator: ";")
        bodyNo = item.bodyApprovalNo
        bodyName = visible(bodies[item.bodyApprovalNo]?.name ?? "")
        bodyHref = SitePaths.body(item.bodyApprovalNo)
        kind = item.kind.label
        scope = visible(item.scope)
        self.approvedOn = approvedOn.description
        certificateNo = item.certificateNo ?? ""
        certifiedOn = item.certifiedOn?.description ?? ""
        hasCertificate = item.certifiedOn != nil
        self.deadline = deadline?.description ?? ""
        filedOn = item.filedOn?.description ?? ""
        self.filing = filing.label
        filingCode = filing.rawValue
        year = approvedOn.year
    }
}

/// A certification body.
struct PublicBody {
    let approvalNo: String
    let name: String
    let nature: String
    let approvedOn: String
    let revokedOn: String
    let revoked: Bool
    let href: String
    var approvedCases: Int = 0
    var certificates: Int = 0

    init(_ body: Body) {
        approvalNo = body.approvalNo
        name = visible(body.name)
        nature = body.nature.label
        approvedOn = body.approvedOn.description
        revokedOn = body.revokedOn?.description ?? ""
        revoked = body.revokedOn != nil
        href = SitePaths.body(body.approvalNo)
    }
}

/// One row of a notice's annex (附件): 序号 | 机构名称 | 代码 | 认证机构 | 证书编号 | 通报事由.
struct AnnexRow {
    let number: Int
    let orgName: String
    /// The organisation's page (every organisation a notice names has one).
    let href: String
    let hasPage: Bool
    let orgCode: String
    let body: String
    let certificateNo: String
    let reason: String
}

/// A published 通报.
struct PublicNotice {
    let slug: String
    let title: String
    /// 关于…的通报（2024年第1批）
    let fullTitle: String
    let number: String
    let date: String
    let dateChinese: String
    let ground: String
    let groundCode: String
    let href: String
    let annex: [AnnexRow]
}

/// A link in a list.
struct LinkItem {
    let href: String
    let text: String
    var detail: String = ""
}

/// Where each page lives, relative to the site root.
enum SitePaths {
    static func organisation(_ organisation: String) -> String { "org/\(organisation).html" }
    static func body(_ approvalNo: String) -> String { "bodies/\(approvalNo).html" }
    static func notice(_ slug: String) -> String { "notices/\(slug).html" }
    static func page(_ slug: String) -> String { "pages/\(slug).html" }
    static func results(year: Int, page: Int) -> String {
        page == 1 ? "results/\(year).html" : "results/\(year)-\(page).html"
    }
}

/// Text with control and bidirectional-formatting characters made visible (`\u{202E}`): such a
/// character could make an organisation's name display as another's.
func visible(_ text: String) -> String { escapingHiddenCharacters(text, lineBreaksAllowed: true) }

extension PublicCase: TemplateView {
    static let templateKeys = TemplateKeys<PublicCase>([
        "reviewNo": { $0.reviewNo }, "orgName": { $0.orgName }, "orgCode": { $0.orgCode },
        "organisation": { $0.organisation }, "organisationKey": { $0.organisationKey },
        "orgHref": { $0.orgHref }, "nature": { $0.nature }, "serviceTypes": { $0.serviceTypes },
        "serviceTypeCodes": { $0.serviceTypeCodes }, "bodyNo": { $0.bodyNo }, "bodyName": { $0.bodyName },
        "bodyHref": { $0.bodyHref },
        "kind": { $0.kind }, "scope": { $0.scope }, "approvedOn": { $0.approvedOn },
        "certificateNo": { $0.certificateNo },
        "certifiedOn": { $0.certifiedOn }, "hasCertificate": { $0.hasCertificate }, "deadline": { $0.deadline },
        "filedOn": { $0.filedOn }, "filing": { $0.filing }, "filingCode": { $0.filingCode }, "year": { $0.year },
    ])
}

extension PublicBody: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "approvalNo": { $0.approvalNo }, "name": { $0.name }, "nature": { $0.nature }, "approvedOn": { $0.approvedOn },
        "revokedOn": { $0.revokedOn }, "revoked": { $0.revoked }, "href": { $0.href },
        "approvedCases": { $0.approvedCases },
        "certificates": { $0.certificates },
    ])
}

extension AnnexRow: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "number": { $0.number }, "orgName": { $0.orgName }, "href": { $0.href }, "hasPage": { $0.hasPage },
        "orgCode": { $0.orgCode },
        "body": { $0.body }, "certificateNo": { $0.certificateNo }, "reason": { $0.reason },
    ])
}

extension PublicNotice: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "slug": { $0.slug }, "title": { $0.title }, "fullTitle": { $0.fullTitle }, "number": { $0.number },
        "date": { $0.date },
        "dateChinese": { $0.dateChinese }, "ground": { $0.ground }, "groundCode": { $0.groundCode },
        "href": { $0.href },
        "annex": { $0.annex },
    ])
}

extension LinkItem: TemplateView {
    static let templateKeys = TemplateKeys<Self>(["href": { $0.href }, "text": { $0.text }, "detail": { $0.detail }])
}

/// For tests: the names `PublicCase` lists for templates and the names reflection finds.
public enum PublicCaseProbe {
    public static func make(_ item: Case, dataset: Dataset) -> (listed: Set<String>, reflected: Set<String>)? {
        let bodies = Dictionary(dataset.bodies.map { ($0.approvalNo, $0) }, uniquingKeysWith: { first, _ in first })
        guard let view = PublicCase(item, bodies: bodies, filing: .notApplicable, deadline: nil) else { return nil }
        return PublicCase.templateKeyNames(of: view)
    }
}
