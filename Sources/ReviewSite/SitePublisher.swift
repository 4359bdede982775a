import ReviewModel

/// The whole of `isms-review site` below the command line: build in memory, verify, publish.
public enum SitePublisher {
    /// Why a site was not published (nothing was written).
    public enum Failure: Error, CustomStringConvertible {
        case calendar(CalendarError)
        case brokenLinks([LinkChecker.BrokenLink])
        case output(String)

        public var description: String {
            switch self {
            case .calendar(let error): "\(error)"
            case .output(let message): message
            case .brokenLinks(let links):
                "the site has \(links.count) broken internal link\(links.count == 1 ? "" : "s"):\n"
                    + links.prefix(50).map { "  \($0)" }.joined(separator: "\n")
            }
        }
    }

    /// Builds the site in memory and verifies its links.
    ///
    /// - Returns: the tree and warnings about defaults used (no site.conf, no pages…).
    public static func build(dataset: Dataset, asOf: Day, templates: SiteTemplates) throws(Failure)
        -> (SiteTree, [String])
    {
        let output = SiteOutput()
        try build(dataset: dataset, asOf: asOf, templates: templates, into: output)
        return (output.files, warnings(for: dataset))
    }

    /// What `publish` did.
    public struct Published: Sendable {
        public var pages: Int
        public var files: Int
    }

    /// The defaults a build of `dataset` uses (no site.conf, no pages, no notices), as warnings.
    public static func warnings(for dataset: Dataset) -> [String] {
        var warnings: [String] = []
        if !dataset.site.configured {
            warnings.append(
                "no site.conf in the content: base URL \(dataset.site.baseURL) and the default title are used")
        }
        if dataset.pages.isEmpty { warnings.append("no pages/*.md: the site has no procedure, form or about page") }
        if dataset.notices.isEmpty { warnings.append("no notices/*.md: the 通报 list is empty") }
        return warnings
    }

    /// Builds the site straight into a staging directory beside `directory`, verifies its links, and
    /// swaps it into place. Pages are not kept in memory once written. On any failure the staging
    /// directory is removed and the published site is left as it was.
    public static func publish(dataset: Dataset, asOf: Day, templates: SiteTemplates, to directory: String) throws
        -> Published
    {
        let staging = try SiteWriter.Staging(directory)
        do {
            let output = SiteOutput(writingInto: staging.directory)
            try build(dataset: dataset, asOf: asOf, templates: templates, into: output)
            try staging.commit()
            let paths = output.paths
            return Published(pages: paths.count { $0.hasSuffix(".html") }, files: paths.count)
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// Builds into `output` and verifies the links.
    static func build(dataset: Dataset, asOf: Day, templates: SiteTemplates, into output: SiteOutput) throws(Failure) {
        do {
            var builder = try SiteBuilder(dataset: dataset, asOf: asOf, templates: templates)
            try builder.build(into: output)
        } catch let error as CalendarError {
            throw .calendar(error)
        } catch let error as SiteBuildError {
            switch error {
            case .calendar(let error): throw .calendar(error)
            case .output(let message): throw .output(message)
            }
        } catch {
            throw .output("\(error)")
        }
        let broken = output.brokenLinks()
        guard broken.isEmpty else { throw .brokenLinks(broken) }
    }
}
