import ArgumentParser
import Foundation
import ReviewData
import ReviewModel
import ReviewSite

struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content, then build the public site into a directory, atomically.",
        discussion: """
            Builds the whole site in memory from the content and the templates (site-templates/), checks \
            that every internal link resolves, writes it beside --out and swaps it into place: readers see \
            the old site or the new one, and a build that fails for any reason leaves the published site \
            as it was. The same content and --as-of give a byte-identical site.

            Published: approved cases, their organisations, certificates and filing status; certification \
            bodies; 通报 notices; statistics; open data (data/results.csv, results.json, notices.json); \
            feed.xml, sitemap.xml, robots.txt; a search page. Never published: contact, phone, fax, e-mail, \
            address, postcode, or any detail of a case that is not approved (it counts only in the \
            statistics, unless a published notice names it).

            --out refuses /, the home directory, the content directory, and a non-empty directory that \
            a previous build did not write (it has no .isms-review-site file), unless --force.

            Examples:
              isms-review site
              isms-review site --out /srv/www/isms --as-of 2026-11-30
            """
    )

    @OptionGroup var options: ContentOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Where to publish the site.", valueName: "DIR"))
    var out: String = "_site"

    @Option(
        help: ArgumentHelp(
            "The site templates and assets (default: site-templates/ in the current directory, beside the "
                + "content directory, or beside the program's build directory).", valueName: "DIR"))
    var templates: String?

    /// `--templates`, else the first `site-templates` found: here, beside the content directory, or in
    /// the repository the program was built in (`.build/<config>/isms-review` → `../../site-templates`).
    func templatesDirectory() throws -> String {
        if let templates { return templates }
        let program = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [
            "site-templates",
            URL(fileURLWithPath: options.content).deletingLastPathComponent().appendingPathComponent("site-templates")
                .path,
            program.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("site-templates").path,
        ]
        var isDirectory: ObjCBool = false
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) && isDirectory.boolValue {
            return candidate
        }
        throw CommandFailure(
            message:
                "no site-templates directory here, beside \(options.content) or beside the program; give --templates DIR",
            code: 2)
    }

    @Flag(help: "Replace --out even if it does not look like a previous build.")
    var force = false

    func run() throws {
        let progress = Progress()
        progress.step("checking \(options.content)")
        let dataset = try options.load().dataset
        do {
            try SiteWriter.checkDestination(out, content: options.content, force: force)
        } catch {
            throw CommandFailure(message: "\(error)", code: 2)
        }
        progress.step("building into \(out)")
        let siteTemplates: SiteTemplates
        let directory = try templatesDirectory()
        do {
            siteTemplates = try SiteTemplates.load(from: directory)
        } catch let failure as SiteTemplates.Failure {
            throw CommandFailure(message: failure.description, code: 2, isDiagnostic: failure.isDiagnostic)
        } catch {
            throw CommandFailure(message: "\(error)", code: 2)
        }
        for warning in SitePublisher.warnings(for: dataset) { StandardError.write("warning: \(warning)") }
        let published: SitePublisher.Published
        do {
            published = try SitePublisher.publish(
                dataset: dataset, asOf: asOf.day, templates: siteTemplates, to: out)
        } catch SitePublisher.Failure.calendar(let calendarError) {
            reportCalendarError(calendarError, dataset: dataset, asOf: asOf.day)
            throw DataFailure()
        } catch {
            StandardError.write("error: \(error)")
            throw DataFailure()
        }
        Output.line(
            "published \(published.pages) pages (\(published.files) files) to \(out) as of \(asOf.day)")
        Output.line("open \(out)/index.html, or serve it: python3 -m http.server -d \(out)")
        Output.exitNow()
    }
}

/// Stage lines on standard error when it is a terminal, so a long build shows what it is doing.
struct Progress {
    let enabled = isatty(2) == 1

    func step(_ text: String) {
        if enabled { StandardError.write("· \(text)…") }
    }
}
