import Foundation
import ReviewData
import ReviewModel
import ReviewTestSupport
import Testing

/// Fixture-driven tests of the loader: `Fixtures/base/content` is a small valid content directory;
/// each `Fixtures/cases/<name>/` holds files that replace or add to it (`content/…`), an optional
/// `removed.txt` listing files to delete, and `expected.txt`: every diagnostic `check` must print and
/// the summary line. Re-record with `ISMS_RECORD=1`.
struct LoaderFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let caseNames: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("cases").path)) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted()

    /// Builds the fixture's content directory and loads it; diagnostics are printed with the content
    /// directory shown as `content`.
    static func load(_ name: String, options: LoadOptions = LoadOptions()) throws -> String {
        let directory = try TemporaryDirectory()
        try directory.copyTree(from: fixtures.appendingPathComponent("base"))
        let overlay = fixtures.appendingPathComponent("cases/\(name)")
        if FileManager.default.fileExists(atPath: overlay.appendingPathComponent("content").path) {
            try directory.copyTree(from: overlay.appendingPathComponent("content"), to: "content")
        }
        if let removed = try? String(contentsOf: overlay.appendingPathComponent("removed.txt"), encoding: .utf8) {
            for line in removed.split(separator: "\n") where !line.isEmpty {
                try FileManager.default.removeItem(at: directory.url.appendingPathComponent(String(line)))
            }
        }
        let root = directory.url.appendingPathComponent("content").path
        let result = try ContentLoader.load(at: root, options: options)
        let lines = result.diagnostics.map { diagnostic -> String in
            var shown = diagnostic
            if shown.path.hasPrefix(root) { shown.path = "content" + shown.path.dropFirst(root.count) }
            return shown.description
        }
        return (lines + [Diagnostic.summary(result.diagnostics)]).joined(separator: "\n") + "\n"
    }

    @Test func baseFixtureIsValid() throws {
        let report = try Self.load("")
        #expect(report == "0 errors, 0 warnings in 0 files\n")
    }

    @Test(arguments: caseNames)
    func fixtureReportsExactlyItsDiagnostics(_ name: String) throws {
        let actual = try Self.load(name)
        let expected = Self.fixtures.appendingPathComponent("cases/\(name)/expected.txt")
        if let failure = Golden.compare(actual, to: expected) {
            Issue.record(Comment(rawValue: failure))
        }
    }

    /// Loaded without its free text (as `query` and `check` load), each fixture reports exactly what it
    /// reports with it: a text cell not kept is still checked (an invisible character in a name was
    /// reported by `site` and not by `check`).
    @Test(arguments: caseNames)
    func fixtureReportsTheSameWithoutText(_ name: String) throws {
        #expect(try Self.load(name, options: LoadOptions(retainText: false)) == Self.load(name))
    }

    /// `--encoding` wins over `encoding:` in site.conf; without it, site.conf's is used.
    /// With `--encoding gb18030`, the whole content is GB18030, site.conf included
    /// (`Fixtures/gb18030-whole`: the base fixture and a site.conf with a Chinese title, converted).
    @Test func anEncodingGivenAppliesToSiteConf() throws {
        let directory = try TemporaryDirectory()
        try directory.copyTree(from: Self.fixtures.appendingPathComponent("gb18030-whole"))
        let root = directory.url.appendingPathComponent("content").path
        let result = try ContentLoader.load(at: root, options: LoadOptions(encoding: .gb18030))
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "\(errors.prefix(3))")
        #expect(result.dataset.site.title == "信息安全审查公示")
    }

    /// `deadline` reads only the calendar, in the encoding site.conf declares when none is given: a
    /// GB18030 calendar.csv with a UTF-8 site.conf saying `encoding: gb18030` (it was read as UTF-8 and
    /// told to declare what was declared).
    @Test func theCalendarAloneIsReadInTheEncodingSiteConfDeclares() throws {
        let directory = try TemporaryDirectory()
        try directory.copyTree(from: Self.fixtures.appendingPathComponent("gb18030-whole"))
        try directory.write("content/site.conf", "encoding: gb18030\n")
        let root = directory.url.appendingPathComponent("content").path
        let (calendar, diagnostics) = try ContentLoader.loadCalendar(at: root)
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(3).map(\.description))")
        #expect(!calendar.entries.isEmpty)
    }

    @Test func anEncodingGivenWinsOverSiteConf() throws {
        let directory = try TemporaryDirectory()
        try directory.copyTree(from: Self.fixtures.appendingPathComponent("base"))
        try directory.write("content/site.conf", "encoding: gb18030\n")
        let root = directory.url.appendingPathComponent("content").path
        let given = try ContentLoader.load(at: root, options: LoadOptions(encoding: .utf8))
        #expect(!given.hasErrors)
        let declared = try ContentLoader.load(at: root)
        #expect(declared.hasErrors)
    }

    @Test func everyFixtureIsTested() {
        #expect(Self.caseNames.count > 20)
    }
}
