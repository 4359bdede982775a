import Foundation
import ReviewModel

/// A date column of a case that `--where` can compare.
public enum DateColumn: String, CaseIterable, Sendable {
    case submittedOn = "submitted_on"
    case formalOn = "formal_on"
    case substantiveOn = "substantive_on"
    case certifiedOn = "certified_on"
    case filedOn = "filed_on"

    public func value(of item: Case) -> Day? {
        switch self {
        case .submittedOn: item.submittedOn
        case .formalOn: item.formalOn
        case .substantiveOn: item.substantiveOn
        case .certifiedOn: item.certifiedOn
        case .filedOn: item.filedOn
        }
    }
}

/// A date comparison.
public enum Comparison: String, CaseIterable, Sendable {
    case greaterOrEqual = ">="
    case lessOrEqual = "<="
    case greater = ">"
    case less = "<"

    func holds(_ left: Day, _ right: Day) -> Bool {
        switch self {
        case .greaterOrEqual: left >= right
        case .lessOrEqual: left <= right
        case .greater: left > right
        case .less: left < right
        }
    }
}

/// One `--where` clause, parsed once at the edge (SPEC §4).
public enum Filter: Sendable, Equatable {
    /// `DIM=V1,V2` (any of), or `DIM!=V1,V2` when `negated`.
    case values(Dimension, [String], negated: Bool)
    /// `submitted_on>=2024-01-01`; a case without the date matches no comparison.
    case date(DateColumn, Comparison, Day)

    /// Parses `DIM=V1[,V2…]`, `DIM!=…` or `COLUMN(>=|<=|>|<)DATE`.
    public static func parse(_ text: String) -> Result<Filter, FilterError> {
        // Operators by length so that `>=` is not read as `>`.
        for op in ["!=", ">=", "<=", "=", ">", "<"] {
            guard let range = text.range(of: op) else { continue }
            let name = String(text[..<range.lowerBound]).trimmingSpaces
            let value = String(text[range.upperBound...]).trimmingSpaces
            switch op {
            case "=", "!=":
                guard let dimension = Dimension(rawValue: name) else {
                    if DateColumn(rawValue: name) != nil {
                        return .failure(.malformed(text, "a date column takes >=, >, <= or <"))
                    }
                    return .failure(.unknownDimension(name))
                }
                let values = value.split(separator: ",", omittingEmptySubsequences: false).map {
                    String($0).trimmingSpaces
                }
                guard !values.isEmpty, !values.contains(where: { $0.isEmpty }) else {
                    return .failure(.malformed(text, "give one or more values separated by commas"))
                }
                return .success(.values(dimension, values, negated: op == "!="))
            default:
                guard let column = DateColumn(rawValue: name) else {
                    if Dimension(rawValue: name) != nil {
                        return .failure(.malformed(text, "\(name) takes = or !="))
                    }
                    return .failure(.unknownDateColumn(name))
                }
                guard let day = Day(value) else { return .failure(.badDate(value)) }
                // swift-format-ignore: NeverForceUnwrap
                // `op` is one of the comparison operators here.
                return .success(.date(column, Comparison(rawValue: op)!, day))
            }
        }
        return .failure(.malformed(text, "expected DIM=V1[,V2…], DIM!=V1[,V2…] or COLUMN>=YYYY-MM-DD"))
    }
}

/// Why a `--where` clause is not understood; each message names the valid choices.
public enum FilterError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String, String)
    case unknownDimension(String)
    case unknownDateColumn(String)
    case badDate(String)
    case unknownValue(Dimension, String, choices: String)

    public var description: String {
        switch self {
        case .malformed(let text, let hint): "malformed filter '\(text)': \(hint)"
        case .unknownDimension(let name):
            "unknown dimension '\(name)'; valid dimensions are \(Dimension.codeList), and the date columns "
                + "\(DateColumn.allCases.map(\.rawValue).joined(separator: ", ")) with >=, >, <=, <"
        case .unknownDateColumn(let name):
            "unknown date column '\(name)'; valid columns are \(DateColumn.allCases.map(\.rawValue).joined(separator: ", "))"
        case .badDate(let text): Day.invalid(text)
        case .unknownValue(let dimension, let value, let choices):
            "unknown \(dimension.rawValue) '\(value)'; valid values are \(choices)"
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
