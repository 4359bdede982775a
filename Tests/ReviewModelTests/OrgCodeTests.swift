import Foundation
import ReviewModel
import Testing

/// SPEC §3.1 against the public test vectors (`Fixtures/org-code-vectors.csv`, copied from the project's
/// shared data: python-stdnum, hutool, fwlib, IDCheck, go-gb and the standard's worked example).
struct OrgCodeTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var code: String
        var valid: Bool
        var note: String
        var testDescription: String { "\(code) \(valid ? "valid" : "invalid") \(note)" }
    }

    static let vectors: [Vector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/org-code-vectors.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            // The note may be quoted and hold commas; code and verdict never do.
            let parts = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            return Vector(
                code: String(parts[0]), valid: parts[1] == "valid", note: parts.count > 2 ? String(parts[2]) : "")
        }
    }()

    @Test func vectorsAreLoaded() {
        #expect(Self.vectors.count >= 30)
    }

    @Test(arguments: vectors)
    func verdictMatchesVector(_ vector: Vector) {
        let result = OrgCode.parse(vector.code)
        switch result {
        case .success: #expect(vector.valid, "accepted an invalid code")
        case .failure(let error): #expect(!vector.valid, "rejected a valid code: \(error)")
        }
    }

    /// The bytes path (the loader's) and the text path (the explaining one) agree on every vector, and
    /// the code kept in the value gives back its canonical spelling and organisation part.
    @Test(arguments: vectors)
    func bytesAndTextParseAlike(_ vector: Vector) {
        var bytes = Array(vector.code.utf8)
        let fromBytes = bytes.withUnsafeMutableBufferPointer { OrgCode.parse(utf8: UnsafeBufferPointer($0)) }
        let fromText = OrgCode.parse(vector.code)
        #expect(fromBytes == fromText)
        guard case .success(let code) = fromText else { return }
        let plain = vector.code.replacingOccurrences(of: "-", with: "")
        #expect(code.text == (plain.count == 9 ? plain.prefix(8) + "-" + plain.suffix(1) : plain))
        #expect(code.organisation == (plain.count == 9 ? plain : String(plain.dropFirst(8).prefix(9))))
        #expect(code.form == (plain.count == 9 ? .organisationCode : .unifiedCreditCode))
        #expect(code.category == (plain.count == 18 ? String(plain.prefix(2)) : nil))
        for other in Self.vectors where other.valid {
            guard case .success(let otherCode) = OrgCode.parse(other.code) else { continue }
            #expect(code.isSameOrganisation(as: otherCode) == (code.organisation == otherCode.organisation))
        }
    }

    @Test func unifiedCodeJoinsOnItsOrganisationPart() throws {
        let old = try OrgCode.parse("M000100Y4").get()
        let new = try OrgCode.parse("91350100M000100Y43").get()
        #expect(old.organisation == new.organisation)
        #expect(old.isSameOrganisation(as: new) && new.isSameOrganisation(as: old) && new.isSameOrganisation(as: new))
        #expect(!old.isSameOrganisation(as: try OrgCode.parse("768225469").get()))
        #expect(old.text == "M000100Y-4")
        #expect(new.organisationDisplay == "M000100Y-4")
        #expect(old.form == .organisationCode && new.form == .unifiedCreditCode)
    }

    /// A listed exception is accepted as written, so its 18th character must be one a code is kept as;
    /// a full-width or Chinese one is refused (it used to stop the loader).
    @Test func anExceptionMustEndInADigitOrUpperCaseLetter() throws {
        for last in ["Ｌ", "中", "-"] {
            let code = "91110000600037341" + last
            #expect(OrgCode.parse(code, exceptions: [code]) == .failure(.exceptionCharacter(Character(last))))
        }
        #expect(OrgCode.parse("91110000600037341l", exceptions: ["91110000600037341l"]) == .failure(.lowerCase))
        let accepted = try OrgCode.parse("91110000600037341Z", exceptions: ["91110000600037341Z"]).get()
        #expect(accepted.acceptedByException && accepted.text == "91110000600037341Z")
    }

    @Test func hyphenIsOptionalAndCanonicalised() throws {
        #expect(try OrgCode.parse("768225469").get().text == "76822546-9")
        #expect(try OrgCode.parse("76822546-9").get().text == "76822546-9")
    }

    @Test func wrongCheckCharacterNamesTheExpectedOne() {
        #expect(OrgCode.parse("D2143569-1") == .failure(.checkCharacter(expected: "X", found: "1")))
        #expect(OrgCode.parse("91350100M000100Y4Z") == .failure(.checkCharacter(expected: "3", found: "Z")))
    }

    @Test func pilotCodeIsAcceptedOnlyWhenListed() throws {
        let pilot = "91350100M0001TGQXM"
        #expect(throws: OrgCodeError.self) { try OrgCode.parse(pilot).get() }
        let accepted = try OrgCode.parse(pilot, exceptions: [pilot]).get()
        #expect(accepted.acceptedByException)
        #expect(accepted.organisation == "M0001TGQX")
    }

    @Test func exceptionDoesNotExcuseABadOrganisationPart() {
        // Organisation part of a real pilot code with one character changed.
        let code = "91350100M0001TGQYM"
        guard case .failure(.organisationPart) = OrgCode.parse(code, exceptions: [code]) else {
            Issue.record("an exception must not accept an organisation part that does not verify")
            return
        }
    }

    @Test func categoryAgreementFollowsSpec() throws {
        let enterprise = try OrgCode.parse("91110000600037341L").get()
        let institution = try OrgCode.parse("121200004013590816").get()
        #expect(enterprise.categoryAgrees(with: .enterprise) == true)
        #expect(enterprise.categoryAgrees(with: .foreignFunded) == true)
        #expect(enterprise.categoryAgrees(with: .institution) == false)
        #expect(institution.categoryAgrees(with: .institution) == true)
        #expect(institution.categoryAgrees(with: .socialOrganisation) == false)
        #expect(try OrgCode.parse("12345678-8").get().categoryAgrees(with: .institution) == nil)
        #expect(try OrgCode.parse("92371000MA3MXH0E3W").get().categoryAgrees(with: .enterprise) == nil)
    }
}
