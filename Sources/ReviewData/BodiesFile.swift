import Foundation
import ReviewModel

/// The columns of `data/bodies.csv`: certification bodies approved by CNCA for ISMS certification (art. 四).
enum BodyColumn: String, ColumnSet {
    case approvalNo = "approval_no"
    case name
    case nature
    case approvedOn = "isms_approved_on"
    case revokedOn = "isms_revoked_on"

    static let fileName = "data/bodies.csv"

    var title: String {
        switch self {
        case .approvalNo: "approval_no (批准号)"
        case .name: "name (认证机构名称)"
        case .nature: "nature (认证机构性质)"
        default: rawValue
        }
    }
}

/// `CNCA-R-YYYY-NNN` or `CNCA-R-YYYY-NNNN`.
func isValidApprovalNo(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 15 || bytes.count == 16, text.hasPrefix("CNCA-R-"), bytes[11] == UInt8(ascii: "-") else {
        return false
    }
    let digits = bytes[7..<11] + bytes[12...]
    return digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
}

struct BodiesDecoder {
    let path: String
    var bodies: [Body] = []
    var invalidApprovalNos: Set<String> = []
    var firstLine: [String: Int] = [:]

    mutating func decode(_ row: Row<BodyColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let approvalNo = row.required(.approvalNo, &sink)
        if let approvalNo {
            if !isValidApprovalNo(approvalNo) {
                sink.error(
                    row.line, row.position(.approvalNo),
                    "approval_no (批准号) '\(approvalNo)' is not of the form CNCA-R-YYYY-NNN or CNCA-R-YYYY-NNNN")
            }
            if let first = firstLine[approvalNo] {
                sink.error(
                    row.line, row.position(.approvalNo),
                    "approval_no (批准号) '\(approvalNo)' is already used on line \(first)")
            } else {
                firstLine[approvalNo] = row.line
            }
        }
        let name = row.required(.name, &sink)
        let nature = row.vocabulary(.nature, CasesDecoder.natures, &sink, parse: { Nature(normalising: $0) }) ?? nil
        let approvedOn = row.date(.approvedOn, required: true, &sink) ?? nil
        let revokedOn = row.date(.revokedOn, &sink) ?? nil
        if let approvedOn, let revokedOn, revokedOn <= approvedOn {
            sink.error(
                row.line, row.position(.revokedOn),
                "isms_revoked_on \(revokedOn) is not after isms_approved_on \(approvedOn)")
        }
        guard sink.errorCount == errorsBefore, let approvalNo, let name, let nature, let approvedOn else {
            if let approvalNo { invalidApprovalNos.insert(approvalNo) }
            return
        }
        bodies.append(
            Body(
                approvalNo: approvalNo, name: name, nature: nature, approvedOn: approvedOn, revokedOn: revokedOn,
                location: SourceLocation(path: path, line: row.line)))
    }

    /// A row whose field count is wrong: cases naming it are not reported again.
    mutating func recover(_ row: Row<BodyColumn>) {
        let index = row.fieldIndexes[BodyColumn.approvalNo.ordinal]
        guard index < row.record.fields.count else { return }
        let approvalNo = row.record.string(index).trimmingCharacters(in: .whitespaces)
        if !approvalNo.isEmpty { invalidApprovalNos.insert(approvalNo) }
    }
}

/// The body registry as cases and certificates look it up.
struct BodyRegistry: Sendable {
    /// A body's ISMS approval dates: all a case needs of it (copying the whole `Body`, with its
    /// strings, for each of a million cases costs reference counting that two cores contend for).
    struct Approval {
        let approvedOn: Day
        let revokedOn: Day?

        func covers(_ day: Day) -> Bool { Body.isApproved(approvedOn: approvedOn, revokedOn: revokedOn, on: day) }
    }

    enum Lookup {
        case found(Approval)
        /// In bodies.csv, on a row with errors of its own.
        case invalid
        case unknown
    }

    private let approvals: [Approval]
    private var table = ByteTable(capacity: 64)

    init(_ decoder: BodiesDecoder) {
        let bodies = decoder.bodies
        approvals = bodies.map { Approval(approvedOn: $0.approvedOn, revokedOn: $0.revokedOn) }
        for (index, body) in bodies.enumerated() { table.insert(body.approvalNo, value: Int32(index)) }
        for approvalNo in decoder.invalidApprovalNos { table.insert(approvalNo, value: -1) }
    }

    func lookup(_ approvalNo: String) -> Lookup {
        guard let index = table.find(approvalNo) else { return .unknown }
        return index >= 0 ? .found(approvals[Int(index)]) : .invalid
    }
}
