import Foundation
import ReviewModel

/// The columns of `data/cases.csv` (SPEC §3; the form 附表1's fields).
enum CaseColumn: String, ColumnSet {
    case reviewNo = "review_no"
    case orgName = "org_name"
    case orgCode = "org_code"
    case address
    case postcode
    case nature
    case natureNote = "nature_note"
    case contact
    case phone
    case fax
    case email
    case bodyApprovalNo = "body_approval_no"
    case kind
    case scope
    case consultancy
    case materials
    case submittedOn = "submitted_on"
    case formalResult = "formal_result"
    case formalOn = "formal_on"
    case substantiveResult = "substantive_result"
    case substantiveOn = "substantive_on"
    case certificateNo = "certificate_no"
    case certifiedOn = "certified_on"
    case filedOn = "filed_on"
    case falsified

    static let fileName = "data/cases.csv"

    var title: String {
        switch self {
        case .reviewNo: "review_no (审查编号)"
        case .orgName: "org_name (机构名称)"
        case .orgCode: "org_code (组织机构代码)"
        case .address: "address (通信地址)"
        case .postcode: "postcode (邮政编码)"
        case .nature: "nature (机构性质)"
        case .natureNote: "nature_note (其它(请注明))"
        case .bodyApprovalNo: "body_approval_no (认证机构批准号)"
        case .kind: "kind (初次认证/再认证)"
        case .scope: "scope (认证范围)"
        case .formalResult: "formal_result (形式审查)"
        case .substantiveResult: "substantive_result (实质审查)"
        default: rawValue
        }
    }
}

/// A review number: `[A-Za-z0-9-]{3,32}` (SPEC §3). Also what keeps it safe as a file name on the site.
func isValidReviewNo(_ bytes: some Collection<UInt8>) -> Bool {
    (3...32).contains(bytes.count)
        && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D }
}

/// First two digits of the postcodes of China's provinces, autonomous regions, municipalities, and 99
/// for Hong Kong and Macao's conventional 999077/999078.
let provincePostcodePrefixes: [Int] = [
    1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 40,
    41, 42, 43, 44, 45, 46, 47, 51, 52, 53, 54, 55, 56, 57, 61, 62, 63, 64, 65, 66, 67, 71, 72, 73, 74, 75, 81,
    83, 84, 85, 86, 99,
]

/// `provincePostcodePrefixes` as a bit set (bit n of word n / 64), read per row without hashing.
struct PostcodePrefixes {
    private let words: (UInt64, UInt64)

    init() {
        var words: (UInt64, UInt64) = (0, 0)
        for prefix in provincePostcodePrefixes {
            if prefix < 64 { words.0 |= 1 << UInt64(prefix) } else { words.1 |= 1 << UInt64(prefix - 64) }
        }
        self.words = words
    }

    func contains(_ prefix: Int) -> Bool {
        prefix < 64 ? words.0 >> UInt64(prefix) & 1 != 0 : words.1 >> UInt64(prefix - 64) & 1 != 0
    }
}

/// Decodes `cases.csv` rows into `Case`s, checking every single-row rule of SPEC §3.
struct CasesDecoder {
    /// The file, numbered once (see `SourceFile`): every record names it.
    let file: SourceFile
    var path: String { file.path }
    let exceptions: Set<String>
    let retainText: Bool
    /// The decoded cases, in places of the data set's array when the loader gives some.
    var cases: RecordPlaces<Case>
    /// Every review number in the file: the case's index in `cases`, or −line for a row that did not
    /// decode (references to it are then not reported again).
    var reviewNos: ByteTable
    /// The text of every case when text is not retained.
    let omittedText: CaseText
    /// The body registry, when bodies.csv could be read: references and art. 四 are checked here.
    var bodies: BodyRegistry?
    /// The registry's approval numbers, this decoder's own copies (strings that cases on two cores
    /// would otherwise share, and contend for the reference counts of).
    let bodyNumbers: [String]
    let postcodePrefixes = PostcodePrefixes()
    let procedureStart = Day.procedureStart

