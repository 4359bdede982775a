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
    /// Keep each service's record (type notes and departments); off for aggregate queries, which need
    /// only each case's service types (`typesByReviewNo`).
    var retainText = true
    var services: [Service] = []
    /// The types each review number declares, from every valid row.
    var typesByReviewNo: [String: ServiceTypeSet] = [:]
    /// Review numbers named by rows that did not decode.
    var invalidReviewNos: Set<String> = []
    /// Whether cases.csv has a row with this review number (valid or not); `nil` when cases.csv could
    /// not be read, and references are not checked.
    var caseExists: ((String) -> Bool)?

    mutating func decode(_ row: Row<ServiceColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let reviewNo = row.required(.reviewNo, &sink)
        if let reviewNo, let caseExists, !caseExists(reviewNo) {
            sink.error(row.line, row.position(.reviewNo), "review_no '\(reviewNo)' is not in cases.csv")
        }
        let type = row.vocabulary(.type, Self.types, &sink) { ServiceType(rawValue: $0.uppercased()) } ?? nil
        let typeNote = row.kept(.typeNote, retain: retainText, &sink)
        if type == .j && typeNote == nil {
            sink.error(row.line, row.position(.typeNote), "type_note (其它(请注明)) is required for service type J (其它)")
        }
        let inScope = row.yesNo(.inScope, required: true, &sink) ?? nil
        let departments = retainText ? row.list(.departments, &sink) : []
        if !retainText { row.present(.departments, required: false, &sink) }
        guard sink.errorCount == errorsBefore, let reviewNo, let type, let inScope else {
            if let reviewNo { invalidReviewNos.insert(reviewNo) }
            return
        }
        typesByReviewNo[reviewNo, default: ServiceTypeSet()].insert(type)
        guard retainText else { return }
        services.append(
            Service(
                reviewNo: reviewNo, type: type, typeNote: typeNote, inScope: inScope, departments: departments,
                location: SourceLocation(path: path, line: row.line)))
    }

    static let types = VocabularyMatcher<ServiceType>()

    /// A row whose field count is wrong: its case is not reported as having no service.
    mutating func recover(_ row: Row<ServiceColumn>) {
        let index = row.fieldIndexes[ServiceColumn.reviewNo.ordinal]
        guard index < row.record.fields.count else { return }
        let reviewNo = row.record.string(index).trimmingCharacters(in: .whitespaces)
        if !reviewNo.isEmpty { invalidReviewNos.insert(reviewNo) }
    }
}
