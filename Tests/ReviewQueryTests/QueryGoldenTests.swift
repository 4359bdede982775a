import Foundation
import ReviewData
import ReviewModel
import ReviewQuery
import ReviewTestSupport
import Testing

typealias Dimension = ReviewQuery.Dimension

/// Golden output of every format for a few queries over a frozen copy of the sample content
/// (`Fixtures/content`), as of 2026-11-24. Re-record with `ISMS_RECORD=1`.
struct QueryGoldenTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let dataset: Dataset = {
        let result = try! ContentLoader.load(at: here.appendingPathComponent("Fixtures/content").path)
        precondition(!result.hasErrors, "\(result.diagnostics)")
        return result.dataset
    }()
    static let asOf = Day("2026-11-24")!

    struct GoldenQuery: Sendable, CustomTestStringConvertible {
        var name: String
        var by: [Dimension]
        var filters: [String] = []
        var measure: Measure = .count
        var testDescription: String { name }
    }

    static let queries: [GoldenQuery] = [
        GoldenQuery(name: "by-nature", by: [.nature]),
        GoldenQuery(name: "by-nature-outcome", by: [.nature, .outcome]),
        GoldenQuery(name: "by-service-type-approved", by: [.serviceType], filters: ["outcome=approved"]),
        GoldenQuery(name: "by-filing-year-since-2020", by: [.filing, .year], filters: ["certified_on>=2020-01-01"]),
        GoldenQuery(name: "by-body-kind", by: [.body, .kind], filters: ["nature!=事业单位,社会团体"]),
        GoldenQuery(name: "by-year-days-to-filing", by: [.year], measure: .daysToFiling),
        GoldenQuery(name: "by-outcome-service-type", by: [.outcome, .serviceType], filters: ["service-type=D,E"]),
    ]

    static func run(_ query: GoldenQuery) throws -> QueryResult {
        let aggregator = Aggregator(dataset: dataset)
        let filters = try query.filters.map { try Filter.parse($0).get().resolve(aggregator.vocabulary).get() }
        return try aggregator.run(Query(dimensions: query.by, filters: filters, asOf: asOf, measure: query.measure))
    }

    @Test(arguments: queries, OutputFormat.allCases)
    func formatMatchesGolden(_ query: GoldenQuery, _ format: OutputFormat) throws {
        let output = QueryFormatter(try Self.run(query)).render(format)
        let ext = ["table": "txt", "csv": "csv", "json": "json", "markdown": "md"][format.rawValue]!
        let file = Self.here.appendingPathComponent("Golden/\(query.name).\(ext)")
        if let failure = Golden.compare(output, to: file) { Issue.record(Comment(rawValue: failure)) }
    }

    @Test func jsonIsTheSpecObject() throws {
        let output = QueryFormatter(try Self.run(Self.queries[0])).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["as_of", "by", "rows", "total_cases"])
        #expect(object["by"] as? [String] == ["nature"])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.first?["nature"] as? String == "事业单位")
        #expect(rows.allSatisfy { ($0["count"] as? Int ?? 0) > 0 })
        #expect(object["total_cases"] as? Int == Self.dataset.cases.count)
    }

    @Test func yearIsANumberInJSON() throws {
        let output = QueryFormatter(try Self.run(Self.queries[3])).json()
        #expect(output.contains(#""year":2020"#))
    }

    @Test func everyTableLineHasTheSameDisplayWidth() throws {
        for query in Self.queries {
            let lines = QueryFormatter(try Self.run(query)).table().split(separator: "\n").filter { !$0.hasPrefix("注") }
            #expect(Set(lines.map { displayWidth($0) }).count == 1, "\(query.name)")
        }
    }

    @Test func csvNeutralisesFormulas() {
        #expect(CSVCell.escape("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVCell.escape("+86 10") == "'+86 10")
        #expect(CSVCell.escape("-1") == "'-1")
        #expect(CSVCell.escape("@x") == "'@x")
        #expect(CSVCell.escape("\tx") == "'\tx")
        #expect(CSVCell.escape("a,b") == "\"a,b\"")
        #expect(CSVCell.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVCell.escape("企业组织") == "企业组织")
        // Quotes and line breaks inside larger characters (CR LF is one; so is a quote with a combining mark).
        #expect(CSVCell.escape("a\r\nb") == "\"a\r\nb\"")
        #expect(CSVCell.escape("x\"\u{301}y") == "\"x\"\"\u{301}y\"")
    }
}

/// The `--where` grammar and its errors.
struct FilterGrammarTests {
    @Test func parsesEveryForm() throws {
        #expect(try Filter.parse("nature=企业组织,事业单位").get() == .values(.nature, ["企业组织", "事业单位"], negated: false))
        #expect(try Filter.parse("outcome!=approved").get() == .values(.outcome, ["approved"], negated: true))
        #expect(
            try Filter.parse("submitted_on>=2024-01-01").get()
                == .date(.submittedOn, .greaterOrEqual, Day("2024-01-01")!))
        #expect(try Filter.parse("filed_on<2024-01-01").get() == .date(.filedOn, .less, Day("2024-01-01")!))
        #expect(try Filter.parse("certified_on>2024-01-01").get() == .date(.certifiedOn, .greater, Day("2024-01-01")!))
        #expect(try Filter.parse("formal_on<=2024-01-01").get() == .date(.formalOn, .lessOrEqual, Day("2024-01-01")!))
    }

    @Test func errorsNameTheValidChoices() {
        guard case .failure(let unknown) = Filter.parse("colour=red") else {
            Issue.record("accepted")
            return
        }
        #expect(unknown.description.contains("service-type, nature, outcome, filing, year, body, kind"))
        guard case .failure(let date) = Filter.parse("submitted_on>=yesterday") else {
            Issue.record("accepted")
            return
        }
        #expect(date == .badDate("yesterday"))
        guard case .failure(let malformed) = Filter.parse("nature") else {
            Issue.record("accepted")
            return
        }
        #expect(malformed.description.contains("DIM=V1"))
        guard case .failure(let wrongOperator) = Filter.parse("nature>=2024-01-01") else {
            Issue.record("accepted")
            return
        }
        #expect(wrongOperator.description.contains("= or !="))
        guard case .failure(let empty) = Filter.parse("nature=") else {
            Issue.record("accepted")
            return
        }
        #expect(empty.description.contains("values"))
    }

    @Test func unknownValueNamesTheValidValues() {
        let vocabulary = DimensionVocabulary(dataset: Dataset())
        let result = Filter.values(.outcome, ["done"], negated: false).resolve(vocabulary)
        guard case .failure(let error) = result else {
            Issue.record("accepted")
            return
        }
        #expect(error.description.contains("pending-formal, not-accepted, pending-substantive, rejected, approved"))
    }

    @Test func labelsAndCodesAreBothAccepted() throws {
        let vocabulary = DimensionVocabulary(dataset: Dataset())
        #expect(vocabulary.parse("同意", for: .outcome) == vocabulary.parse("approved", for: .outcome))
        #expect(vocabulary.parse("d", for: .serviceType)?.key == 3)
        #expect(vocabulary.parse("港（澳台）独资或合资企业", for: .nature)?.key == 3)
        #expect(vocabulary.parse("初次认证", for: .kind)?.key == 0)
        #expect(vocabulary.parse("24", for: .year) == nil)
    }
}
