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

    /// Maps `length` bytes of an open file, its pages mapped at once on Linux (every byte is read anyway).
    init?(mapping descriptor: Int32, length: Int) {
        #if os(Linux)
            let flags = MAP_PRIVATE | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard length > 0, let address = mmap(nil, length, PROT_READ, flags, descriptor, 0), address != MAP_FAILED
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

    public var count: Int { buffer.count }
    public var isEmpty: Bool { buffer.isEmpty }
    /// A copy as an array (for the rare paths that need one: encoding conversion).
    public var array: [UInt8] { Array(buffer) }
}
