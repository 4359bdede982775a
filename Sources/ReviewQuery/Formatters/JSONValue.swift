/// A JSON value whose objects keep their keys in the order given, so output is stable and reads in
/// the order SPEC §4 lists (Foundation's encoder sorts keys or leaves them in hash order).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Int)
    case decimal(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// Compact JSON, one line.
    public func serialized() -> String { String(decoding: utf8(), as: UTF8.self) }

    /// Compact JSON, one line, as UTF-8. With `escapingLessThan`, `<` is written `\u003c`, so that no
    /// string can close a `<script>` element the JSON is included in.
    public func utf8(escapingLessThan: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        write(to: &output, escapingLessThan: escapingLessThan)
        return output
    }

    private func write(to output: inout [UInt8], escapingLessThan: Bool) {
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .number(let value): output += String(value).utf8
        case .decimal(let value):
            output += (value.isFinite ? (value == value.rounded() ? String(Int(value)) : String(value)) : "null").utf8
        case .string(let value): JSONValue.writeString(value, to: &output, escapingLessThan: escapingLessThan)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output, escapingLessThan: escapingLessThan)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(key, to: &output, escapingLessThan: escapingLessThan)
                output.append(UInt8(ascii: ":"))
                value.write(to: &output, escapingLessThan: escapingLessThan)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as a JSON string (quoted and escaped), as `serialized()` writes it: for output too
    /// large to build as a tree of values first.
    ///
    /// Escaped: `"`, `\\`, control characters (U+0000–U+001F, U+007F), and U+2028 and U+2029, which end
    /// a line in JavaScript; everything else is copied byte for byte.
    public static func writeString(_ text: String, to output: inout [UInt8], escapingLessThan: Bool = false) {
        output.append(UInt8(ascii: "\""))
        let lessThan: UInt8 = escapingLessThan ? UInt8(ascii: "<") : 0
        // Most strings need no escape: they are appended whole.
        if !text.utf8.contains(where: {
            $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 || $0 == lessThan
        }) {
            output += text.utf8
            output.append(UInt8(ascii: "\""))
            return
        }
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22: output += #"\""#.utf8
            case 0x5C: output += #"\\"#.utf8
            case 0x0A: output += #"\n"#.utf8
            case 0x0D: output += #"\r"#.utf8
            case 0x09: output += #"\t"#.utf8
            case 0xE2
            where index + 2 < bytes.count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                output += (bytes[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8
                index += 2
            case ..<0x20, 0x7F,
                lessThan where lessThan != 0:
                let hex = Array("0123456789abcdef".utf8)
                output += #"\u00"#.utf8
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
            index += 1
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// `.string` or `.null`.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
