/// The layout rendered once for many pages.
///
/// Pages that share a frame — the same `root` and the same highlighted navigation item, which is all of
/// the layout's context that is not the page's title, description or body — differ in the layout only
/// by those three values. The frame is the layout rendered by the template engine with a marker in
/// place of each value; a page is then the frame's text with the values put back, escaped where the
/// template escaped the marker (`{{title}}`) and as they are where it did not (`{{{body}}}`).
///
/// That gives the bytes the engine would give only if the layout prints the values without looking at
/// them, so the frame is made twice, with two sets of markers that differ in case, length and a final
/// line feed, and is used only if both renders have the same text around the markers. A layout that
/// transforms a value (`{{uppercased(title)}}`), measures it, or indents what follows a line feed (an
/// indented partial) renders the two sets differently, and its pages are rendered in full. So are pages
/// with an empty value (a section such as `{{#title}}` would then render differently).
struct LayoutFrame {
    enum Field: CaseIterable {
        case title, description, body
    }

    typealias Piece = FramePiece<Field>

    let pieces: [Piece]

    /// The two marker sets: `<` U+0001 letters U+0001 `>` (the `<` and `>` show whether the template
    /// escaped the value), the second longer, in other case, and ending in a line feed.
    static func marker(_ field: Field, second: Bool) -> String {
        let letters =
            switch field {
            case .title: second ? "tItLe" : "Ti"
            case .description: second ? "dEsCr" : "De"
            case .body: second ? "bOdYx" : "Bo"
            }
        return "<\u{1}" + letters + "\u{1}>" + (second ? "\n" : "")
    }

    /// The frame of a layout, rendered by `render` with the given title, description and body; `nil`
    /// when it cannot stand for the layout (see above).
    init?(render: (_ title: String, _ description: String, _ body: String) -> String) {
        func split(second: Bool) -> [Piece]? {
            let rendered = render(
                Self.marker(.title, second: second), Self.marker(.description, second: second),
                Self.marker(.body, second: second))
            return Self.split(rendered, second: second)
        }
        guard let first = split(second: false), let second = split(second: true), first == second else { return nil }
        pieces = first
    }

    /// The text between the markers; `nil` if a marker is not found whole.
    private static func split(_ rendered: String, second: Bool) -> [Piece]? {
        framePieces(rendered, markers: Field.allCases.map { (Self.marker($0, second: second), $0) })
    }

    /// The page: the frame with the values put back; `nil` if a value is empty.
    func fill(title: String, description: String, body: String) -> [UInt8]? {
        guard !title.isEmpty, !description.isEmpty, !body.isEmpty else { return nil }
        let escaping = HTMLEscaping()
        let values = pieces.map { piece -> String? in
            guard case .slot(let field, let escaped) = piece else { return nil }
            let value =
                switch field {
                case .title: title
                case .description: description
                case .body: body
                }
            return escaped ? escaping.escapeText(value) : value
        }
        // Sized exactly: pages are kept in memory when the site is built in memory.
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

/// A frame's text, and the places of its values (`LayoutFrame`, `RowFrames`).
enum FramePiece<Slot: Equatable>: Equatable {
    case text([UInt8])
    /// A value, to be escaped (the template printed its marker with `{{…}}`) or not (`{{{…}}}`).
    case slot(Slot, escaped: Bool)
}

/// `rendered` split at its markers, each found as it is or HTML-escaped; `nil` if a marker is not found
/// whole (a U+0001 outside a marker: every marker begins `<` U+0001 and ends U+0001 `>`).
func framePieces<Slot: Equatable>(_ rendered: String, markers: [(String, Slot)]) -> [FramePiece<Slot>]? {
    let bytes = Array(rendered.utf8)
    let escaping = HTMLEscaping()
    let forms = markers.flatMap { marker, slot in
        [(Array(marker.utf8), slot, false), (Array(escaping.escapeText(marker).utf8), slot, true)]
    }
    var pieces: [FramePiece<Slot>] = []
    var text: [UInt8] = []
    var index = 0
    scan: while index < bytes.count {
        if bytes[index] == UInt8(ascii: "<") || bytes[index] == UInt8(ascii: "&") {
            for (marker, slot, isEscaped) in forms where bytes[index...].starts(with: marker) {
                pieces.append(.text(text))
                text = []
                pieces.append(.slot(slot, escaped: isEscaped))
                index += marker.count
                continue scan
            }
        }
        if bytes[index] == 0x01 { return nil }
        text.append(bytes[index])
        index += 1
    }
    pieces.append(.text(text))
    return pieces
}
