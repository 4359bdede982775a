import Foundation
import ReviewModel

/// Verifies that every internal link and asset reference of a built site resolves to a file of the
/// site (SPEC §5; a broken one fails the build, naming the page and the target).
public enum LinkChecker {
    public struct BrokenLink: Equatable, Sendable, CustomStringConvertible {
        public let page: String
        public let target: String
        public var description: String { "\(page): link to '\(target)' does not resolve to a file of the site" }

        public init(page: String, target: String) {
            self.page = page
            self.target = target
        }
    }

    public static func check(_ tree: SiteTree) -> [BrokenLink] {
        let links = Links()
        // swift-format-ignore: NeverForceUnwrap
        for path in tree.paths where path.hasSuffix(".html") { links.add(page: path, tree.files[path]!) }
        return links.check(paths: Set(tree.files.keys))
    }

    /// The links of every page of a site as it is built (from every core at once), kept by target
    /// rather than by page: a site of 100,000 pages has millions of links but few distinct ones. Each
    /// target keeps the numbers of the pages that link to it (4 bytes a link, not a string).
    final class Links: @unchecked Sendable {
        private let lock = NSLock()
        /// Pages by number, in the order they were added.
        private var pages: [String] = []
        /// By page directory, then target as written: the pages that link to it.
        private var entries: [String: [String: [Int32]]] = [:]

        /// Records the links of `page` (each distinct target once).
        func add(page: String, _ html: [UInt8]) {
            let targets = LinkChecker.references(in: html)
            let directory = SiteWriter.directory(of: page)
            lock.withLock {
                let number = Int32(pages.count)
                pages.append(page)
                guard !targets.isEmpty else { return }
                var byTarget = entries.removeValue(forKey: directory) ?? [:]
                for target in targets { byTarget[target, default: []].appendOnce(number) }
                entries[directory] = byTarget
            }
        }

        /// The links that resolve to none of `paths`, by page and target (the targets resolved on
        /// every core).
        func check(paths: Set<String>) -> [BrokenLink] {
            var pages: [String] = []
            var targets: [(target: String, linking: [Int32])] = []
            lock.withLock {
                pages = self.pages
                for byTarget in entries.values {
                    for (target, linking) in byTarget { targets.append((target, linking)) }
                }
            }
            let parts = targets.count > 10_000 ? 2 : 1
            let broken = parallelMap(parts) { part -> [BrokenLink] in
                var broken: [BrokenLink] = []
                for index in stride(from: part, to: targets.count, by: parts) {
                    let (target, linking) = targets[index]
                    // Any page of the directory resolves the target alike.
                    guard let first = linking.first, let resolved = resolve(target, from: pages[Int(first)]),
                        !paths.contains(resolved), !paths.contains(resolved + "index.html")
                    else { continue }
                    broken += linking.map { BrokenLink(page: pages[Int($0)], target: target) }
                }
                return broken
            }
            return broken.flatMap { $0 }.sorted { ($0.page, $0.target) < ($1.page, $1.target) }
        }
    }

    /// Values of `href="…"` and `src="…"`, found in the page's bytes (the `href`s first, then the `src`s,
    /// each in page order).
    ///
    /// Scans from one `="` to the next with `memchr`: a page has a few hundred attributes in tens of
    /// kilobytes of text.
    static func references(in html: [UInt8]) -> [String] {
        html.withUnsafeBufferPointer { page -> [String] in
            guard let base = page.baseAddress else { return [] }
            var hrefs: [String] = []
            var sources: [String] = []
            let count = page.count
            var index = 0
            while index < count, let found = memchr(base + index, Int32(UInt8(ascii: "=")), count - index) {
                let equals = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                index = equals + 1
                guard index < count, page[index] == UInt8(ascii: "\"") else { continue }
                let isHref =
                    equals >= 4 && page[equals - 4] == UInt8(ascii: "h") && page[equals - 3] == UInt8(ascii: "r")
                    && page[equals - 2] == UInt8(ascii: "e") && page[equals - 1] == UInt8(ascii: "f")
                let isSource =
                    !isHref && equals >= 3 && page[equals - 3] == UInt8(ascii: "s")
                    && page[equals - 2] == UInt8(ascii: "r") && page[equals - 1] == UInt8(ascii: "c")
                guard isHref || isSource else { continue }
                let start = index + 1
                let end =
                    memchr(base + start, Int32(UInt8(ascii: "\"")), count - start).map {
                        UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base
                    } ?? count
                let target = String(decoding: UnsafeBufferPointer(rebasing: page[start..<end]), as: UTF8.self)
                if isHref { hrefs.append(target) } else { sources.append(target) }
                index = end
            }
            return hrefs + sources
        }
    }

    /// The site path a reference points at; `nil` for external links, fragments and empty links
    /// (cmark empties unsafe ones). Relative to `page`'s directory unless it begins with `/`; `.` and
    /// `..` segments are applied, `%XX` escapes decoded, and a query or fragment is cut off.
    static func resolve(_ target: String, from page: String) -> String? {
        guard let first = target.utf8.first, first != UInt8(ascii: "#") else { return nil }
        let head = String(target.prefix(11)).lowercased()
        if externalPrefixes.contains(where: { head.hasPrefix($0) }) { return nil }
        var reference = Array(target.utf8)
        if let cut = reference.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) {
            reference.removeSubrange(cut...)
        }
        guard let leading = reference.first else { return nil }
        let slash = UInt8(ascii: "/")
        var parts: [ArraySlice<UInt8>] = []
        if leading != slash {
            let directory = Array(page.utf8)
            parts = directory.split(separator: slash).dropLast()
        }
        for part in reference.split(separator: slash) {
            if part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part.contains(UInt8(ascii: "%")) ? ArraySlice(percentDecoded(part)) : part)
        }
        var path = Array(parts.joined(separator: [slash]))
        if reference.last == slash { path.append(slash) }
        return String(decoding: path, as: UTF8.self)
    }

    private static let externalPrefixes = ["http:", "https:", "mailto:", "tel:", "data:", "javascript:", "//"]

    /// `%XX` escapes decoded; a `%` not followed by two hexadecimal digits is kept as it is.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var decoded: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]),
                let low = hex(bytes[index + 2])
            {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return decoded
    }
}

extension [Int32] {
    /// Appends a page number unless it is the last one (a page's links are added together).
    fileprivate mutating func appendOnce(_ number: Int32) {
        if last != number { append(number) }
    }
}
