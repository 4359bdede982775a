import Foundation
import Mustache

/// A row template (`case-row`) rendered once per shape of its rows, for the thousands of rows of a site
/// (`LayoutFrame`'s idea, for the rows of tables).
///
/// A row's context is a list of named fields, each a text, a flag or a number as the template engine
/// sees it. Rows whose flags and numbers are equal and whose texts are empty in the same places differ
/// only by their texts: the frame of such a shape is the template rendered by the engine with a marker
/// in place of each non-empty text, and a row is the frame with its texts put back, escaped where the
/// engine escaped the marker (`{{orgName}}`) and as they are where it did not (`{{{orgName}}}`).
///
/// That gives the bytes the engine gives only if the template prints the texts without looking at them,
/// so a frame is made twice, with two sets of markers (see `TemplateFrame`), and is used only if both
/// renders have the same text around the markers. A template that
/// transforms a text (`{{uppercased(orgName)}}`), measures it, or indents what follows a line feed
/// renders the two sets differently, and rows of that shape are rendered in full by the engine. So is a
/// row with a field of any other kind (a list, a nested view).
final class RowFrames: @unchecked Sendable {
    let template: String
    let names: [String]
    private let templates: SiteTemplates
    private let lock = NSLock()
    /// By shape; `.some(nil)` for a shape the template cannot be framed for.
    private var frames: [[UInt8]: TemplateFrame?] = [:]

    /// Rows of `template`, whose contexts have the fields `names` (in the order `render` is given them).
    init(template: String, names: [String], templates: SiteTemplates) {
        self.template = template
        self.names = names
        self.templates = templates
    }

    /// The row for `values`, one per name, as the context's `child(named:)` gives them.
    func render(_ values: [Any]) -> String {
        guard let (shape, texts) = Self.shape(values) else { return renderInFull(values) }
        let frame = lock.withLock {
            if let known = frames[shape] { return known }
            let made = makeFrame(values, texts: texts)
            frames[shape] = .some(made)
            return made
        }
        guard let frame else { return renderInFull(values) }
        // swift-format-ignore: NeverForceUnwrap
        // A frame has markers only for the fields that are texts in its shape.
        return String(decoding: frame.fill { texts[$0]! }, as: UTF8.self)
    }

    /// How many shapes have a frame (for tests).
    var framedShapes: Int { lock.withLock { frames.values.count { $0 != nil } } }

    /// The row rendered by the engine.
    func renderInFull(_ values: [Any]) -> String {
        templates.render(template, Fields(names: names, values: values))
    }

    /// What a frame depends on: each field's kind, whether each text is empty, each flag and number;
    /// and the texts. `nil` when a field is neither a text, a flag nor a number.
    static func shape(_ values: [Any]) -> (shape: [UInt8], texts: [String?])? {
        var shape: [UInt8] = []
        var texts: [String?] = []
        shape.reserveCapacity(values.count)
        texts.reserveCapacity(values.count)
        for value in values {
            switch value {
            case let text as TemplateText:
                shape.append(text.renderText.isEmpty ? 0 : 1)
                texts.append(text.renderText)
            case let flag as Bool:
                shape.append(flag ? 3 : 2)
                texts.append(nil)
            case let number as Int:
                shape.append(4)
                withUnsafeBytes(of: number.littleEndian) { shape += $0 }
                texts.append(nil)
            default:
                return nil
            }
        }
        return (shape, texts)
    }

    /// The frame for rows shaped like `values`, with a marker for each non-empty text; `nil` when the
    /// template cannot be framed for it.
    private func makeFrame(_ values: [Any], texts: [String?]) -> TemplateFrame? {
        let marked = texts.indices.filter { texts[$0]?.isEmpty == false }
        return TemplateFrame(slots: marked) { marker in
            var context = values
            for index in marked { context[index] = TemplateText(marker(index)) }
            return renderInFull(context)
        }
    }

    /// A row's context as the engine reads it: its fields by name.
    struct Fields: MustacheParent {
        let names: [String]
        let values: [Any]

        func child(named name: String) -> Any? {
            names.firstIndex(of: name).map { values[$0] }
        }
    }
}
