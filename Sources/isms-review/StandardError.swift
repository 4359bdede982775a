import Foundation

/// Writes all of `bytes` to a file descriptor with `write(2)`; `false` when the reader has gone away.
private func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    guard var pointer = bytes.baseAddress else { return true }
    var remaining = bytes.count
    while remaining > 0 {
        let written = Foundation.write(descriptor, pointer, remaining)
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return false }
        pointer += written
        remaining -= written
    }
    return true
}

/// Standard error, unbuffered, one line per call (Swift 6 rejects the C global `stderr`, and
/// `FileHandle` raises on a closed pipe on Linux).
enum StandardError {
    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        line.utf8.withContiguousStorageIfAvailable { _ = writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}

/// Standard output, buffered; a closed pipe (`isms-review cases | head`) ends the program quietly with
/// status 0, as xsv and ripgrep do.
enum Output {
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    static func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    static func line(_ text: String = "") {
        write(text)
        buffer.append(UInt8(ascii: "\n"))
    }

    static func flush() {
        let complete = buffer.withUnsafeBytes { writeAll(1, $0) }
        buffer.removeAll(keepingCapacity: true)
        if !complete { Foundation.exit(0) }
    }

    static func finish() { flush() }

    /// Flushes and exits 0 at once, without releasing a large data set object by object (the system
    /// reclaims the memory whole; a million cases take a noticeable time to free one by one).
    static func exitNow() -> Never {
        flush()
        Foundation.exit(0)
    }
}