    // Matchers held by each decoder: a static one is reached through a lazy-initialisation check on
    // every row.
    let natures = VocabularyMatcher<Nature>()
    let kinds = VocabularyMatcher<ApplicationKind>()
    let formalResults = VocabularyMatcher<FormalResult>()
    let substantiveResults = VocabularyMatcher<SubstantiveResult>()

    init(
        path: String, exceptions: Set<String>, retainText: Bool = true, bodies: BodyRegistry? = nil,
        expectedRows: Int = 1024, places: RecordPlaces<Case>
    ) {
        // Each decoder has its own copy of the objects every case refers to, so that decoders on two
        // cores do not contend for the same reference counts.
        self.file = SourceFile(path)
        self.omittedText = CaseText(orgName: "", scope: "")
        self.exceptions = exceptions
        self.retainText = retainText
        self.bodies = bodies
        self.bodyNumbers = bodies?.ownNumbers() ?? []
        self.reviewNos = ByteTable(capacity: expectedRows)
        self.cases = places
    }

    mutating func decode(_ row: Row<CaseColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let line = row.line

        let reviewNoBytes = row.bytes(.reviewNo, &sink)
        let reviewNo = reviewNoBytes.map { row.string(.reviewNo, $0) }
        // The review number goes into the table once the row is checked; its slot is brought in now.
        let reviewNoHash = reviewNoBytes.map { reviewNos.prefetch($0) }
        if let reviewNoBytes, let reviewNo {
            if !isValidReviewNo(reviewNoBytes) {
                sink.error(
                    line, row.position(.reviewNo),
                    "review_no (审查编号) '\(reviewNo)' must be 3–32 characters of A–Z, a–z, 0–9 and '-'")
            }
        } else {
            sink.error(line, row.position(.reviewNo), "review_no (审查编号) is required")
        }
        let orgName = row.kept(.orgName, retain: retainText, required: true, &sink)
        let orgCode = OrgCodeCell.parse(row, .orgCode, exceptions: exceptions, &sink)
        let address = row.kept(.address, retain: retainText, &sink)
        var postcode: String?
        if let bytes = row.bytes(.postcode, &sink) {
            if retainText { postcode = row.string(.postcode, bytes) }
            if bytes.count != 6 || !bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                sink.error(
                    line, row.position(.postcode), "postcode (邮政编码) '\(row.string(.postcode, bytes))' must be 6 digits")
            } else if !postcodePrefixes.contains(Int(bytes[0] - 0x30) * 10 + Int(bytes[1] - 0x30)) {
                let text = row.string(.postcode, bytes)
                sink.warning(
                    line, row.position(.postcode),
                    "postcode (邮政编码) '\(text)' starts with \(text.prefix(2)), which is no province's")
            }
        }
        let nature = row.vocabulary(.nature, natures, &sink, parse: { Nature(normalising: $0) }) ?? nil
        let natureNote = row.kept(.natureNote, retain: retainText, &sink)
        if nature == .other && natureNote == nil {
            sink.error(line, row.position(.natureNote), "nature_note (其它(请注明)) is required when nature is 其它")
        }
        if let nature, let orgCode, orgCode.categoryAgrees(with: nature) == false, let category = orgCode.category {
            sink.warning(
                line, row.position(.orgCode),
                "org_code category \(category) (positions 1–2) does not agree with nature (机构性质) \(nature.label)")
        }
        let contact = row.kept(.contact, retain: retainText, &sink)
        let phone = row.kept(.phone, retain: retainText, &sink)
        let fax = row.kept(.fax, retain: retainText, &sink)
        let email = row.kept(.email, retain: retainText, &sink)
        let (bodyApprovalNo, lookup) = row.bodyApprovalNo(.bodyApprovalNo, bodies, numbers: bodyNumbers, &sink)
        var body: BodyRegistry.Approval?
        if let bodyApprovalNo, let lookup {
            switch lookup {
            case .found(let found): body = found
            case .invalid: break
            case .unknown:
                sink.error(
                    line, row.position(.bodyApprovalNo), "certification body '\(bodyApprovalNo)' is not in bodies.csv")
            }
        }
        let kind = row.vocabulary(.kind, kinds, &sink) ?? nil
        let scope = row.kept(.scope, retain: retainText, required: true, &sink)
        let consultancy = row.kept(.consultancy, retain: retainText, &sink)
        let materials = parseMaterials(row, &sink)

