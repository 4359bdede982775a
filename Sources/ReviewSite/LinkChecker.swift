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
            let directory = page.split(separator: "/").dropLast().joined(separator: "/")
            lock.withLock {
                let number = Int32(pages.count)
                pages.append(page)
                guard !targets.isEmpty else { return }
                var byTarget = entries.removeValue(forKey: directory) ?? [:]
                for target in targets {
                    if byTarget[target]?.last != number { byTarget[target, default: []].append(number) }
                }
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

    /// Values of `href="…"` and `src="…"`, found in the page's bytes.
    static func references(in html: [UInt8]) -> [String] {
        var targets: [String] = []
        let quote = UInt8(ascii: "\"")
        for attribute in [Array("href=\"".utf8), Array("src=\"".utf8)] {
            var index = 0
            let last = html.count - attribute.count
            while index <= last {
                if html[index] == attribute[0] && html[index..<(index + attribute.count)].elementsEqual(attribute) {
                    let start = index + attribute.count
                    var end = start
                    while end < html.count && html[end] != quote { end += 1 }
                    targets.append(String(decoding: html[start..<end], as: UTF8.self))
                    index = end
                } else {
                    index += 1
                }
            }
        }
        return targets
    }

    /// The site path a reference points at; `nil` for external links, fragments and empty links
    /// (cmark empties unsafe ones).
    static func resolve(_ target: String, from page: String) -> String? {
        let external = ["http:", "https:", "mailto:", "tel:", "data:", "javascript:", "//"]
        if target.isEmpty || target.hasPrefix("#") || external.contains(where: { target.lowercased().hasPrefix($0) }) {
            return nil
        }
        var reference = target
        if let cut = reference.firstIndex(where: { $0 == "#" || $0 == "?" }) { reference = String(reference[..<cut]) }
        if reference.isEmpty { return nil }
        var parts = reference.hasPrefix("/") ? [] : page.split(separator: "/").dropLast().map(String.init)
        for part in reference.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(part.removingPercentEncodingIfPossible))
            }
        }
        let joined = parts.joined(separator: "/")
        return reference.hasSuffix("/") ? joined + "/" : joined
    }
}

extension Substring {
    var removingPercentEncodingIfPossible: String {
        guard contains("%") else { return String(self) }
        var bytes: [UInt8] = []
        var index = startIndex
        while index < endIndex {
            if self[index] == "%", let end = self.index(index, offsetBy: 3, limitedBy: endIndex),
                let value = UInt8(self[self.index(after: index)..<end], radix: 16)
            {
                bytes.append(value)
                index = end
            } else {
                bytes.append(contentsOf: String(self[index]).utf8)
                index = self.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
