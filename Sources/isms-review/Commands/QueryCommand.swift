import ArgumentParser
import ReviewModel
import ReviewQuery

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count cases by one or more dimensions; two dimensions give a cross-tab.",
        discussion: """
            Dimensions: \(Dimension.codeList).
              service-type  A–J; a case counts once under each type it declares (totals count distinct cases)
              nature        机构性质, in the form's order
              outcome       pending-formal, not-accepted, pending-substantive, rejected, approved
              filing        on-time, late, overdue, due, n/a — as of --as-of (default today)
              year          of submitted_on
              body          the certification body's approval_no
              kind          initial, recert

            Filters (--where, repeatable, all must hold): DIM=V1,V2 keeps cases with any of the values \
            (for service-type: declaring any of the types), DIM!=V1,V2 the others, and submitted_on, \
            formal_on, substantive_on, certified_on, filed_on compare with >=, >, <=, < and a date (a case \
            without that date matches no comparison). Values are codes or Chinese labels. Quote filters \
            that hold < or > so the shell does not read them as redirections.

            --measure other than count gives, per group, the cases with that processing time and its \
            median and 90th percentile (nearest rank) in working days, the first day not counted.

            JSON: {"as_of":…,"by":[…],"rows":[{"nature":"企业组织","count":12},…],"total_cases":N}, values \
            as codes, zero rows left out, rows in natural order. CSV has one row per combination.

            Examples:
              isms-review query --by nature
              isms-review query --by nature,outcome --where year=2024
              isms-review query --by service-type --where outcome=approved --format markdown
              isms-review query --by filing --where 'certified_on>=2024-01-01' --as-of 2024-12-31 --format json
              isms-review query --by year --measure days-to-filing
            """
    )

    @Option(
        name: .customLong("by"),
        help: ArgumentHelp("Dimensions, comma-separated.", valueName: "DIM[,DIM…]"),
        transform: { text in
            try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let dimension = Dimension(rawValue: name) else {
                    throw ValidationError("unknown dimension '\(name)'; valid dimensions are \(Dimension.codeList)")
                }
                return dimension
            }
        })
    var by: [Dimension]

    @OptionGroup var filterOptions: FilterOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var options: ContentOptions

    @Option(help: ArgumentHelp("What to measure: count, days-to-formal, days-to-decision or days-to-filing."))
    var measure: Measure = .count

    func validate() throws {
        if Set(by).count != by.count { throw ValidationError("--by names a dimension twice") }
    }

    func run() throws {
        let dataset = try options.load(retainText: false).dataset
        let aggregator = Aggregator(dataset: dataset)
        let filters = try filterOptions.resolve(aggregator.vocabulary)
        let query = ReviewQuery.Query(dimensions: by, filters: filters, asOf: asOf.day, measure: measure)
        let result = try withCalendar(dataset, asOf: asOf.day) { () throws(CalendarError) in try aggregator.run(query) }
        Output.write(QueryFormatter(result).render(filterOptions.resolvedFormat, byteOrderMark: filterOptions.bom))
        Output.exitNow()
    }
}
