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
    enum Field: Int, CaseIterable {
        case title, description, body
    }

    let frame: TemplateFrame

    var pieces: [TemplateFrame.Piece] { frame.pieces }

    /// The frame of a layout, rendered by `render` with the given title, description and body; `nil`
    /// when it cannot stand for the layout (see above).
    init?(render: (_ title: String, _ description: String, _ body: String) -> String) {
        guard
            let frame = TemplateFrame(
                slots: Field.allCases.map(\.rawValue),
                render: { marker in
                    render(
                        marker(Field.title.rawValue), marker(Field.description.rawValue), marker(Field.body.rawValue))
                })
        else { return nil }
        self.frame = frame
    }

    /// The page: the frame with the values put back; `nil` if a value is empty.
    func fill(title: String, description: String, body: String) -> [UInt8]? {
        guard !title.isEmpty, !description.isEmpty, !body.isEmpty else { return nil }
        let values = [title, description, body]
        return frame.fill { values[$0] }
    }
}

/// A template's output with a marker where each of some values goes (`LayoutFrame`, `RowFrames`).
///
/// The template is rendered twice, with two sets of markers — `<` U+0001 letters and the slot's number
/// U+0001 `>`, the second set in other case, longer and ending in a line feed — and the frame is made
/// only if both renders have the same text around the markers: a template that transforms, measures or
/// re-indents a value renders them differently. The `<` and `>` show whether the template escaped the
/// value (`{{value}}`) or not (`{{{value}}}`).
struct TemplateFrame {
    enum Piece: Equatable {
        case text([UInt8])
        /// A value, to be escaped (the template printed its marker with `{{…}}`) or not (`{{{…}}}`).
        case slot(Int, escaped: Bool)
    }

    let pieces: [Piece]

    /// `render` renders the template with `marker(slot)` in place of each slot's value; `nil` when the
    /// two renders disagree or a marker is not found whole.
    init?(slots: [Int], render: (_ marker: (Int) -> String) -> String) {
        func split(second: Bool) -> [Piece]? {
            Self.split(render { Self.marker($0, second: second) }, slots: slots, second: second)
        }
        guard let first = split(second: false), let second = split(second: true), first == second else { return nil }
        pieces = first
    }

    static func marker(_ slot: Int, second: Bool) -> String {
        second ? "<\u{1}kk\(slot)x\u{1}>\n" : "<\u{1}K\(slot)\u{1}>"
    }

    /// The frame's text with each slot's value put back, escaped where the template escaped its marker.
    func fill(_ value: (Int) -> String) -> [UInt8] {
        let escaping = HTMLEscaping()
        let values = pieces.map { piece -> String? in
            guard case .slot(let slot, let escaped) = piece else { return nil }
            return escaped ? escaping.escapeText(value(slot)) : value(slot)
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

    /// `rendered` split at the slots' markers, each found as it is or HTML-escaped; `nil` if a marker is
    /// not found whole (a U+0001 outside a marker).
    private static func split(_ rendered: String, slots: [Int], second: Bool) -> [Piece]? {
        let bytes = Array(rendered.utf8)
        let escaping = HTMLEscaping()
        let forms = slots.flatMap { slot in
            let marker = Self.marker(slot, second: second)
            return [(Array(marker.utf8), slot, false), (Array(escaping.escapeText(marker).utf8), slot, true)]
        }
        var pieces: [Piece] = []
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
}
