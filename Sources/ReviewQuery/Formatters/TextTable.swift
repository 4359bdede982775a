/// A table for the terminal: columns aligned by display width (a Chinese character is two columns
/// wide), numbers right-aligned, two spaces between columns.
public struct TextTable {
    public enum Alignment: Sendable {
        case left
        case right
    }

    public var header: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Rows after a rule line (totals).
    public var footer: [[String]] = []

    public init(header: [String], alignments: [Alignment]) {
        self.header = header
        self.alignments = alignments
    }

    public func render() -> String {
        let all = [header] + rows + footer
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], displayWidth(terminalSafe(cell)))
            }
        }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (index, width) in widths.enumerated() {
                let cell = terminalSafe(index < row.count ? row[index] : "")
                let padding = String(repeating: " ", count: width - displayWidth(cell))
                switch alignments[index] {
                case .left: parts.append(cell + padding)
                case .right: parts.append(padding + cell)
                }
            }
            return parts.joined(separator: "  ")
        }
        var lines = [line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        if !footer.isEmpty {
            lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
            lines += footer.map(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
