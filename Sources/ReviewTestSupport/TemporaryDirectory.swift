import Foundation

/// A directory under the system's temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(prefix: String = "isms-review-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    public var path: String { url.path }

    /// Writes `text` (UTF-8) at `relative`, creating directories.
    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    public func write(_ relative: String, _ data: Data) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    /// Copies the tree at `source` into `relative` (merging over what is there).
    public func copyTree(from source: URL, to relative: String = "") throws {
        let manager = FileManager.default
        let destination = relative.isEmpty ? url : url.appendingPathComponent(relative)
        guard let enumerator = manager.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey]) else {
            return
        }
        let prefix = source.standardizedFileURL.path
        for case let item as URL in enumerator {
            let itemPath = item.standardizedFileURL.path
            let relativePath = String(itemPath.dropFirst(prefix.count + 1))
            let target = destination.appendingPathComponent(relativePath)
            if (try? item.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                try manager.createDirectory(at: target, withIntermediateDirectories: true)
            } else {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
                try manager.copyItem(at: item, to: target)
            }
        }
    }
}
