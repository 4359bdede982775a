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
        var broken: [BrokenLink] = []
        for path in tree.paths where path.hasSuffix(".html") {
            // swift-format-ignore: NeverForceUnwrap
            let html = String(decoding: tree.files[path]!, as: UTF8.self)
            for target in references(in: html) {
                guard let resolved = resolve(target, from: path) else { continue }
                if tree.files[resolved] == nil && tree.files[resolved + "index.html"] == nil {
                    broken.append(BrokenLink(page: path, target: target))
                }
            }
        }
        return broken
    }

    /// Values of `href="…"` and `src="…"`.
    static func references(in html: String) -> [String] {
        var targets: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                targets.append(String(rest[..<end]))
                rest = rest[end...]
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
