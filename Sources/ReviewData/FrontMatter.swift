import ReviewModel

/// A Markdown file's front matter: `key: value` lines between two lines `---` at the top of the file.
///
/// The format is the simple subset of YAML that staff write by hand: one `key: value` per line, a value
/// optionally in double or single quotes, blank lines and `#` comments ignored. Lists are `;`-separated
/// values (a YAML flow list `[a, b]` is accepted too). Anything else is reported at its line.
struct FrontMatter {
    struct Field {
        var value: String
        var line: Int
    }

    var fields: [String: Field] = [:]
    /// Markdown after the closing `---`.
    var body: String = ""

    /// Parses `text`; problems go to `sink`. `nil` when there is no front matter at all.
    ///   `lineOffset` shifts reported lines (for `site.conf`, parsed as front matter without its `---`).
    static func parse(
        _ text: String, allowedKeys: [String], lineOffset: Int = 0, sink: inout DiagnosticSink
    ) -> FrontMatter? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard lines.first?.trimmingTrailingSpaces == "---" else {
            sink.error(
                1, 1,
                "the file must start with front matter: a line '---', lines 'key: value' (keys: "
                    + "\(allowedKeys.joined(separator: ", "))), and a closing line '---'")
            return nil
        }
        // Without its closing line the whole file would read as front matter: only that is reported,
        // not every paragraph of the body as a line that is not `key: value`.
        guard let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpaces == "---" }) else {
            sink.error(1, 1, "the front matter opened on line 1 is never closed with a line '---'")
            return nil
        }
        var matter = FrontMatter()
        for index in 1..<closing {
            let line = lines[index]
            let number = index + 1 + lineOffset
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                sink.error(number, 1, "expected 'key: value' in the front matter, found '\(trimmed)'")
                continue
            }
            let key = String(trimmed[..<colon]).trimmingSpaces
            var value = String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            guard allowedKeys.contains(key) else {
                sink.error(
                    number, 1, "unknown front-matter key '\(key)'; the keys are \(allowedKeys.joined(separator: ", "))")
                continue
            }
            if let first = matter.fields[key] {
                sink.error(number, 1, "front-matter key '\(key)' is already given on line \(first.line)")
                continue
            }
            matter.fields[key] = Field(value: value, line: number)
        }
        matter.body = lines[(closing + 1)...].joined(separator: "\n")
        return matter
    }

    /// A value, or `nil` when the key is absent or empty.
    func value(_ key: String) -> String? {
        guard let value = fields[key]?.value, !value.isEmpty else { return nil }
        return value
    }

    func line(_ key: String) -> Int { fields[key]?.line ?? 1 }

    /// A `;`-separated list (or a YAML flow list `[a, b]`).
    func list(_ key: String) -> [String] {
        guard var text = value(key) else { return [] }
        var separators: Set<Character> = [";", "；"]
        if text.hasPrefix("[") && text.hasSuffix("]") {
            text = String(text.dropFirst().dropLast())
            separators.insert(",")
        }
        return text.split(whereSeparator: { separators.contains($0) })
            .map { String($0).trimmingSpaces.trimmingQuotes }
            .filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    var trimmingTrailingSpaces: String {
        var text = String(self)
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }

    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" })).trimmingTrailingSpaces
    }

    var trimmingQuotes: String {
        if count >= 2, let quote = first, quote == "\"" || quote == "'", last == quote {
            return String(dropFirst().dropLast())
        }
        return String(self)
    }
}
