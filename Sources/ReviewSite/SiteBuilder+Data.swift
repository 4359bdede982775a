import Foundation
import ReviewModel
import ReviewQuery

extension SiteBuilder {
    // MARK: Statistics

    struct Bar {
        let label: String
        let count: Int
        let y: Int
        let textY: Int
        let width: Int
        let labelEnd: Int
        let barX: Int
        let countX: Int
    }

    struct Chart {
        let title: String
        let height: Int
        let viewWidth: Int
        let bars: [Bar]
    }

    struct StatRow {
        let label: String
        let count: Int
    }

    struct StatSection {
        let id: String
        let title: String
        let totalLabel: String
        let note: String
        let hasNote: Bool
        let rows: [StatRow]
        let total: Int
        let chart: Chart
    }

    struct CrossTab {
        let id: String
        let title: String
        let corner: String
        let note: String
        let columns: [String]
        let rows: [CrossRow]
        let totals: [Int]
        let total: Int
    }

    struct CrossRow {
        let label: String
        let cells: [Int]
        let total: Int
    }

    struct StatsContext {
        let sections: [StatSection]
        let crossTabs: [CrossTab]
        let asOf: String
        let asOfChinese: String
        let totalCases: Int
    }

    /// A horizontal bar chart drawn at build time; the numbers are also in the table beside it.
    static func chart(title: String, rows: [StatRow]) -> Chart {
        let maximum = max(1, rows.map(\.count).max() ?? 1)
        // 7 units per display column of a 14-unit font: wide enough for the longest label.
        let labelWidth = min(300, max(80, (rows.map { displayWidth($0.label) }.max() ?? 8) * 7 + 16))
        let barSpace = 360
        let bars = rows.enumerated().map { index, row in
            let width = max(row.count > 0 ? 2 : 0, row.count * barSpace / maximum)
            return Bar(
                label: row.label, count: row.count, y: 8 + index * 28, textY: 8 + index * 28 + 15, width: width,
                labelEnd: labelWidth - 8, barX: labelWidth, countX: labelWidth + width + 6)
        }
        return Chart(title: title, height: 16 + rows.count * 28, viewWidth: labelWidth + barSpace + 60, bars: bars)
    }

    /// The statistics page's tables and charts, computed by the query engine (pure: `build` computes
    /// them on another core while it makes the other pages' contexts).
    static func statistics(dataset: Dataset, asOf: Day) throws(CalendarError) -> StatsContext {
        let aggregator = Aggregator(dataset: dataset)
        let approvedOnly = [ResolvedFilter.dimension(.outcome, [Outcome.approved.order], negated: false)]
        func section(
            _ id: String, _ title: String, _ dimension: ReviewQuery.Dimension, filters: [ResolvedFilter] = [],
            note: String = ""
        )
            throws(CalendarError) -> StatSection
        {
            let result = try aggregator.run(Query(dimensions: [dimension], filters: filters, asOf: asOf))
            let rows = result.rows.map { StatRow(label: result.vocabulary.shortLabel($0.values[0]), count: $0.count) }
            return StatSection(
                id: id, title: title, totalLabel: dimension == .serviceType ? "申请数（不重复）" : "合计", note: note,
                hasNote: !note.isEmpty, rows: rows, total: result.totalCases,
                chart: Self.chart(title: title, rows: rows))
        }
        func crossTab(
            _ id: String, _ title: String, _ first: ReviewQuery.Dimension, _ second: ReviewQuery.Dimension,
            filters: [ResolvedFilter] = [], note: String = ""
        )
            throws(CalendarError) -> CrossTab
        {
            let result = try aggregator.run(Query(dimensions: [first, second], filters: filters, asOf: asOf))
            let down = result.margins[0].keys.sorted()
            let across = result.margins[1].keys.sorted()
            var cells: [DimensionValue: [DimensionValue: Int]] = [:]
            for row in result.rows { cells[row.values[0], default: [:]][row.values[1]] = row.count }
            return CrossTab(
                id: id, title: title, corner: "\(first.label) \\ \(second.label)", note: note,
                columns: across.map(result.vocabulary.shortLabel),
                rows: down.map { value in
                    CrossRow(
                        label: result.vocabulary.shortLabel(value), cells: across.map { cells[value]?[$0] ?? 0 },
                        total: result.margins[0][value] ?? 0)
                },
                totals: across.map { result.margins[1][$0] ?? 0 }, total: result.totalCases)
        }
        let sections = [
            try section("outcome", "按审查结果", .outcome, note: "全部申请，含未获同意的申请（仅计数）。"),
            try section("nature", "按机构性质", .nature),
            try section("service-type", "按服务类型", .serviceType, note: "一个申请在其申报的每种服务类型下各计一次；合计为申请数。"),
            try section(
                "filing", "按备案状态（审查同意的申请）", .filing, filters: approvedOnly, note: "截至 \(asOf)；获证后 30 个工作日内备案为按期（第十一条）。"),
            try section("year", "按提交年度", .year),
        ]
        let crossTabs = [
            try crossTab("nature-outcome", "机构性质 × 审查结果", .nature, .outcome),
            try crossTab("filing-year", "备案状态 × 提交年度（审查同意的申请）", .year, .filing, filters: approvedOnly),
        ]
        return StatsContext(
            sections: sections, crossTabs: crossTabs, asOf: asOf.description, asOfChinese: asOf.chinese,
            totalCases: dataset.cases.count)
    }