        let submittedOn = row.date(.submittedOn, required: true, &sink) ?? nil
        let formalResult = row.vocabulary(.formalResult, formalResults, required: false, &sink) ?? nil
        let formalOn = row.date(.formalOn, &sink) ?? nil
        let substantiveResult =
            row.vocabulary(.substantiveResult, substantiveResults, required: false, &sink) ?? nil
        let substantiveOn = row.date(.substantiveOn, &sink) ?? nil
        let certificateNo = row.text(.certificateNo, &sink)
        let certifiedOn = row.date(.certifiedOn, &sink) ?? nil
        let filedOn = row.date(.filedOn, &sink) ?? nil
        let falsified = row.yesNo(.falsified, required: false, &sink) ?? nil

        // Art. 四: the chosen body is approved for ISMS certification on the submission date.
        if let body, let bodyApprovalNo, let submittedOn, !body.covers(submittedOn) {
            let window =
                body.approvedOn > submittedOn
                ? "its ISMS approval dates from \(body.approvedOn)"
                : "its ISMS approval was revoked on \(body.revokedOn.map(String.init(describing:)) ?? "")"
            sink.error(
                line, row.position(.bodyApprovalNo),
                "certification body \(bodyApprovalNo) was not approved by CNCA for ISMS certification on "
                    + "submitted_on \(submittedOn): \(window) (art. 四)")
        }

        // Stage order (art. 九–十一): each step needs the one before it; results come with their dates.
        pair(row, .formalResult, formalResult != nil, .formalOn, formalOn != nil, &sink)
        pair(row, .substantiveResult, substantiveResult != nil, .substantiveOn, substantiveOn != nil, &sink)
        pair(row, .certificateNo, certificateNo != nil, .certifiedOn, certifiedOn != nil, &sink)
        if substantiveResult != nil || substantiveOn != nil, formalResult != .accepted {
            sink.error(
                line, row.position(substantiveResult != nil ? .substantiveResult : .substantiveOn),
                "a substantive review result needs formal_result 受理 (art. 十: only accepted applications are "
                    + "reviewed)" + (formalResult == nil ? "; formal_result is empty" : "; formal_result is 不予受理"))
        }
        if certificateNo != nil || certifiedOn != nil, substantiveResult != .approved {
            sink.error(
                line, row.position(certificateNo != nil ? .certificateNo : .certifiedOn),
                "a certificate needs substantive_result 同意 (art. 六, 十一)")
        }
        if filedOn != nil, certifiedOn == nil {
            sink.error(
                line, row.position(.filedOn), "filed_on needs certified_on: 备案 follows the certificate (art. 十一)")
        }
        if formalResult == .accepted, let materials, !materials.hasRequiredItems {
            let missing = [1, 2, 3, 4].filter { !materials.contains($0) }
            sink.error(
                line, row.position(.materials),
                "formal_result is 受理 but materials lack item\(missing.count == 1 ? "" : "s") "
                    + "\(missing.map(String.init).joined(separator: ", ")); acceptance needs items 1–4 of art. 八")
        }

        // Date order and the procedure's start (the dates in a tuple, not an array made for each row).
        var previous: (CaseColumn, Day)?
        func check(_ column: CaseColumn, _ day: Day?) {
            guard let day else { return }
            if day < procedureStart {
                sink.error(
                    line, row.position(column),
                    "\(column.rawValue) \(day) is before 2011-07-20, when procedure 2011 No. 21 took effect (art. 十四)")
            }
            if let (earlierColumn, earlier) = previous, day < earlier {
                sink.error(
                    line, row.position(column),
                    "\(column.rawValue) \(day) is before \(earlierColumn.rawValue) \(earlier); dates must run "
                        + "submitted_on ≤ formal_on ≤ substantive_on ≤ certified_on ≤ filed_on")
            }
            previous = (column, day)
        }
        check(.submittedOn, submittedOn)
        check(.formalOn, formalOn)
        check(.substantiveOn, substantiveOn)
        check(.certifiedOn, certifiedOn)
        check(.filedOn, filedOn)

