/// The layout rendered once for many pages.
///
/// Pages that share a frame — the same `root` and the same highlighted navigation item — differ in the
/// layout only by their title, description and body. The frame is the layout rendered once by the
/// template engine with a marker in place of each of those three values; a page is then the frame's
/// text with the values put back, escaped where the template escapes them (`{{title}}`) and as they are
/// where it does not (`{{{body}}}`) — the same bytes the engine would give for the page.
///
/// A frame is not used (the page is rendered in full) when the markers do not come out as they went in
/// (a template that transforms the value), or when a value is empty (a section such as `{{#title}}`
/// would then render differently).
struct LayoutFrame {
    enum Field: UInt8, CaseIterable {
        case title = 0x54  // "T"
        case description = 0x44  // "D"
        case body = 0x42  // "B"

        /// `<` U+0001 letter U+0001 `>`: the `<` and `>` show whether the template escaped the value.
        var marker: String { "<\u{1}" + String(UnicodeScalar(rawValue)) + "\u{1}>" }
    }

    enum Piece {
        case text([UInt8])
        case value(Field, escaped: Bool)
    }

    let pieces: [Piece]

    /// Splits a layout rendered with the markers; `nil` if a marker is not found whole.
    init?(rendered: String) {
        let bytes = Array(rendered.utf8)
        let raw = Field.allCases.map { (Array($0.marker.utf8), $0, false) }
        let escaped = Field.allCases.map { (Array(HTMLEscaping().escapeText($0.marker).utf8), $0, true) }
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var index = 0
        scan: while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") || bytes[index] == UInt8(ascii: "&") {
                for (marker, field, isEscaped) in raw + escaped
                where bytes[index...].starts(with: marker) {
                    pieces.append(.text(text))
                    text = []
                    pieces.append(.value(field, escaped: isEscaped))
                    index += marker.count
                    continue scan
                }
            }
            if bytes[index] == 0x01 { return nil }
            text.append(bytes[index])
            index += 1
        }
        pieces.append(.text(text))
        self.pieces = pieces
    }

    /// The page: the frame with the values put back; `nil` if a value is empty.
    func fill(title: String, description: String, body: String) -> [UInt8]? {
        guard !title.isEmpty, !description.isEmpty, !body.isEmpty else { return nil }
        let escaping = HTMLEscaping()
        let values = pieces.map { piece -> String? in
            guard case .value(let field, let escaped) = piece else { return nil }
            let value =
                switch field {
                case .title: title
                case .description: description
                case .body: body
                }
            return escaped ? escaping.escapeText(value) : value
        }
        // Sized exactly: a site holds every page in memory until it is published.
        var size = 0
        for (piece, value) in zip(pieces, values) {
            if case .text(let text) = piece { size += text.count } else { size += value?.utf8.count ?? 0 }
        }
        var output: [UInt8] = []
        output.reserveCapacity(size)
        for (piece, value) in zip(pieces, values) {
            if case .text(let text) = piece { output += text } else if let value { output += value.utf8 }
        }
        return output
    }
}
