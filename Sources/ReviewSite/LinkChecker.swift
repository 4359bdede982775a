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
        let pages = tree.paths.filter { $0.hasSuffix(".html") }
        // Pages in two halves, one per core; the broken links come out in page order.
        let halves = pages.count > 64 ? 2 : 1
        let size = (pages.count + halves - 1) / max(1, halves)
        return parallelMap(halves) { half in
            check(pages[min(pages.count, half * size)..<min(pages.count, (half + 1) * size)], in: tree)
        }.flatMap { $0 }
    }

    static func check(_ pages: ArraySlice<String>, in tree: SiteTree) -> [BrokenLink] {
        var broken: [BrokenLink] = []
        // Most links repeat from page to page (navigation, assets): each is resolved once per directory.
        var known: [String: Bool] = [:]
        for path in pages {
            let directory = path.split(separator: "/").dropLast().joined(separator: "/")
            // swift-format-ignore: NeverForceUnwrap
            for target in references(in: tree.files[path]!) {
                let key = directory + "\u{0}" + target
                let fine: Bool
                if let cached = known[key] {
                    fine = cached
                } else {
                    if let resolved = resolve(target, from: path) {
                        fine = tree.files[resolved] != nil || tree.files[resolved + "index.html"] != nil
                    } else {
                        fine = true
                    }
                    known[key] = fine
                }
                if !fine { broken.append(BrokenLink(page: path, target: target)) }
            }
        }
        return broken
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