        // A review number used before (an error at its column, after the row's others: diagnostics are
        // sorted by column, and this one stays after the check of its form).
        var reviewNoEntry: Int?
        if let reviewNoBytes, let reviewNo, let reviewNoHash {
            switch reviewNos.insertEntry(reviewNoBytes, hash: reviewNoHash, value: Int32(-line)) {
            case .present(let existing):
                let first = existing >= 0 ? cases[Int(existing)].location.line : Int(-existing)
                sink.error(
                    line, row.position(.reviewNo), "review_no (审查编号) '\(reviewNo)' is already used on line \(first)")
            case .added(let entry):
                reviewNoEntry = entry
            }
        }

        guard sink.errorCount == errorsBefore, let reviewNoEntry, let reviewNo, let orgName, let orgCode, let nature,
            let bodyApprovalNo, let kind, let scope, let submittedOn, let materials
        else { return }
        reviewNos.setValue(ofEntry: reviewNoEntry, Int32(cases.count))
        let text =
            retainText
            ? CaseText(
                orgName: orgName, address: address, postcode: postcode, natureNote: natureNote, contact: contact,
                phone: phone, fax: fax, email: email, scope: scope, consultancy: consultancy)
            : omittedText
        cases.append(
            Case(
                reviewNo: reviewNo, orgCode: orgCode, nature: nature, bodyApprovalNo: bodyApprovalNo, kind: kind,
                materials: materials, submittedOn: submittedOn, formalResult: formalResult, formalOn: formalOn,
                substantiveResult: substantiveResult, substantiveOn: substantiveOn, certificateNo: certificateNo,
                certifiedOn: certifiedOn, filedOn: filedOn, falsified: falsified ?? false,
                serviceTypes: ServiceTypeSet(), location: SourceLocation(file: file, line: line), text: text))
    }

    /// A row whose field count is wrong or whose quote never closes: keep its review number (if
    /// readable) so references to it are not reported a second time.
    mutating func recover(_ row: Row<CaseColumn>) {
        let index = row.fieldIndexes[CaseColumn.reviewNo.ordinal]
        guard index < row.record.fields.count else { return }
        let reviewNo = row.record.string(index).trimmingCharacters(in: .whitespaces)
        if !reviewNo.isEmpty { reviewNos.insert(reviewNo, value: Int32(-row.line)) }
    }

    private func pair(
        _ row: Row<CaseColumn>, _ first: CaseColumn, _ hasFirst: Bool, _ second: CaseColumn, _ hasSecond: Bool,
        _ sink: inout DiagnosticSink
    ) {
        if hasFirst && !hasSecond {
            sink.error(row.line, row.position(second), "\(second.rawValue) is required when \(first.rawValue) is given")
        } else if hasSecond && !hasFirst {
            sink.error(row.line, row.position(first), "\(first.rawValue) is required when \(second.rawValue) is given")
        }
    }

    /// Art. 八 items: a `;` list of 1–5 (`；` accepted). `nil` if any item is not one of them.
    private func parseMaterials(_ row: Row<CaseColumn>, _ sink: inout DiagnosticSink) -> Materials? {
        var items = Materials()
        guard let bytes = row.bytes(.materials, &sink) else { return items }
        // The common case, distinct digits 1–5 and ';' only, as bits, without making strings.
        var bits: UInt8 = 0
        var fast = true
        var expectDigit = true
        for byte in bytes {
            if expectDigit, byte >= 0x31, byte <= 0x35, bits & (1 << (byte - 0x30)) == 0 {
                bits |= 1 << (byte - 0x30)
                expectDigit = false
            } else if !expectDigit, byte == UInt8(ascii: ";") {
                expectDigit = true
            } else {
                fast = false
                break
            }
        }
        if fast && !expectDigit { return Materials(bits: bits) }
        items = Materials()
        var valid = true
        var ignored = DiagnosticSink(path: path)
        for item in row.list(.materials, &ignored) {
            guard let number = Int(item), (1...5).contains(number) else {
                sink.error(
                    row.line, row.position(.materials),
                    "materials item '\(item)' is not one of 1, 2, 3, 4, 5 (the items of art. 八)")
                valid = false
                continue
            }
            if !items.insert(number) {
                sink.warning(row.line, row.position(.materials), "materials item \(number) is listed twice")
            }
        }
        return valid ? items : nil
    }
}

