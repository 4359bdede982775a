import Foundation
import Mustache

/// The site's templates and static assets, from `site-templates/`.
///
/// Every `*.mustache` file is a template named by its file name; `assets/` is copied as it is. The
/// template engine escapes every `{{value}}` for HTML; the only values inserted raw (`{{{…}}}`) are the
/// page body inside the layout (itself rendered by a template) and cmark's output (`markdownHTML`).
public struct SiteTemplates: Sendable {
    let library: MustacheLibrary
    /// Relative path → bytes.
    let assets: [String: [UInt8]]

    /// A problem with the templates: the site cannot be built.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// The description is a diagnostic, `path:line:column: error: message`, not a bare message.
        public var isDiagnostic = false
    }

    public static func load(from directory: String) throws -> SiteTemplates {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(
                description: "templates directory '\(directory)' does not exist (give another with --templates DIR)")
        }
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        var library = MustacheLibrary()
        var assets: [String: [UInt8]] = [:]
        guard let enumerator = manager.enumerator(atPath: directory) else {
            throw Failure(description: "cannot read templates directory '\(directory)'")
        }
        for case let relative as String in enumerator {
            let full = directory + "/" + relative
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if relative.hasSuffix(".mustache") && !relative.contains("/") {
                guard let text = manager.contents(atPath: full).flatMap({ String(data: $0, encoding: .utf8) }) else {
                    throw Failure(description: "\(full): cannot read template as UTF-8")
                }
                do {
                    try library.register(
                        HTMLEscaping.pragma + text, named: String(relative.dropLast(".mustache".count)))
                } catch let error as MustacheTemplate.ParserError {
                    // Lines as in the file: the pragma line put in front is not counted.
                    let context = error.context
                    throw Failure(
                        description: "\(full):\(max(1, context.lineNumber - 1)):\(context.columnNumber): error: "
                            + "template error \(error.error) in '\(context.line)'", isDiagnostic: true)
                } catch {
                    throw Failure(description: "\(full): template error: \(error)")
                }
            } else if relative.hasPrefix("assets/") {
                guard let data = manager.contents(atPath: full) else {
                    throw Failure(description: "cannot read asset '\(full)'")
                }
                assets[relative] = [UInt8](data)
            }
        }
        for required in [
            "layout", "home", "results-index", "results-year", "organisation", "bodies", "body",
            "notices", "notice", "stats", "page", "data", "search", "not-found", "case-row", "organisation-row",
            "header", "footer",
        ]
        where library.getTemplate(named: required) == nil {
            throw Failure(description: "\(directory)/\(required).mustache is missing")
        }
        return SiteTemplates(library: library, assets: assets)
    }

    /// Renders a template; a missing template is a programming error caught by `load`.
    func render(_ name: String, _ context: Any) -> String {
        library.render(TemplateObject.wrap(context), withTemplate: name) ?? ""
    }
}

/// HTML escaping for `{{value}}`: the same five characters as swift-mustache's own escaper (`<`, `>`,
/// `&`, `"`, `'`), found byte by byte; a value without any of them (most are) is returned as it is.
///
/// Every template file, partials included, is read as if it began with `{{% CONTENT_TYPE: HTML }}`, which
/// selects this escaper. Byte by byte is also stricter than the engine's escaper, which compares whole
/// characters and so leaves a quote followed by a combining mark (`"\u{301}`) as it is — enough to end
/// an attribute value early.
struct HTMLEscaping: MustacheContentType {
    static let name = "HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard let first = bytes.firstIndex(where: { Self.replacement($0) != nil }) else { return nil }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 16)
            escaped.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                if let replacement = Self.replacement(byte) {
                    escaped.append(
                        contentsOf: UnsafeBufferPointer(
                            start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                } else {
                    escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        } ?? text
    }

    @inline(__always)
    static func replacement(_ byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}

/// A view model as the template engine reads it.
///
/// swift-mustache looks a key up by reflecting the whole value again for every `{{key}}` (and for every
/// level of the context stack it climbs). A `TemplateView` answers from a table of its fields made
/// once per type; any other value is reflected once into a dictionary. Either way the fields are
/// exactly the view model's stored properties, so what a template can reach is what the view model
/// declares.
final class TemplateObject: MustacheParent {
    private let fields: [String: Any]

    private init(reflecting value: Any) {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            if let label = child.label { fields[label] = child.value }
        }
        self.fields = fields
    }

    /// Strings, numbers and flags as they are; template views as they are; arrays element by element;
    /// anything else reflected. Fields are wrapped when a template reaches them.
    static func wrap(_ value: Any) -> Any {
        switch value {
        case let string as String: return TemplateText(string)
        case is Int, is Bool, is Double, is any MustacheParent: return value
        // Elements that answer for themselves: the array as it is, without a cast of every element.
        case is any TemplateParents: return value
        case let array as [Any]: return array.map(wrap)
        default: return TemplateObject(reflecting: value)
        }
    }

    func child(named name: String) -> Any? { fields[name].map(Self.wrap) }
}

/// A string as templates see it: rendered as the string itself (escaped by `{{…}}`, as it is by
/// `{{{…}}}`), with the string's transforms (`{{lowercased(name)}}`).
///
/// The engine renders a value it knows as `MustacheCustomRenderable` straight away; a plain `String`
/// goes through four more runtime type checks and `String(describing:)` first, on every `{{key}}`.
struct TemplateText: MustacheCustomRenderable, MustacheTransformable {
    let renderText: String
    var isNull: Bool { false }

