/// A special day in the State Council's holiday arrangement (`calendar.csv`).
public struct CalendarEntry: Hashable, Sendable {
    public enum Kind: String, Vocabulary {
        /// A day off: a holiday, on a weekday or a weekend.
        case off
        /// A make-up working day (调休上班), usually a Saturday or Sunday.
        case work

        public static var choiceList: String { "off (放假), work (调休上班)" }

        public var label: String {
            switch self {
            case .off: "放假"
            case .work: "调休上班"
            }
        }
    }

    public var date: Day
    public var kind: Kind
    /// The holiday it belongs to, e.g. 春节.
    public var name: String
    public var location: SourceLocation

    public init(date: Day, kind: Kind, name: String, location: SourceLocation = SourceLocation(file: .none, line: 0)) {
        self.date = date
        self.kind = kind
        self.name = name
        self.location = location
    }
}

/// A computation needed a day of a year the calendar does not cover.
public enum CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case yearNotCovered(Int)

    public var description: String {
        switch self {
        case .yearNotCovered(let year):
            "the working-day calendar does not cover \(year): add the State Council's holiday arrangement "
                + "(国务院办公厅关于\(year)年部分节假日安排的通知) for \(year) to calendar.csv"
        }
    }
}

/// The working-day calendar of art. 十一.
///
/// A day is a working day when it is Monday–Friday and not marked `off`, or when it is marked `work`
/// (调休). A year is covered when the calendar has at least one entry dated in it; any computation that
/// needs a day of an uncovered year throws `CalendarError.yearNotCovered` rather than guess.
///
/// Working days are precomputed once over the covered span (a prefix count and the list of working
/// days), so a deadline or a duration costs O(1).
public struct WorkCalendar: Sendable {
    public let entries: [CalendarEntry]
    /// Covered years, ascending.
    public let coveredYears: [Int]

    private let firstYear: Int
    private let base: Int
    /// `prefix[k]` = number of working days at offsets `0..<k` from `base`.
    private let prefix: [Int32]
    /// Offsets from `base` of every working day, ascending.
    private let workingOffsets: [Int32]
    /// For each year of the span, the first uncovered year at or after it (or `lastYear + 1`).
    private let firstUncoveredFrom: [Int]
    /// For each day of the span (by offset from `base`), the ordinal of the first day of
    /// `firstUncoveredFrom` of its year: every day from that day up to (not including) this one is in a
    /// covered year. A range of days is checked with one load, without working out a year (which takes
    /// divisions), and a deadline or a duration then costs a few loads.
    private let coveredUntil: [Int32]

    public init(entries: [CalendarEntry]) {
        let sorted = entries.sorted { $0.date < $1.date }
        self.entries = sorted
        let years = Set(sorted.map(\.date.year)).sorted()
        self.coveredYears = years
        guard let first = years.first, let last = years.last else {
            firstYear = 0
            base = 0
            prefix = [0]
            workingOffsets = []
            firstUncoveredFrom = []
            coveredUntil = []
            return
        }
        firstYear = first
        base = Day.firstOfYear(first).ordinal
        let end = Day.firstOfYear(last + 1).ordinal
        var special = [Int: CalendarEntry.Kind]()
        for entry in sorted { special[entry.date.ordinal] = entry.kind }
        var prefix = [Int32](repeating: 0, count: end - base + 1)
        var offsets = [Int32]()
        offsets.reserveCapacity((end - base) * 5 / 7 + 8)
        for ordinal in base..<end {
            let day = Day(ordinal: ordinal)
            let working: Bool
            switch special[ordinal] {
            case .off?: working = false
            case .work?: working = true
            case nil: working = !day.isWeekend
            }
            let offset = ordinal - base
            prefix[offset + 1] = prefix[offset] + (working ? 1 : 0)
            if working { offsets.append(Int32(offset)) }
        }
        self.prefix = prefix
        self.workingOffsets = offsets
        let coveredSet = Set(years)
        var uncovered = [Int](repeating: last + 1, count: last - first + 1)
        var next = last + 1
        for year in stride(from: last, through: first, by: -1) {
            if !coveredSet.contains(year) { next = year }
            uncovered[year - first] = next
        }
        self.firstUncoveredFrom = uncovered
        var until: [Int32] = []
        until.reserveCapacity(end - base)
        for year in first...last {
            let days = Day.firstOfYear(year + 1).ordinal - Day.firstOfYear(year).ordinal
            until += repeatElement(Int32(Day.firstOfYear(uncovered[year - first]).ordinal), count: days)
        }
        self.coveredUntil = until
    }

