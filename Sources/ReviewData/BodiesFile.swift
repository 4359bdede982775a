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
    /// The file, numbered once (see `SourceFile`): every record names it.
    let file: SourceFile
    var path: String { file.path }
    var bodies: [Body] = []
    var invalidApprovalNos: Set<String> = []
    var firstLine: [String: Int] = [:]
    let natures = VocabularyMatcher<Nature>()

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
        let nature = row.vocabulary(.nature, natures, &sink, parse: { Nature(normalising: $0) }) ?? nil
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
                location: SourceLocation(file: file, line: row.line)))
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

    fileprivate let approvals: [Approval]
    /// The approval numbers, by index.
    private let numbers: [String]
    /// Whether each number is free of hidden characters (so that a cell equal to it is too).
    let plain: [Bool]
    private var table = ByteTable(capacity: 64)

    init(_ decoder: BodiesDecoder) {
        let bodies = decoder.bodies
        approvals = bodies.map { Approval(approvedOn: $0.approvedOn, revokedOn: $0.revokedOn) }
        numbers = bodies.map(\.approvalNo)
        plain = bodies.map { !$0.approvalNo.unicodeScalars.contains { isHiddenCharacter($0, lineBreaksAllowed: true) } }
        for (index, body) in bodies.enumerated() { table.insert(body.approvalNo, value: Int32(index)) }
        for approvalNo in decoder.invalidApprovalNos { table.insert(approvalNo, value: -1) }
    }

    func lookup(_ approvalNo: String) -> Lookup {
        guard let index = table.find(approvalNo) else { return .unknown }
        return index >= 0 ? .found(approvals[Int(index)]) : .invalid
    }

    /// The index of the body whose approval number is exactly `bytes`, if it has no hidden characters:
    /// a cell that is such a number needs no string made or checked.
    func plainIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let index = table.find(bytes), index >= 0, plain[Int(index)] else { return nil }
        return Int(index)
    }

    /// Copies of the approval numbers, for a decoder on its own core: cases on two cores would otherwise
    /// share these strings and contend for their reference counts.
    func ownNumbers() -> [String] { numbers.map { String(decoding: Array($0.utf8), as: UTF8.self) } }
}

extension Row {
    /// A required body_approval_no cell and, when bodies.csv could be read, what it names. A cell that is
    /// exactly a listed number (most are) takes its string from `numbers` (the registry's, as
    /// `ownNumbers()` copied them) and makes none.
    func bodyApprovalNo(
        _ column: Column, _ bodies: BodyRegistry?, numbers: [String], _ sink: inout DiagnosticSink
    ) -> (String?, BodyRegistry.Lookup?) {
        guard let bodies else { return (required(column, &sink), nil) }
        if let bytes = plainBytes(column), let index = bodies.plainIndex(bytes) {
            return (numbers[index], .found(bodies.approvals[index]))
        }
        guard let text = required(column, &sink) else { return (nil, nil) }
        return (text, bodies.lookup(text))
    }
}
