import ReviewModel

/// A slug is a file name without `.md` made of ASCII letters, digits, `-` and `_`: safe in a URL and as a
/// path on the site.
func isValidSlug(_ slug: String) -> Bool {
    !slug.isEmpty && slug.utf8.count <= 64 && !slug.hasPrefix("-")
        && slug.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F
        }
}

/// Front-matter keys of a 通报 notice.
let noticeKeys = ["title", "batch", "number", "date", "ground", "org_codes", "review_nos"]

/// Decodes `notices/<slug>.md`: title, 批次, 文号, date, ground and the cases or codes it names.
///
/// - Returns: the notice, and the lines of its `review_nos` and `org_codes` keys (for the checks
///   that resolve them once the data is loaded).
func decodeNotice(
    slug: String, text: String, path: String, exceptions: Set<String>, sink: inout DiagnosticSink
) -> (Notice, (reviewNos: Int, orgCodes: Int))? {
    guard let matter = FrontMatter.parse(text, allowedKeys: noticeKeys, sink: &sink) else { return nil }
    let errorsBefore = sink.errorCount
    func required(_ key: String, _ what: String) -> String? {
        guard let value = matter.value(key) else {
            sink.error(matter.fields[key]?.line ?? 1, 1, "front matter '\(key)' (\(what)) is required")
            return nil
        }
        return value
    }
    let title = required("title", "标题")
    let number = required("number", "文号, e.g. 工信部协函〔2024〕12号")
    var date: Day?
    if let text = required("date", "YYYY-MM-DD") {
        date = Day(text)
        if date == nil { sink.error(matter.line("date"), 1, "date \(Day.invalid(text))") }
    }
    var ground: NoticeGround?
    if let text = required("ground", NoticeGround.codeList) {
        ground = NoticeGround(labelOrCode: text)
        if ground == nil {
            sink.error(
                matter.line("ground"), 1,
                "ground '\(text)' is not one of unapproved (未经同意自行申请认证), falsified (弄虚作假、谎报申请材料) — art. 十二")
        }
    }
    var codes: [OrgCode] = []
    for text in matter.list("org_codes") {
        switch OrgCode.parse(text, exceptions: exceptions) {
        case .success(let code): codes.append(code)
        case .failure(let error): sink.error(matter.line("org_codes"), 1, "org_codes: '\(text)' \(error)")
        }
    }
    let reviewNos = matter.list("review_nos")
    if codes.isEmpty && reviewNos.isEmpty && matter.value("org_codes") == nil {
        sink.warning(1, 1, "the notice names no organisation: give org_codes or review_nos, so its annex can be built")
    }
    guard sink.errorCount == errorsBefore, let title, let number, let date, let ground else { return nil }
    let notice = Notice(
        slug: slug, title: title, batch: matter.value("batch"), number: number, date: date, ground: ground,
        orgCodes: codes, reviewNos: reviewNos, body: matter.body, location: SourceLocation(path: path, line: 1))
    return (notice, (matter.line("review_nos"), matter.line("org_codes")))
}

/// Front-matter keys of a page.
let pageKeys = ["title", "menu", "order"]

/// Decodes `pages/<slug>.md`.
func decodePage(slug: String, text: String, path: String, sink: inout DiagnosticSink) -> Page? {
    guard let matter = FrontMatter.parse(text, allowedKeys: pageKeys, sink: &sink) else { return nil }
    guard let title = matter.value("title") else {
        sink.error(1, 1, "front matter 'title' is required")
        return nil
    }
    var order: Int?
    if let text = matter.value("order") {
        order = Int(text)
        if order == nil {
            sink.error(matter.line("order"), 1, "order '\(text)' is not a whole number")
            return nil
        }
    }
    return Page(
        slug: slug, title: title, menu: matter.value("menu"), order: order, body: matter.body,
        location: SourceLocation(path: path, line: 1))
}

/// Keys of `site.conf`.
let siteKeys = ["base_url", "title", "publisher", "encoding"]

/// Decodes `site.conf`: `key: value` lines (the front-matter syntax without the `---` lines).
func decodeSiteSettings(text: String, sink: inout DiagnosticSink) -> SiteSettings {
    guard let matter = FrontMatter.parse("---\n" + text + "\n---\n", allowedKeys: siteKeys, lineOffset: -1, sink: &sink)
    else {
        return SiteSettings()
    }
    var settings = SiteSettings(configured: true)
    if let url = matter.value("base_url") {
        if url.hasPrefix("https://") || url.hasPrefix("http://") {
            settings = SiteSettings(
                baseURL: url, title: settings.title, publisher: settings.publisher, configured: true)
        } else {
            sink.error(matter.line("base_url"), 1, "base_url '\(url)' must be an absolute http(s) URL")
        }
    }
    if let title = matter.value("title") { settings.title = title }
    if let publisher = matter.value("publisher") { settings.publisher = publisher }
    if let encoding = matter.value("encoding") {
        if ContentEncoding(rawValue: encoding.lowercased()) != nil {
            settings.encoding = encoding.lowercased()
        } else {
            sink.error(
                matter.line("encoding"), 1,
                "encoding '\(encoding)' is not one of \(ContentEncoding.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }
    return settings
}
