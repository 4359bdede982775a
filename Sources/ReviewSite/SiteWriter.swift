import Foundation
import ReviewModel

/// Publishes a built site atomically: the tree is written into a sibling directory, then swapped into
/// place, so readers see the old site or the new one and a failed build leaves the old one untouched.
public enum SiteWriter {
    /// The file that marks a directory as a site this program published (`--out` refuses others).
    public static let marker = ".isms-review-site"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Refuses output directories that would be dangerous to replace: `/`, the home directory, the
    /// content directory (or one inside it or containing it), and a non-empty directory that does
    /// not carry the marker of a previous build — unless `force`.
    public static func checkDestination(_ output: String, content: String, force: Bool) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
        let contentPath = URL(fileURLWithPath: content).standardizedFileURL.resolvingSymlinksInPath().path
        let home = URL(fileURLWithPath: NSHomeDirectory()).standardizedFileURL.resolvingSymlinksInPath().path
        if target == "/" || target == home {
            throw Failure(
                description:
                    "refusing to publish into '\(output)': it is \(target == "/" ? "the root directory" : "the home directory")"
            )
        }
        if target == contentPath || target.hasPrefix(contentPath + "/") || contentPath.hasPrefix(target + "/") {
            throw Failure(
                description: "refusing to publish into '\(output)': it overlaps the content directory '\(content)'")
        }
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Failure(description: "refusing to publish into '\(output)': it is a file, not a directory")
        }
        let entries = (try? manager.contentsOfDirectory(atPath: target)) ?? []
        if !force && !entries.isEmpty && !entries.contains(marker) {
            throw Failure(
                description: "refusing to replace '\(output)': it is not empty and was not published by isms-review "
                    + "(no \(marker) file); choose another --out or give --force")
        }
    }

    /// Writes `tree` next to `output` and swaps it into place; holds `<output>.lock` meanwhile so that two
    /// builds at once cannot interleave.
    public static func publish(_ tree: SiteTree, to output: String) throws {
        let staging = try Staging(output)
        do {
            let site = SiteOutput(writingInto: staging.directory, checkingLinks: false)
            let paths = tree.paths
            let parts = min(paths.count, 8)
            let failures = parallelMap(parts) { part -> Error? in
                do {
                    for index in stride(from: part, to: paths.count, by: parts) {
                        // swift-format-ignore: NeverForceUnwrap
                        try site.put(paths[index], tree.files[paths[index]]!)
                    }
                    return nil
                } catch {
                    return error
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
        } catch {
            staging.abandon()
            throw error
        }
        try staging.commit()
    }

    /// A new site being written beside the published one (`.<name>.new-<pid>`), holding
    /// `<output>.lock` so that two builds at once cannot interleave. `commit` swaps it into place;
    /// `abandon` removes it, leaving the published site as it was.
    public final class Staging {
        let target: URL
        let staging: URL
        let retired: URL
        private let lock: Int32

        /// Where the new site is written.
        var directory: String { staging.path }

        public init(_ output: String) throws {
            let manager = FileManager.default
            target = URL(fileURLWithPath: output).standardizedFileURL
            let parent = target.deletingLastPathComponent()
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            let lockPath = target.path + ".lock"
            let lock = open(lockPath, O_CREAT | O_RDWR, 0o644)
            guard lock >= 0 else { throw Failure(description: "cannot create lock file '\(lockPath)'") }
            guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
                close(lock)
                throw Failure(description: "another build is publishing into '\(output)' (lock '\(lockPath)' is held)")
            }
            self.lock = lock
            staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(getpid())")
            retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
            removeAbandoned(beside: target)
            try? manager.removeItem(at: staging)
            do {
                try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            } catch {
                // (`deinit` closes the lock: every stored property is set.)
                throw Failure(description: "cannot create '\(staging.path)': \(error.localizedDescription)")
            }
        }

        deinit { close(lock) }

        /// Swaps: the old site steps aside, the new one takes its name, the old one is removed.
        public func commit() throws {
            let manager = FileManager.default
            var hadOld = false
            do {
                if manager.fileExists(atPath: target.path) {
                    try manager.moveItem(at: target, to: retired)
                    hadOld = true
                }
                try manager.moveItem(at: staging, to: target)
            } catch {
                if hadOld { try? manager.moveItem(at: retired, to: target) }
                abandon()
                throw error
            }
            if hadOld { try? manager.removeItem(at: retired) }
        }

        /// Removes the new site; the published one is untouched.
        public func abandon() {
            try? FileManager.default.removeItem(at: staging)
        }
    }

    /// Removes staging directories left by builds that were killed (their process no longer exists).
    static func removeAbandoned(beside target: URL) {
        let manager = FileManager.default
        let parent = target.deletingLastPathComponent()
        let prefixes = [".\(target.lastPathComponent).new-", ".\(target.lastPathComponent).old-"]
        for name in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let prefix = prefixes.first(where: { name.hasPrefix($0) }),
                let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? manager.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Writes a new file with `write(2)` (no fsync per file: the directory swap is the commit point).
    static func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            // swift-format-ignore: NeverForceUnwrap
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw Failure(description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// A relative path inside the site: no `..`, no absolute path, no empty component.
    static func isSafe(_ path: String) -> Bool {
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && !$0.elementsEqual("..".utf8)
        }
    }

    /// The directory part of a site path (`org` for `org/x.html`, empty for `index.html`).
    static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }
}
