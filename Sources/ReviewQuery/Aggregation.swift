import ReviewModel

/// What a query row measures: the number of cases, or a processing time in working days.
public enum Measure: String, CaseIterable, Sendable {
    case count
    /// Submission → formal decision (art. 九).
    case daysToFormal = "days-to-formal"
    /// Formal decision → substantive decision (art. 十).
    case daysToDecision = "days-to-decision"
    /// Certificate → filing (art. 十一).
    case daysToFiling = "days-to-filing"

    func value(of item: Case, _ calendar: WorkCalendar) throws(CalendarError) -> Int? {
        switch self {
        case .count: 0
        case .daysToFormal: try item.daysToFormal(calendar)
        case .daysToDecision: try item.daysToDecision(calendar)
        case .daysToFiling: try item.daysToFiling(calendar)
        }
    }
}

/// A `--where` clause with its values resolved against the data set.
public enum ResolvedFilter: Sendable {
    case dimension(Dimension, Set<Int>, negated: Bool)
    case date(DateColumn, Comparison, Day)
}

extension Filter {
    /// Resolves the clause's values (codes or labels) to dimension keys; an unknown value is an error
    /// naming the valid ones.
    public func resolve(_ vocabulary: DimensionVocabulary) -> Result<ResolvedFilter, FilterError> {
        switch self {
        case .date(let column, let comparison, let day):
            return .success(.date(column, comparison, day))
        case .values(let dimension, let texts, let negated):
            var keys = Set<Int>()
            for text in texts {
                guard let value = vocabulary.parse(text, for: dimension) else {
                    return .failure(.unknownValue(dimension, text, choices: vocabulary.choices(for: dimension)))
                }
                keys.insert(value.key)
            }
            return .success(.dimension(dimension, keys, negated: negated))
        }
    }
}

/// A query: group the cases that pass every filter by one or more dimensions.
public struct Query: Sendable {
    public var dimensions: [Dimension]
    public var filters: [ResolvedFilter]
    public var asOf: Day
    public var measure: Measure

    public init(dimensions: [Dimension], filters: [ResolvedFilter] = [], asOf: Day, measure: Measure = .count) {
        self.dimensions = dimensions
        self.filters = filters
        self.asOf = asOf
        self.measure = measure
    }
}

/// Durations of a group: how many cases have one, their median and 90th percentile.
public struct DurationStatistics: Sendable, Equatable {
    public var median: Double
    /// Nearest-rank 90th percentile: the smallest value with at least 90 % of values at or below it.
    public var p90: Int

    /// Median = the middle value, or the mean of the two middle values.
    public init(sortedValues values: [Int]) {
        precondition(!values.isEmpty)
        let middle = values.count / 2
        median = values.count % 2 == 1 ? Double(values[middle]) : Double(values[middle - 1] + values[middle]) / 2
        let rank = (values.count * 9 + 9) / 10  // ceil(0.9 n)
        p90 = values[max(rank, 1) - 1]
    }
}

/// The answer to a query (SPEC §4): rows in natural order, zero rows left out.
public struct QueryResult: Sendable {
    public struct Row: Sendable {
        public var values: [DimensionValue]
        public var count: Int
        public var statistics: DurationStatistics?
    }

    public var query: Query
    public var rows: [Row]
    /// Distinct cases matched (a case with several service types counts once).
    public var totalCases: Int
    /// Distinct cases per value of each dimension (the margins of a cross-tab), by dimension index.
    public var margins: [[DimensionValue: Int]]
    /// Durations over all matched cases (duration measures only).
    public var overall: DurationStatistics?
    public var vocabulary: DimensionVocabulary
}

/// The one aggregation engine: `isms-review query` and the site's statistics pages both call it, so a
/// count can never differ between the terminal and the site.
public struct Aggregator: Sendable {
    public let dataset: Dataset
    public let vocabulary: DimensionVocabulary

    public init(dataset: Dataset) {
        self.dataset = dataset
        self.vocabulary = DimensionVocabulary(dataset: dataset)
    }

    /// The keys a case has for a dimension (several for service types, one otherwise).
    @inline(__always)
    func keys(_ item: Case, _ dimension: Dimension, asOf: Day, into keys: inout [Int]) throws(CalendarError) {
        keys.removeAll(keepingCapacity: true)
        switch dimension {
        case .serviceType:
            var bits = item.serviceTypes.bits
            var index = 0
            while bits != 0 {
                if bits & 1 != 0 { keys.append(index) }
                bits >>= 1
                index += 1
            }
        case .nature: keys.append(item.nature.order)
        case .outcome: keys.append(item.outcome.order)
        case .filing: keys.append(try item.filing(asOf: asOf, calendar: dataset.calendar).order)
        case .year: keys.append(item.submittedOn.year)
        case .body: keys.append(vocabulary.bodyKey(item.bodyApprovalNo))
        case .kind: keys.append(item.kind.order)
        }
    }

