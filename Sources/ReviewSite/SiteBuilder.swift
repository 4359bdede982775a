import Foundation
import Mustache
import ReviewModel
import ReviewQuery

/// A built site in memory: relative path → bytes. Paths are sorted when written or compared, so the
/// same content and `--as-of` always give the same tree.
public struct SiteTree: Sendable, Equatable {
    public var files: [String: [UInt8]] = [:]

    public init() {}

    public var paths: [String] { files.keys.sorted() }

}

/// Why a site could not be built.
public enum SiteBuildError: Error, CustomStringConvertible {
    /// A date the calendar does not cover.
    case calendar(CalendarError)
    /// A file could not be written.
    case output(String)

    public var description: String {
        switch self {
        case .calendar(let error): "\(error)"
        case .output(let message): message
        }
    }
}

/// A page template's frame: what the layout needs around the page's body.
struct LayoutContext {
    let title: String
    let siteTitle: String
    let publisher: String
    /// `""` for a page at the top, `"../"` one level down: every link in a template starts with it.
    let root: String
    let nav: [NavItem]
    let body: String
    let asOf: String
    let asOfChinese: String
    let description: String
}

struct NavItem {
    let href: String
    let text: String
    let current: Bool
}

extension LayoutContext: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "title": { $0.title }, "siteTitle": { $0.siteTitle }, "publisher": { $0.publisher }, "root": { $0.root },
        "nav": { $0.nav },
        "body": { $0.body }, "asOf": { $0.asOf }, "asOfChinese": { $0.asOfChinese }, "description": { $0.description },
    ])
}

extension NavItem: TemplateView {
    static let templateKeys = TemplateKeys<Self>(["href": { $0.href }, "text": { $0.text }, "current": { $0.current }])
}

extension SiteBuilder.PageContext: TemplateView {
    static let templateKeys = TemplateKeys<Self>(["root": { $0.root }, "page": { $0.page }])
}

extension SiteBuilder.PageLink: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "number": { $0.number }, "href": { $0.href }, "current": { $0.current },
        "gapBefore": { $0.gapBefore },
    ])
}

extension SiteBuilder.YearLink: TemplateView {
    static let templateKeys = TemplateKeys<Self>(["year": { $0.year }, "count": { $0.count }, "href": { $0.href }])
}

extension SiteBuilder.ResultsYearContext: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "year": { $0.year }, "count": { $0.count }, "cases": { $0.cases }, "rows": { $0.rows }, "pages": { $0.pages },
        "paginated": { $0.paginated },
        "previous": { $0.previous }, "next": { $0.next }, "hasPrevious": { $0.hasPrevious }, "hasNext": { $0.hasNext },
        "pageNumber": { $0.pageNumber }, "pageCount": { $0.pageCount }, "years": { $0.years },
    ])
}

extension SiteBuilder.CertificateView: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "certificateNo": { $0.certificateNo }, "issuedOn": { $0.issuedOn }, "body": { $0.body },
        "bodyHref": { $0.bodyHref },
        "covered": { $0.covered },
    ])
}

extension SiteBuilder.OrganisationContext: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "name": { $0.name }, "formerNames": { $0.formerNames }, "hasFormerNames": { $0.hasFormerNames },
        "codes": { $0.codes },
        "organisation": { $0.organisation }, "nature": { $0.nature }, "cases": { $0.cases }, "rows": { $0.rows },
        "hasCases": { $0.hasCases },
        "certificates": { $0.certificates }, "hasCertificates": { $0.hasCertificates }, "notices": { $0.notices },
        "hasNotices": { $0.hasNotices },
    ])
}

extension SiteBuilder.BodyContext: TemplateView {
    static let templateKeys = TemplateKeys<Self>([
        "body": { $0.body }, "cases": { $0.cases }, "rows": { $0.rows }, "hasCases": { $0.hasCases },
    ])
}

