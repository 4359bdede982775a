import CInstructions
import Foundation

/// A hash table from short byte strings (review numbers, certificate numbers, codes) to `Int32`,
/// looked up straight from a CSV cell's bytes.
///
/// Loading a million cases does a few million lookups; Swift's `Dictionary<String, _>` would make a
/// string for each key and hash it with seeded SipHash. Here keys are copied once into an arena, hashed
/// eight bytes at a time, and kept in an open-addressing table (linear probing, at most three quarters
/// full: sixteen slots share a cache line, so a probe rarely leaves the first).
///
/// A table of a million keys does not fit in the processor's caches, so a lookup is laid out to touch
/// as few places as it can: a slot holds, in 32 bits, the entry's number and as many bits of its key's
/// hash as are left (a probe that meets another key rarely goes further than the slot); an entry holds
/// its key's place in the arena, its length and its value together. Slots of 32 bits rather than 64
/// halve the memory read at random: reading certificates.csv (668k rows) took ~230 ms with its number
/// table of 64-bit slots and ~150 ms without a table, most of the difference spent waiting for slots.
struct ByteTable: Sendable {
    private struct Entry {
        var offset: Int32
        var length: UInt32
        var value: Int32
    }

    /// `tag | entry + 1`, or `empty` (0): the entry's number plus one in the bits `tagMask` leaves, the
    /// high bits of the key's hash in the bits it covers.
    private var slots: [UInt32]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var mask: Int
    /// The bits of a slot that hold the tag. The others hold the entry's number plus one: as many as
    /// `slots.count` needs (entries never exceed three quarters of the slots, plus the one added before
    /// the table grows).
    private var tagMask: UInt32

    private static let empty: UInt32 = 0

