import ReviewModel

/// A column of `isms-review cases`.
public enum ListingColumn: String, CaseIterable, Sendable {
    case reviewNo = "review_no"
    case orgName = "org_name"
    case orgCode = "org_code"
    /// The 9-character organisation code the data is joined on.
    case organisation
    case nature
    case serviceTypes = "service_types"
    case body
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
    /// The filing deadline (art. 十一).
    case deadline
    case filedOn = "filed_on"
    case outcome
    case filing
    case falsified
    case postcode
    case address
    case contact
    case phone
    case fax
    case email

    public static let defaults: [ListingColumn] = [
        .reviewNo, .orgName, .orgCode, .nature, .serviceTypes, .body, .kind, .submittedOn, .outcome, .filing,
    ]

    public static var codeList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public var label: String {
        switch self {
        case .reviewNo: "审查编号"
        case .orgName: "机构名称"
        case .orgCode: "组织机构代码"
        case .organisation: "组织机构代码(9位)"
        case .nature: "机构性质"
        case .serviceTypes: "服务类型"
        case .body: "认证机构"
        case .kind: "申请类型"
        case .scope: "认证范围"
        case .consultancy: "认证咨询"
        case .materials: "提交材料"
        case .submittedOn: "提交日期"
        case .formalResult: "形式审查"
        case .formalOn: "形式审查日期"
        case .substantiveResult: "实质审查"
        case .substantiveOn: "实质审查日期"
        case .certificateNo: "证书编号"
        case .certifiedOn: "发证日期"
        case .deadline: "备案期限"
        case .filedOn: "备案日期"
        case .outcome: "审查结果"
        case .filing: "备案状态"
        case .falsified: "弄虚作假"
        case .postcode: "邮政编码"
        case .address: "通信地址"
        case .contact: "联系人"
        case .phone: "电话"
        case .fax: "传真"
        case .email: "E-mail"
        }
    }
}

/// The cases matching a set of filters, for `isms-review cases`.
public struct CaseListing {
    public let dataset: Dataset
    public let indexes: [Int]
    /// Matched before `limit` applied.
    public let totalCases: Int
    public let columns: [ListingColumn]
    public let asOf: Day

    public init(dataset: Dataset, indexes: [Int], columns: [ListingColumn], asOf: Day, limit: Int?) {
        self.dataset = dataset
        self.totalCases = indexes.count
        self.indexes = limit.map { Array(indexes.prefix($0)) } ?? indexes
        self.columns = columns
        self.asOf = asOf
    }

    /// A cell as code (`forPerson` false: CSV, JSON) or as label (table, Markdown).
    func cell(_ item: Case, _ column: ListingColumn, forPerson: Bool) throws(CalendarError) -> String? {
        func vocabulary<V: Vocabulary>(_ value: V?) -> String? {
            value.map { forPerson ? $0.label : $0.code }
        }
        func day(_ value: Day?) -> String? { value?.description }
        switch column {
        case .reviewNo: return item.reviewNo
        case .orgName: return item.orgName
        case .orgCode: return item.orgCode.text
        case .organisation: return item.orgCode.organisationDisplay
        case .nature: return item.nature.label
        case .serviceTypes: return item.serviceTypes.map(\.rawValue).joined(separator: ";")
        case .body: return item.bodyApprovalNo
        case .kind: return vocabulary(item.kind)
        case .scope: return item.scope
        case .consultancy: return item.consultancy
        case .materials: return item.materials.sorted().map(String.init).joined(separator: ";")
        case .submittedOn: return day(item.submittedOn)
        case .formalResult: return forPerson ? item.formalResult?.label : item.formalResult?.label
        case .formalOn: return day(item.formalOn)
        case .substantiveResult: return item.substantiveResult?.label
        case .substantiveOn: return day(item.substantiveOn)
        case .certificateNo: return item.certificateNo
        case .certifiedOn: return day(item.certifiedOn)
        case .deadline: return day(try item.filingDeadline(dataset.calendar))
        case .filedOn: return day(item.filedOn)
        case .outcome: return vocabulary(item.outcome)
        case .filing: return vocabulary(try item.filing(asOf: asOf, calendar: dataset.calendar))
        case .falsified: return item.falsified ? "是" : "否"
        case .postcode: return item.postcode
        case .address: return item.address
        case .contact: return item.contact
        case .phone: return item.phone
        case .fax: return item.fax
        case .email: return item.email
        }
    }

    public func render(_ format: OutputFormat, byteOrderMark: Bool = false) throws(CalendarError) -> String {
        let forPerson = format == .table || format == .markdown
        var rows: [[String?]] = []
        rows.reserveCapacity(indexes.count)
        for index in indexes {
            let item = dataset.cases[index]
            var row: [String?] = []
            for column in columns { row.append(try cell(item, column, forPerson: forPerson)) }
            rows.append(row)
        }
        switch format {
        case .json:
            let objects = rows.map { row in
                JSONValue.object(zip(columns, row).map { ($0.rawValue, JSONValue.optional($1)) })
            }
            return JSONValue.object([
                ("as_of", .string(asOf.description)), ("columns", .array(columns.map { .string($0.rawValue) })),
                ("cases", .array(objects)), ("total_cases", .number(totalCases)),
            ]).serialized() + "\n"
        case .csv:
            var output = (byteOrderMark ? CSVCell.byteOrderMark : "") + CSVCell.record(columns.map(\.rawValue))
            for row in rows { output += CSVCell.record(row.map { $0 ?? "" }) }
            return output
        case .markdown:
            return MarkdownCell.table(
                header: columns.map(\.label), rightAligned: [], rows: rows.map { $0.map { $0 ?? "" } })
        case .table:
            var table = TextTable(header: columns.map(\.label), alignments: columns.map { _ in .left })
            table.rows = rows.map { $0.map { $0 ?? "" } }
            let shown = indexes.count < totalCases ? "，显示前 \(indexes.count) 个" : ""
            return table.render() + "共 \(totalCases) 个案件\(shown)（截至 \(asOf)）\n"
        }
    }
}
