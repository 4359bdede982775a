import ReviewModel

/// The whole of `isms-review site` below the command line: build in memory, verify, publish.
public enum SitePublisher {
    /// Why a site was not published (nothing was written).
    public enum Failure: Error, CustomStringConvertible {
        case calendar(CalendarError)
        case brokenLinks([LinkChecker.BrokenLink])

        public var description: String {
            switch self {
            case .calendar(let error): "\(error)"
            case .brokenLinks(let links):
                "the site has \(links.count) broken internal link\(links.count == 1 ? "" : "s"):\n"
                    + links.prefix(50).map { "  \($0)" }.joined(separator: "\n")
            }
        }
    }

    /// Builds the tree and verifies its links.
    ///
    /// - Returns: the tree and warnings about defaults used (no site.conf, no pages…).
    public static func build(dataset: Dataset, asOf: Day, templates: SiteTemplates) throws(Failure)
        -> (SiteTree, [String])
    {
        var warnings: [String] = []
        if !dataset.site.configured {
            warnings.append(
                "no site.conf in the content: base URL \(dataset.site.baseURL) and the default title are used")
        }
        if dataset.pages.isEmpty { warnings.append("no pages/*.md: the site has no procedure, form or about page") }
        if dataset.notices.isEmpty { warnings.append("no notices/*.md: the 通报 list is empty") }
        let tree: SiteTree
        do {
            var builder = try SiteBuilder(dataset: dataset, asOf: asOf, templates: templates)
            tree = try builder.build()
        } catch {
            throw .calendar(error)
        }
        let broken = LinkChecker.check(tree)
        guard broken.isEmpty else { throw .brokenLinks(broken) }
        return (tree, warnings)
    }
}
