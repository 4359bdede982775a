/// Where a decoder reading one part of a large file puts its records: a run of places in an array being
/// made for the whole file (which the decoder does not own), then, if they run out, an array of its own.
///
/// The parts of cases.csv are read on two cores at once, each into its own run of the same array's
/// places, so that the data set's array is not copied together from one array per part afterwards —
/// a copy of 70 MB that also touched as much fresh memory (see `ContentLoader.decodeCases`).
struct RecordPlaces<Record> {
    /// The first place; `nil` with no places (every record then goes to `overflow`).
    let base: UnsafeMutablePointer<Record>?
    /// How many places there are.
    let capacity: Int
    /// How many places hold a record: `base[0..<filled]`, initialised.
    private(set) var filled = 0
    /// The records after the places ran out.
    private(set) var overflow: [Record] = []
    /// Places before this one are mapped in memory (see `mapAhead`).
    private var mappedUpTo = 0

    init(base: UnsafeMutablePointer<Record>?, capacity: Int) {
        self.base = base
        self.capacity = base == nil ? 0 : capacity
    }

    var count: Int { filled + overflow.count }

    /// Takes `record` (a copy would count each reference it holds, and the original's release count
    /// them back).
    @inline(__always)
    mutating func append(_ record: consuming Record) {
        if filled < capacity, let base {
            if filled == mappedUpTo { mapAhead(base) }
            (base + filled).initialize(to: consume record)
            filled += 1
        } else {
            overflow.append(consume record)
        }
    }

    /// Maps the next 1 MiB of places in one call, rather than a page at a time as each is first written
    /// (a fault per 4 KiB page: a million cases fill 115 MiB).
    @inline(never)
    private mutating func mapAhead(_ base: UnsafeMutablePointer<Record>) {
        let next = min(capacity, mappedUpTo + max(1, (1 << 20) / MemoryLayout<Record>.stride))
        mapForWriting(
            UnsafeMutableRawPointer(base + mappedUpTo), bytes: (next - mappedUpTo) * MemoryLayout<Record>.stride)
        mappedUpTo = next
    }

    subscript(index: Int) -> Record {
        // swift-format-ignore: NeverForceUnwrap
        // An index below `filled` is a place, and there are places only with a base.
        index < filled ? base![index] : overflow[index - filled]
    }

    /// Empties the places (their records are destroyed), for a decoder whose reading is discarded.
    mutating func discard() {
        base?.deinitialize(count: filled)
        filled = 0
        overflow = []
    }

    /// The records in an array of their own, moved out of the places (which are left empty).
    mutating func takeAll() -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(count)
        if let base {
            for index in 0..<filled { records.append((base + index).move()) }
        }
        filled = 0
        records += overflow
        overflow = []
        return records
    }
}