/// Organisation code cells (SPEC §3.1). A code is verified on its bytes and held in
/// the value itself, so each cell is verified afresh: cheaper than looking it up among codes seen before.
enum OrgCodeCell {
    /// Parses and verifies an organisation code cell (SPEC §3.1); an accepted exception is noted.
    static func parse<Column: ColumnSet>(
        _ row: Row<Column>, _ column: Column, exceptions: Set<String>, _ sink: inout DiagnosticSink
    ) -> OrgCode? {
        guard let bytes = row.bytes(column, &sink) else {
            sink.error(row.line, row.position(column), "\(column.title) is required")
            return nil
        }
        let result = OrgCode.parse(utf8: bytes, exceptions: exceptions)
        if case .failure = result, let folded = foldFullWidth(bytes) {
            let second = folded.withUnsafeBufferPointer { OrgCode.parse(utf8: $0, exceptions: exceptions) }
            if case .success(let code) = second {
                sink.warning(
                    row.line, row.position(column),
                    "\(column.title) '\(row.string(column, bytes))' has full-width characters; read as \(code.text)")
                return code
            }
        }
        switch result {
        case .success(let code):
            if code.acceptedByException { noteException(row, column, code, &sink) }
            return code
        case .failure(let error):
            sink.error(row.line, row.position(column), "\(column.title) '\(row.string(column, bytes))' \(error)")
            return nil
        }
    }

    private static func noteException<Column: ColumnSet>(
        _ row: Row<Column>, _ column: Column, _ code: OrgCode, _ sink: inout DiagnosticSink
    ) {
        sink.note(
            row.line, row.position(column),
            "\(column.rawValue) '\(code.text)' does not verify (check character) but is accepted: it is listed in "
                + "code-exceptions.csv")
    }
}

/// The keys of a file read in one piece or in chunks (review numbers of cases.csv, certificate numbers
/// of certificates.csv): each chunk's table and where its records start in the merged array.
struct ChunkedKeys: Sendable {
    var tables: [ByteTable]
    var offsets: [Int]

    /// The record's index in the data set (≥ 0), −line for a row that did not decode, `nil` if absent.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        for (table, offset) in zip(tables, offsets) {
            if let value = table.find(bytes) { return value >= 0 ? value + Int32(offset) : value }
        }
        return nil
    }

    /// Where the last key was found, for `lookup(_:after:)`.
    struct Position {
        var chunk = 0
        var entry = -1
    }

    /// The same, for keys that mostly come in the order the records were read (services.csv lists a
    /// case's services together, and cases in file order): the entry after `position`, and the one at
    /// it, are tried before hashing, and the chunk of `position` before the other chunks.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, after position: inout Position) -> Int32? {
        let table = tables[position.chunk]
        for step in 0..<2 {
            let entry = position.entry + 1 - step
            if let value = table.value(ofEntry: entry, ifKeyIs: bytes) {
                position.entry = entry
                return value >= 0 ? value + Int32(offsets[position.chunk]) : value
            }
        }
        for step in tables.indices {
            let chunk = (position.chunk + step) % tables.count
            if let (value, entry) = tables[chunk].findEntry(bytes) {
                position = Position(chunk: chunk, entry: entry)
                return value >= 0 ? value + Int32(offsets[chunk]) : value
            }
        }
        return nil
    }

    func lookup(_ key: String) -> Int32? {
        var key = key
        return key.withUTF8 { lookup($0) }
    }
}
