import Foundation
import Testing

@testable import ReviewSite

/// A row made from its shape's frame must be the bytes the engine renders for it; a template for which
/// that cannot be known is rendered in full.
struct RowFramesTests {
    static let names = ["root", "reviewNo", "orgName", "orgHref", "hasCertificate", "certificateNo", "year"]

    static func values(_ orgName: String, certificate: String?, year: Int = 2024) -> [Any] {
        [
            TemplateText("../"), TemplateText("GXSC-2024-001"), TemplateText(orgName), TemplateText("org/1.html"),
            certificate != nil, TemplateText(certificate ?? ""), year,
        ]
    }

    static var rows: [[Any]] {
        [
            values("甲公司", certificate: "CN-1"),
            values("<script>alert(\"x\")</script> & 'y'", certificate: "CN-2"),
            values("乙公司", certificate: nil),
            values("", certificate: nil, year: 2019),
            values("丙\u{202E}公司", certificate: "<b>", year: 2019),
        ]
    }

    func frames(_ template: String) throws -> (RowFrames, TemporaryDirectoryHolder) {
        let (templates, directory) = try LayoutFrameTests.templates(["case-row.mustache": template])
        return (
            RowFrames(template: "case-row", names: Self.names, templates: templates),
            TemporaryDirectoryHolder(directory)
        )
    }

    @Test func theSiteRowTemplatesAreFramedAndGiveTheSameBytes() throws {
        let (templates, directory) = try LayoutFrameTests.templates([:])
        defer { withExtendedLifetime(directory) {} }
        for template in ["case-row", "organisation-row"] {
            let names = ["root"] + PublicCase.templateKeys.names
            let frames = RowFrames(template: template, names: names, templates: templates)
            for row in Self.rows {
                // The site's rows have every field of a case; those not given here are empty.
                let values = names.map { name in Self.names.firstIndex(of: name).map { row[$0] } ?? TemplateText("") }
                #expect(frames.render(values) == frames.renderInFull(values))
            }
            #expect(frames.framedShapes > 0)
        }
    }

    @Test func rowsOfEveryShapeGiveTheEnginesBytes() throws {
        let template = """
            <tr><td>{{reviewNo}}</td><td><a href="{{root}}{{orgHref}}">{{orgName}}</a></td>\
            {{#hasCertificate}}<td>{{certificateNo}}</td>{{/hasCertificate}}{{^hasCertificate}}<td>—</td>{{/hasCertificate}}\
            <td>{{year}}</td><td>{{{orgName}}}</td></tr>

            """
        let (frames, holder) = try frames(template)
        defer { withExtendedLifetime(holder) {} }
        for row in Self.rows { #expect(frames.render(row) == frames.renderInFull(row)) }
        #expect(frames.framedShapes == 4)
    }

    @Test func aTemplateThatTransformsATextIsRenderedInFull() throws {
        let (frames, holder) = try frames("<td>{{uppercased(reviewNo)}}</td><td>{{orgName}}</td>\n")
        defer { withExtendedLifetime(holder) {} }
        for row in Self.rows { #expect(frames.render(row) == frames.renderInFull(row)) }
        #expect(frames.framedShapes == 0)
    }

    @Test func aTemplateThatIndentsAPartialIsRenderedInFull() throws {
        let (templates, directory) = try LayoutFrameTests.templates([
            "case-row.mustache": "<tr>\n  {{> cell}}\n</tr>\n", "cell.mustache": "<td>{{orgName}}</td>\n",
        ])
        defer { withExtendedLifetime(directory) {} }
        let frames = RowFrames(template: "case-row", names: Self.names, templates: templates)
        let row = Self.values("多行\n名称", certificate: nil)
        #expect(frames.render(row) == frames.renderInFull(row))
    }

    @Test func aRowWithAListIsRenderedInFull() throws {
        let (frames, holder) = try frames("{{#orgName}}{{.}}{{/orgName}}\n")
        defer { withExtendedLifetime(holder) {} }
        var row = Self.values("甲", certificate: nil)
        row[2] = [TemplateText("a"), TemplateText("b")]
        #expect(RowFrames.shape(row) == nil)
        #expect(frames.render(row) == "ab\n")
    }
}

/// Keeps a test's temporary directory until the test ends.
struct TemporaryDirectoryHolder {
    let directory: Any
    init(_ directory: Any) { self.directory = directory }
}
