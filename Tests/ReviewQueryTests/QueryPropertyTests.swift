import ReviewModel
import ReviewQuery
import Testing

/// xsv-style property test: random small valid data sets, the real engine against a brute-force counter
/// written here from SPEC §2 and §4, for every dimension, every pair of dimensions and random filters.
struct QueryPropertyTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }
    }

    static let asOf = Day("2024-06-30")!
    static let codes = ["91110000600037341L", "12345678-8", "121200004013590816", "M000100Y4", "91350100M000100Y43"]
    static let bodies = ["CNCA-R-2002-101", "CNCA-R-2009-1020", "CNCA-R-2010-007"]
    /// Holidays: 1–3 January and 1–7 October each year, 9 October a make-up Saturday (not real, only varied).
    static let entries: [CalendarEntry] = (2011...2025).flatMap { year -> [CalendarEntry] in
        (1...3).map { CalendarEntry(date: Day(year: year, month: 1, day: $0)!, kind: .off, name: "元旦") }
            + (1...7).map { CalendarEntry(date: Day(year: year, month: 10, day: $0)!, kind: .off, name: "国庆") }
            + [CalendarEntry(date: Day(year: year, month: 10, day: 9)!, kind: .work, name: "国庆")]
    }

    static func randomDataset(seed: UInt64) -> Dataset {
        var random = Random(state: seed)
        var cases: [Case] = []
        for number in 0..<random.int(0...60) {
            let submitted = Day(year: 2012 + random.int(0...11), month: random.int(1...12), day: random.int(1...28))!
            var item = Case(
                reviewNo: "R-\(number)", orgName: "机构\(number)",
                orgCode: try! OrgCode.parse(random.pick(codes)).get(), nature: random.pick(Nature.allCases),
                bodyApprovalNo: random.pick(bodies), kind: random.pick(ApplicationKind.allCases), scope: "范围",
                submittedOn: submitted)
            item.serviceTypes = ServiceTypeSet(ServiceType.allCases.filter { _ in random.chance(25) })
            if item.serviceTypes.isEmpty { item.serviceTypes.insert(random.pick(ServiceType.allCases)) }
            var day = submitted
            if random.chance(85) {
                day = day.adding(days: random.int(0...20))
                item.formalOn = day
                item.formalResult = random.chance(80) ? .accepted : .notAccepted
                if item.formalResult == .accepted && random.chance(85) {
                    day = day.adding(days: random.int(0...60))
                    item.substantiveOn = day
                    item.substantiveResult = random.chance(75) ? .approved : .rejected
                    if item.substantiveResult == .approved && random.chance(80) {
                        day = day.adding(days: random.int(1...120))
                        item.certifiedOn = day
                        item.certificateNo = "C-\(number)"
                        if random.chance(70) { item.filedOn = day.adding(days: random.int(0...70)) }
                    }
                }
            }
            cases.append(item)
        }
        return Dataset(cases: cases, calendar: WorkCalendar(entries: entries))
    }

    // MARK: the brute force

    static let off = Set(entries.filter { $0.kind == .off }.map(\.date))
    static let work = Set(entries.filter { $0.kind == .work }.map(\.date))

    static func outcome(_ item: Case) -> String {
        guard let formal = item.formalResult else { return "pending-formal" }
        if formal == .notAccepted { return "not-accepted" }
        guard let substantive = item.substantiveResult else { return "pending-substantive" }
        return substantive == .approved ? "approved" : "rejected"
    }

    static func filing(_ item: Case) -> String {
        guard let certified = item.certifiedOn else { return "n/a" }
        var day = certified
        var counted = 0
        while counted < 30 {
            day = day.adding(days: 1)
            if work.contains(day) || (day.weekday <= 5 && !off.contains(day)) { counted += 1 }
        }
        if let filed = item.filedOn { return filed <= day ? "on-time" : "late" }
        return asOf <= day ? "due" : "overdue"
    }

    static func values(_ item: Case, _ dimension: Dimension) -> [String] {
        switch dimension {
        case .serviceType: ServiceType.allCases.filter { item.serviceTypes.contains($0) }.map(\.rawValue)
        case .nature: [item.nature.rawValue]
        case .outcome: [outcome(item)]
        case .filing: [filing(item)]
        case .year: [String(item.submittedOn.year)]
        case .body: [item.bodyApprovalNo]
        case .kind: [item.kind == .initial ? "initial" : "recert"]
        }
    }

    /// Counts by brute force: `[codes joined by "|": count]` and the distinct cases.
    static func bruteForce(_ dataset: Dataset, _ dimensions: [Dimension], keep: (Case) -> Bool) -> ([String: Int], Int)
    {
        var counts: [String: Int] = [:]
        var total = 0
        for item in dataset.cases where keep(item) {
            total += 1
            var combinations = [""]
            for dimension in dimensions {
                combinations = combinations.flatMap { prefix in
                    values(item, dimension).map { prefix.isEmpty ? $0 : prefix + "|" + $0 }
                }
            }
            for combination in combinations { counts[combination, default: 0] += 1 }
        }
        return (counts, total)
    }

    /// Each dimension's margin by brute force: the distinct cases with each of its values, among the cases
    /// kept that have a value for every dimension (what a table's totals show).
    static func bruteForceMargins(_ dataset: Dataset, _ dimensions: [Dimension], keep: (Case) -> Bool)
        -> [[String: Int]]
    {
        var margins = dimensions.map { _ in [String: Int]() }
        for item in dataset.cases where keep(item) && dimensions.allSatisfy({ !values(item, $0).isEmpty }) {
            for (index, dimension) in dimensions.enumerated() {
                for value in Set(values(item, dimension)) { margins[index][value, default: 0] += 1 }
            }
        }
        return margins
    }

    /// The engine's margins, by code.
    static func engineMargins(_ dataset: Dataset, _ dimensions: [Dimension], filters: [String] = []) throws
        -> [[String: Int]]
    {
        let aggregator = Aggregator(dataset: dataset)
        let resolved = try filters.map { try Filter.parse($0).get().resolve(aggregator.vocabulary).get() }
        let result = try aggregator.run(Query(dimensions: dimensions, filters: resolved, asOf: asOf))
        return result.margins.map { margin in
            Dictionary(uniqueKeysWithValues: margin.map { (result.vocabulary.code($0.key), $0.value) })
        }
    }

    static func engine(_ dataset: Dataset, _ dimensions: [Dimension], filters: [String] = []) throws -> (
        [String: Int], Int
    ) {
        let aggregator = Aggregator(dataset: dataset)
        let resolved = try filters.map { try Filter.parse($0).get().resolve(aggregator.vocabulary).get() }
        let result = try aggregator.run(Query(dimensions: dimensions, filters: resolved, asOf: asOf))
        var counts: [String: Int] = [:]
        for row in result.rows {
            counts[row.values.map { result.vocabulary.code($0) }.joined(separator: "|")] = row.count
        }
        #expect(result.rows.allSatisfy { $0.count > 0 })
        #expect(
            result.rows.map { $0.values.map(\.key) }
                == result.rows.map { $0.values.map(\.key) }.sorted { $0.lexicographicallyPrecedes($1) })
        return (counts, result.totalCases)
    }

    static let pairs: [[Dimension]] =
        Dimension.allCases.map { [$0] }
        + Dimension.allCases.flatMap { first in Dimension.allCases.filter { $0 != first }.map { [first, $0] } }

    @Test(arguments: 1...40)
    func engineAgreesWithBruteForceOnEveryDimensionAndPair(_ seed: Int) throws {
        let dataset = Self.randomDataset(seed: UInt64(seed))
        for dimensions in Self.pairs {
            let (expected, expectedTotal) = Self.bruteForce(dataset, dimensions) { _ in true }
            let (actual, actualTotal) = try Self.engine(dataset, dimensions)
            #expect(actual == expected, "seed \(seed) by \(dimensions)")
            #expect(actualTotal == expectedTotal, "seed \(seed) by \(dimensions)")
            #expect(
                try Self.engineMargins(dataset, dimensions)
                    == Self.bruteForceMargins(dataset, dimensions) { _ in true },
                "margins, seed \(seed) by \(dimensions)")
        }
    }

    @Test(arguments: 1...40)
    func filtersAgreeWithBruteForce(_ seed: Int) throws {
        let dataset = Self.randomDataset(seed: UInt64(seed) + 1000)
        var random = Random(state: UInt64(seed))
        for _ in 0..<10 {
            let dimension = random.pick(Dimension.allCases)
            let (filter, keep) = Self.randomFilter(&random)
            let (expected, expectedTotal) = Self.bruteForce(dataset, [dimension], keep: keep)
            let (actual, actualTotal) = try Self.engine(dataset, [dimension], filters: [filter])
            #expect(actual == expected, "seed \(seed) by \(dimension) where \(filter)")
            #expect(actualTotal == expectedTotal, "seed \(seed) by \(dimension) where \(filter)")
            #expect(
                try Self.engineMargins(dataset, [dimension], filters: [filter])
                    == Self.bruteForceMargins(dataset, [dimension], keep: keep),
                "margins, seed \(seed) by \(dimension) where \(filter)")
        }
    }

    /// A random `--where` clause and the brute-force predicate it means.
    static func randomFilter(_ random: inout Random) -> (String, (Case) -> Bool) {
        let negated = random.chance(30)
        switch random.int(0...3) {
        case 0:
            let wanted = Array(Set((0..<random.int(1...3)).map { _ in random.pick(ServiceType.allCases).rawValue }))
            let text = "service-type\(negated ? "!=" : "=")\(wanted.joined(separator: ","))"
            return (text, { item in values(item, .serviceType).contains(where: wanted.contains) != negated })
        case 1:
            let wanted = Array(Set((0..<random.int(1...2)).map { _ in random.pick(Filing.allCases).rawValue }))
            let text = "filing\(negated ? "!=" : "=")\(wanted.joined(separator: ","))"
            return (text, { item in wanted.contains(filing(item)) != negated })
        case 2:
            let year = random.int(2012...2023)
            return ("year\(negated ? "!=" : "=")\(year)", { item in (item.submittedOn.year == year) != negated })
        default:
            let day = Day(year: random.int(2012...2024), month: random.int(1...12), day: 1)!
            let column = random.pick(DateColumn.allCases)
            let comparison = random.pick(Comparison.allCases)
            return (
                "\(column.rawValue)\(comparison.rawValue)\(day)",
                { item in
                    guard let value = column.value(of: item) else { return false }
                    switch comparison {
                    case .greaterOrEqual: return value >= day
                    case .greater: return value > day
                    case .lessOrEqual: return value <= day
                    case .less: return value < day
                    }
                }
            )
        }
    }
}
