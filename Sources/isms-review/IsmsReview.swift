import ArgumentParser
import Foundation
import ReviewModel

@main
struct IsmsReview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isms-review",
        abstract: "Security review of government IT outsourcing providers' ISMS certification (MIIT 2011 No. 21).",
        discussion: """
            Reads the review office's data (CSV) and texts (Markdown) from a content directory, checks them \
            against the procedure's rules, answers analysts' questions and publishes the public site.

            Exit status: 0 success, 1 data errors (diagnostics on standard error), 2 usage errors.
            """,
        subcommands: [Check.self, Site.self, Query.self, Cases.self, Show.self, Deadline.self, Notices.self]
    )

    /// Without a subcommand: the usage, on standard error, and exit status 2.
    func run() throws {
        StandardError.write(Self.helpMessage())
        throw CommandFailure(
            message:
                "a subcommand is required: \(Self.configuration.subcommands.map { $0._commandName }.joined(separator: ", "))",
            code: 2)
    }

    /// Runs the command and maps every failure to the spec's exit codes: 0 ok, 1 data errors, 2 usage.
    ///
    /// ArgumentParser exits 64 (EX_USAGE) on Linux for usage errors; the spec asks for 2.
    static func main() {
        // A closed pipe (`isms-review cases | head`) ends output quietly, as xsv and ripgrep do.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch is DataFailure {
            Output.finish()
            Foundation.exit(1)
        } catch let failure as CommandFailure {
            Output.finish()
            StandardError.write(failure.isDiagnostic ? failure.message : "error: \(failure.message)")
            Foundation.exit(failure.code)
        } catch {
            Output.finish()
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.write(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
        Output.finish()
    }
}

/// Thrown after data diagnostics were printed: exit 1 with nothing more to say.
struct DataFailure: Error {}

/// Thrown for problems the user must fix in the command line or the environment, printed as
/// `error: message`; `code` 2 for usage problems.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    /// `message` is already a `path:line:column: error: …` diagnostic (printed without another prefix).
    var isDiagnostic = false

    var description: String { message }
}
