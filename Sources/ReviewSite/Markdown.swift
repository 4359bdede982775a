import CCmark
import Foundation

/// The cmark options the site renders with: `CMARK_OPT_DEFAULT` plus smart punctuation off and
/// nothing else.
///
/// `CMARK_OPT_UNSAFE` is deliberately absent: without it cmark replaces raw HTML with
/// `<!-- raw HTML omitted -->` and empties links whose URL is `javascript:`, `vbscript:`, `file:` or
/// a non-image `data:` — so a notice or page cannot inject script into the public site, whoever wrote it.
private let renderOptions: Int32 = CMARK_OPT_DEFAULT

/// Renders CommonMark to an HTML fragment with libcmark — the only place the program touches cmark.
///
/// - Parameter markdown: the text of a notice or page (UTF-8).
/// - Returns: HTML, safe to insert into a page (see `renderOptions`).
public func renderMarkdown(_ markdown: String) -> String {
    var source = markdown
    return source.withUTF8 { bytes -> String in
        guard let base = bytes.baseAddress,
            let html = base.withMemoryRebound(
                to: CChar.self, capacity: bytes.count,
                {
                    cmark_markdown_to_html($0, bytes.count, renderOptions)
                })
        else { return "" }
        defer { free(html) }
        return String(cString: html)
    }
}

/// The libcmark version the site is rendered with, e.g. `0.30.2`.
public var cmarkVersion: String { String(cString: cmark_version_string()) }
