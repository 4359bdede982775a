import Testing

@testable import ReviewData

/// The hash table every key of the content goes through (review numbers, certificate numbers): a slot
/// packs an entry's number with the bits of its key's hash that are left, so the packing changes each
/// time the table grows.
struct ByteTableTests {
    static func key(_ number: Int) -> [UInt8] { Array("IS2017-\(number)".utf8) }

    /// Filled to three quarters of 2^k slots (the most before it grows), from a table of 16 slots that
    /// grows on the way, or sized for the keys from the start.
    @Test(arguments: [4, 5, 9, 12, 17], [false, true])
    func everyKeyIsFoundAtTheHighestLoad(bits: Int, sizedFirst: Bool) {
        let count = (1 << bits) * 3 / 4
        var table = ByteTable(capacity: sizedFirst ? count : 8)
        for number in 0..<count {
            let added = Self.key(number).withUnsafeBufferPointer { table.insert($0, value: Int32(number)) }
            #expect(added == nil, "key \(number) is new")
        }
        #expect(table.count == count)
        for number in 0..<count {
            let key = Self.key(number)
            let found = key.withUnsafeBufferPointer { table.findEntry($0) }
            #expect(found?.value == Int32(number) && found?.entry == number, "key \(number)")
            // A key inserted again is reported with the value it has, and nothing changes.
            #expect(key.withUnsafeBufferPointer { table.insert($0, value: -1) } == Int32(number))
        }
        #expect(table.count == count)
        for number in count..<count + 1000 {
            #expect(Self.key(number).withUnsafeBufferPointer { table.find($0) } == nil)
        }
        // Keys that differ only in their length, and the empty key.
        #expect(Array("IS2017-1".utf8).dropLast().withUnsafeBufferPointer { table.find($0) } == nil)
        #expect([UInt8]().withUnsafeBufferPointer { table.insert($0, value: 7) } == nil)
        #expect([UInt8]().withUnsafeBufferPointer { table.find($0) } == 7)
    }
}
