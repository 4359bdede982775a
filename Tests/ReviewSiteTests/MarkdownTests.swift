import ReviewSite
import Testing

/// cmark's safe defaults (no `CMARK_OPT_UNSAFE`), pinned against libcmark 0.30.
struct MarkdownTests {
    @Test func rawHTMLIsOmitted() {
        let html = renderMarkdown("before\n\n<script>alert(1)</script>\n\n<b>bold</b> text")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test func javascriptLinksAreEmptied() {
        let html = renderMarkdown("[click](javascript:alert(1)) and [ok](https://www.miit.gov.cn/)")
        #expect(html.contains(#"<a href="">click</a>"#))
        #expect(html.contains(#"<a href="https://www.miit.gov.cn/">ok</a>"#))
    }

    @Test func chineseTextAndEmphasisRender() {
        #expect(renderMarkdown("各有关单位：\n\n**通报**") == "<p>各有关单位：</p>\n<p><strong>通报</strong></p>\n")
    }

    @Test func textIsEscaped() {
        #expect(renderMarkdown("a < b & \"c\"") == "<p>a &lt; b &amp; &quot;c&quot;</p>\n")
    }

    @Test func cmarkVersionIsKnown() {
        #expect(cmarkVersion.hasPrefix("0."))
    }
}
