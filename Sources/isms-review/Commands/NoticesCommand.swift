import ArgumentParser
import ReviewData
import ReviewModel
import ReviewQuery

struct Notices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List 通报 candidates (art. 十二) with their evidence.",
        discussion: """
            Two grounds: (a) unapproved — a certificate in certificates.csv issued on or after 2011-07-20 \
            that no approved case of the same organisation covers (approvals are matched to certificates \
            in date order, one certificate each, approval date ≤ issue date; old 9-character and new \
            18-character codes are one organisation); (b) falsified — a case marked falsified = 是.

            Each candidate shows its evidence and the published notices (content/notices/) that already \
            name it. With --as-of, only evidence and notices dated on or before that day count.

            Examples:
              isms-review notices
              isms-review notices --format json --as-of 2019-12-31
            """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table
        case json
    }

    @OptionGroup var options: ContentOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let dataset = try options.load().dataset
        let report = NoticeReport(dataset: dataset, asOf: asOf.day)
        Output.write(format == .json ? report.json() : report.table())
    }
}
