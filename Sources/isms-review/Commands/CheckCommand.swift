import ArgumentParser
import ReviewData
import ReviewModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load and validate the content; print every problem.",
        discussion: """
            Reads every file of the content directory and checks every rule of the procedure: required \
            cells, vocabularies, organisation codes (GB 11714 / GB 32100), references between files, the \
            certification body's approval on the submission date, stage and date order, services.

            Problems are printed to standard error as `path:line:column: severity: message` (line of the \
            record's first physical line; column = the field's index in the record), sorted by file and \
            line, then a summary line. Warnings do not fail the check.

            Exit status: 0 no errors (warnings allowed), 1 errors.

            Examples:
              isms-review check
              isms-review check --content ~/review-office/content
            """
    )

    @OptionGroup var options: ContentOptions

    func run() throws {
        // Checking needs every cell checked, not kept: free text is not retained.
        let result = try options.load(printWarnings: true, retainText: false)
        let dataset = result.dataset
        Output.line(
            "\(options.content): \(dataset.cases.count) cases, \(result.serviceRows) services, "
                + "\(dataset.bodies.count) bodies, \(dataset.certificates.count) certificates, "
                + "\(dataset.notices.count) notices, \(dataset.pages.count) pages — no errors")
    }
}