    init(capacity: Int = 16) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = Self.emptySlots(size)
        mask = size - 1
        tagMask = Self.tagMask(size)
        entries.reserveCapacity(capacity)
        arena.reserveCapacity(capacity * 12)
    }

    var count: Int { entries.count }

    /// `size` empty slots. Where a table spans whole 2 MiB pages, they are asked for (Linux's
    /// MADV_HUGEPAGE; the kernel may decline): slots are read at random, and with 4 KiB pages nearly
    /// every lookup in a table of a million keys also misses the processor's address-translation cache.
    private static func emptySlots(_ size: Int) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: size) { buffer, count in
            #if os(Linux)
                if let base = buffer.baseAddress {
                    let huge = 1 << 21
                    let start = (Int(bitPattern: base) + huge - 1) & -huge
                    let end = (Int(bitPattern: base) + size * MemoryLayout<UInt32>.stride) & -huge
                    if end > start {
                        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
                    }
                }
            #endif
            buffer.initialize(repeating: empty)
            count = size
        }
    }

    /// Eight bytes at a time (the last eight overlapping the ones before when the length is not a
    /// multiple of eight), each mixed in with a multiply, then a finalising mix: a byte-at-a-time hash
    /// waits on one multiply per byte, and keys are hashed a few million times per load.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        @inline(__always) func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
        }
        guard let base = key.baseAddress.map(UnsafeRawPointer.init) else { return hash }
        if key.count >= 8 {
            var offset = 0
            while offset + 8 < key.count {
                mix(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            mix(base.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self))
        } else {
            var word: UInt64 = 0
            for index in 0..<key.count { word |= UInt64(key[index]) << UInt64(8 * index) }
            mix(word)
        }
        hash ^= hash >> 32
        hash &*= 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }

    @inline(__always)
    private func slot(for key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, entry: Int?) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = UInt32(truncatingIfNeeded: hash >> 32) & tagMask
        let tagMask = tagMask
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    while true {
                        let packed = slots[slot]
                        if packed == Self.empty { return (slot, nil) }
                        if packed & tagMask == tag {
                            let entry = Int(truncatingIfNeeded: packed & ~tagMask) - 1
                            let found = entries[entry]
                            // swift-format-ignore: NeverForceUnwrap
                            if Int(found.length) == key.count
                                && (key.isEmpty
                                    || memcmp(arena.baseAddress! + Int(found.offset), key.baseAddress!, key.count) == 0)
                            {
                                return (slot, entry)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    @inline(__always)
    private func packed(_ hash: UInt64, _ entry: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 32) & tagMask | UInt32(truncatingIfNeeded: entry + 1)
    }

    /// The tag bits of a table of `size` slots (a power of two, at most 2³¹).
    private static func tagMask(_ size: Int) -> UInt32 {
        precondition(size <= 1 << 31, "a table of more than 2³¹ slots")
        return size == 1 << 31 ? 0 : ~UInt32(0) << UInt32(size.trailingZeroBitCount)
    }

    /// The value stored for `key`, and the number of its entry (entries are numbered in the order keys
    /// were inserted).
    @inline(__always)
    func findEntry(_ key: UnsafeBufferPointer<UInt8>) -> (value: Int32, entry: Int)? {
        slot(for: key, hash: Self.hash(key)).entry.map { (entries[$0].value, $0) }
    }

    /// The value of entry `entry` if its key is `key` (a check without hashing, for lookups that follow
    /// the order of insertion).
    @inline(__always)
    func value(ofEntry entry: Int, ifKeyIs key: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard entry >= 0, entry < entries.count else { return nil }
        let found = entries[entry]
        guard Int(found.length) == key.count else { return nil }
        return arena.withUnsafeBufferPointer { arena in
            // swift-format-ignore: NeverForceUnwrap
            key.isEmpty || memcmp(arena.baseAddress! + Int(found.offset), key.baseAddress!, key.count) == 0
                ? found.value : nil
        }
    }

    /// The value stored for `key`.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        slot(for: key, hash: Self.hash(key)).entry.map { entries[$0].value }
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
        insert(key, hash: Self.hash(key), value: value)
    }

    @inline(__always)
    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, value: Int32) -> Int32? {
        let (slot, entry) = slot(for: key, hash: hash)
        if let entry { return entries[entry].value }
        slots[slot] = packed(hash, entries.count)
        entries.append(Entry(offset: Int32(arena.count), length: UInt32(key.count), value: value))
        arena.append(contentsOf: key)
        if entries.count * 4 > slots.count * 3 { grow() }
        return nil
    }

    /// What `insertEntry` found.
    enum Insertion {
        /// The key was there, with this value (nothing is changed).
        case present(Int32)
        /// The key was added as this entry.
        case added(Int)
    }

    /// Starts bringing in the slot where `key` is looked for first, and returns the key's hash for
    /// `insertEntry(_:hash:value:)`. A table of a million keys does not fit in the processor's caches:
    /// a slot touched when a row's key is read has arrived by the time the row has been checked.
    @inline(__always)
    func prefetch(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let hash = Self.hash(key)
        slots.withUnsafeBufferPointer { slots in
            // swift-format-ignore: NeverForceUnwrap
            isms_prefetch(slots.baseAddress! + (Int(truncatingIfNeeded: hash) & mask))
        }
        return hash
    }

    /// `insert`, telling the new entry's number, so that its value can be set later without hashing
    /// the key again. `hash` is `prefetch(key)`'s.
    @inline(__always)
    mutating func insertEntry(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, value: Int32) -> Insertion {
        if let existing = insert(key, hash: hash, value: value) { return .present(existing) }
        return .added(entries.count - 1)
    }

    /// Replaces the value of entry `entry`.
    @inline(__always)
    mutating func setValue(ofEntry entry: Int, _ value: Int32) { entries[entry].value = value }

    @discardableResult
    mutating func insert(_ key: String, value: Int32) -> Int32? {
        var key = key
        return key.withUTF8 { insert($0, value: value) }
    }

    /// Whether any key of this table, among its entries in `range`, is also a key of `other`.
    /// The keys are looked up eight ahead of their prefetched slots in `other`.
    func sharesKey(with other: ByteTable, entries range: Range<Int>) -> Bool {
        let ahead = 8
        return arena.withUnsafeBufferPointer { arena in
            entries.withUnsafeBufferPointer { entries in
                func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    let offset = Int(entries[index].offset)
                    return UnsafeBufferPointer(rebasing: arena[offset..<offset + Int(entries[index].length)])
                }
                var hashes = [UInt64](repeating: 0, count: ahead)
                for index in range.prefix(ahead) { hashes[index % ahead] = other.prefetch(key(index)) }
                for index in range {
                    let hash = hashes[index % ahead]
                    if index + ahead < range.upperBound { hashes[index % ahead] = other.prefetch(key(index + ahead)) }
                    if other.slot(for: key(index), hash: hash).entry != nil { return true }
                }
                return false
            }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var slots = Self.emptySlots(size)
        mask = size - 1
        tagMask = Self.tagMask(size)
        arena.withUnsafeBufferPointer { arena in
            for (index, entry) in entries.enumerated() {
                let offset = Int(entry.offset)
                let hash = Self.hash(UnsafeBufferPointer(rebasing: arena[offset..<offset + Int(entry.length)]))
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != Self.empty { slot = (slot + 1) & mask }
                slots[slot] = packed(hash, index)
            }
        }
        self.slots = slots
    }
}
