import ReviewModel

/// Prints a `QueryResult` in each output format.
public struct QueryFormatter {
    public let result: QueryResult

    public init(_ result: QueryResult) {
        self.result = result
    }

    var dimensions: [Dimension] { result.query.dimensions }
    var measure: Measure { result.query.measure }
    var vocabulary: DimensionVocabulary { result.vocabulary }

    public func render(_ format: OutputFormat, byteOrderMark: Bool = false) -> String {
        switch format {
        case .table: table()
        case .csv: (byteOrderMark ? CSVCell.byteOrderMark : "") + csv()
        case .json: json()
        case .markdown: markdown()
        }
    }

    // MARK: JSON

    /// `{"as_of":…,"by":[…],"rows":[{…,"count":n}],"total_cases":N}` — values as codes, years as numbers.
    public func json() -> String {
        var members: [(String, JSONValue)] = [
            ("as_of", .string(result.query.asOf.description)),
            ("by", .array(dimensions.map { .string($0.rawValue) })),
        ]
        if measure != .count { members.append(("measure", .string(measure.rawValue))) }
        let rows = result.rows.map { row -> JSONValue in
            var fields: [(String, JSONValue)] = zip(dimensions, row.values).map { dimension, value in
                (dimension.rawValue, dimension == .year ? .number(value.key) : .string(vocabulary.code(value)))
            }
            fields.append(("count", .number(row.count)))
            if let statistics = row.statistics {
                fields.append(("median", .decimal(statistics.median)))
                fields.append(("p90", .number(statistics.p90)))
            }
            return .object(fields)
        }
        members.append(("rows", .array(rows)))
        members.append(("total_cases", .number(result.totalCases)))
        return JSONValue.object(members).serialized() + "\n"
    }

    // MARK: CSV

    /// One row per combination (long format), codes as in JSON, then the count (and durations).
    public func csv() -> String {
        var header = dimensions.map(\.rawValue) + ["count"]
        if measure != .count { header += ["median", "p90"] }
        var output = CSVCell.record(header)
        for row in result.rows {
            var cells = row.values.map(vocabulary.code) + [String(row.count)]
            if let statistics = row.statistics { cells += [Self.number(statistics.median), String(statistics.p90)] }
            output += CSVCell.record(cells)
        }
        return output
    }

    // MARK: table and Markdown

    /// Header, alignment and rows for a person: one row per combination, or a matrix for two
    /// dimensions counted (first dimension down, second across, with totals).
    func grid() -> (header: [String], rightAligned: Set<Int>, rows: [[String]], footer: [[String]]) {
        if dimensions.count == 2 && measure == .count {
            return matrix()
        }
        var header = dimensions.map(\.label)
        header += measure == .count ? ["数量"] : ["案件数", "中位数(工作日)", "P90(工作日)"]
        let numeric = Set(dimensions.count..<header.count)
        var rows: [[String]] = []
        for row in result.rows {
            var cells = row.values.map(vocabulary.label) + [String(row.count)]
            if let statistics = row.statistics { cells += [Self.number(statistics.median), String(statistics.p90)] }
            rows.append(cells)
        }
        var total = ["合计"] + [String](repeating: "", count: dimensions.count - 1) + [String(result.totalCases)]
        if let overall = result.overall { total += [Self.number(overall.median), String(overall.p90)] }
        return (header, numeric, rows, [total])
    }

    private func matrix() -> (header: [String], rightAligned: Set<Int>, rows: [[String]], footer: [[String]]) {
        let down = result.margins[0].keys.sorted()
        let across = result.margins[1].keys.sorted()
        var cells: [DimensionValue: [DimensionValue: Int]] = [:]
        for row in result.rows { cells[row.values[0], default: [:]][row.values[1]] = row.count }
        let header = ["\(dimensions[0].label) × \(dimensions[1].label)"] + across.map(vocabulary.shortLabel) + ["合计"]
        let rows = down.map { first in
            [vocabulary.label(first)] + across.map { String(cells[first]?[$0] ?? 0) }
                + [String(result.margins[0][first] ?? 0)]
        }
        let footer = [["合计"] + across.map { String(result.margins[1][$0] ?? 0) } + [String(result.totalCases)]]
        return (header, Set(1..<header.count), rows, footer)
    }

    public func table() -> String {
        let grid = grid()
        var table = TextTable(
            header: grid.header, alignments: grid.header.indices.map { grid.rightAligned.contains($0) ? .right : .left }
        )
        table.rows = grid.rows
        table.footer = grid.footer
        var note = ""
        if dimensions.contains(.serviceType) {
            note = "注：一个案件在其申报的每种服务类型下各计一次；合计为不同案件数。\n"
        }
        if measure != .count {
            note += "注：\(Self.measureLabel(measure))，按工作日计（起算日不计入）；仅计有该时长的案件。\n"
        }
        return table.render() + note
    }

    public func markdown() -> String {
        let grid = grid()
        let footer = grid.footer.map { $0.enumerated().map { $0.offset == 0 ? "**\($0.element)**" : $0.element } }
        return MarkdownCell.table(header: grid.header, rightAligned: grid.rightAligned, rows: grid.rows + footer)
    }

    static func measureLabel(_ measure: Measure) -> String {
        switch measure {
        case .count: "案件数"
        case .daysToFormal: "提交至形式审查决定"
        case .daysToDecision: "形式审查至实质审查决定"
        case .daysToFiling: "获证至备案"
        }
    }

    /// `12` or `12.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
