/// A hash table from short byte strings (review numbers, certificate numbers, codes) to `Int32`,
/// looked up straight from a CSV cell's bytes.
///
/// Loading a million cases does a few million lookups; Swift's `Dictionary<String, _>` would make a
/// string for each key and hash it with seeded SipHash. Here keys are copied once into an arena, hashed
/// with FNV-1a, and kept in an open-addressing table (linear probing, at most half full).
struct ByteTable: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt32] = []
    private var offsets: [Int32] = []
    private var lengths: [UInt16] = []
    private var values: [Int32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        hashes.reserveCapacity(capacity)
        offsets.reserveCapacity(capacity)
        lengths.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        arena.reserveCapacity(capacity * 12)
    }

    var count: Int { values.count }

    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash ^ (hash >> 29)
    }

    @inline(__always)
    private func slot(for key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, entry: Int?) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        let short = UInt32(truncatingIfNeeded: hash)
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return (slot, nil) }
            if hashes[entry] == short && Int(lengths[entry]) == key.count {
                let offset = Int(offsets[entry])
                var same = true
                for index in 0..<key.count where arena[offset + index] != key[index] {
                    same = false
                    break
                }
                if same { return (slot, entry) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The value stored for `key`.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        slot(for: key, hash: Self.hash(key)).entry.map { values[$0] }
    }

    func find(_ key: String) -> Int32? {
        var key = key
        return key.withUTF8 { find($0) }
    }

    /// Stores `value` for `key` unless the key is there already.
    ///
    /// - Returns: the value already stored (nothing is changed), or `nil` when `key` was added.
    @inline(__always)
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> Int32? {
        let hash = Self.hash(key)
        let (slot, entry) = slot(for: key, hash: hash)
        if let entry { return values[entry] }
        slots[slot] = Int32(values.count)
        hashes.append(UInt32(truncatingIfNeeded: hash))
        offsets.append(Int32(arena.count))
        lengths.append(UInt16(min(key.count, Int(UInt16.max))))
        arena.append(contentsOf: key.prefix(Int(UInt16.max)))
        values.append(value)
        if values.count * 2 > slots.count { grow() }
        return nil
    }

    @discardableResult
    mutating func insert(_ key: String, value: Int32) -> Int32? {
        var key = key
        return key.withUTF8 { insert($0, value: value) }
    }

    /// Replaces the value of a key that is present.
    mutating func update(_ key: UnsafeBufferPointer<UInt8>, value: Int32) {
        if let entry = slot(for: key, hash: Self.hash(key)).entry { values[entry] = value }
    }

    /// Whether any key of this table is also a key of `other`.
    func sharesKey(with other: ByteTable) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            values.indices.contains { entry in
                let offset = Int(offsets[entry])
                return other.find(UnsafeBufferPointer(rebasing: arena[offset..<offset + Int(lengths[entry])])) != nil
            }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        arena.withUnsafeBufferPointer { arena in
            for entry in values.indices {
                let offset = Int(offsets[entry])
                let key = UnsafeBufferPointer(rebasing: arena[offset..<offset + Int(lengths[entry])])
                var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(entry)
            }
        }
    }
}
