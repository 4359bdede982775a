import Foundation
import ReviewTestSupport
import Testing

/// Process-level tests: run the built `isms-review` as a user would and check exit status, standard
/// output and standard error.
struct CLITests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let badFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bad-content")

    func run(_ arguments: [String]) throws -> ProcessResult {
        try Binary.run(arguments, in: Repository.root)
    }

    func expectGolden(_ text: String, _ name: String) {
        if let failure = Golden.compare(text, to: Self.golden.appendingPathComponent(name)) {
            Issue.record(Comment(rawValue: failure))
        }
    }

    // MARK: check

    @Test func checkPassesOnBundledContent() throws {
        let result = try run(["check"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no errors"))
        #expect(!result.stderr.contains(": error:"))
    }

    @Test func checkReportsEveryProblemWithPositionsAndExitsOne() throws {
        let result = try run(["check", "--content", Self.badFixture.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let diagnostic = try Regex(#"^.+\.(csv|md):\d+:\d+: (error|warning|note): .+$"#)
        let diagnostics = lines.dropLast()
        #expect(diagnostics.count >= 3)
        for line in diagnostics {
            #expect(line.wholeMatch(of: diagnostic) != nil, "not a diagnostic: \(line)")
        }
        #expect(lines.last?.wholeMatch(of: try Regex(#"\d+ errors?, \d+ warnings? in \d+ files?"#)) != nil)
        let shown = result.stderr.replacingOccurrences(of: Self.badFixture.path, with: "content")
        expectGolden(shown, "check-bad-content.stderr")
    }

    @Test func missingContentDirectoryIsAUsageError() throws {
        let result = try run(["check", "--content", "/nonexistent/content"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/content"))
    }

    @Test func unknownSubcommandOrOptionIsAUsageError() throws {
        #expect(try run(["frobnicate"]).status == 2)
        #expect(try run(["check", "--frobnicate"]).status == 2)
    }

    @Test func helpExitsZero() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: isms-review"))
    }

    // MARK: deadline

    @Test func deadlinePrintsTheDateOnItsFirstLine() throws {
        let result = try run(["deadline", "2024-09-20"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").first == "2024-11-06")
        expectGolden(result.stdout, "deadline-2024-09-20.txt")
    }

    @Test func deadlineWithDays() throws {
        let result = try run(["deadline", "2024-09-30", "--days", "1"])
        #expect(result.stdout.split(separator: "\n").first == "2024-10-08")
    }

    @Test func deadlineInAnUncoveredYearNamesTheYear() throws {
        let result = try run(["deadline", "2026-12-01"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("2027"))
        #expect(result.stderr.contains("calendar.csv"))
    }

    @Test func deadlineRejectsMalformedDatesAndCounts() throws {
        #expect(try run(["deadline", "2024-02-30"]).status == 2)
        #expect(try run(["deadline", "20240901"]).status == 2)
        #expect(try run(["deadline", "2024-09-01", "--days", "0"]).status == 2)
        #expect(try run(["deadline", "2024-09-01", "--days", "x"]).status == 2)
    }

    @Test func aMalformedDateArgumentSaysWhy() throws {
        let impossible = try run(["deadline", "2024-02-30"])
        #expect(impossible.stderr.contains("'2024-02-30' is not a day of the calendar"))
        let misshapen = try run(["query", "--by", "nature", "--as-of", "2024-2-3"])
        #expect(misshapen.status == 2)
        #expect(misshapen.stderr.contains("'2024-2-3' is not a date in the form YYYY-MM-DD"))
    }

    // MARK: show

    @Test func showPrintsTheWholeCase() throws {
        let result = try run(["show", "GXSC-2015-004", "--as-of", "2026-11-24"])
        #expect(result.status == 0, "\(result.stderr)")
        expectGolden(result.stdout, "show-GXSC-2015-004.txt")
    }

    @Test func showUnknownReviewNumberSuggestsCloseOnes() throws {
        let result = try run(["show", "GXSC-2015-04"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("GXSC-2015-004"))
    }

    @Test func showNeedingAnUncoveredYearFails() throws {
        // Move one due case's certificate to December 2026: its deadline is in 2027.
        let (directory, reviewNo) = try contentWithDueCaseCertified(on: "2026-12-01")
        let result = try Binary.run(["show", reviewNo, "--as-of", "2027-01-20"], in: directory.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("2027"))
    }

    // MARK: notices

    @Test func noticesListsCandidatesByGround() throws {
        let result = try run(["notices", "--as-of", "2026-11-24"])
        #expect(result.status == 0)
        expectGolden(result.stdout, "notices.txt")
    }

    @Test func noticesJSON() throws {
        let result = try run(["notices", "--as-of", "2026-11-24", "--format", "json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["as_of"] as? String == "2026-11-24")
        expectGolden(result.stdout, "notices.json")
    }

    @Test func noticesAsOfAnEarlierDateSeesLessEvidence() throws {
        let early = try run(["notices", "--as-of", "2014-01-01", "--format", "json"])
        let late = try run(["notices", "--as-of", "2026-11-24", "--format", "json"])
        #expect(early.stdout.count < late.stdout.count)
    }
}

/// `isms-review site` as a user runs it.
struct SiteCommandTests {
    @Test func publishesTheBundledContent() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("_site").path
        let result = try Binary.run(["site", "--out", out, "--as-of", "2026-11-24"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("published"))
        for file in [
            "index.html", "stats/index.html", "data/results.csv", "feed.xml", "sitemap.xml", "robots.txt", "404.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        // A second build of the same content and date is byte-identical.
        let first = try String(contentsOfFile: out + "/stats/index.html", encoding: .utf8)
        #expect(try Binary.run(["site", "--out", out, "--as-of", "2026-11-24"], in: Repository.root).status == 0)
        #expect(try String(contentsOfFile: out + "/stats/index.html", encoding: .utf8) == first)
    }

    @Test func dataErrorsPublishNothing() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("_site").path
        let bad = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/bad-content")
        let result = try Binary.run(["site", "--content", bad.path, "--out", out], in: Repository.root)
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func refusesToReplaceADirectoryItDidNotWrite() throws {
        let directory = try TemporaryDirectory()
        try directory.write("precious.txt", "keep me")
        let result = try Binary.run(["site", "--out", directory.path], in: Repository.root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--force"))
        #expect(FileManager.default.fileExists(atPath: directory.path + "/precious.txt"))
        #expect(try Binary.run(["site", "--out", "/"], in: Repository.root).status == 2)
    }
}

/// The README's command table is the `--help` subcommand list (STYLE: it cannot drift).
struct ReadmeTests {
    @Test func commandTableMatchesHelp() throws {
        let help = try Binary.run(["--help"], in: Repository.root).stdout
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = help.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        // "  name   abstract" lines, the abstract wrapped onto deeper-indented lines.
        var abstracts: [(String, String)] = []
        for line in section.split(separator: "\n") where !line.contains("See '") {
            if line.hasPrefix("  ") && !line.hasPrefix("   ") {
                let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { continue }
                abstracts.append((String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)))
            } else if let last = abstracts.indices.last {
                abstracts[last].1 += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        #expect(abstracts.count >= 7)
        for (name, abstract) in abstracts {
            let row = readme.split(separator: "\n").first { $0.hasPrefix("| `isms-review \(name)") }
            #expect(row != nil, "README lacks a row for \(name)")
            #expect(
                row?.hasSuffix("| \(abstract) |") == true, "README row for \(name) should end with '| \(abstract) |'")
        }
    }
}

/// A build killed half-way (SIGKILL, as a power cut or an impatient operator would) leaves the
/// published site exactly as it was, and the next build cleans up after it (issue: hardening).
struct InterruptedBuildTests {
    @Test func killedBuildLeavesTheOldSiteIntact() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("_site").path
        #expect(try Binary.run(["site", "--out", out, "--as-of", "2026-11-24"], in: Repository.root).status == 0)
        let before = try siteSnapshot(out)

        // A large content directory, so the build takes long enough to be killed in the middle.
        let big = directory.url.appendingPathComponent("big").path
        let generator = Binary.url.deletingLastPathComponent().appendingPathComponent("isms-review-bench")
        let generate = Process()
        generate.executableURL = generator
        generate.arguments = [
            "generate", "--cases", "20000", "--out", big, "--calendar",
            Repository.content.appendingPathComponent("calendar.csv").path,
        ]
        try generate.run()
        generate.waitUntilExit()
        #expect(generate.terminationStatus == 0)

        for delay in [0.05, 0.3, 0.8] {
            let build = Process()
            build.executableURL = Binary.url
            build.arguments = ["site", "--content", big, "--out", out, "--as-of", "2026-11-24"]
            build.currentDirectoryURL = Repository.root
            build.standardOutput = FileHandle.nullDevice
            build.standardError = FileHandle.nullDevice
            try build.run()
            Thread.sleep(forTimeInterval: delay)
            kill(build.processIdentifier, SIGKILL)
            build.waitUntilExit()
            let after = try siteSnapshot(out)
            // Killed before the swap: the old site; after it: the complete new one. Never a mixture.
            let isOld = after == before
            let isNew = after["index.html"] != before["index.html"] && after.keys.contains("data/results.csv")
            #expect(isOld || isNew, "killed after \(delay) s: the site is neither the old one nor a complete new one")
        }
        // The next build removes what the killed ones left beside the site.
        #expect(try Binary.run(["site", "--out", out, "--as-of", "2026-11-24"], in: Repository.root).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasPrefix("._site.")
        }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }

    /// The pages are written into the staging directory as they are rendered; a build that then fails
    /// its link check removes that directory and leaves the published site as it was.
    @Test func buildFailingItsLinkCheckLeavesTheOldSiteIntact() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("_site").path
        #expect(try Binary.run(["site", "--out", out, "--as-of", "2026-11-24"], in: Repository.root).status == 0)
        let before = try siteSnapshot(out)

        let templates = directory.url.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("site-templates"), to: templates)
        let home = templates.appendingPathComponent("home.mustache")
        let text = try String(contentsOf: home, encoding: .utf8)
        try (text + "<a href=\"{{root}}nowhere.html\">x</a>\n").write(to: home, atomically: true, encoding: .utf8)

        let result = try Binary.run(
            ["site", "--out", out, "--as-of", "2026-11-25", "--templates", templates.path], in: Repository.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("index.html: link to 'nowhere.html' does not resolve to a file of the site"))
        #expect(try siteSnapshot(out) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasPrefix("._site.")
        }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }

    /// A template that does not parse is named with its line and column as in the file.
    @Test func templateErrorNamesTheLineInTheFile() throws {
        let directory = try TemporaryDirectory()
        let templates = directory.url.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("site-templates"), to: templates)
        try "line one\n{{#page}}\nbad {{/nope}}\n".write(
            to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let out = directory.url.appendingPathComponent("_site").path
        let result = try Binary.run(["site", "--out", out, "--templates", templates.path], in: Repository.root)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(templates.path + "/page.mustache:3:8: error: template error"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    func siteSnapshot(_ out: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: out)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: out + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[path] = FileManager.default.contents(atPath: out + "/" + path)
            }
        }
        return files
    }
}

/// Hostile and large input: bounded time, bounded memory, a clear message.
struct HostileInputTests {
    func content(_ directory: TemporaryDirectory) throws -> String {
        let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ReviewDataTests/Fixtures/base/content")
        try directory.copyTree(from: base, to: "content")
        return directory.url.appendingPathComponent("content").path
    }

    @Test func severalThousandValidCasesPass() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("generated").path
        let generate = Process()
        generate.executableURL = Binary.url.deletingLastPathComponent().appendingPathComponent("isms-review-bench")
        generate.arguments = [
            "generate", "--cases", "5000", "--out", out, "--calendar",
            Repository.content.appendingPathComponent("calendar.csv").path,
        ]
        try generate.run()
        generate.waitUntilExit()
        let result = try Binary.run(["check", "--content", out], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr.prefix(2000))")
        #expect(result.stdout.contains("5000 cases"))
    }

    @Test func aTwoGigabyteFileIsRefusedWithoutReadingIt() throws {
        let directory = try TemporaryDirectory()
        let root = try content(directory)
        let file = root + "/data/cases.csv"
        // A sparse file: two gigabytes long, no disk used.
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        let result = try Binary.run(["check", "--content", root], in: Repository.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("2048 MiB"))
    }

    @Test func aMillionErrorsArePrintedAsTheFirstThousandAndACount() throws {
        let directory = try TemporaryDirectory()
        let root = try content(directory)
        var text = "date,kind,name\n"
        text.reserveCapacity(20_000_000)
        for index in 0..<1_000_000 { text += "2024-13-\(index % 90),holiday,x\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/calendar.csv"))
        let result = try Binary.run(["check", "--content", root], in: Repository.root)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count <= 1003, "printed \(lines.count) lines")
        #expect(
            result.stderr.contains("more diagnostics not shown") || result.stderr.contains("counted but not listed"))
    }

    @Test func aSecondPublisherWaitsForNoOne() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("_site").path
        let lock = open(out + ".lock", O_CREAT | O_RDWR, 0o644)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
        let result = try Binary.run(["site", "--out", out], in: Repository.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("another build"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func terminalOutputShowsControlCharactersAsEscapes() throws {
        let directory = try TemporaryDirectory()
        let root = try content(directory)
        let file = root + "/data/cases.csv"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "企业组织,,张三", with: "企业\u{1B}[2J\u{202E}组织,,张三")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Binary.run(["check", "--content", root], in: Repository.root)
        #expect(result.status == 1)
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(!result.stderr.contains("\u{202E}"))
        #expect(result.stderr.contains("\\u{1B}"))
    }
}

/// Inputs the fuzzers once found a problem with, replayed on every test run (`Fuzz/regressions/<target>/`).
struct FuzzRegressionTests {
    @Test func everyRegressionInputRunsCleanly() throws {
        let regressions = Repository.root.appendingPathComponent("Fuzz/regressions")
        let replay = Binary.url.deletingLastPathComponent().appendingPathComponent("isms-review-fuzz")
        var replayed = 0
        for target in try FileManager.default.contentsOfDirectory(atPath: regressions.path).sorted() {
            let directory = regressions.appendingPathComponent(target)
            for input in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
                let process = Process()
                process.executableURL = replay
                process.arguments = [directory.appendingPathComponent(input).path]
                process.environment = ["ISMS_FUZZ_TARGET": target]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "\(target)/\(input)")
                replayed += 1
            }
        }
        #expect(replayed >= 1)
    }
}

/// Found by a review as a new user would work.
struct NewUserTests {
    @Test func noSubcommandIsAUsageError() throws {
        let result = try Binary.run([], in: Repository.root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("subcommand"))
    }

    @Test func siteFindsItsTemplatesFromAnotherDirectory() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("_site").path
        let result = try Binary.run(
            ["site", "--content", Repository.content.path, "--out", out, "--as-of", "2026-11-24"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Binary.run(["site", "--templates", "/nonexistent", "--out", out], in: Repository.root).status == 2)
    }

    @Test func checkCountsServiceRows() throws {
        let result = try Binary.run(["check"], in: Repository.root)
        #expect(result.stdout.contains(" 165 services"))
    }

    @Test func anUncoveredYearNamesTheCaseThatNeedsIt() throws {
        let (directory, reviewNo) = try contentWithDueCaseCertified(on: "2026-12-10")
        let result = try Binary.run(["query", "--by", "filing", "--as-of", "2027-03-01"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("content/data/cases.csv:"))
        #expect(result.stderr.contains("case \(reviewNo)"))
        #expect(result.stderr.contains("2027"))
    }
}

/// A copy of the bundled content in which one due case (certified 2026-11-12) is certified on `day`
/// instead, and that case's review number.
func contentWithDueCaseCertified(on day: String) throws -> (TemporaryDirectory, String) {
    let directory = try TemporaryDirectory()
    try directory.copyTree(from: Repository.content, to: "content")
    let cases = directory.url.appendingPathComponent("content/data/cases.csv")
    var text = try String(contentsOf: cases, encoding: .utf8)
    let line = try #require(
        text.split(separator: "\n").first { $0.hasPrefix("GXSC-2026-") && $0.contains(",2026-11-12,") })
    text = text.replacingOccurrences(
        of: String(line), with: line.replacingOccurrences(of: ",2026-11-12,", with: ",\(day),"))
    try text.write(to: cases, atomically: true, encoding: .utf8)
    return (directory, String(line.prefix { $0 != "," }))
}
