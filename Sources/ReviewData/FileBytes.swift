import Foundation

/// A file's bytes, read-only. A file is mapped into memory rather than copied: the kernel then shares
/// its page cache instead of zeroing and filling fresh pages, which for a 400 MB cases.csv is a large
/// part of loading. Bytes made in memory (a converted encoding, a test) are owned the same way.
public final class FileBytes: @unchecked Sendable {
    public let buffer: UnsafeBufferPointer<UInt8>
    private let mappedLength: Int

    /// Owns a copy of `bytes`.
    public init(_ bytes: [UInt8]) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        buffer = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(storage)[0..<bytes.count])
        mappedLength = 0
    }

    /// Maps `length` bytes of an open file. Its pages are mapped by the readers, each the part it reads
    /// (`populate`), so that two cores share the work.
    init?(mapping descriptor: Int32, length: Int) {
        guard length > 0, let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0),
            address != MAP_FAILED
        else { return nil }
        #if !os(Linux)
            _ = madvise(address, length, MADV_SEQUENTIAL)
        #endif
        buffer = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: length)
        mappedLength = length
    }

    deinit {
        if mappedLength > 0 {
            munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress), mappedLength)
        } else {
            UnsafeMutableBufferPointer(mutating: buffer).deallocate()
        }
    }

    /// Maps the pages of `range` at once, on Linux (every byte is read anyway; page by page, on first
    /// touch, costs a fault per few pages). Nothing to do for bytes in memory, or where the kernel cannot.
    public func populate(_ range: Range<Int>) {
        #if os(Linux)
            guard mappedLength > 0, !range.isEmpty, let base = buffer.baseAddress else { return }
            populatePages(base + range.lowerBound, bytes: range.count, advice: populateRead)
        #endif
    }

    /// Unmaps the pages of a mapped file, keeping the mapping: its memory is given back now, while a
    /// reference may still be held (a byte read afterwards is mapped again from the page cache). Nothing
    /// to do for bytes in memory, or off Linux.
    public func dropPages() {
        #if os(Linux)
            guard mappedLength > 0, let base = buffer.baseAddress else { return }
            _ = madvise(UnsafeMutableRawPointer(mutating: base), mappedLength, MADV_DONTNEED)
        #endif
    }

    public var count: Int { buffer.count }
    public var isEmpty: Bool { buffer.isEmpty }
    /// A copy as an array (for the rare paths that need one: encoding conversion).
    public var array: [UInt8] { Array(buffer) }
}

/// Maps the pages of fresh memory about to be written, at once, on Linux.
func mapForWriting(_ start: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
        populatePages(start, bytes: bytes, advice: populateWrite)
    #endif
}

#if os(Linux)
    /// MADV_POPULATE_READ and MADV_POPULATE_WRITE (Linux 5.14, not in Glibc's module): an older kernel
    /// refuses them, and pages are then mapped on first touch.
    private let populateRead: Int32 = 22
    private let populateWrite: Int32 = 23

    /// Maps the pages holding `bytes` bytes from `start` in one call (`advice`: read or write).
    private func populatePages(_ start: UnsafeRawPointer, bytes: Int, advice: Int32) {
        guard bytes > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let address = Int(bitPattern: start) / page * page
        _ = madvise(UnsafeMutableRawPointer(bitPattern: address), Int(bitPattern: start) + bytes - address, advice)
    }
#endif
