/// How `query` and `cases` print their answer.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned for a terminal (Chinese characters are two columns wide).
    case table
    /// RFC 4180, UTF-8, formula-injection safe.
    case csv
    /// One JSON object (SPEC §4).
    case json
    /// A GitHub-flavoured Markdown table, to paste into a report.
    case markdown
}

/// Writing CSV cells (RFC 4180) that are safe to open in a spreadsheet.
public enum CSVCell {
    /// The cell, quoted when needed. A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
    /// gets a leading `'` so a spreadsheet shows it as text instead of running it as a formula (OWASP
    /// "CSV injection").
    public static func escape(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            cell = "'" + cell
        }
        // By bytes, not characters: a quote or CR LF inside a larger character (a quote followed by a
        // combining mark, CR LF itself) is still quoted and doubled.
        guard cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return cell }
        var quoted: [UInt8] = [0x22]
        for byte in cell.utf8 {
            quoted.append(byte)
            if byte == 0x22 { quoted.append(byte) }
        }
        quoted.append(0x22)
        return String(decoding: quoted, as: UTF8.self)
    }

    /// A record: cells joined by commas, ended by CRLF as RFC 4180 writes it.
    public static func record(_ cells: [String]) -> String {
        cells.map(escape).joined(separator: ",") + "\r\n"
    }

    /// Appends a record as `record(_:)` writes it, as UTF-8.
    public static func record(_ cells: [String], to output: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { output.append(0x2C) }
            output += escape(cell).utf8
        }
        output += [0x0D, 0x0A]
    }

    /// The UTF-8 byte-order mark Excel needs to read UTF-8 CSV.
    public static let byteOrderMark = "\u{FEFF}"
}

/// Markdown table cells: pipes and line breaks escaped.
enum MarkdownCell {
    static func escape(_ text: String) -> String {
        text.replacingAll("\\", with: "\\\\").replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    static func table(header: [String], rightAligned: Set<Int>, rows: [[String]]) -> String {
        var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
        lines.append(
            "| " + header.indices.map { rightAligned.contains($0) ? "---:" : "---" }.joined(separator: " | ") + " |")
        for row in rows { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