    mutating func buildStatistics(_ context: StatsContext) {
        page("stats/index.html", title: "统计", template: "stats", context: context)
    }

    // MARK: Open data

    /// Columns of `data/results.csv` and `results.json`: public fields of approved cases only.
    static let openDataColumns = [
        "review_no", "org_name", "org_code", "organisation_code", "nature", "service_types", "body_approval_no",
        "body_name", "kind", "approved_on", "certificate_no", "certified_on", "filing_deadline", "filed_on",
        "filing_status",
    ]

    static func openDataValues(_ item: PublicCase) -> [String] {
        [
            item.reviewNo, item.orgName, item.orgCode, item.organisation, item.nature, item.serviceTypeCodes,
            item.bodyNo, item.bodyName, item.kind, item.approvedOn, item.certificateNo, item.certifiedOn,
            item.deadline, item.filedOn, item.filingCode,
        ]
    }

    mutating func buildOpenData() {
        let ordered = approved.sorted { ($0.approvedOn, $0.reviewNo) < ($1.approvedOn, $1.reviewNo) }
        let notices = publishedNotices
        let asOf = self.asOf
        let base = dataset.site.baseURL
        later {
            var csv = Array(CSVCell.byteOrderMark.utf8)
            CSVCell.record(Self.openDataColumns, to: &csv)
            for item in ordered { CSVCell.record(Self.openDataValues(item), to: &csv) }
            return [("data/results.csv", csv)]
        }
        later {
            // {"as_of":…,"cases":[{column:value,…},…]}, written as it goes (as JSONValue would write it).
            let names = Self.openDataColumns.map { name in
                var key: [UInt8] = []
                JSONValue.writeString(name, to: &key)
                return key + [UInt8(ascii: ":")]
            }
            var json = Array("{\"as_of\":".utf8)
            JSONValue.writeString(asOf.description, to: &json)
            json += ",\"cases\":[".utf8
            for (index, item) in ordered.enumerated() {
                json += (index == 0 ? "{" : ",{").utf8
                for (column, value) in Self.openDataValues(item).enumerated() {
                    if column > 0 { json.append(UInt8(ascii: ",")) }
                    json += names[column]
                    JSONValue.writeString(value, to: &json)
                }
                json.append(UInt8(ascii: "}"))
            }
            json += "]}\n".utf8
            return [("data/results.json", json)]
        }
        later {
            let views = notices.map { notice in
                JSONValue.object([
                    ("slug", .string(notice.slug)), ("title", .string(notice.fullTitle)),
                    ("number", .string(notice.number)),
                    ("date", .string(notice.date)), ("ground", .string(notice.groundCode)),
                    ("url", .string(base + notice.href)),
                    (
                        "annex",
                        .array(
                            notice.annex.map { row in
                                .object([
                                    ("org_name", .string(row.orgName)), ("org_code", .string(row.orgCode)),
                                    ("body", .string(row.body)), ("certificate_no", .string(row.certificateNo)),
                                    ("reason", .string(row.reason)),
                                ])
                            })
                    ),
                ])
            }
            return [("data/notices.json", JSONValue.object([("notices", .array(views))]).utf8() + "\n".utf8)]
        }
        struct DataContext {
            let columns: [String]
            let count: Int
            let asOf: String
            let asOfChinese: String
        }
        page(
            "data/index.html", title: "开放数据", template: "data",
            context: DataContext(
                columns: Self.openDataColumns, count: approved.count, asOf: asOf.description,
                asOfChinese: asOf.chinese))
    }

