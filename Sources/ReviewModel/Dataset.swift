/// The site's settings (`site.conf`): where it is published and what it is called.
public struct SiteSettings: Sendable, Equatable {
    /// Absolute URL the site is served from, ending in `/` (feed and sitemap need absolute links).
    public var baseURL: String
    public var title: String
    /// Who publishes it, shown in the footer and the feed.
    public var publisher: String
    /// False when `site.conf` was absent and these are the defaults.
    public var configured: Bool
    /// `encoding:` in site.conf — the encoding of the content's files, when not UTF-8 (e.g. `gb18030`).
    public var encoding: String?

    public init(
        baseURL: String = "https://www.example.gov.cn/isms-review/",
        title: String = "政府部门信息技术外包服务机构信息安全管理体系认证安全审查",
        publisher: String = "工业和信息化部（示例）", configured: Bool = false
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.title = title
        self.publisher = publisher
        self.configured = configured
    }
}

/// Everything in a content directory, loaded and validated: the input of every query and of the site.
public struct Dataset: Sendable {
    /// In file order.
    public var cases: [Case]
    public var services: [Service]
    public var bodies: [Body]
    public var certificates: [Certificate]
    public var codeExceptions: [CodeException]
    public var calendar: WorkCalendar
    /// By slug.
    public var notices: [Notice]
    /// By menu order, then slug.
    public var pages: [Page]
    /// False when loaded without free text (`CaseText.omitted`, no service records): enough for
    /// aggregate queries, not for listings or the site.
    public var textRetained: Bool
    public var site: SiteSettings
    /// Approval numbers that cases name and `bodies` does not list, sorted (none in content that loads
    /// without errors: the loader reports such a case).
    public var unlistedBodies: [String]

    /// - Parameter unlistedBodies: what the loader knows of them; `nil` to find them by looking through
    ///   the cases (a data set made in code).
    public init(
        cases: [Case] = [], services: [Service] = [], bodies: [Body] = [], certificates: [Certificate] = [],
        codeExceptions: [CodeException] = [], calendar: WorkCalendar = WorkCalendar(entries: []),
        notices: [Notice] = [], pages: [Page] = [], textRetained: Bool = true, site: SiteSettings = SiteSettings(),
        unlistedBodies: [String]? = nil
    ) {
        self.cases = cases
        self.services = services
        self.bodies = bodies
        self.certificates = certificates
        self.codeExceptions = codeExceptions
        self.calendar = calendar
        self.notices = notices
        self.pages = pages
        self.textRetained = textRetained
        self.site = site
        self.unlistedBodies =
            unlistedBodies
            ?? {
                let listed = Set(bodies.map(\.approvalNo))
                return Set(cases.map(\.bodyApprovalNo)).subtracting(listed).sorted()
            }()
    }
}
