import Foundation
import ReviewTestSupport
import Testing

@testable import ReviewSite

/// The layout is rendered once per frame and the page's title, description and body put in after:
/// that must give the bytes rendering the layout for the page gives, and a layout for which it would
/// not must be rendered in full.
struct LayoutFrameTests {
    /// The site's templates with `layout.mustache` (and any other file) replaced.
    static func templates(_ files: [String: String]) throws -> (SiteTemplates, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let copy = directory.url.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("site-templates"), to: copy)
        for (name, text) in files { try directory.write("templates/" + name, text) }
        return (try SiteTemplates.load(from: copy.path), directory)
    }

    static func render(_ templates: SiteTemplates, title: String, description: String, body: String) -> String {
        let nav = [NavItem(href: "../index.html", text: "首页", current: false)]
        return templates.render(
            "layout",
            LayoutContext(
                title: title, siteTitle: "站点", publisher: "发布者", root: "../", nav: nav, body: body,
                asOf: "2026-11-24", asOfChinese: "2026年11月24日", description: description))
    }

    static func frame(_ templates: SiteTemplates) -> LayoutFrame? {
        LayoutFrame { render(templates, title: $0, description: $1, body: $2) }
    }

    @Test func theSiteLayoutIsFramedAndGivesTheSameBytes() throws {
        let (templates, directory) = try Self.templates([:])
        defer { withExtendedLifetime(directory) {} }
        let frame = try #require(Self.frame(templates))
        for (title, description, body) in [
            ("<script>alert(\"x\")</script> & 'y'", "说明", "<h1>正文</h1>\n<p>两行</p>\n"),
            ("甲", "乙 & 丙", "no final line feed"),
        ] {
            let expected = Array(Self.render(templates, title: title, description: description, body: body).utf8)
            #expect(frame.fill(title: title, description: description, body: body) == expected)
        }
        #expect(frame.fill(title: "", description: "d", body: "b") == nil)
    }

    @Test func aLayoutThatTransformsAValueIsNotFramed() throws {
        let layout = "<title>{{uppercased(title)}}</title>\n{{{body}}}\n<p>{{description}}</p>\n"
        let (templates, directory) = try Self.templates(["layout.mustache": layout])
        defer { withExtendedLifetime(directory) {} }
        #expect(Self.frame(templates) == nil)
    }

    @Test func aLayoutThatMeasuresAValueIsNotFramed() throws {
        let layout = "<title>{{title}}</title>{{#description}}<meta>{{/description}}{{{body}}}<p>{{count(title)}}</p>\n"
        let (templates, directory) = try Self.templates(["layout.mustache": layout])
        defer { withExtendedLifetime(directory) {} }
        let frame = Self.frame(templates)
        // Framed only if the output does not depend on the values (then it gives the same bytes).
        if let frame {
            let expected = Array(Self.render(templates, title: "标题", description: "d", body: "b\n").utf8)
            #expect(frame.fill(title: "标题", description: "d", body: "b\n") == expected)
        }
    }

    @Test func aLayoutWithAnIndentedPartialIsNotFramed() throws {
        let (templates, directory) = try Self.templates([
            "layout.mustache": "<title>{{title}}</title>\n<div>\n  {{> main}}\n</div>\n",
            "main.mustache": "<main>\n{{{body}}}\n</main>\n",
        ])
        defer { withExtendedLifetime(directory) {} }
        #expect(Self.frame(templates) == nil)
    }
}

extension LayoutFrame: Equatable {
    public static func == (lhs: LayoutFrame, rhs: LayoutFrame) -> Bool { lhs.pieces == rhs.pieces }
}