    /// Whether a case passes every filter.
    @inline(__always)
    func matches(_ item: Case, _ filters: [ResolvedFilter], asOf: Day, scratch: inout [Int]) throws(CalendarError)
        -> Bool
    {
        for filter in filters {
            switch filter {
            case .date(let column, let comparison, let day):
                guard let value = column.value(of: item), comparison.holds(value, day) else { return false }
            case .dimension(let dimension, let wanted, let negated):
                try keys(item, dimension, asOf: asOf, into: &scratch)
                let any = scratch.contains { wanted.contains($0) }
                if any == negated { return false }
            }
        }
        return true
    }

    /// The indexes of the cases that pass every filter, in file order.
    public func select(_ filters: [ResolvedFilter], asOf: Day) throws(CalendarError) -> [Int] {
        var scratch: [Int] = []
        var selected: [Int] = []
        for (index, item) in dataset.cases.enumerated() where try matches(item, filters, asOf: asOf, scratch: &scratch)
        {
            selected.append(index)
        }
        return selected
    }

    /// Runs a query.
    ///
    /// - Throws: `CalendarError` when a filing status or a duration needs a year the calendar does not
    ///   cover.
    public func run(_ query: Query) throws(CalendarError) -> QueryResult {
        let dimensions = query.dimensions
        var counts: [[Int]: Int] = [:]
        var durations: [[Int]: [Int]] = [:]
        var margins = [[Int: Int]](repeating: [:], count: dimensions.count)
        var total = 0
        var scratch: [Int] = []
        var perDimension = [[Int]](repeating: [], count: dimensions.count)
        var key = [Int](repeating: 0, count: dimensions.count)
        var allDurations: [Int] = []

        // Each case is read where it is (a `for item in cases` loop copies every case it visits).
        func count(_ item: Case) throws(CalendarError) {
            guard try matches(item, query.filters, asOf: query.asOf, scratch: &scratch) else { return }
            var duration = 0
            if query.measure != .count {
                guard let value = try query.measure.value(of: item, dataset.calendar) else { return }
                duration = value
            }
            for (index, dimension) in dimensions.enumerated() {
                try keys(item, dimension, asOf: query.asOf, into: &perDimension[index])
            }
            if perDimension.contains(where: \.isEmpty) { return }
            total += 1
            if query.measure != .count { allDurations.append(duration) }
            for index in dimensions.indices {
                for value in perDimension[index] { margins[index][value, default: 0] += 1 }
            }
            // Every combination of the case's keys (more than one only with service types).
            var position = [Int](repeating: 0, count: dimensions.count)
            while true {
                for index in dimensions.indices { key[index] = perDimension[index][position[index]] }
                counts[key, default: 0] += 1
                if query.measure != .count { durations[key, default: []].append(duration) }
                var carry = dimensions.count - 1
                while carry >= 0 {
                    position[carry] += 1
                    if position[carry] < perDimension[carry].count { break }
                    position[carry] = 0
                    carry -= 1
                }
                if carry < 0 { break }
            }
        }
        for index in dataset.cases.indices { try count(dataset.cases[index]) }

        let rows = counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { keys in
            QueryResult.Row(
                values: zip(dimensions, keys).map { DimensionValue($0, $1) },
                // swift-format-ignore: NeverForceUnwrap
                count: counts[keys]!,
                statistics: durations[keys].map { DurationStatistics(sortedValues: $0.sorted()) })
        }
        let namedMargins = zip(dimensions, margins).map { dimension, margin in
            Dictionary(uniqueKeysWithValues: margin.map { (DimensionValue(dimension, $0.key), $0.value) })
        }
        return QueryResult(
            query: query, rows: rows, totalCases: total, margins: namedMargins,
            overall: allDurations.isEmpty ? nil : DurationStatistics(sortedValues: allDurations.sorted()),
            vocabulary: vocabulary)
    }
}

extension Dataset {
    /// The first case whose filing status or processing times need a year the calendar does not
    /// cover: where to point staff when a computation fails with `CalendarError`.
    public func firstCaseNeedingUncoveredYear(asOf: Day) -> Case? {
        cases.first { item in
            do {
                _ = try item.filing(asOf: asOf, calendar: calendar)
                _ = try item.daysToFormal(calendar)
                _ = try item.daysToDecision(calendar)
                _ = try item.daysToFiling(calendar)
                return false
            } catch {
                return true
            }
        }
    }
}
