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

    // The code's characters without hyphen (9 or 18 ASCII bytes), held in the value itself: a
    // million cases and certificates then make no strings for their codes, and copying a code is
    // copying 24 bytes. Bytes 0–7, 8–15 and 16–17, little-endian; unused bytes are zero.
    private let head: UInt64
    private let middle: UInt64
    private let tail: UInt16
    private let length: UInt8
    /// True when the 18th character does not verify and the code is accepted because it is listed
    /// in `code-exceptions.csv` (early pilot regions).
    public let acceptedByException: Bool

    public var form: Form { length == 9 ? .organisationCode : .unifiedCreditCode }

    /// Canonical spelling: `XXXXXXXX-C` for a 9-character code, the 18 characters for a unified code.
    public var text: String {
        withCharacters { characters in
            guard characters.count == 9 else { return String(decoding: characters, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: 10) { buffer in
                for index in 0..<8 { buffer[index] = characters[index] }
                buffer[8] = UInt8(ascii: "-")
                buffer[9] = characters[8]
                return 10
            }
        }
    }

    /// The 9-character organisation code without hyphen: the join key of an organisation.
    public var organisation: String {
        withCharacters { characters in
            String(
                decoding: UnsafeBufferPointer(rebasing: characters[(characters.count == 9 ? 0 : 8)...].prefix(9)),
                as: UTF8.self)
        }
    }

    public var description: String { text }

    /// Whether both codes are one organisation's (the same `organisation`), compared without strings.
    public func isSameOrganisation(as other: OrgCode) -> Bool {
        organisationBits == other.organisationBits
    }

    /// The nine characters of `organisation`: eight bytes and one.
    private var organisationBits: (UInt64, UInt64) {
        length == 9 ? (head, middle & 0xFF) : (middle, UInt64(tail & 0xFF))
    }

    public static func < (lhs: OrgCode, rhs: OrgCode) -> Bool { lhs.text < rhs.text }

    /// The organisation part for display: `XXXXXXXX-C`.
    public var organisationDisplay: String { OrgCode.hyphenated(organisation) }

    /// GB 32100 category (positions 1–2), e.g. `91`; `nil` for a 9-character code.
    public var category: String? {
        form == .unifiedCreditCode
            ? withCharacters { String(decoding: UnsafeBufferPointer(rebasing: $0.prefix(2)), as: UTF8.self) } : nil
    }

    /// The characters without hyphen.
    @inline(__always)
    private func withCharacters<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var words = (head.littleEndian, middle.littleEndian, tail.littleEndian)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { characters in
            withUnsafeBytes(of: &words) { raw in
                for index in 0..<Int(length) { characters[index] = raw[index] }
            }
            return body(UnsafeBufferPointer(rebasing: characters[0..<Int(length)]))
        }
    }

    /// A code of 9 or 18 characters (without hyphen), already verified.
    @inline(__always)
    private init(characters: UnsafeBufferPointer<UInt8>, acceptedByException: Bool) {
        precondition(characters.count == 9 || characters.count == 18)
        var words: (UInt64, UInt64, UInt16) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            // swift-format-ignore: NeverForceUnwrap
            raw.baseAddress!.copyMemory(from: characters.baseAddress!, byteCount: characters.count)
        }
        head = UInt64(littleEndian: words.0)
        middle = UInt64(littleEndian: words.1)
        tail = UInt16(littleEndian: words.2)
        length = UInt8(characters.count)
        self.acceptedByException = acceptedByException
    }

    private init(text: String, acceptedByException: Bool) {
        var characters = Array(text.utf8)
        if characters.count == 10 { characters.remove(at: 8) }
        self = characters.withUnsafeBufferPointer { OrgCode(characters: $0, acceptedByException: acceptedByException) }
    }

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
            return .success(OrgCode(text: String(String.UnicodeScalarView(body)), acceptedByException: false))
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
                // A code accepted as written is kept as 18 ASCII characters: its last must be a digit or
                // an upper-case letter (a full-width 'Ｌ' typed for 'L' is neither).
                guard organisationValue(characters[17]) != nil else {
                    if ("a"..."z").contains(characters[17]) { return .failure(.lowerCase) }
                    return .failure(.exceptionCharacter(Character(characters[17])))
                }
                exception = true
            }
            return .success(OrgCode(text: text, acceptedByException: exception))
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
        if let code = verified(utf8: bytes) { return .success(code) }
        return parse(String(decoding: bytes, as: UTF8.self), exceptions: exceptions)
    }

    /// The code if `bytes` is a well-formed code whose check characters verify — most cells, the
    /// loader's path: no string, no error value; `nil` for anything else (exceptions included), which
    /// `parse` then explains.
    private static func verified(utf8 bytes: UnsafeBufferPointer<UInt8>) -> OrgCode? {
        // Codes are random characters: values are looked up, not branched on, and whether every
        // character was allowed is looked at once, at the end (the sign bits or-ed together).
        let tables = byteValues
        /// The GB 11714 check of 9 bytes at `offset` (hyphen skipped when `hyphen`). The weights 3, 7, 9,
        /// 10, 5, 8, 4, 2 are 2⁸…2¹ mod 11, so the weighted sum is taken by Horner's rule in base 2.
        @inline(__always) func organisationVerifies(_ offset: Int, hyphen: Bool) -> Bool {
            var sum = 0
            var invalid: Int8 = 0
            for index in 0..<8 {
                let value = tables.organisation[Int(bytes[offset + index])]
                invalid |= value
                sum = sum * 2 + Int(value)
            }
            return invalid >= 0
                && bytes[offset + (hyphen ? 9 : 8)] == UInt8(organisationCheckCharacter(weightedSum: sum * 2).value)
        }
        switch bytes.count {
        case 9:
            if organisationVerifies(0, hyphen: false) { return OrgCode(characters: bytes, acceptedByException: false) }
        case 10:
            if bytes[8] == UInt8(ascii: "-") && organisationVerifies(0, hyphen: true) {
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 9) { characters in
                    for index in 0..<8 { characters[index] = bytes[index] }
                    characters[8] = bytes[9]
                    return OrgCode(characters: UnsafeBufferPointer(characters), acceptedByException: false)
                }
            }
        case 18:
            // Σ Cᵢ·3^(i−1) by Horner's rule from the 17th character back (at most 2·10⁹: no overflow).
            var sum = 0
            var invalid: Int8 = 0
            for index in (0..<17).reversed() {
                let value = tables.credit[Int(bytes[index])]
                invalid |= value
                sum = sum * 3 + Int(value)
            }
            if invalid >= 0 && organisationVerifies(8, hyphen: false)
                && UInt8(tables.creditAlphabet[(31 - sum % 31) % 31].value) == bytes[17]
            {
                return OrgCode(characters: bytes, acceptedByException: false)
            }
        default:
            break
        }
        return nil
    }

    /// Whether the unified code's category (positions 1–2) agrees with 机构性质 (SPEC §3.1): `12`
    /// 事业单位, `51`/`13` 社会团体, `91` the four enterprise natures. `nil` when no rule applies.
    public func categoryAgrees(with nature: Nature) -> Bool? {
        guard form == .unifiedCreditCode else { return nil }
        // Positions 1–2 as the low two bytes, read without making the category's string.
        switch head & 0xFFFF {
        case 0x3231: return nature == .institution  // "12"
        case 0x3135, 0x3331: return nature == .socialOrganisation  // "51", "13"
        case 0x3139: return nature.isEnterprise  // "91"
        default: return nil
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
        return organisationCheckCharacter(weightedSum: sum)
    }

    /// The GB 11714 check character for a weighted sum: 11 − (Σ mod 11), `X` for 10 and `0` for 11.
    @inline(__always)
    private static func organisationCheckCharacter(weightedSum sum: Int) -> Unicode.Scalar {
        switch 11 - sum % 11 {
        case 10: "X"
        case 11: "0"
        case let digit: Unicode.Scalar(UInt8(48 + digit))
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

    /// GB 32100 and GB 11714 values by byte (−1 outside each set), and the GB 32100 alphabet: what the
    /// byte path of `verified` reads, fetched once per code.
    private static let byteValues: (credit: [Int8], organisation: [Int8], creditAlphabet: [Unicode.Scalar]) = (
        (0..<256).map { byte in creditAlphabet.firstIndex(of: Unicode.Scalar(UInt8(byte))).map(Int8.init) ?? -1 },
        (0..<256).map { Int8(organisationValue(Unicode.Scalar(UInt8($0))) ?? -1) },
        creditAlphabet
    )

    private static func creditValue(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.isASCII else { return nil }
        let value = byteValues.credit[Int(scalar.value)]
        return value >= 0 ? Int(value) : nil
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

}

/// Why an organisation code does not verify.
public enum OrgCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case length(Int)
    case lowerCase
    case character(Character, position: Int, unifiedCode: Bool)
    case checkCharacter(expected: Character, found: Character)
    indirect case organisationPart(OrgCodeError)
    /// The 18th character of a code listed as an exception is not a digit or an upper-case letter.
    case exceptionCharacter(Character)

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
        case .exceptionCharacter(let character):
            "has '\(character)' as its 18th character; a code listed in code-exceptions.csv must end in a digit "
                + "or an upper-case letter"
        }
    }
}
