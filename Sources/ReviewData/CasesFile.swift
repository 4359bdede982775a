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
func isValidReviewNo(_ text: String) -> Bool {
    let bytes = text.utf8
    return (3...32).contains(bytes.count)
        && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D }
}

/// First two digits of the postcodes of China's provinces, autonomous regions, municipalities, and 99
/// for Hong Kong and Macao's conventional 999077/999078.
let provincePostcodePrefixes: Set<String> = [
    "01", "02", "03", "04", "05", "06", "07", "10", "11", "12", "13", "15", "16", "20", "21", "22", "23", "24",
    "25", "26", "27", "30", "31", "32", "33", "34", "35", "36", "40", "41", "42", "43", "44", "45", "46", "47",
    "51", "52", "53", "54", "55", "56", "57", "61", "62", "63", "64", "65", "66", "67", "71", "72", "73", "74",
    "75", "81", "83", "84", "85", "86", "99",
]

/// Decodes `cases.csv` rows into `Case`s, checking every single-row rule of SPEC §3.
struct CasesDecoder {
    let path: String
    let exceptions: Set<String>
    var cases: [Case] = []
    /// Review numbers of rows that exist but did not decode: references to them are not reported again.
    var invalidReviewNos: Set<String> = []
    var firstLine: [String: Int] = [:]
    /// body_approval_no of every row that has one, valid or not, for the reference check.
    var bodyReferences: [(approvalNo: String, line: Int)] = []

    init(path: String, exceptions: Set<String>) {
        self.path = path
        self.exceptions = exceptions
    }

    mutating func decode(_ row: Row<CaseColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let line = row.line

        let reviewNo = row.required(.reviewNo, &sink)
        if let reviewNo {
            if !isValidReviewNo(reviewNo) {
                sink.error(
                    line, row.position(.reviewNo),
                    "review_no (审查编号) '\(reviewNo)' must be 3–32 characters of A–Z, a–z, 0–9 and '-'")
            }
            if let first = firstLine[reviewNo] {
                sink.error(
                    line, row.position(.reviewNo), "review_no (审查编号) '\(reviewNo)' is already used on line \(first)")
            } else {
                firstLine[reviewNo] = line
            }
        }
        let orgName = row.required(.orgName, &sink)
        let orgCode = parseOrgCode(row, .orgCode, exceptions: exceptions, &sink)
        let address = row.text(.address, &sink)
        let postcode = row.text(.postcode, &sink)
        if let postcode {
            if postcode.utf8.count != 6 || !postcode.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                sink.error(line, row.position(.postcode), "postcode (邮政编码) '\(postcode)' must be 6 digits")
            } else if !provincePostcodePrefixes.contains(String(postcode.prefix(2))) {
                sink.warning(
                    line, row.position(.postcode),
                    "postcode (邮政编码) '\(postcode)' starts with \(postcode.prefix(2)), which is no province's")
            }
        }
        let nature = row.vocabulary(.nature, Nature.self, &sink, parse: { Nature(normalising: $0) }) ?? nil
        let natureNote = row.text(.natureNote, &sink)
        if nature == .other && natureNote == nil {
            sink.error(line, row.position(.natureNote), "nature_note (其它(请注明)) is required when nature is 其它")
        }
        if let nature, let orgCode, orgCode.categoryAgrees(with: nature) == false, let category = orgCode.category {
            sink.warning(
                line, row.position(.orgCode),
                "org_code category \(category) (positions 1–2) does not agree with nature (机构性质) \(nature.label)")
        }
        let contact = row.text(.contact, &sink)
        let phone = row.text(.phone, &sink)
        let fax = row.text(.fax, &sink)
        let email = row.text(.email, &sink)
        let bodyApprovalNo = row.required(.bodyApprovalNo, &sink)
        if let bodyApprovalNo { bodyReferences.append((bodyApprovalNo, line)) }
        let kind = row.vocabulary(.kind, ApplicationKind.self, &sink) ?? nil
        let scope = row.required(.scope, &sink)
        let consultancy = row.text(.consultancy, &sink)
        let materials = parseMaterials(row, &sink)

