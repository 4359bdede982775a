import Foundation

/// Where a site's files go as they are made, from every core at once.
///
/// In memory (`SiteTree`, for tests and for callers that want the bytes), or written straight into a
/// staging directory (`isms-review site`): then a page's bytes are dropped once written, and only its
/// links are kept for the check before the staging directory is swapped into place. Either way the
/// paths and every page's links are recorded, so the link check needs nothing else.
public final class SiteOutput: @unchecked Sendable {
    private let lock = NSLock()
    private let directory: String?
    private var tree = SiteTree()
    private var putPaths: Set<String> = []
    /// `nil` when links are not checked (a tree already checked, being published).
    private let links: LinkChecker.Links?
    private var createdDirectories: Set<String> = [""]

    /// Kept in memory.
    public init() {
        directory = nil
        links = LinkChecker.Links()
    }

    /// Written under `directory`, which exists and is empty.
    init(writingInto directory: String, checkingLinks: Bool = true) {
        self.directory = directory
        links = checkingLinks ? LinkChecker.Links() : nil
    }

    func put(_ path: String, _ bytes: [UInt8]) throws {
        if path.hasSuffix(".html") { links?.add(page: path, bytes) }
        guard directory != nil else {
            try lock.withLock {
                guard putPaths.insert(path).inserted else { throw Self.twice(path) }
                tree.files[path] = bytes
            }
            return
        }
        try bytes.withUnsafeBytes { try put(path, bytes: $0) }
    }

    /// Writes a file under the directory. Paths are the site's own (no `..`), made by the builder.
    private func put(_ path: String, bytes: UnsafeRawBufferPointer) throws {
        // swift-format-ignore: NeverForceUnwrap
        let directory = self.directory!
        guard SiteWriter.isSafe(path) else {
            throw SiteWriter.Failure(description: "refusing to write outside the site: '\(path)'")
        }
        let parent = SiteWriter.directory(of: path)
        try lock.withLock {
            guard putPaths.insert(path).inserted else { throw Self.twice(path) }
            if !createdDirectories.contains(parent) {
                try FileManager.default.createDirectory(
                    atPath: directory + "/" + parent, withIntermediateDirectories: true)
                createdDirectories.insert(parent)
            }
        }
        try SiteWriter.writeFile(directory + "/" + path, bytes)
    }

    /// The files kept in memory (empty when written to a directory).
    public var files: SiteTree { lock.withLock { tree } }

    /// Every path put.
    var paths: Set<String> { lock.withLock { putPaths } }

    /// The links of the pages put that resolve to no file put.
    func brokenLinks() -> [LinkChecker.BrokenLink] { links?.check(paths: paths) ?? [] }

    /// Two files for one path: an asset named like a generated file (`assets/search-index.js`).
    private static func twice(_ path: String) -> SiteWriter.Failure {
        SiteWriter.Failure(
            description: "two files for '\(path)': a file in site-templates/ has the name of a file the site "
                + "generates; rename it")
    }
}
