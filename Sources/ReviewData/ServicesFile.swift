import Foundation
import ReviewModel

/// The columns of `data/services.csv`: one service a case declares (附表1 向政府部门提供的信息技术服务类型).
enum ServiceColumn: String, ColumnSet {
    case reviewNo = "review_no"
    case type
    case typeNote = "type_note"
    case inScope = "in_scope"
    case departments

    static let fileName = "data/services.csv"

    var title: String {
        switch self {
        case .reviewNo: "review_no (审查编号)"
        case .type: "type (服务类型)"
        case .typeNote: "type_note (其它(请注明))"
        case .inScope: "in_scope (该服务在认证范围内)"
        case .departments: "departments (使用该服务的政府部门)"
        }
    }
}

struct ServicesDecoder {
    let path: String
    var services: [Service] = []
    /// Review numbers named by rows that did not decode.
    var invalidReviewNos: Set<String> = []
    /// review_no of every row that has one, valid or not, for the reference check.
    var caseReferences: [(reviewNo: String, line: Int)] = []

    mutating func decode(_ row: Row<ServiceColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let reviewNo = row.required(.reviewNo, &sink)
        if let reviewNo { caseReferences.append((reviewNo, row.line)) }
        let type =
            row.vocabulary(.type, ServiceType.self, &sink) { text in
                ServiceType(labelOrCode: text) ?? ServiceType(rawValue: text.uppercased())
            } ?? nil
        let typeNote = row.text(.typeNote, &sink)
        if type == .j && typeNote == nil {
            sink.error(row.line, row.position(.typeNote), "type_note (其它(请注明)) is required for service type J (其它)")
        }
        let inScope = row.yesNo(.inScope, required: true, &sink) ?? nil
        let departments = row.list(.departments, &sink)
        guard sink.errorCount == errorsBefore, let reviewNo, let type, let inScope else {
            if let reviewNo { invalidReviewNos.insert(reviewNo) }
            return
        }
        services.append(
            Service(
                reviewNo: reviewNo, type: type, typeNote: typeNote, inScope: inScope, departments: departments,
                location: SourceLocation(path: path, line: row.line)))
    }

    /// A row whose field count is wrong: its case is not reported as having no service.
    mutating func recover(_ row: Row<ServiceColumn>) {
        let index = row.fieldIndexes[ServiceColumn.reviewNo.ordinal]
        guard index < row.record.fields.count else { return }
        let reviewNo = row.record.string(index).trimmingCharacters(in: .whitespaces)
        if !reviewNo.isEmpty { invalidReviewNos.insert(reviewNo) }
    }
}
