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
    /// The file, numbered once (see `SourceFile`): every record names it.
    let file: SourceFile
    var path: String { file.path }
    /// Keep each service's record (type notes and departments); off for aggregate queries, which need
    /// only each case's service types (`typeBits`).
    var retainText = true
    var services: [Service] = []
    /// The review numbers of cases.csv; `nil` when it could not be read (references are not checked).
    var caseKeys: ChunkedKeys?
    /// By case index: the service types declared (bits 0–9), and `invalidRowBit` when a row naming the
    /// case had errors (so the case is not also reported as having no service).
    var typeBits: [UInt16] = []
    /// Rows that decoded without error.
    var validRows = 0
    /// Where the last row's case was found (see `ChunkedKeys.lookup(_:after:)`).
    var lastCase = ChunkedKeys.Position()

    static let invalidRowBit: UInt16 = 0x8000
    let types = VocabularyMatcher<ServiceType>()

    mutating func decode(_ row: Row<ServiceColumn>, _ sink: inout DiagnosticSink) {
        let errorsBefore = sink.errorCount
        let reviewNoBytes = row.bytes(.reviewNo, &sink)
        var caseIndex: Int32?
        if let reviewNoBytes {
            if let caseKeys {
                caseIndex = caseKeys.lookup(reviewNoBytes, after: &lastCase)
                if caseIndex == nil {
                    sink.error(
                        row.line, row.position(.reviewNo),
                        "review_no '\(row.string(.reviewNo, reviewNoBytes))' is not in cases.csv")
                }
            }
        } else {
            sink.error(row.line, row.position(.reviewNo), "\(ServiceColumn.reviewNo.title) is required")
        }
        let type = row.vocabulary(.type, types, &sink) { ServiceType(rawValue: $0.uppercased()) } ?? nil
        let typeNote = row.kept(.typeNote, retain: retainText, &sink)
        if type == .j && typeNote == nil {
            sink.error(row.line, row.position(.typeNote), "type_note (其它(请注明)) is required for service type J (其它)")
        }
        let inScope = row.yesNo(.inScope, required: true, &sink) ?? nil
        let departments = retainText ? row.list(.departments, &sink) : []
        if !retainText { row.present(.departments, required: false, &sink) }
        guard sink.errorCount == errorsBefore, let reviewNoBytes, let type, let inScope else {
            if let caseIndex, caseIndex >= 0 { typeBits[Int(caseIndex)] |= Self.invalidRowBit }
            return
        }
        if let caseIndex, caseIndex >= 0 { typeBits[Int(caseIndex)] |= type.bit }
        validRows += 1
        guard retainText else { return }
        services.append(
            Service(
                reviewNo: row.string(.reviewNo, reviewNoBytes), type: type, typeNote: typeNote, inScope: inScope,
                departments: departments, location: SourceLocation(file: file, line: row.line)))
    }

    /// A row whose field count is wrong: its case is not reported as having no service.
    mutating func recover(_ row: Row<ServiceColumn>) {
        let index = row.fieldIndexes[ServiceColumn.reviewNo.ordinal]
        guard index < row.record.fields.count else { return }
        let reviewNo = row.record.string(index).trimmingCharacters(in: .whitespaces)
        if let caseIndex = caseKeys?.lookup(reviewNo), caseIndex >= 0 {
            typeBits[Int(caseIndex)] |= Self.invalidRowBit
        }
    }
}
