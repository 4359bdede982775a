/// An organisation's code as written in the data: a GB 11714 organisation code (9 characters) or a
/// GB 32100 unified social credit code (18 characters), with its check character verified (SPEC §3.1).
///
/// One organisation is one 9-character organisation code: a unified code's characters 9–17 are the
/// code the same organisation used before 2015, so cases, certificates and organisation pages are
/// joined on `organisation`.
public struct OrgCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Form: Sendable, Hashable {
        /// GB 11714 组织机构代码.
        case organisationCode
        /// GB 32100 统一社会信用代码.
        case unifiedCreditCode
    }

    /// Canonical spelling: `XXXXXXXX-C` for a 9-character code, the 18 characters for a unified code.
    public let text: String
    /// The 9-character organisation code without hyphen: the join key of an organisation.
    public let organisation: String
    public let form: Form
    /// True when the 18th character does not verify and the code is accepted because it is listed
    /// in `code-exceptions.csv` (early pilot regions).
    public let acceptedByException: Bool

    public var description: String { text }

    public static func < (lhs: OrgCode, rhs: OrgCode) -> Bool { lhs.text < rhs.text }

    /// The organisation part for display: `XXXXXXXX-C`.
    public var organisationDisplay: String { OrgCode.hyphenated(organisation) }

    /// GB 32100 category (positions 1–2), e.g. `91`; `nil` for a 9-character code.
    public var category: String? { form == .unifiedCreditCode ? String(text.prefix(2)) : nil }

    /// Parses and verifies a code.
    ///
    /// - Parameters:
    ///   - text: the code as written; a 9-character code may have a hyphen before its check character.
    ///   - exceptions: unified codes whose 18th character is known not to verify (their organisation
    ///     part must still verify).
    public static func parse(_ text: String, exceptions: Set<String> = []) -> Result<OrgCode, OrgCodeError> {
        let characters = Array(text.unicodeScalars)
        switch characters.count {
        case 9, 10:
            var body = characters
            if body.count == 10 {
                guard body[8] == "-" else { return .failure(.length(characters.count)) }
                body.remove(at: 8)
            }
            if let error = verifyOrganisationCode(body) { return .failure(error) }
            let plain = String(String.UnicodeScalarView(body))
            return .success(
                OrgCode(
                    text: hyphenated(plain), organisation: plain, form: .organisationCode, acceptedByException: false))
        case 18:
            for (index, scalar) in characters.prefix(17).enumerated() where creditValue(scalar) == nil {
                if ("a"..."z").contains(scalar) { return .failure(.lowerCase) }
                return .failure(.character(Character(scalar), position: index + 1, unifiedCode: true))
            }
            let organisationPart = Array(characters[8..<17])
            if let error = verifyOrganisationCode(organisationPart) {
                return .failure(.organisationPart(error))
            }
            let expected = creditCheckCharacter(characters.prefix(17))
            var exception = false
            if characters[17] != expected {
                guard exceptions.contains(text) else {
                    return .failure(.checkCharacter(expected: Character(expected), found: Character(characters[17])))
                }
                exception = true
            }
            return .success(
                OrgCode(
                    text: text, organisation: String(String.UnicodeScalarView(organisationPart)),
                    form: .unifiedCreditCode, acceptedByException: exception))
        default:
            return .failure(.length(characters.count))
        }
    }

    /// Parses and verifies a code from UTF-8 bytes. Well-formed codes are verified on the bytes and
    /// make no intermediate strings; anything else takes the path of `parse(_:exceptions:)`, which
    /// explains what is wrong.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, exceptions: Set<String> = [])
        -> Result<OrgCode, OrgCodeError>
    {
        @inline(__always) func organisationValue(_ byte: UInt8) -> Int? {
            switch byte {
            case 0x30...0x39: Int(byte - 0x30)
            case 0x41...0x5A: Int(byte - 0x41) + 10
            default: nil
            }
        }
        /// The GB 11714 check of 9 bytes at `offset` (hyphen skipped when `hyphen`).
        @inline(__always) func organisationVerifies(_ offset: Int, hyphen: Bool) -> Bool {
            var sum = 0
            for index in 0..<8 {
                guard let value = organisationValue(bytes[offset + index]) else { return false }
                sum += value * organisationWeights[index]
            }
            let check = bytes[offset + (hyphen ? 9 : 8)]
            let expected: UInt8
            switch 11 - sum % 11 {
            case 10: expected = UInt8(ascii: "X")
            case 11: expected = UInt8(ascii: "0")
            case let digit: expected = UInt8(48 + digit)
            }
            return check == expected
        }
        switch bytes.count {
        case 9, 10:
            let hyphen = bytes.count == 10
            if (!hyphen || bytes[8] == UInt8(ascii: "-")) && organisationVerifies(0, hyphen: hyphen) {
                let plain =
                    hyphen
                    ? String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<8]), as: UTF8.self)
                        + String(UnicodeScalar(bytes[9]))
                    : String(decoding: bytes, as: UTF8.self)
                return .success(
                    OrgCode(
                        text: hyphenated(plain), organisation: plain, form: .organisationCode,
                        acceptedByException: false))
            }
        case 18:
            var sum = 0
            var weight = 1
            var valid = true
            for index in 0..<17 {
                guard let value = creditByteValues[Int(bytes[index])] else {
                    valid = false
                    break
                }
                sum += value * weight
                weight = weight * 3 % 31
            }
            if valid && organisationVerifies(8, hyphen: false)
                && UInt8(creditAlphabet[(31 - sum % 31) % 31].value) == bytes[17]
            {
                let text = String(decoding: bytes, as: UTF8.self)
                let organisation = String(decoding: UnsafeBufferPointer(rebasing: bytes[8..<17]), as: UTF8.self)
                return .success(
                    OrgCode(
                        text: text, organisation: organisation, form: .unifiedCreditCode, acceptedByException: false))
            }
        default:
            break
        }
        return parse(String(decoding: bytes, as: UTF8.self), exceptions: exceptions)
    }

    /// Whether the unified code's category (positions 1–2) agrees with 机构性质 (SPEC §3.1): `12`
    /// 事业单位, `51`/`13` 社会团体, `91` the four enterprise natures. `nil` when no rule applies.
    public func categoryAgrees(with nature: Nature) -> Bool? {
        switch category {
        case "12": nature == .institution
        case "51", "13": nature == .socialOrganisation
        case "91": nature.isEnterprise
        default: nil
        }
    }

    // MARK: GB 11714

    private static let organisationWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// Value of a GB 11714 character: digits 0–9, upper-case letters A=10 … Z=35.
    private static func organisationValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "0"..."9": Int(scalar.value - 48)
        case "A"..."Z": Int(scalar.value - 65) + 10
        default: nil
        }
    }

    /// GB 11714 check character: 11 − (Σ mod 11), written `X` for 10 and `0` for 11.
    public static func organisationCheckCharacter(_ body: some Collection<Unicode.Scalar>) -> Unicode.Scalar? {
        var sum = 0
        for (scalar, weight) in zip(body, organisationWeights) {
            guard let value = organisationValue(scalar) else { return nil }
            sum += value * weight
        }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let digit: return Unicode.Scalar(UInt8(48 + digit))
        }
    }

    private static func verifyOrganisationCode(_ code: [Unicode.Scalar]) -> OrgCodeError? {
        guard code.count == 9 else { return .length(code.count) }
        for (index, scalar) in code.prefix(8).enumerated() where organisationValue(scalar) == nil {
            if ("a"..."z").contains(scalar) { return .lowerCase }
            return .character(Character(scalar), position: index + 1, unifiedCode: false)
        }
        guard let expected = organisationCheckCharacter(code.prefix(8)) else { return .length(code.count) }
        if code[8] != expected {
            if ("a"..."z").contains(code[8]) { return .lowerCase }
            return .checkCharacter(expected: Character(expected), found: Character(code[8]))
        }
        return nil
    }

    // MARK: GB 32100

    /// GB 32100 character set, worth 0–30 in this order (no I, O, S, V, Z).
    private static let creditAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars)

    private static let creditValues: [UInt8: Int] = Dictionary(
        uniqueKeysWithValues: creditAlphabet.enumerated().map { (UInt8($0.element.value), $0.offset) })

    /// GB 32100 values by byte, `nil` outside the set.
    private static let creditByteValues: [Int?] = (0..<256).map { byte in
        creditAlphabet.firstIndex(of: Unicode.Scalar(UInt8(byte)))
    }

    private static func creditValue(_ scalar: Unicode.Scalar) -> Int? {
        scalar.isASCII ? creditValues[UInt8(scalar.value)] : nil
    }

    /// GB 32100 check character: 31 − (Σ Cᵢ·3^(i−1) mod 31 over i = 1…17), 31 → 0.
    public static func creditCheckCharacter(_ body: some Collection<Unicode.Scalar>) -> Unicode.Scalar {
        var sum = 0
        var weight = 1
        for scalar in body {
            sum += (creditValue(scalar) ?? 0) * weight
            weight = weight * 3 % 31
        }
        return creditAlphabet[(31 - sum % 31) % 31]
    }

    private static func hyphenated(_ plain: String) -> String {
        String(plain.prefix(8)) + "-" + String(plain.suffix(1))
    }

    private init(text: String, organisation: String, form: Form, acceptedByException: Bool) {
        self.text = text
        self.organisation = organisation
        self.form = form
        self.acceptedByException = acceptedByException
    }
}

/// Why an organisation code does not verify.
public enum OrgCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case length(Int)
    case lowerCase
    case character(Character, position: Int, unifiedCode: Bool)
    case checkCharacter(expected: Character, found: Character)
    indirect case organisationPart(OrgCodeError)

    public var description: String {
        switch self {
        case .length(let count):
            "has \(count) characters; expected a 9-character organisation code (GB 11714, e.g. 12345678-8) "
                + "or an 18-character unified social credit code (GB 32100)"
        case .lowerCase:
            "contains lower-case letters; codes are written in upper case"
        case .character(let character, let position, let unified):
            unified
                ? "character '\(character)' at position \(position) is not in the GB 32100 set "
                    + "0-9 and A-Y without I, O, S, V, Z"
                : "character '\(character)' at position \(position) is not a digit or upper-case letter"
        case .checkCharacter(let expected, let found):
            "check character is '\(found)', expected '\(expected)'"
        case .organisationPart(let inner):
            "organisation part (characters 9–17) does not verify: \(inner)"
        }
    }
}
