import ArgumentParser
import ReviewData
import ReviewModel
import ReviewQuery

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one case with its computed outcome, deadline and filing status.",
        discussion: """
            Prints every field of the case's application form (附表1) — contact details included: this \
            is a staff tool, never published — with its outcome, processing times in working days, the \
            filing deadline (30th working day after the certificate, art. 十一), the filing status as of \
            --as-of, the certificate matched to the approval and any 通报 evidence (art. 十二).

            An unknown review number is a usage error (exit 2) that suggests close ones.

            Examples:
              isms-review show GXSC-2015-004
              isms-review show GXSC-2026-003 --as-of 2026-12-31
            """
    )

    @Argument(help: "The case's review number (审查编号).")
    var reviewNo: String

    @OptionGroup var options: ContentOptions
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let dataset = try options.load().dataset
        guard let index = dataset.cases.firstIndex(where: { $0.reviewNo == reviewNo }) else {
            let close = CaseDetail.suggestions(for: reviewNo, in: dataset.cases)
            let hint = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
            throw CommandFailure(message: "no case with review_no '\(reviewNo)' in \(options.content)\(hint)", code: 2)
        }
        var detail = CaseDetail(dataset: dataset, index: index, asOf: asOf.day)
        Output.write(detail.render())
        if let error = detail.calendarErrors.first {
            Output.finish()
            StandardError.write("\(dataset.cases[index].location): error: case \(reviewNo): \(error)")
            throw DataFailure()
        }
    }
}
