import Dispatch

/// Runs `count` independent jobs on all cores and returns their results in order.
///
/// Each job must touch only its own state; the closure is not required to be `Sendable` because the
/// callers give each job disjoint data (one chunk of a file, one file, one batch of pages).
public func parallelMap<T>(_ count: Int, _ job: (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(job) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
        results.deinitialize()
        results.deallocate()
    }
    withoutActuallyEscaping(job) { job in
        nonisolated(unsafe) let work = job
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots[index] = work(index)
        }
    }
    // swift-format-ignore: NeverForceUnwrap
    // Every slot was filled by its job.
    return results.map { $0! }
}

/// A value computed on another core while the caller goes on; `value` waits for it.
public final class Background<T>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchGroup()

    public init(_ work: @escaping () -> T) {
        nonisolated(unsafe) let work = work
        done.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.done.leave()
        }
    }

    public var value: T {
        done.wait()
        // swift-format-ignore: NeverForceUnwrap
        // Set before `done` is left.
        return result!
    }

    /// The value, which this object then lets go of (an array taken is uniquely referenced and can be
    /// changed in place); call once, instead of `value`.
    public func take() -> T {
        done.wait()
        // swift-format-ignore: NeverForceUnwrap
        // Set before `done` is left.
        defer { result = nil }
        return result!
    }
}
