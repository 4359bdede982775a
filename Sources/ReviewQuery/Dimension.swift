import ReviewModel

/// What `query --by` groups cases by (SPEC §4), in the order `--help` lists them.
public enum Dimension: String, CaseIterable, Sendable {
    /// A–J; a case counts once under each type it declares.
    case serviceType = "service-type"
    case nature
    case outcome
    /// Needs `--as-of`.
    case filing
    /// Of submitted_on.
    case year
    /// The certification body's approval_no.
    case body
    /// `initial` / `recert`.
    case kind

    public var label: String {
        switch self {
        case .serviceType: "服务类型"
        case .nature: "机构性质"
        case .outcome: "审查结果"
        case .filing: "备案状态"
        case .year: "年度"
        case .body: "认证机构"
        case .kind: "申请类型"
        }
    }

    public static var codeList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// One value of a dimension, stored as a small integer: the vocabulary's order, the year, or the
/// body's index in approval_no order — so sorting keys is sorting integers, the natural order.
public struct DimensionValue: Hashable, Comparable, Sendable {
    public let dimension: Dimension
    public let key: Int

    public init(_ dimension: Dimension, _ key: Int) {
        self.dimension = dimension
        self.key = key
    }

    public static func < (lhs: DimensionValue, rhs: DimensionValue) -> Bool { lhs.key < rhs.key }
}

/// Turns dimension values into codes and labels, and text into values, for one data set (the body
/// dimension's values are the data set's bodies).
public struct DimensionVocabulary: Sendable {
    /// approval_no, sorted: a body's key is its index here.
    public let bodyNumbers: [String]
    let bodyNames: [String: String]
    let bodyIndex: [String: Int]

    public init(dataset: Dataset) {
        let numbers = Set(dataset.bodies.map(\.approvalNo)).union(dataset.unlistedBodies)
        bodyNumbers = numbers.sorted()
        bodyNames = Dictionary(dataset.bodies.map { ($0.approvalNo, $0.name) }, uniquingKeysWith: { first, _ in first })
        bodyIndex = Dictionary(uniqueKeysWithValues: bodyNumbers.enumerated().map { ($0.element, $0.offset) })
    }

    public func bodyKey(_ approvalNo: String) -> Int { bodyIndex[approvalNo] ?? -1 }

    /// The value as JSON and CSV give it: nature by its label, service type by its letter, outcome and
    /// filing by code, kind as initial/recert, year as a number, body as its approval_no.
    public func code(_ value: DimensionValue) -> String {
        switch value.dimension {
        case .serviceType: ServiceType.allCases[value.key].rawValue
        case .nature: Nature.allCases[value.key].label
        case .outcome: Outcome.allCases[value.key].rawValue
        case .filing: Filing.allCases[value.key].rawValue
        case .year: String(value.key)
        case .body: bodyNumbers[value.key]
        case .kind: ApplicationKind.allCases[value.key].rawValue
        }
    }

    /// The value for a person: Chinese label, with the code where it helps.
    public func label(_ value: DimensionValue) -> String {
        switch value.dimension {
        case .serviceType:
            let type = ServiceType.allCases[value.key]
            return "\(type.rawValue) \(type.label)"
        case .nature: return Nature.allCases[value.key].label
        case .outcome:
            let outcome = Outcome.allCases[value.key]
            return "\(outcome.label) (\(outcome.rawValue))"
        case .filing:
            let filing = Filing.allCases[value.key]
            return "\(filing.label) (\(filing.rawValue))"
        case .year: return String(value.key)
        case .body:
            let number = bodyNumbers[value.key]
            return bodyNames[number].map { "\(number) \($0)" } ?? number
        case .kind:
            let kind = ApplicationKind.allCases[value.key]
            return "\(kind.label) (\(kind.rawValue))"
        }
    }

    /// The value in a cross-tab's column header: the Chinese label alone (or the letter and label, the
    /// approval_no, the year).
    public func shortLabel(_ value: DimensionValue) -> String {
        switch value.dimension {
        case .outcome: Outcome.allCases[value.key].label
        case .filing: Filing.allCases[value.key].label
        case .kind: ApplicationKind.allCases[value.key].label
        case .body: bodyNumbers[value.key]
        default: label(value)
        }
    }

    /// Parses a value written by a user: the code or the label (service types by letter, either case).
    public func parse(_ text: String, for dimension: Dimension) -> DimensionValue? {
        func index<V: Vocabulary>(_ type: V.Type, _ extra: (String) -> V? = { _ in nil }) -> Int? {
            (V(labelOrCode: text) ?? extra(text)).map(\.order)
        }
        let key: Int?
        switch dimension {
        case .serviceType: key = index(ServiceType.self) { ServiceType(rawValue: $0.uppercased()) }
        case .nature: key = index(Nature.self) { Nature(normalising: $0) }
        case .outcome: key = index(Outcome.self)
        case .filing: key = index(Filing.self)
        case .kind: key = index(ApplicationKind.self)
        case .year:
            key = text.utf8.count == 4 ? Int(text).flatMap { (1900...2999).contains($0) ? $0 : nil } : nil
        case .body: key = bodyIndex[text]
        }
        return key.map { DimensionValue(dimension, $0) }
    }

    /// "valid values are …" for a usage message.
    public func choices(for dimension: Dimension) -> String {
        switch dimension {
        case .serviceType: ServiceType.codeList
        case .nature: Nature.labelList
        case .outcome: Outcome.codeList
        case .filing: Filing.codeList
        case .kind: ApplicationKind.codeList
        case .year: "a four-digit year, e.g. 2024"
        case .body: bodyNumbers.isEmpty ? "(no bodies in bodies.csv)" : bodyNumbers.joined(separator: ", ")
        }
    }
}
