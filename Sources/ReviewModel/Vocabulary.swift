/// A closed vocabulary of the procedure: each case has a stable code (its raw value, used in
/// `--where`, JSON and CSV output) and a Chinese label (used in the data files and on the site).
///
/// Cases are declared in the order of SPEC's tables or the form 附表1, so `allCases` order is the
/// natural sort order of query rows.
public protocol Vocabulary: CaseIterable, Hashable, Sendable, RawRepresentable
where RawValue == String, AllCases == [Self] {
    /// The Chinese label as written on the form or in SPEC.
    var label: String { get }

    /// The accepted spellings, for "is not one of …" messages about data (labels by default).
    static var choiceList: String { get }
}

extension Vocabulary {
    /// The code as used on the command line and in JSON.
    public var code: String { rawValue }

    /// Position in the natural order (the declaration order).
    @inline(__always)
    public var order: Int { caseIndex(of: self) }

    /// The value whose label or code is `text`.
    public init?(labelOrCode text: String) {
        guard let value = Self.allCases.first(where: { $0.label == text || $0.rawValue == text }) else { return nil }
        self = value
    }

    /// `a, b, c` — the labels.
    public static var labelList: String { allCases.map(\.label).joined(separator: ", ") }

    public static var choiceList: String { labelList }

    /// `a, b, c` — the codes, for usage messages.
    public static var codeList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// 机构性质 (附表1), in the form's order. The code of a nature is its label.
public enum Nature: String, Vocabulary {
    case institution = "事业单位"
    case enterprise = "企业组织"
    case chineseFunded = "中资企业"
    case hongKongMacaoTaiwan = "港(澳台)独资或合资企业"
    case foreignFunded = "外商独资或合资企业"
    case socialOrganisation = "社会团体"
    case other = "其它"

    public var label: String { rawValue }

    /// Parses a label as written in a spreadsheet: full-width parentheses （） and surrounding or
    /// inner spaces are accepted and normalised to the form's spelling.
    public init?(normalising text: String) {
        var normalised = ""
        for character in text where !character.isWhitespace {
            switch character {
            case "（": normalised.append("(")
            case "）": normalised.append(")")
            default: normalised.append(character)
            }
        }
        self.init(rawValue: normalised)
    }

    /// True for the four natures a GB 32100 category `91` (enterprise) agrees with.
    public var isEnterprise: Bool {
        switch self {
        case .enterprise, .chineseFunded, .hongKongMacaoTaiwan, .foreignFunded: true
        default: false
        }
    }
}

/// 向政府部门提供的信息技术服务类型 (附表1 填表说明 item 3), A–J.
public enum ServiceType: String, Vocabulary {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case e = "E"
    case f = "F"
    case g = "G"
    case h = "H"
    case i = "I"
    case j = "J"

    public var label: String {
        switch self {
        case .a: "信息系统设计与开发"
        case .b: "信息系统集成"
        case .c: "监理与测试"
        case .d: "运行维护"
        case .e: "数据处理"
        case .f: "数据备份与灾难恢复"
        case .g: "应急技术支持"
        case .h: "安全测评"
        case .i: "信息系统托管"
        case .j: "其它"
        }
    }

    /// `A (信息系统设计与开发), B (…)`: data files give the letter.
    public static var choiceList: String { allCases.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ") }

    /// Bit of this type in a `ServiceTypeSet`.
    public var bit: UInt16 { 1 << UInt16(order) }
}

/// The service types a case declares, as a bit set (a case counts once under each type).
public struct ServiceTypeSet: Hashable, Sendable, Sequence {
    public var bits: UInt16

    public init(bits: UInt16 = 0) {
        self.bits = bits
    }

    public init(_ types: some Sequence<ServiceType>) {
        self.bits = types.reduce(0) { $0 | $1.bit }
    }

    public func contains(_ type: ServiceType) -> Bool { bits & type.bit != 0 }
    public mutating func insert(_ type: ServiceType) { bits |= type.bit }
    public var isEmpty: Bool { bits == 0 }

    public func makeIterator() -> some IteratorProtocol<ServiceType> {
        ServiceType.allCases.filter { contains($0) }.makeIterator()
    }
}

/// 初次认证 or 再认证 (art. 六 requires a review for both).
public enum ApplicationKind: String, Vocabulary {
    case initial
    case recert

    public var label: String {
        switch self {
        case .initial: "初次认证"
        case .recert: "再认证"
        }
    }
}

/// Result of the formal review (art. 九).
public enum FormalResult: String, Vocabulary {
    case accepted
    case notAccepted = "not-accepted"

    public var label: String {
        switch self {
        case .accepted: "受理"
        case .notAccepted: "不予受理"
        }
    }
}

/// Result of the substantive review (art. 十).
public enum SubstantiveResult: String, Vocabulary {
    case approved
    case rejected

    public var label: String {
        switch self {
        case .approved: "同意"
        case .rejected: "不同意"
        }
    }
}

/// Outcome of a case: the furthest stage it reached (SPEC §2), in the table's order.
public enum Outcome: String, Vocabulary {
    case pendingFormal = "pending-formal"
    case notAccepted = "not-accepted"
    case pendingSubstantive = "pending-substantive"
    case rejected
    case approved

    public var label: String {
        switch self {
        case .pendingFormal: "待形式审查"
        case .notAccepted: "不予受理"
        case .pendingSubstantive: "待实质审查"
        case .rejected: "不同意"
        case .approved: "同意"
        }
    }
}

/// Filing compliance of a case as of a date (art. 十一, SPEC §2), in the table's order.
public enum Filing: String, Vocabulary {
    case onTime = "on-time"
    case late
    case overdue
    case due
    case notApplicable = "n/a"

    public var label: String {
        switch self {
        case .onTime: "按期备案"
        case .late: "逾期备案"
        case .overdue: "逾期未备案"
        case .due: "备案期内"
        case .notApplicable: "不适用"
        }
    }
}

/// The two grounds for a 通报 (art. 十二).
public enum NoticeGround: String, Vocabulary {
    case unapproved
    case falsified

    public var label: String {
        switch self {
        case .unapproved: "未经同意自行申请认证"
        case .falsified: "弄虚作假、谎报申请材料"
        }
    }
}

/// The declaration index of a case of a payload-free enum, read from its one-byte representation.
///
/// Swift stores such an enum as the index of its case (raw values are computed, not stored); the
/// precondition keeps this honest, and a test compares it with `allCases` for every enum that uses it.
@inline(__always)
public func caseIndex<T: CaseIterable>(of value: T) -> Int {
    precondition(MemoryLayout<T>.size == 1, "caseIndex(of:) needs a payload-free enum of at most 256 cases")
    return Int(unsafeBitCast(value, to: UInt8.self))
}
