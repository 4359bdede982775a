import ArgumentParser
import ReviewModel
import ReviewQuery

struct Cases: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the cases matching filters, with their computed outcome and filing status.",
        discussion: """
            Filters are those of `query` (--where, repeatable). Columns (--columns, comma-separated): \
            \(ListingColumn.codeList). The default is \(ListingColumn.defaults.map(\.rawValue).joined(separator: ",")).
            Private columns (address, contact, phone, fax, email) are printed only when asked for.

            Examples:
              isms-review cases --where outcome=approved --where filing=overdue
              isms-review cases --where service-type=D,E --columns review_no,org_name,certified_on,deadline
              isms-review cases --where 'submitted_on>=2024-01-01' --format csv --bom > cases-2024.csv
            """
    )

    @OptionGroup var filterOptions: FilterOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var options: ContentOptions

    @Option(
        help: ArgumentHelp("Columns, comma-separated.", valueName: "COL[,COL…]"),
        transform: { text in
            try text.split(separator: ",").map { part in
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let column = ListingColumn(rawValue: name) else {
                    throw ValidationError("unknown column '\(name)'; valid columns are \(ListingColumn.codeList)")
                }
                return column
            }
        })
    var columns: [ListingColumn] = ListingColumn.defaults

    @Option(help: "Print at most N cases.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let dataset = try options.load().dataset
        let aggregator = Aggregator(dataset: dataset)
        let filters = try filterOptions.resolve(aggregator.vocabulary)
        let day = asOf.day
        let text = try withCalendar(dataset, asOf: day) { () throws(CalendarError) in
            let selected = try aggregator.select(filters, asOf: day)
            let listing = CaseListing(dataset: dataset, indexes: selected, columns: columns, asOf: day, limit: limit)
            return try listing.render(filterOptions.resolvedFormat, byteOrderMark: filterOptions.bom)
        }
        Output.write(text)
        Output.exitNow()
    }
}