    /// Whether every day from `start` through `end` (`start ≤ end`) is in a covered year: one load, no
    /// year worked out. `false` leaves it to `requireCovered` to name the year.
    @inline(__always)
    private func covers(_ start: Day, through end: Day) -> Bool {
        let offset = start.ordinal - base
        return offset >= 0 && offset < coveredUntil.count && end.ordinal < Int(coveredUntil[offset])
    }

    public func isCovered(year: Int) -> Bool {
        guard let last = coveredYears.last, year >= firstYear, year <= last else { return false }
        return firstUncoveredFrom[year - firstYear] != year
    }

    /// Throws unless every year from `start` through `end` is covered.
    public func requireCovered(from start: Int, through end: Int) throws(CalendarError) {
        guard start <= end else { return }
        guard let last = coveredYears.last, start >= firstYear, start <= last else {
            throw .yearNotCovered(start)
        }
        let uncovered = firstUncoveredFrom[start - firstYear]
        if uncovered <= end { throw .yearNotCovered(uncovered) }
    }

    /// Art. 十一: whether `day` is a working day.
    public func isWorkingDay(_ day: Day) throws(CalendarError) -> Bool {
        if !covers(day, through: day) { try requireCovered(from: day.year, through: day.year) }
        let offset = day.ordinal - base
        return prefix[offset + 1] != prefix[offset]
    }

    /// Art. 十一: the `count`th working day after `start`. The start day itself is not counted; the
    /// period begins the next day, and the deadline day itself is still on time.
    ///
    /// - Parameters:
    ///   - start: the certificate date (or any date the period runs from).
    ///   - count: working days, 30 for filing; 0 gives `start`.
    public func deadline(after start: Day, workingDays count: Int) throws(CalendarError) -> Day {
        precondition(count >= 0, "a working-day count is never negative")
        guard count > 0 else { return start }
        let first = start.adding(days: 1)
        if !covers(first, through: first) { try requireCovered(from: first.year, through: first.year) }
        let index = Int(prefix[first.ordinal - base]) + count - 1
        guard index < workingOffsets.count else {
            throw .yearNotCovered((coveredYears.last ?? first.year) + 1)
        }
        let result = Day(ordinal: base + Int(workingOffsets[index]))
        if !covers(first, through: result) { try requireCovered(from: first.year, through: result.year) }
        return result
    }

    /// Working days in the half-open period (`start`, `end`]: the processing time from one step to the
    /// next, with the first day not counted (as art. 十一 counts). Negative if `end` precedes `start`.
    public func workingDays(from start: Day, to end: Day) throws(CalendarError) -> Int {
        if end < start { return try -workingDays(from: end, to: start) }
        guard end > start else { return 0 }
        let first = start.adding(days: 1)
        if !covers(first, through: end) { try requireCovered(from: first.year, through: end.year) }
        return Int(prefix[end.ordinal - base + 1] - prefix[first.ordinal - base])
    }

    /// Calendar entries dated in the half-open period (`start`, `end`], ascending.
    public func entries(after start: Day, through end: Day) -> ArraySlice<CalendarEntry> {
        let lower = entries.partitioningIndex { $0.date > start }
        let upper = entries.partitioningIndex { $0.date > end }
        return entries[lower..<max(lower, upper)]
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