    init(_ text: String) { renderText = text }

    func transform(_ name: String) -> Any? { renderText.transform(name) }
}

/// An array of values that give templates their own fields (template views, case rows), which the
/// engine renders as a sequence as it is.
protocol TemplateParents {}

extension Array: TemplateParents where Element: MustacheParent {}

/// A view model that gives templates its fields from a table made once per type, without reflection
/// (for the ones rendered thousands of times, such as a case row). The table must list exactly the
/// view model's stored properties: debug builds check it against reflection the first time a value of
/// each type is rendered, and `TemplateViewTests` checks every type.
protocol TemplateView: MustacheParent {
    static var templateKeys: TemplateKeys<Self> { get }
}

extension TemplateView {
    func child(named name: String) -> Any? {
        #if DEBUG
            TemplateKeyCheck.verify(self)
        #endif
        guard let field = Self.templateKeys.field(named: name) else { return nil }
        return TemplateObject.wrap(field(self))
    }

    /// The names reflection finds and the names the table lists (for tests).
    static func templateKeyNames(of value: Self) -> (listed: Set<String>, reflected: Set<String>) {
        (Set(templateKeys.names), Set(Mirror(reflecting: value).children.compactMap(\.label)))
    }
}

/// Field name → the field's value, for one view-model type. (Closures rather than key paths: applying
/// a `PartialKeyPath` goes through the runtime's generic projection, several times slower.)
///
/// A name is looked up among the names of its length, compared in turn: a view model has a few dozen
/// fields with short ASCII names, which compare as two machine words, faster than hashing the name;
/// and a name that is not a field (a template's `{{root}}` looked up on a case, before the page) is
/// compared with a few names, not all.
struct TemplateKeys<Root>: @unchecked Sendable {
    let names: [String]
    private let byLength: [[(name: String, getter: (Root) -> Any)]]

    init(_ fields: KeyValuePairs<String, (Root) -> Any>) {
        var names: [String] = []
        var byLength: [[(name: String, getter: (Root) -> Any)]] = []
        for (name, getter) in fields where !names.contains(name) {
            names.append(name)
            let length = name.utf8.count
            if byLength.count <= length { byLength += Array(repeating: [], count: length + 1 - byLength.count) }
            byLength[length].append((name, getter))
        }
        self.names = names
        self.byLength = byLength
    }

    func field(named name: String) -> ((Root) -> Any)? {
        let length = name.utf8.count
        guard length < byLength.count else { return nil }
        for field in byLength[length] where field.name == name { return field.getter }
        return nil
    }
}

#if DEBUG
    /// Debug builds: each view-model type's table is checked against reflection once.
    enum TemplateKeyCheck {
        private static let lock = NSLock()
        nonisolated(unsafe) private static var checked: Set<ObjectIdentifier> = []

        static func verify<View: TemplateView>(_ value: View) {
            let type = ObjectIdentifier(View.self)
            guard lock.withLock({ checked.insert(type).inserted }) else { return }
            let names = View.templateKeyNames(of: value)
            precondition(
                names.listed == names.reflected,
                "\(View.self).templateKeys lists \(names.listed.sorted()), its stored properties are "
                    + "\(names.reflected.sorted())")
        }
    }
#endif