/// Builds the public site from a data set: pages, open data, feed, sitemap, search index (SPEC §5).
///
/// Pure: no clock (the date is `asOf`), no file I/O (templates are given), no dictionary order in the
/// output. Only approved cases are published one by one; every other case counts only in aggregates,
/// unless a published notice names it.
public struct SiteBuilder {
    public let dataset: Dataset
    public let asOf: Day
    let templates: SiteTemplates
    let matching: CertificateMatching
    let bodies: [String: Body]
    let approved: [PublicCase]
    /// Each approved case's row of `case-table` (results and bodies pages, both one level down), rendered
    /// once by `case-row`, in the order of `approved`; and each case's place in it.
    let caseRows: RowStore
    let rowIndexes: [String: Int]
    /// Published notices, newest first, with their annexes.
    let publishedNotices: [PublicNotice]
    /// The cases notices name, by review number.
    let namedCases: [String: Case]
    /// The notices that name each organisation (by code or by one of its cases), in content order.
    let noticesByOrganisation: [String: [Notice]]
    /// Organisations with a page: those with an approved case, and those a published notice names.
    let organisations: [String]
    /// Each organisation's names (newest first) and codes, as its page shows them: made by
    /// `buildOrganisations`, read by the search index.
    var organisationNames: [(organisation: String, names: [String], codes: [String])] = []
    var htmlPages: [String] = []
    /// Pages waiting to be rendered: rendering is pure, so `build` renders them on every core at the end.
    var pending: [PageJob] = []
    /// Other files waiting to be made (open data, search index): made on every core with the pages.
    var pendingFiles: [() -> [(String, [UInt8])]] = []

    struct PageJob {
        let path: String
        let title: String
        let description: String
        let root: String
        let template: String
        let context: PageContext
    }

    /// The templates of a case's rows, both for pages one level down.
    enum RowKind: Int, CaseIterable {
        /// `case-row`: a row of `case-table` (results and bodies pages).
        case caseTable
        /// `organisation-row`: a row of an organisation's page.
        case organisation

        var template: String {
            switch self {
            case .caseTable: "case-row"
            case .organisation: "organisation-row"
            }
        }
    }

    /// A case's row, rendered by its template (inserted as it is: the engine escaped it).
    struct CaseRow: MustacheParent {
        let store: RowStore
        let kind: RowKind
        let index: Int

        func child(named name: String) -> Any? { name == "html" ? store[kind, index] : nil }
    }

    /// Every case's rows, rendered on every core in the background while the pages' contexts are built;
    /// read only once `wait()` has returned (the pages are rendered after it).
    final class RowStore: @unchecked Sendable {
        private let rendering: Background<[[String]]>
        private var html: [[String]] = []

        init(_ cases: [PublicCase], templates: SiteTemplates) {
            nonisolated(unsafe) let cases = cases
            rendering = Background { RowStore.render(cases, templates: templates) }
        }

        func wait() { html = rendering.take() }

        subscript(kind: RowKind, index: Int) -> String { html[kind.rawValue][index] }

        /// Every row of every kind. Rendered through `RowFrames`: what a row template sees is a
        /// `RowContext`, the case's fields and `root`.
        static func render(_ cases: [PublicCase], templates: SiteTemplates) -> [[String]] {
            let names = ["root"] + PublicCase.templateKeys.names
            let frames = RowKind.allCases.map { RowFrames(template: $0.template, names: names, templates: templates) }
            let parts = max(1, min(16, cases.count / 256))
            let rendered = parallelMap(parts) { part in
                stride(from: part, to: cases.count, by: parts).map { index in
                    let context = RowContext(root: "../", item: cases[index])
                    // swift-format-ignore: NeverForceUnwrap
                    // Every name is one of the context's fields.
                    let values = names.map { context.child(named: $0)! }
                    return (index, frames.map { $0.render(values) })
                }
            }
            var html = [[String]](repeating: [String](repeating: "", count: cases.count), count: frames.count)
            for (index, rows) in rendered.joined() {
                for (kind, row) in rows.enumerated() { html[kind][index] = row }
            }
            return html
        }
    }

