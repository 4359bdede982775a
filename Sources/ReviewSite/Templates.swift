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
    }

    public static func load(from directory: String) throws -> SiteTemplates {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(
                description: "templates directory '\(directory)' does not exist (give another with --templates DIR)")
        }
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
                    try library.register(text, named: String(relative.dropLast(".mustache".count)))
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
            "notices", "notice", "stats", "page", "data", "search", "not-found",
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

/// A view model as the template engine reads it: its fields, reflected once into a dictionary.
///
/// swift-mustache looks a key up by reflecting the whole value again for every `{{key}}` (and for every
/// level of the context stack it climbs); reflecting each value once keeps a 100,000-page site fast.
/// The fields are exactly the view model's stored properties, so what a template can reach is still
/// what the view model declares.
final class TemplateObject: MustacheParent {
    private let fields: [String: Any]

    private init(reflecting value: Any) {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            if let label = child.label { fields[label] = TemplateObject.wrap(child.value) }
        }
        self.fields = fields
    }

    private init(fields: [String: Any]) {
        self.fields = fields
    }

    /// Strings, numbers and flags as they are; arrays element by element; a view model that lists its
    /// own fields (the frequent ones) by that list; anything else reflected.
    static func wrap(_ value: Any) -> Any {
        if let listed = value as? TemplateFields { return TemplateObject(fields: listed.templateFields) }
        switch value {
        case is String, is Int, is Bool, is Double, is TemplateObject: return value
        case let array as [Any]: return array.map(wrap)
        default: return TemplateObject(reflecting: value)
        }
    }

    func child(named name: String) -> Any? { fields[name] }
}

/// A view model that gives its fields to templates directly, without reflection (for the ones that
/// appear thousands of times, such as a case row). The fields must be the view model's own.
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}