    // MARK: Search

    /// `assets/search-index.js`: one entry per published organisation (names, codes, page), loaded by
    /// `search.html` with a script tag so that search works from a file:// copy too.
    mutating func buildSearch() {
        let builder = self
        later { [("assets/search-index.js", builder.searchIndex())] }
        page("search.html", title: "检索", template: "search", context: Empty())
    }

    /// The search index's script: each organisation's names and codes as its page shows them (made by
    /// `buildOrganisations`, which runs first).
    func searchIndex() -> [UInt8] {
        let entries = organisationNames.map { organisation, names, codes in
            JSONValue.object([
                ("n", .array(names.map(JSONValue.string))), ("c", .array(codes.map(JSONValue.string))),
                ("u", .string(SitePaths.organisation(organisation))),
            ])
        }
        // `<` written as \u003c: no name can close a script element, however the file is included.
        return Array("window.ISMS_SEARCH_INDEX = ".utf8) + JSONValue.array(entries).utf8(escapingLessThan: true)
            + ";\n".utf8
    }

    // MARK: Feed and sitemap

    mutating func buildFeedAndSitemap() {
        let builder = self
        later { builder.feedAndSitemap() }
    }

    /// `feed.xml`, `sitemap.xml` and `robots.txt`.
    func feedAndSitemap() -> [(String, [UInt8])] {
        let base = dataset.site.baseURL
        struct Entry {
            let date: String
            let title: String
            let path: String
            let summary: String
        }
        var entries = publishedNotices.map {
            Entry(date: $0.date, title: $0.fullTitle, path: $0.href, summary: "\($0.number) \($0.ground)")
        }
        // The newest 50 approvals, and any approved on the same day as the 50th (`approved` is newest
        // first): the others cannot be among the feed's 50 entries.
        let cutoff = approved.count > 50 ? approved[49].approvedOn : ""
        entries += approved.prefix { $0.approvedOn >= cutoff }.map {
            Entry(
                date: $0.approvedOn, title: "审查同意：\($0.orgName)（\($0.reviewNo)）", path: $0.orgHref,
                summary: "\($0.orgName)（\($0.orgCode)）申请\($0.kind)的安全审查获同意，认证机构 \($0.bodyName)。")
        }
        entries.sort { ($0.date, $0.path, $0.title) > ($1.date, $1.path, $1.title) }
        entries = Array(entries.prefix(50))
        let updated = (entries.first?.date ?? asOf.description) + "T00:00:00+08:00"
        var feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
              <title>\(xmlEscape(dataset.site.title))</title>
              <id>\(xmlEscape(base))</id>
              <link href="\(xmlEscape(base))"/>
              <link rel="self" href="\(xmlEscape(base))feed.xml"/>
              <updated>\(updated)</updated>
              <author><name>\(xmlEscape(dataset.site.publisher))</name></author>

            """
        for entry in entries {
            feed += """
                  <entry>
                    <title>\(xmlEscape(entry.title))</title>
                    <id>\(xmlEscape(base + entry.path))#\(entry.date)</id>
                    <link href="\(xmlEscape(base + entry.path))"/>
                    <updated>\(entry.date)T00:00:00+08:00</updated>
                    <summary>\(xmlEscape(entry.summary))</summary>
                  </entry>

                """
        }
        feed += "</feed>\n"
        var sitemap = Array(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                .utf8)
        let location = Array("  <url><loc>\(xmlEscape(base))".utf8)
        for path in htmlPages.sorted() where path != "404.html" {
            sitemap += location
            sitemap += xmlEscape(path).utf8
            sitemap += "</loc></url>\n".utf8
        }
        sitemap += "</urlset>\n".utf8
        return [
            ("feed.xml", Array(feed.utf8)), ("sitemap.xml", sitemap),
            ("robots.txt", Array("User-agent: *\nAllow: /\nSitemap: \(base)sitemap.xml\n".utf8)),
        ]
    }
}

/// Escapes text for XML content and attributes.
func xmlEscape(_ text: String) -> String {
    // Most text (paths, dates) has nothing to escape.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
        return text
    }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default:
            // Control characters other than tab and line feed are not allowed in XML 1.0.
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" { continue }
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