        let submittedOn = row.date(.submittedOn, required: true, &sink) ?? nil
        let formalResult = row.vocabulary(.formalResult, FormalResult.self, required: false, &sink) ?? nil
        let formalOn = row.date(.formalOn, &sink) ?? nil
        let substantiveResult =
            row.vocabulary(.substantiveResult, SubstantiveResult.self, required: false, &sink) ?? nil
        let substantiveOn = row.date(.substantiveOn, &sink) ?? nil
        let certificateNo = row.text(.certificateNo, &sink)
        let certifiedOn = row.date(.certifiedOn, &sink) ?? nil
        let filedOn = row.date(.filedOn, &sink) ?? nil
        let falsified = row.yesNo(.falsified, required: false, &sink) ?? nil

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
        if formalResult == .accepted, let materials {
            let missing = [1, 2, 3, 4].filter { !materials.contains($0) }
            if !missing.isEmpty {
                sink.error(
                    line, row.position(.materials),
                    "formal_result is 受理 but materials lack item\(missing.count == 1 ? "" : "s") "
                        + "\(missing.map(String.init).joined(separator: ", ")); acceptance needs items 1–4 of art. 八")
            }
        }

        // Date order and the procedure's start.
        let dates: [(CaseColumn, Day?)] = [
            (.submittedOn, submittedOn), (.formalOn, formalOn), (.substantiveOn, substantiveOn),
            (.certifiedOn, certifiedOn), (.filedOn, filedOn),
        ]
        var previous: (CaseColumn, Day)?
        for case (let column, let day?) in dates {
            if day < Day.procedureStart {
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

        let errorsAfter = sink.errorCount
        guard errorsAfter == errorsBefore, let reviewNo, let orgName, let orgCode, let nature, let bodyApprovalNo,
            let kind, let scope, let submittedOn, let materials
        else {
            if let reviewNo { invalidReviewNos.insert(reviewNo) }
            return
        }
        cases.append(
            Case(
                reviewNo: reviewNo, orgName: orgName, orgCode: orgCode, address: address, postcode: postcode,
                nature: nature, natureNote: natureNote, contact: contact, phone: phone, fax: fax, email: email,
                bodyApprovalNo: bodyApprovalNo, kind: kind, scope: scope, consultancy: consultancy,
                materials: materials, submittedOn: submittedOn, formalResult: formalResult, formalOn: formalOn,
                substantiveResult: substantiveResult, substantiveOn: substantiveOn, certificateNo: certificateNo,
                certifiedOn: certifiedOn, filedOn: filedOn, falsified: falsified ?? false,
                location: SourceLocation(path: path, line: line)))
    }

    /// A row whose field count is wrong: keep its review number (if readable) so references to it are
    /// not reported a second time.
    mutating func recover(_ row: Row<CaseColumn>) {
        let index = row.fieldIndexes[CaseColumn.reviewNo.ordinal]
        guard index < row.record.fields.count else { return }
        let reviewNo = row.record.string(index).trimmingCharacters(in: .whitespaces)
        if !reviewNo.isEmpty { invalidReviewNos.insert(reviewNo) }
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

    /// Art. 八 items: a `;` list of 1–5. `nil` if any item is not one of them.
    private func parseMaterials(_ row: Row<CaseColumn>, _ sink: inout DiagnosticSink) -> Set<Int>? {
        var items = Set<Int>()
        var valid = true
        for item in row.list(.materials, &sink) {
            guard let number = Int(item), (1...5).contains(number) else {
                sink.error(
                    row.line, row.position(.materials),
                    "materials item '\(item)' is not one of 1, 2, 3, 4, 5 (the items of art. 八)")
                valid = false
                continue
            }
            if !items.insert(number).inserted {
                sink.warning(row.line, row.position(.materials), "materials item \(number) is listed twice")
            }
        }
        return valid ? items : nil
    }
}

/// Parses and verifies an organisation code cell (SPEC §3.1); an accepted exception is noted.
func parseOrgCode<Column: ColumnSet>(
    _ row: Row<Column>, _ column: Column, exceptions: Set<String>, _ sink: inout DiagnosticSink
) -> OrgCode? {
    guard let text = row.required(column, &sink) else { return nil }
    switch OrgCode.parse(text, exceptions: exceptions) {
    case .success(let code):
        if code.acceptedByException {
            sink.note(
                row.line, row.position(column),
                "\(column.rawValue) '\(text)' does not verify (check character) but is accepted: it is listed in "
                    + "code-exceptions.csv")
        }
        return code
    case .failure(let error):
        sink.error(row.line, row.position(column), "\(column.title) '\(text)' \(error)")
        return nil
    }
}
