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

    /// The most keys a case has for one dimension (a case can declare every service type).
    static let maximumKeys = ServiceType.allCases.count

    /// Writes the keys a case has for a dimension (several for service types, one otherwise) to `keys`,
    /// which has room for `maximumKeys`, and returns how many there are.
    @inline(__always)
    func keys(
        _ item: UnsafePointer<Case>, _ dimension: Dimension, asOf: Day, into keys: UnsafeMutablePointer<Int>
    ) throws(CalendarError) -> Int {
        switch dimension {
        case .serviceType:
            var bits = item.pointee.serviceTypes.bits
            var count = 0
            while bits != 0 {
                let index = bits.trailingZeroBitCount
                keys[count] = index
                count += 1
                bits &= bits - 1
            }
            return count
        case .nature: keys[0] = item.pointee.nature.order
        case .outcome: keys[0] = item.pointee.outcome.order
        case .filing: keys[0] = try item.pointee.filing(asOf: asOf, calendar: dataset.calendar).order
        case .year: keys[0] = item.pointee.submittedOn.year
        case .body: keys[0] = vocabulary.bodyKey(item.pointee.bodyApprovalNo)
        case .kind: keys[0] = item.pointee.kind.order
        }
        return 1
    }

    /// Whether a case passes every filter; `scratch` has room for `maximumKeys`.
    @inline(__always)
    func matches(
        _ item: UnsafePointer<Case>, _ filters: [ResolvedFilter], asOf: Day, scratch: UnsafeMutablePointer<Int>
    ) throws(CalendarError) -> Bool {
        for filter in filters {
            switch filter {
            case .date(let column, let comparison, let day):
                guard let value = column.value(of: item.pointee), comparison.holds(value, day) else { return false }
            case .dimension(let dimension, let wanted, let negated):
                let count = try keys(item, dimension, asOf: asOf, into: scratch)
                let any = (0..<count).contains { wanted.contains(scratch[$0]) }
                if any == negated { return false }
            }
        }
        return true
    }

    /// The indexes of the cases that pass every filter, in file order.
    public func select(_ filters: [ResolvedFilter], asOf: Day) throws(CalendarError) -> [Int] {
        let scratch = UnsafeMutablePointer<Int>.allocate(capacity: Self.maximumKeys)
        defer { scratch.deallocate() }
        var selected: [Int] = []
        try dataset.cases.withUnsafeBufferPointer { cases throws(CalendarError) in
            for index in cases.indices
            where try matches(cases.baseAddress! + index, filters, asOf: asOf, scratch: scratch) {
                selected.append(index)
            }
        }
        return selected
    }

    /// How many keys a dimension can have: its keys, once `keyOffset` is added, lie in `0..<radix`.
    func radix(_ dimension: Dimension) -> Int {
        switch dimension {
        case .serviceType: ServiceType.allCases.count
        case .nature: Nature.allCases.count
        case .outcome: Outcome.allCases.count
        case .filing: Filing.allCases.count
        case .year: 10_000  // years of `Day` are 1…9999
        case .body: vocabulary.bodyNumbers.count + 1  // −1: a body not in bodies.csv
        case .kind: ApplicationKind.allCases.count
        }
    }

    /// Added to a key to make it an index from 0 (only a body can be −1).
    func keyOffset(_ dimension: Dimension) -> Int { dimension == .body ? 1 : 0 }

    /// Runs a query.
    ///
    /// Each combination of keys is packed into one integer (mixed radix over the dimensions' key
    /// ranges), which numbers a group through a small hash table; counts and the margins are arrays.
    /// A case costs a few array writes, not a dictionary of arrays.
    ///
    /// - Throws: `CalendarError` when a filing status or a duration needs a year the calendar does not
    ///   cover.
    public func run(_ query: Query) throws(CalendarError) -> QueryResult {
        let dimensions = query.dimensions
        let offsets = dimensions.map(keyOffset)
        let radices = dimensions.map(radix)
        // The weight of each dimension's index in the packed key: the product of the later radices.
        var weights = [Int](repeating: 1, count: dimensions.count)
        for index in dimensions.indices.reversed().dropFirst() {
            let (weight, overflow) = weights[index + 1].multipliedReportingOverflow(by: radices[index + 1])
            precondition(!overflow, "too many dimensions to pack into one key")
            weights[index] = weight
        }
        // The margins of every dimension, one after the other.
        let marginBase = radices.indices.map { radices[..<$0].reduce(0, +) }
        let counting = query.measure == .count
        // A count by one or two dimensions without filters goes straight into an array of cells indexed by
        // packed key, when there are not too many (every dimension and pair but year × body).
        let byCell = counting && query.filters.isEmpty && dimensions.count <= 2 && radices.reduce(1, *) <= 1 << 16

        /// Counts the cases of `range` (each read where it is: a `for item in cases` loop copies every
        /// case it visits).
        func tally(_ range: Range<Int>) throws(CalendarError) -> Tally {
            var tally = Tally(margins: radices.reduce(0, +))
            // Each dimension's keys of the current case: room for `maximumKeys` each, and how many.
            let width = Self.maximumKeys
            let keyStore = UnsafeMutablePointer<Int>.allocate(capacity: dimensions.count * width + width)
            defer { keyStore.deallocate() }
            let scratch = keyStore + dimensions.count * width
            var keyCounts = [Int](repeating: 0, count: dimensions.count)
            var position = [Int](repeating: 0, count: dimensions.count)
            try dataset.cases.withUnsafeBufferPointer { cases throws(CalendarError) in
                // swift-format-ignore: NeverForceUnwrap
                // `range` is within the cases, so there is one.
                let base = cases.baseAddress!
                if byCell {
                    // Each combination of the case's keys adds one to its cell, each key one to its margin.
                    // With one dimension the second is a stand-in of one key, 0, and no margin.
                    let (first, firstOffset) = (dimensions[0], offsets[0])
                    let second = dimensions.count == 2 ? dimensions[1] : nil
                    let (secondOffset, secondBase) = second == nil ? (0, 0) : (offsets[1], marginBase[1])
                    let secondRadix = second == nil ? 1 : radices[1]
                    let secondKeys = keyStore + width
                    secondKeys[0] = 0
                    var cells = [Int](repeating: 0, count: radices[0] * secondRadix)
                    try cells.withUnsafeMutableBufferPointer { cells throws(CalendarError) in
                        try tally.margins.withUnsafeMutableBufferPointer { margins throws(CalendarError) in
                            for index in range {
                                let firstCount = try keys(base + index, first, asOf: query.asOf, into: keyStore)
                                if firstCount == 0 { continue }
                                var secondCount = 1
                                if let second {
                                    secondCount = try keys(base + index, second, asOf: query.asOf, into: secondKeys)
                                    if secondCount == 0 { continue }
                                    for key in 0..<secondCount {
                                        margins[secondBase + secondKeys[key] + secondOffset] += 1
                                    }
                                }
                                tally.total += 1
                                for key in 0..<firstCount {
                                    let row = keyStore[key] + firstOffset
                                    margins[row] += 1
                                    for other in 0..<secondCount {
                                        cells[row * secondRadix + secondKeys[other] + secondOffset] += 1
                                    }
                                }
                            }
                        }
                    }
                    for (packed, count) in cells.enumerated() where count > 0 { tally.add(packed, count: count) }
                    return
                }
                caseLoop: for index in range {
                    guard try matches(base + index, query.filters, asOf: query.asOf, scratch: scratch) else { continue }
                    var duration = 0
                    if !counting {
                        guard let value = try query.measure.value(of: cases[index], dataset.calendar) else { continue }
                        duration = value
                    }
                    for (dimension, kind) in dimensions.enumerated() {
                        let count = try keys(base + index, kind, asOf: query.asOf, into: keyStore + dimension * width)
                        if count == 0 { continue caseLoop }
                        keyCounts[dimension] = count
                    }
                    tally.total += 1
                    if !counting { tally.allDurations.append(duration) }
                    for dimension in dimensions.indices {
                        for key in 0..<keyCounts[dimension] {
                            tally.margins[
                                marginBase[dimension] + keyStore[dimension * width + key] + offsets[dimension]] +=
                                1
                        }
                    }
                    // Every combination of the case's keys (more than one only with service types).
                    for dimension in dimensions.indices { position[dimension] = 0 }
                    while true {
                        var packed = 0
                        for dimension in dimensions.indices {
                            let key = keyStore[dimension * width + position[dimension]]
                            packed += (key + offsets[dimension]) * weights[dimension]
                        }
                        tally.add(packed, duration: counting ? nil : duration)
                        var carry = dimensions.count - 1
                        while carry >= 0 {
                            position[carry] += 1
                            if position[carry] < keyCounts[carry] { break }
                            position[carry] = 0
                            carry -= 1
                        }
                        if carry < 0 { break }
                    }
                }
            }
            return tally
        }

        // Two halves on two cores for a large data set, added up in order (so durations keep file order).
        let count = dataset.cases.count
        let halves = count > 200_000 ? 2 : 1
        let tallies = parallelMap(halves) { half in
            Result { () throws(CalendarError) in try tally(count * half / halves..<count * (half + 1) / halves) }
        }
        var whole = try tallies[0].get()
        for part in tallies.dropFirst() { whole.add(try part.get()) }
        let (groups, counts, durations, margins, total, allDurations) = (
            whole.groups, whole.counts, whole.durations, whole.margins, whole.total, whole.allDurations
        )

        // Packed keys order as their key lists do: each index is below its radix.
        let rows = groups.keys.indices.sorted { groups.keys[$0] < groups.keys[$1] }.map { group in
            let packed = groups.keys[group]
            return QueryResult.Row(
                values: dimensions.indices.map { index in
                    DimensionValue(dimensions[index], packed / weights[index] % radices[index] - offsets[index])
                },
                count: counts[group],
                statistics: query.measure == .count ? nil : DurationStatistics(sortedValues: durations[group].sorted()))
        }
        let namedMargins = dimensions.indices.map { index in
            var margin: [DimensionValue: Int] = [:]
            for value in 0..<radices[index] where margins[marginBase[index] + value] > 0 {
                let count = margins[marginBase[index] + value]
                margin[DimensionValue(dimensions[index], value - offsets[index])] = count
            }
            return margin
        }
        return QueryResult(
            query: query, rows: rows, totalCases: total, margins: namedMargins,
            overall: allDurations.isEmpty ? nil : DurationStatistics(sortedValues: allDurations.sorted()),
            vocabulary: vocabulary)
    }
}

