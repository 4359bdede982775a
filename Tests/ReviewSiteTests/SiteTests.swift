import Foundation
import ReviewData
import ReviewModel
import ReviewSite
import ReviewTestSupport
import Testing

/// The public site built from `Fixtures/content` (a small content directory with an organisation whose
/// name holds a script tag, a falsified case named by a notice, and a certificate no approval covers).
struct SiteTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let contentPath = here.appendingPathComponent("Fixtures/content").path
    static let asOf = Day("2025-06-30")!

    static func dataset() throws -> Dataset {
        let result = try ContentLoader.load(at: contentPath)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return result.dataset
    }

    static func build() throws -> SiteTree {
        let templates = try SiteTemplates.load(from: Repository.root.appendingPathComponent("site-templates").path)
        return try SitePublisher.build(dataset: try dataset(), asOf: asOf, templates: templates).0
    }

    static func text(_ tree: SiteTree, _ path: String) -> String {
        String(decoding: tree.files[path] ?? [], as: UTF8.self)
    }

    @Test func goldenSiteMatches() throws {
        let tree = try Self.build()
        let golden = Self.here.appendingPathComponent("Golden/site")
        let listing = tree.paths.joined(separator: "\n") + "\n"
        if let failure = Golden.compare(listing, to: Self.here.appendingPathComponent("Golden/site-files.txt")) {
            Issue.record(Comment(rawValue: failure))
        }
        for path in tree.paths where !path.hasPrefix("assets/") {
            if let failure = Golden.compare(Self.text(tree, path), to: golden.appendingPathComponent(path)) {
                Issue.record(Comment(rawValue: failure))
            }
        }
    }

    @Test func buildsAreByteIdentical() throws {
        #expect(try Self.build() == Self.build())
    }

    @Test func everyPageIsChineseAndLinked() throws {
        let tree = try Self.build()
        for path in tree.paths where path.hasSuffix(".html") {
            #expect(Self.text(tree, path).contains("<html lang=\"zh-CN\">"), "\(path)")
        }
        #expect(LinkChecker.check(tree).isEmpty)
    }

    @Test func csvTextIsEscaped() throws {
        let tree = try Self.build()
        for path in tree.paths where path.hasSuffix(".html") || path.hasSuffix(".js") || path.hasSuffix(".xml") {
            let text = Self.text(tree, path)
            #expect(!text.contains("<script>alert"), "raw script in \(path)")
        }
        #expect(Self.text(tree, "index.html").contains("示例甲&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;软件有限公司"))
        // JSON and CSV carry the text as data, escaped for their own syntax.
        #expect(Self.text(tree, "data/results.json").contains(#"示例甲<script>alert(\"x\")</script>软件有限公司"#))
    }

    @Test func markdownIsSafe() throws {
        let html = Self.text(try Self.build(), "notices/2025-01-unapproved.html")
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains(#"<a href="">bad</a>"#))
        #expect(!html.contains("<b>raw</b>"))
    }

    @Test func nothingPrivateIsPublished() throws {
        let tree = try Self.build()
        let dataset = try Self.dataset()
        let everything = tree.paths.map { Self.text(tree, $0) }.joined(separator: "\n")
        for item in dataset.cases {
            for value in [item.contact, item.phone, item.fax, item.email, item.address, item.postcode].compactMap({ $0 }
            ) {
                #expect(!everything.contains(value), "private value '\(value)' of \(item.reviewNo) is published")
            }
        }
    }

    @Test func onlyApprovedCasesOrCasesANoticeNamesArePublished() throws {
        let tree = try Self.build()
        let everything = tree.paths.map { Self.text(tree, $0) }.joined(separator: "\n")
        let dataset = try Self.dataset()
        let named = Set(dataset.notices.flatMap(\.reviewNos))
        let namedOrganisations = Set(dataset.notices.flatMap { $0.orgCodes.map(\.organisation) })
        for item in dataset.cases where !namedOrganisations.contains(item.orgCode.organisation) {
            let published = everything.contains(item.reviewNo)
            if item.outcome == .approved || named.contains(item.reviewNo) {
                #expect(published, "\(item.reviewNo) should be published")
            } else {
                #expect(!published, "\(item.reviewNo) (\(item.outcome.rawValue)) must not be published")
                #expect(!everything.contains(item.orgName) || item.orgName.isEmpty, "\(item.orgName) must not be named")
            }
        }
    }

    @Test func noticeHasItsAnnex() throws {
        let html = Self.text(try Self.build(), "notices/2025-01-unapproved.html")
        #expect(html.contains("关于未经安全审查自行申请信息安全管理体系认证的服务机构的通报（2025年第1批）"))
        #expect(html.contains("工信部协函〔2025〕7号"))
        #expect(
            html.contains(
                "<td class=\"num\">1</td><td><a href=\"../org/123456788.html\">示例乙数据有限公司</a></td>"
                    + "<td class=\"code\">12345678-8</td>"))
        #expect(html.contains("ISMS-2025-0007"))
        #expect(html.contains("未经工业和信息化部同意，于2025年1月15日取得信息安全管理体系认证证书"))
    }

    @Test func openDataIsExcelReadyAndFormulaSafe() throws {
        let csv = Self.text(try Self.build(), "data/results.csv")
        #expect(csv.hasPrefix("\u{FEFF}review_no,org_name,"))
        #expect(csv.contains("\r\n"))
    }

    @Test func brokenLinkIsReportedWithPageAndTarget() {
        var tree = SiteTree()
        tree.files["index.html"] = Array(
            #"<a href="results/index.html">r</a><img src="assets/x.png"><a href="https://x.org/">x</a>"#.utf8)
        tree.files["results/index.html"] = Array(##"<a href="../index.html">home</a><a href="#top">t</a>"##.utf8)
        #expect(LinkChecker.check(tree) == [LinkChecker.BrokenLink(page: "index.html", target: "assets/x.png")])
    }

    /// The search index gives each organisation's names as its page does, the current name first.
    @Test func searchIndexNamesOrganisationsAsTheirPagesDo() throws {
        let tree = try Self.build()
        let script = Self.text(tree, "assets/search-index.js")
        let prefix = "window.ISMS_SEARCH_INDEX = "
        #expect(script.hasPrefix(prefix))
        let json = Data(script.dropFirst(prefix.count).dropLast(2).utf8)
        let entries = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        #expect(!entries.isEmpty)
        for entry in entries {
            let names = try #require(entry["n"] as? [String])
            let page = Self.text(tree, try #require(entry["u"] as? String))
            let escaped = names[0].replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
                of: "<", with: "&lt;"
            )
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
            #expect(page.contains("<h1>\(escaped)</h1>"), "\(names[0])")
        }
    }

    /// A link broken on every page is reported for every page (once each), in page order.
    @Test func aLinkBrokenOnManyPagesIsReportedForEach() {
        var tree = SiteTree()
        let pages = (0..<3000).map { "org/\($0).html" }
        for page in pages {
            tree.files[page] = Array(#"<a href="../gone.html">x</a><a href="../gone.html">y</a>"#.utf8)
        }
        let broken = LinkChecker.check(tree)
        #expect(broken.count == 3000)
        #expect(broken.map(\.page) == pages.sorted())
        #expect(Set(broken.map(\.target)) == ["../gone.html"])
    }

    @Test func failedPublishLeavesTheOldSiteUntouched() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("_site").path
        var good = SiteTree()
        good.files["index.html"] = Array("old".utf8)
        good.files[SiteWriter.marker] = []
        try SiteWriter.publish(good, to: out)
        var bad = SiteTree()
        bad.files["index.html"] = Array("new".utf8)
        bad.files["../escape.html"] = Array("x".utf8)
        #expect(throws: SiteWriter.Failure.self) { try SiteWriter.publish(bad, to: out) }
        #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8) == "old")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("escape.html").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "staging directories left: \(leftovers)")
    }

    @Test func destinationChecksRefuseDangerousDirectories() throws {
        #expect(throws: SiteWriter.Failure.self) {
            try SiteWriter.checkDestination("/", content: "content", force: false)
        }
        #expect(throws: SiteWriter.Failure.self) {
            try SiteWriter.checkDestination(NSHomeDirectory(), content: "content", force: true)
        }
        #expect(throws: SiteWriter.Failure.self) {
            try SiteWriter.checkDestination(Self.contentPath, content: Self.contentPath, force: true)
        }
        let directory = try TemporaryDirectory()
        try directory.write("notes.txt", "mine")
        #expect(throws: SiteWriter.Failure.self) {
            try SiteWriter.checkDestination(directory.path, content: Self.contentPath, force: false)
        }
        try SiteWriter.checkDestination(directory.path, content: Self.contentPath, force: true)
    }
}

/// `PublicCase` gives templates its fields by a hand-written list (for speed): the list must be exactly
/// its stored properties, so a field can neither be missed nor added behind the view model's back.
struct TemplateFieldsTests {
    @Test func publicCaseListsExactlyItsStoredProperties() throws {
        let dataset = try SiteTests.dataset()
        let item = try #require(dataset.cases.first { $0.outcome == .approved })
        let view = try #require(PublicCaseProbe.make(item, dataset: dataset))
        #expect(view.listed == view.reflected)
    }
}