    /// What `case-row` sees: the case's fields, and `root`.
    struct RowContext: MustacheParent {
        let root: String
        let item: PublicCase

        func child(named name: String) -> Any? { name == "root" ? TemplateText(root) : item.child(named: name) }
    }

    /// The rows of `cases`.
    func rows(_ cases: [PublicCase], _ kind: RowKind = .caseTable) -> [CaseRow] {
        // swift-format-ignore: NeverForceUnwrap
        cases.map { CaseRow(store: caseRows, kind: kind, index: rowIndexes[$0.reviewNo]!) }
    }

    /// Results per page of a year's list.
    static let pageSize = 50

    public init(dataset: Dataset, asOf: Day, templates: SiteTemplates) throws(CalendarError) {
        precondition(dataset.textRetained, "the site needs the data set's text")
        self.dataset = dataset
        self.asOf = asOf
        self.templates = templates
        matching = CertificateMatching(cases: dataset.cases, certificates: dataset.certificates)
        bodies = Dictionary(dataset.bodies.map { ($0.approvalNo, $0) }, uniquingKeysWith: { first, _ in first })
        // The approved cases' views, made on every core in chunks of cases (read in place: a
        // `for item in cases` loop copies each one); the first calendar error in case order is thrown.
        let cases = dataset.cases
        let calendar = dataset.calendar
        let bodies = self.bodies
        let parts = max(1, min(16, cases.count / 2048))
        let chunks = parallelMap(parts) { part -> Result<[(Day, PublicCase)], CalendarError> in
            var views: [(Day, PublicCase)] = []
            let range = (cases.count * part / parts)..<(cases.count * (part + 1) / parts)
            for index in range where cases[index].outcome == .approved {
                do throws(CalendarError) {
                    let filing = try cases[index].filing(asOf: asOf, calendar: calendar)
                    let deadline = try? cases[index].filingDeadline(calendar)
                    if let approvedOn = cases[index].substantiveOn,
                        let view = PublicCase(cases[index], bodies: bodies, filing: filing, deadline: deadline ?? nil)
                    {
                        views.append((approvedOn, view))
                    }
                } catch {
                    return .failure(error)
                }
            }
            return .success(views)
        }
        var approved: [(Day, PublicCase)] = []
        for chunk in chunks { approved += try chunk.get() }
        // Newest first; by review number within a day.
        approved.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.reviewNo > $1.1.reviewNo }
        self.approved = approved.map(\.1)
        caseRows = RowStore(self.approved, templates: templates)
        rowIndexes = Dictionary(
            self.approved.enumerated().map { ($1.reviewNo, $0) }, uniquingKeysWith: { first, _ in first })
        let named = Set(dataset.notices.flatMap(\.reviewNos))
        var namedCases: [String: Case] = [:]
        if !named.isEmpty {
            for index in dataset.cases.indices {
                let reviewNo = dataset.cases[index].reviewNo
                if named.contains(reviewNo) && namedCases[reviewNo] == nil {
                    namedCases[reviewNo] = dataset.cases[index]
                }
            }
        }
        self.namedCases = namedCases
        var noticesByOrganisation: [String: [Notice]] = [:]
        for notice in dataset.notices {
            let named = Set(
                notice.orgCodes.map(\.organisation)
                    + notice.reviewNos.compactMap { namedCases[$0]?.orgCode.organisation })
            for organisation in named { noticesByOrganisation[organisation, default: []].append(notice) }
        }
        self.noticesByOrganisation = noticesByOrganisation
        organisations = Set(self.approved.map(\.organisationKey)).union(noticesByOrganisation.keys).sorted()
        publishedNotices = Self.publicNotices(
            dataset: dataset, matching: matching, bodies: bodies, namedCases: namedCases)
    }

    /// Builds every file into `output`.
    public mutating func build(into output: SiteOutput) throws(SiteBuildError) {
        let (dataset, asOf) = (self.dataset, self.asOf)
        let statistics = Background {
            Result { () throws(CalendarError) in try Self.statistics(dataset: dataset, asOf: asOf) }
        }
        buildHome()
        buildResults()
        buildOrganisations()
        buildBodies()
        buildNotices()
        do { buildStatistics(try statistics.value.get()) } catch { throw .calendar(error) }
        buildPages()
        buildOpenData()
        buildSearch()
        // The 404 page is served at any depth, so its links are absolute.
        page("404.html", title: "页面不存在", template: "not-found", context: Empty(), root: dataset.site.baseURL)
        buildFeedAndSitemap()
        do {
            try renderPending(into: output)
            for (path, bytes) in templates.assets.sorted(by: { $0.key < $1.key }) { try output.put(path, bytes) }
            try output.put(
                SiteWriter.marker,
                Array("This directory is published by isms-review; `isms-review site` replaces it.\n".utf8))
        } catch {
            throw .output("\(error)")
        }
    }

    struct Empty {}

    // MARK: Layout

    /// The main navigation's items: the sections, then the content's pages (href from the site root).
    var navigationItems: [(href: String, text: String)] {
        [
            ("index.html", "首页"), ("results/index.html", "审查结果"), ("bodies/index.html", "认证机构"),
            ("notices/index.html", "通报"), ("stats/index.html", "统计"), ("data/index.html", "开放数据"),
            ("search.html", "检索"),
        ] + dataset.pages.map { (SitePaths.page($0.slug), $0.menu) }
    }

    func navigation(current path: String, root: String) -> [NavItem] {
        navigationItems.map { NavItem(href: root + $0.href, text: $0.text, current: Self.isCurrent($0.href, at: path)) }
    }

    /// Whether the navigation marks `href` as the current page at `path`: it is the page, or the index of
    /// the page's directory (审查结果 on every page of results; not 关于本站 on the procedure's page).
    static func isCurrent(_ href: String, at path: String) -> Bool {
        guard href != path else { return true }
        guard let section = section(href), href.hasSuffix("/index.html") else { return false }
        return section == Self.section(path)
    }

    /// The directory a page is in (`org` for `org/x.html`); `nil` for a page at the top.
    static func section(_ path: String) -> Substring? {
        path.utf8.firstIndex(of: UInt8(ascii: "/")).map { path[..<$0] }
    }

    /// Renders `template` with `context`, inside the layout, at `path`.
    mutating func page(
        _ path: String, title: String, template: String, context: Any, description: String = "", root: String? = nil
    ) {
        let depth = path.split(separator: "/").count - 1
        let root = root ?? String(repeating: "../", count: depth)
        pending.append(
            PageJob(
                path: path, title: title, description: description.isEmpty ? dataset.site.title : description,
                root: root, template: template, context: PageContext(root: root, page: context)))
        htmlPages.append(path)
    }

    /// Makes files (path, text) when the pages are rendered, on whichever core is free.
    mutating func later(_ files: @escaping () -> [(String, [UInt8])]) {
        pendingFiles.append(files)
    }

    /// The layout's values for a page.
    func layoutContext(_ job: PageJob, title: String, description: String, body: String) -> LayoutContext {
        LayoutContext(
            title: title, siteTitle: dataset.site.title, publisher: dataset.site.publisher, root: job.root,
            nav: navigation(current: job.path, root: job.root), body: body, asOf: asOf.description,
            asOfChinese: asOf.chinese, description: description)
    }

    /// Renders every pending page, in batches on all cores; the tree is the same whatever the order.
    ///
    /// The layout is rendered once per frame (see `LayoutFrame`): pages with the same `root` and the same
    /// highlighted navigation item share it.
    mutating func renderPending(into output: SiteOutput) throws {
        caseRows.wait()
        let jobs = pending
        let templates = self.templates
        var frames: [String: LayoutFrame?] = [:]
        var frameKeys: [String] = []
        let items = navigationItems.map(\.href)
        for job in jobs {
            let key = job.root + "\u{0}" + items.filter { Self.isCurrent($0, at: job.path) }.joined(separator: "\u{0}")
            frameKeys.append(key)
            if frames[key] == nil {
                // `.some(nil)` when the layout cannot be framed: its pages are rendered in full.
                frames[key] = .some(
                    LayoutFrame { title, description, body in
                        templates.render(
                            "layout", layoutContext(job, title: title, description: description, body: body))
                    })
            }
        }
        let files = pendingFiles
        let batches = max(1, min(64, jobs.count / 32))
        // The other files first, so that the longest of them does not start last.
        let failures = parallelMap(files.count + batches) { job -> Error? in
            do {
                if job < files.count {
                    for (path, bytes) in files[job]() { try output.put(path, bytes) }
                    return nil
                }
                for index in stride(from: job - files.count, to: jobs.count, by: batches) {
                    let job = jobs[index]
                    let body = templates.render(job.template, job.context)
                    let frame = frames[frameKeys[index]] ?? nil
                    if let page = frame?.fill(title: job.title, description: job.description, body: body) {
                        try output.put(job.path, page)
                    } else {
                        let layout = layoutContext(job, title: job.title, description: job.description, body: body)
                        try output.put(job.path, Array(templates.render("layout", layout).utf8))
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        pending = []
        pendingFiles = []
    }

    /// What a page template sees: `root` for links, and the page's own values under `page`.
    struct PageContext {
        let root: String
        let page: Any
    }

    // MARK: Home

    struct HomeContext {
        let approvedCount: Int
        let organisationCount: Int
        let bodyCount: Int
        let noticeCount: Int
        let onTimeRate: String
        let latestApprovals: [PublicCase]
        let latestFilings: [PublicCase]
        let latestNotices: [PublicNotice]
        let hasNotices: Bool
    }

    mutating func buildHome() {
        let filed = approved.filter { !$0.filedOn.isEmpty }.sorted {
            ($0.filedOn, $0.reviewNo) > ($1.filedOn, $1.reviewNo)
        }
        let judged = approved.filter { ["on-time", "late", "overdue"].contains($0.filingCode) }
        let onTime = judged.filter { $0.filingCode == "on-time" }.count
        let rate = judged.isEmpty ? "—" : String(format: "%.1f%%", Double(onTime) * 100 / Double(judged.count))
        let notices = publishedNotices
        let context = HomeContext(
            approvedCount: approved.count, organisationCount: Set(approved.map(\.organisation)).count,
            bodyCount: dataset.bodies.count, noticeCount: notices.count, onTimeRate: rate,
            latestApprovals: Array(approved.prefix(10)), latestFilings: Array(filed.prefix(10)),
            latestNotices: Array(notices.prefix(5)), hasNotices: !notices.isEmpty)
        page("index.html", title: "首页", template: "home", context: context)
    }

    // MARK: Results by year

    struct YearLink {
        let year: Int
        let count: Int
        let href: String
    }

    /// A numbered link of the pagination. `gapBefore`: pages are left out between it and the previous
    /// link (shown as …; a pagination template that does not know the flag shows the links alone).
    struct PageLink {
        let number: Int
        let href: String
        let current: Bool
        let gapBefore: Bool
    }

    /// The page numbers the pagination shows on page `current` of `count`: the first, the last, and two
    /// either side of the current one; `nil` stands for the pages left out (a single left-out page is
    /// shown instead). A year of 5,000 approvals has 100 pages: listing every one on every page would
    /// make a hundred links wrap over a phone's screen, and cost time quadratic in the pages.
    static func pageWindow(current: Int, count: Int, radius: Int = 2) -> [Int?] {
        guard count > 0 else { return [] }
        let current = min(max(current, 1), count)
        let shown = Set([1, count] + Array(max(1, current - radius)...min(count, current + radius)))
        var window: [Int?] = []
        var previous = 0
        for number in shown.sorted() {
            if number - previous == 2 {
                window.append(previous + 1)
            } else if number - previous > 2 {
                window.append(nil)
            }
            window.append(number)
            previous = number
        }
        return window
    }

    struct ResultsYearContext {
        let year: Int
        let count: Int
        let cases: [PublicCase]
        let rows: [CaseRow]
        let pages: [PageLink]
        let paginated: Bool
        let previous: String
        let next: String
        let hasPrevious: Bool
        let hasNext: Bool
        let pageNumber: Int
        let pageCount: Int
        let years: [YearLink]
    }

    mutating func buildResults() {
        let byYear = Dictionary(grouping: approved, by: \.year)
        let years = byYear.keys.sorted(by: >).map {
            YearLink(year: $0, count: byYear[$0, default: []].count, href: SitePaths.results(year: $0, page: 1))
        }
        struct IndexContext {
            let years: [YearLink]
            let total: Int
            let hasYears: Bool
        }
        page(
            "results/index.html", title: "审查结果", template: "results-index",
            context: IndexContext(years: years, total: approved.count, hasYears: !years.isEmpty))
        for year in years {
            let cases = byYear[year.year, default: []].sorted {
                ($0.approvedOn, $0.reviewNo) < ($1.approvedOn, $1.reviewNo)
            }
            let pageCount = max(1, (cases.count + Self.pageSize - 1) / Self.pageSize)
            for number in 1...pageCount {
                let slice = Array(cases[((number - 1) * Self.pageSize)..<min(cases.count, number * Self.pageSize)])
                let window = Self.pageWindow(current: number, count: pageCount)
                let links = window.indices.compactMap { index in
                    window[index].map {
                        PageLink(
                            number: $0, href: "../" + SitePaths.results(year: year.year, page: $0),
                            current: $0 == number, gapBefore: index > 0 && window[index - 1] == nil)
                    }
                }
                let context = ResultsYearContext(
                    year: year.year, count: cases.count, cases: slice, rows: rows(slice), pages: links,
                    paginated: pageCount > 1,
                    previous: number > 1 ? "../" + SitePaths.results(year: year.year, page: number - 1) : "",
                    next: number < pageCount ? "../" + SitePaths.results(year: year.year, page: number + 1) : "",
                    hasPrevious: number > 1, hasNext: number < pageCount, pageNumber: number, pageCount: pageCount,
                    years: years)
                page(
                    SitePaths.results(year: year.year, page: number), title: "\(year.year)年审查结果",
                    template: "results-year", context: context)
            }
        }
    }

    // MARK: Organisations

    struct CertificateView {
        let certificateNo: String
        let issuedOn: String
        let body: String
        let bodyHref: String
        let covered: Bool
    }

    struct OrganisationContext {
        let name: String
        let formerNames: String
        let hasFormerNames: Bool
        let codes: String
        let organisation: String
        let nature: String
        let cases: [PublicCase]
        /// The cases' rows, by `organisation-row`.
        let rows: [CaseRow]
        let hasCases: Bool
        let certificates: [CertificateView]
        let hasCertificates: Bool
        let notices: [PublicNotice]
        let hasNotices: Bool
    }

    mutating func buildOrganisations() {
        let allNotices = publishedNotices
        let casesByOrganisation = Dictionary(grouping: approved, by: \.organisationKey)
        let certificatesByOrganisation = Dictionary(grouping: dataset.certificates.indices) {
            dataset.certificates[$0].orgCode.organisation
        }
        for organisation in organisations {
            let cases = (casesByOrganisation[organisation] ?? []).sorted {
                ($0.approvedOn, $0.reviewNo) < ($1.approvedOn, $1.reviewNo)
            }
            let naming = noticesByOrganisation[organisation] ?? []
            // Names and codes: from approved cases, else from what the notices name.
            var names = cases.map(\.orgName)
            var codes = cases.map(\.orgCode)
            let unapprovedNotice = naming.contains { $0.ground == .unapproved }
            var certificates: [CertificateView] = []
            for index in certificatesByOrganisation[organisation] ?? [] {
                let certificate = dataset.certificates[index]
                let covered = matching.caseForCertificate[index] != nil
                guard covered || unapprovedNotice else { continue }
                certificates.append(
                    CertificateView(
                        certificateNo: certificate.certificateNo, issuedOn: certificate.issuedOn.description,
                        body: bodies[certificate.bodyApprovalNo]?.name ?? certificate.bodyApprovalNo,
                        bodyHref: SitePaths.body(certificate.bodyApprovalNo), covered: covered))
                if cases.isEmpty {
                    names.append(certificate.orgName)
                    codes.append(certificate.orgCode.text)
                }
            }
            for notice in naming {
                for reviewNo in notice.reviewNos {
                    if let item = namedCases[reviewNo], item.orgCode.organisation == organisation {
                        names.append(item.orgName)
                        codes.append(item.orgCode.text)
                    }
                }
                for code in notice.orgCodes where code.organisation == organisation { codes.append(code.text) }
            }
            certificates.sort { ($0.issuedOn, $0.certificateNo) < ($1.issuedOn, $1.certificateNo) }
            let uniqueNames = names.reversed().map(visible).reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            }
            let name = uniqueNames.first ?? organisation
            let nature = cases.last?.nature ?? ""
            let display = OrgCode.parse(organisation).map(\.text).successValue ?? organisation
            let codeList = ([display] + codes).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            organisationNames.append((organisation, uniqueNames, codeList))
            let noticeViews = allNotices.filter { view in naming.contains { $0.slug == view.slug } }
            let context = OrganisationContext(
                name: name, formerNames: uniqueNames.dropFirst().joined(separator: "、"),
                hasFormerNames: uniqueNames.count > 1, codes: codeList.joined(separator: "、"), organisation: display,
                nature: nature, cases: cases, rows: rows(cases, .organisation), hasCases: !cases.isEmpty,
                certificates: certificates,
                hasCertificates: !certificates.isEmpty, notices: noticeViews, hasNotices: !noticeViews.isEmpty)
            page(
                SitePaths.organisation(organisation), title: name, template: "organisation", context: context,
                description: "\(name)（\(display)）的安全审查结果、认证证书与备案情况")
        }
    }

    // MARK: Bodies

    struct BodyContext {
        let body: PublicBody
        let cases: [PublicCase]
        let rows: [CaseRow]
        let hasCases: Bool
    }

    mutating func buildBodies() {
        var views = dataset.bodies.map(PublicBody.init).sorted { $0.approvalNo < $1.approvalNo }
        let casesByBody = Dictionary(grouping: approved, by: \.bodyNo)
        let certificatesByBody = Dictionary(grouping: dataset.certificates, by: \.bodyApprovalNo)
        for index in views.indices {
            views[index].approvedCases = casesByBody[views[index].approvalNo]?.count ?? 0
            views[index].certificates = certificatesByBody[views[index].approvalNo]?.count ?? 0
        }
        struct IndexContext {
            let bodies: [PublicBody]
        }
        page("bodies/index.html", title: "认证机构", template: "bodies", context: IndexContext(bodies: views))
        for view in views {
            let cases = casesByBody[view.approvalNo] ?? []
            page(
                view.href, title: view.name, template: "body",
                context: BodyContext(body: view, cases: cases, rows: rows(cases), hasCases: !cases.isEmpty))
        }
    }

    // MARK: Notices

    /// Published notices, newest first, with their annexes (made once, in `init`).
    static func publicNotices(
        dataset: Dataset, matching: CertificateMatching, bodies: [String: Body], namedCases: [String: Case]
    ) -> [PublicNotice] {
        let candidates = dataset.noticeCandidates(matching: matching)
        return dataset.notices.sorted { ($0.date, $0.slug) > ($1.date, $1.slug) }.map { notice in
            var rows: [AnnexRow] = []
            func add(_ name: String, _ code: String, _ body: String, _ certificate: String, _ reason: String) {
                let organisation = OrgCode.parse(code).map(\.organisation).successValue
                rows.append(
                    AnnexRow(
                        number: rows.count + 1, orgName: visible(name),
                        href: organisation.map(SitePaths.organisation) ?? "", hasPage: organisation != nil,
                        orgCode: code, body: visible(body), certificateNo: visible(certificate), reason: reason))
            }
            func bodyName(_ number: String) -> String { bodies[number]?.name ?? number }
            for reviewNo in notice.reviewNos {
                guard let item = namedCases[reviewNo] else { continue }
                let reason =
                    notice.ground == .falsified
                    ? "在安全审查过程中弄虚作假、谎报申请材料（审查编号 \(item.reviewNo)）"
                    : "未经工业和信息化部同意自行申请信息安全管理体系认证（审查编号 \(item.reviewNo)）"
                add(item.orgName, item.orgCode.text, bodyName(item.bodyApprovalNo), item.certificateNo ?? "—", reason)
            }
            for code in notice.orgCodes {
                let evidence = candidates.compactMap { candidate -> Certificate? in
                    guard candidate.ground == .unapproved, candidate.organisation == code.organisation,
                        case .uncoveredCertificate(let index) = candidate.evidence
                    else { return nil }
                    let certificate = dataset.certificates[index]
                    return certificate.issuedOn <= notice.date ? certificate : nil
                }
                if notice.ground == .unapproved && !evidence.isEmpty {
                    for certificate in evidence {
                        add(
                            certificate.orgName, code.text, bodyName(certificate.bodyApprovalNo),
                            certificate.certificateNo,
                            "未经工业和信息化部同意，于\(certificate.issuedOn.chinese)取得信息安全管理体系认证证书")
                    }
                } else {
                    let name =
                        dataset.cases.first { $0.orgCode.organisation == code.organisation }?.orgName
                        ?? dataset.certificates.first { $0.orgCode.organisation == code.organisation }?.orgName ?? ""
                    add(name, code.text, "—", "—", notice.ground.label)
                }
            }
            let fullTitle = notice.title + (notice.batch.map { "（\($0)）" } ?? "")
            return PublicNotice(
                slug: notice.slug, title: notice.title, fullTitle: fullTitle, number: notice.number,
                date: notice.date.description, dateChinese: notice.date.chinese, ground: notice.ground.label,
                groundCode: notice.ground.rawValue, href: SitePaths.notice(notice.slug), annex: rows)
        }
    }

    mutating func buildNotices() {
        let notices = publishedNotices
        struct IndexContext {
            let notices: [PublicNotice]
            let hasNotices: Bool
        }
        page(
            "notices/index.html", title: "通报", template: "notices",
            context: IndexContext(notices: notices, hasNotices: !notices.isEmpty))
        struct NoticeContext {
            let notice: PublicNotice
            let markdownHTML: String
            let hasAnnex: Bool
        }
        for view in notices {
            // swift-format-ignore: NeverForceUnwrap
            let notice = dataset.notices.first { $0.slug == view.slug }!
            page(
                view.href, title: view.fullTitle, template: "notice",
                context: NoticeContext(
                    notice: view, markdownHTML: renderMarkdown(notice.body), hasAnnex: !view.annex.isEmpty))
        }
    }

    // MARK: Pages

    mutating func buildPages() {
        struct PageView {
            let title: String
            let markdownHTML: String
        }
        for item in dataset.pages {
            page(
                SitePaths.page(item.slug), title: item.title, template: "page",
                context: PageView(title: item.title, markdownHTML: renderMarkdown(item.body)))
        }
    }
}

extension Result {
    var successValue: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