/// What a run of cases adds up to: the groups (by packed key) with their counts and durations, the
/// margins, the cases matched and all their durations.
struct Tally {
    var groups = GroupTable()
    var counts: [Int] = []
    var durations: [[Int]] = []
    var margins: [Int]
    var total = 0
    var allDurations: [Int] = []

    init(margins: Int) {
        self.margins = [Int](repeating: 0, count: margins)
    }

    /// One more case (or, with service types, one more of a case's combinations) in group `packed`.
    @inline(__always)
    mutating func add(_ packed: Int, duration: Int?) {
        let group = groups.group(packed)
        if group == counts.count {
            counts.append(0)
            if duration != nil { durations.append([]) }
        }
        counts[group] += 1
        if let duration { durations[group].append(duration) }
    }

    /// `count` more cases in group `packed` (counts kept by packed key, added in at the end).
    mutating func add(_ packed: Int, count: Int) {
        let group = groups.group(packed)
        if group == counts.count { counts.append(0) }
        counts[group] += count
    }

    /// Adds a later run's tally.
    mutating func add(_ other: Tally) {
        for (index, packed) in other.groups.keys.enumerated() {
            let group = groups.group(packed)
            if group == counts.count {
                counts.append(0)
                if !other.durations.isEmpty { durations.append([]) }
            }
            counts[group] += other.counts[index]
            if !other.durations.isEmpty { durations[group] += other.durations[index] }
        }
        for index in margins.indices { margins[index] += other.margins[index] }
        total += other.total
        allDurations += other.allDurations
    }
}

/// Numbers the distinct packed keys of a query's groups in the order they are first seen: open
/// addressing over a power-of-two table, at most half full.
struct GroupTable {
    /// The packed key of each group.
    private(set) var keys: [Int] = []
    /// Group number + 1 per slot; 0 = empty.
    private var slots = [Int32](repeating: 0, count: 64)

    /// The group of `packed`, numbered `keys.count` if it is new.
    @inline(__always)
    mutating func group(_ packed: Int) -> Int {
        let mask = slots.count - 1
        var slot = Self.home(packed, mask)
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if keys[entry - 1] == packed { return entry - 1 }
            slot = (slot + 1) & mask
        }
        keys.append(packed)
        slots[slot] = Int32(keys.count)
        if keys.count * 2 > slots.count { grow() }
        return keys.count - 1
    }

    /// The slot a key is looked for first: Fibonacci hashing, the high bits of the product.
    @inline(__always)
    private static func home(_ packed: Int, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(packed)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (group, packed) in keys.enumerated() {
            var slot = Self.home(packed, mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(group + 1)
        }
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
