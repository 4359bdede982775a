import Synchronization

/// A file records were read from, held as a number: a location then names its file in 4 bytes
/// without holding a string, and records made on two cores at once do not contend for one string's
/// reference count (a million cases each holding the path did). Each path is numbered once, for the
/// life of the process; equal paths have equal numbers.
public struct SourceFile: Hashable, Sendable, CustomStringConvertible {
    private let number: UInt32

    private struct Registry {
        var paths: [String] = [""]
        var numbers: [String: UInt32] = ["": 0]
    }
    private static let registry = Mutex(Registry())

    /// The file at `path` (numbered on first use; a number per distinct path, kept for the process).
    public init(_ path: String) {
        number = Self.registry.withLock { registry in
            if let number = registry.numbers[path] { return number }
            let number = UInt32(registry.paths.count)
            registry.paths.append(path)
            registry.numbers[path] = number
            return number
        }
    }

    /// No file (records made in code rather than read).
    public static let none = SourceFile("")

    public var path: String { Self.registry.withLock { $0.paths[Int(number)] } }

    public var description: String { path }
}

/// Where a record came from, so rules found after loading can point at it.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: SourceFile
    private var storedLine: Int32

    @inlinable
    public init(path: String, line: Int) {
        self.init(file: SourceFile(path), line: line)
    }

    /// A line of `file` (lines up to 2³¹ − 1; the loader refuses files that could have more).
    public init(file: SourceFile, line: Int) {
        self.file = file
        self.storedLine = Int32(truncatingIfNeeded: line)
    }

    public var path: String { file.path }

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(truncatingIfNeeded: newValue) }
    }

    public var description: String { "\(path):\(line)" }
}

/// The art. 八 items a case submitted (1–5), as a bit set.
public struct Materials: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral {
    public var bits: UInt8

    public init(bits: UInt8 = 0) {
        self.bits = bits
    }

    public init(arrayLiteral items: Int...) {
        bits = 0
        for item in items { insert(item) }
    }

    public func contains(_ item: Int) -> Bool { (1...5).contains(item) && bits & (1 << UInt8(item)) != 0 }

    /// Adds an item (1–5); returns false if it was already there.
    @discardableResult
    public mutating func insert(_ item: Int) -> Bool {
        precondition((1...5).contains(item), "art. 八 lists items 1–5")
        let had = contains(item)
        bits |= 1 << UInt8(item)
        return !had
    }

    /// Items 1–4, which acceptance (受理) requires.
    public var hasRequiredItems: Bool { bits & 0b11110 == 0b11110 }

    public func makeIterator() -> some IteratorProtocol<Int> { (1...5).filter { contains($0) }.makeIterator() }
}

/// The free text of a case (names, address, contact details, scope), held by reference so that a
/// `Case` stays small: a million cases fit in memory, and a data set loaded for aggregate queries
/// shares one empty instance (`CaseText.omitted`) instead of keeping text nobody reads.
public final class CaseText: Sendable {
    public let orgName: String
    public let address: String?
    public let postcode: String?
    public let natureNote: String?
    public let contact: String?
    public let phone: String?
    public let fax: String?
    public let email: String?
    public let scope: String
    public let consultancy: String?

    public init(
        orgName: String, address: String? = nil, postcode: String? = nil, natureNote: String? = nil,
        contact: String? = nil, phone: String? = nil, fax: String? = nil, email: String? = nil, scope: String,
        consultancy: String? = nil
    ) {
        self.orgName = orgName
        self.address = address
        self.postcode = postcode
        self.natureNote = natureNote
        self.contact = contact
        self.phone = phone
        self.fax = fax
        self.email = email
        self.scope = scope
        self.consultancy = consultancy
    }

    /// The text of every case of a data set loaded without text (`LoadOptions.retainText` off).
    public static let omitted = CaseText(orgName: "", scope: "")
}

/// One application for security review (one row of `cases.csv`, one 附表1).
public struct Case: Sendable {
    // Stored in this order so that the small fields fill the gaps the dates leave (an optional date is 5
    // bytes on a 4-byte boundary): 120 bytes a case rather than 136 in the order of the form, for a
    // million cases 16 MB less to fill, move and read.

    /// 审查编号.
    public var reviewNo: String
    /// 国家认证认可监督管理委员会批准号 of the chosen certification body.
    public var bodyApprovalNo: String
    public var certificateNo: String?
    /// Names, address, contact details and scope.
    public var text: CaseText
    public var location: SourceLocation
    /// 组织机构代码 or 统一社会信用代码.
    public var orgCode: OrgCode
    public var submittedOn: Day
    public var formalOn: Day?
    /// 机构性质.
    public var nature: Nature
    public var substantiveOn: Day?
    public var kind: ApplicationKind
    /// Art. 八 items submitted (1–5).
    public var materials: Materials
    public var formalResult: FormalResult?
    public var certifiedOn: Day?
    public var substantiveResult: SubstantiveResult?
    /// Service types declared in `services.csv` (filled by the loader).
    public var serviceTypes: ServiceTypeSet
    public var filedOn: Day?
    public var falsified: Bool

    /// 机构名称.
    public var orgName: String { text.orgName }
    /// 通信地址 — private, never published.
    public var address: String? { text.address }
    /// 邮政编码 — part of the address, never published.
    public var postcode: String? { text.postcode }
    /// 其它(请注明).
    public var natureNote: String? { text.natureNote }
    /// 联系人, 手机/电话, 传真, E-mail — private, never published.
    public var contact: String? { text.contact }
    public var phone: String? { text.phone }
    public var fax: String? { text.fax }
    public var email: String? { text.email }
    /// 申请信息安全管理体系认证的范围.
    public var scope: String { text.scope }
    /// 认证咨询服务情况: the consulting organisation, `nil` = 未进行认证咨询.
    public var consultancy: String? { text.consultancy }

    public init(
        reviewNo: String, orgName: String, orgCode: OrgCode, address: String? = nil, postcode: String? = nil,
        nature: Nature, natureNote: String? = nil, contact: String? = nil, phone: String? = nil,
        fax: String? = nil, email: String? = nil, bodyApprovalNo: String, kind: ApplicationKind, scope: String,
        consultancy: String? = nil, materials: Materials = [1, 2, 3, 4], submittedOn: Day,
        formalResult: FormalResult? = nil, formalOn: Day? = nil, substantiveResult: SubstantiveResult? = nil,
        substantiveOn: Day? = nil, certificateNo: String? = nil, certifiedOn: Day? = nil, filedOn: Day? = nil,
        falsified: Bool = false, serviceTypes: ServiceTypeSet = ServiceTypeSet(),
        location: SourceLocation = SourceLocation(file: .none, line: 0)
    ) {
        self.init(
            reviewNo: reviewNo, orgCode: orgCode, nature: nature, bodyApprovalNo: bodyApprovalNo, kind: kind,
            materials: materials, submittedOn: submittedOn, formalResult: formalResult, formalOn: formalOn,
            substantiveResult: substantiveResult, substantiveOn: substantiveOn, certificateNo: certificateNo,
            certifiedOn: certifiedOn, filedOn: filedOn, falsified: falsified, serviceTypes: serviceTypes,
            location: location,
            text: CaseText(
                orgName: orgName, address: address, postcode: postcode, natureNote: natureNote, contact: contact,
                phone: phone, fax: fax, email: email, scope: scope, consultancy: consultancy))
    }

    @inlinable
    public init(
        reviewNo: String, orgCode: OrgCode, nature: Nature, bodyApprovalNo: String, kind: ApplicationKind,
        materials: Materials, submittedOn: Day, formalResult: FormalResult?, formalOn: Day?,
        substantiveResult: SubstantiveResult?, substantiveOn: Day?, certificateNo: String?, certifiedOn: Day?,
        filedOn: Day?, falsified: Bool, serviceTypes: ServiceTypeSet, location: SourceLocation, text: CaseText
    ) {
        self.reviewNo = reviewNo
        self.orgCode = orgCode
        self.nature = nature
        self.bodyApprovalNo = bodyApprovalNo
        self.kind = kind
        self.materials = materials
        self.submittedOn = submittedOn
        self.formalResult = formalResult
        self.formalOn = formalOn
        self.substantiveResult = substantiveResult
        self.substantiveOn = substantiveOn
        self.certificateNo = certificateNo
        self.certifiedOn = certifiedOn
        self.filedOn = filedOn
        self.falsified = falsified
        self.serviceTypes = serviceTypes
        self.location = location
        self.text = text
    }
}

/// One IT service a case declares (附表1 向政府部门提供的信息技术服务类型), one row of `services.csv`.
public struct Service: Hashable, Sendable {
    public var reviewNo: String
    public var type: ServiceType
    /// Required for J (其它(请注明)).
    public var typeNote: String?
    /// 该服务在认证范围内.
    public var inScope: Bool
    /// 使用该服务的政府部门.
    public var departments: [String]
    public var location: SourceLocation

    public init(
        reviewNo: String, type: ServiceType, typeNote: String? = nil, inScope: Bool, departments: [String] = [],
        location: SourceLocation = SourceLocation(file: .none, line: 0)
    ) {
        self.reviewNo = reviewNo
        self.type = type
        self.typeNote = typeNote
        self.inScope = inScope
        self.departments = departments
        self.location = location
    }
}

/// A certification body approved by CNCA for ISMS certification (art. 四), one row of `bodies.csv`.
public struct Body: Hashable, Sendable {
    /// `CNCA-R-YYYY-NNN` or `CNCA-R-YYYY-NNNN`.
    public var approvalNo: String
    public var name: String
    public var nature: Nature
    public var approvedOn: Day
    /// `nil` while the approval stands.
    public var revokedOn: Day?
    public var location: SourceLocation

    public init(
        approvalNo: String, name: String, nature: Nature, approvedOn: Day, revokedOn: Day? = nil,
        location: SourceLocation = SourceLocation(file: .none, line: 0)
    ) {
        self.approvalNo = approvalNo
        self.name = name
        self.nature = nature
        self.approvedOn = approvedOn
        self.revokedOn = revokedOn
        self.location = location
    }

    /// Art. 四: a body with this approval window is approved for ISMS certification on `day` (approved
    /// on or before it, and not revoked on or before it).
    public static func isApproved(approvedOn: Day, revokedOn: Day?, on day: Day) -> Bool {
        approvedOn <= day && (revokedOn.map { day < $0 } ?? true)
    }
}

/// An ISMS certificate observed in a body's report, one row of `certificates.csv`.
public struct Certificate: Hashable, Sendable {
    public var certificateNo: String
    public var orgCode: OrgCode
    public var orgName: String
    public var bodyApprovalNo: String
    public var issuedOn: Day
    public var kind: ApplicationKind
    public var location: SourceLocation

    public init(
        certificateNo: String, orgCode: OrgCode, orgName: String, bodyApprovalNo: String, issuedOn: Day,
        kind: ApplicationKind, location: SourceLocation = SourceLocation(file: .none, line: 0)
    ) {
        self.certificateNo = certificateNo
        self.orgCode = orgCode
        self.orgName = orgName
        self.bodyApprovalNo = bodyApprovalNo
        self.issuedOn = issuedOn
        self.kind = kind
        self.location = location
    }
}

/// A unified code from an early pilot region whose 18th character does not verify
/// (`code-exceptions.csv`).
public struct CodeException: Hashable, Sendable {
    public var code: String
    public var reason: String
    public var location: SourceLocation

    public init(code: String, reason: String, location: SourceLocation) {
        self.code = code
        self.reason = reason
        self.location = location
    }
}

/// A published 通报 notice (art. 十二), from `content/notices/*.md`.
public struct Notice: Hashable, Sendable {
    /// File name without `.md`; the notice's page is `notices/<slug>.html`.
    public var slug: String
    public var title: String
    /// 批次, e.g. `2024年第1批`.
    public var batch: String?
    /// 文号, e.g. `工信部协函〔2024〕12号`.
    public var number: String
    public var date: Day
    public var ground: NoticeGround
    public var orgCodes: [OrgCode]
    public var reviewNos: [String]
    /// Markdown body.
    public var body: String
    public var location: SourceLocation

    public init(
        slug: String, title: String, batch: String? = nil, number: String, date: Day, ground: NoticeGround,
        orgCodes: [OrgCode] = [], reviewNos: [String] = [], body: String,
        location: SourceLocation = SourceLocation(file: .none, line: 0)
    ) {
        self.slug = slug
        self.title = title
        self.batch = batch
        self.number = number
        self.date = date
        self.ground = ground
        self.orgCodes = orgCodes
        self.reviewNos = reviewNos
        self.body = body
        self.location = location
    }
}

/// Another page of the site (the procedure text, the form, about), from `content/pages/*.md`.
public struct Page: Hashable, Sendable {
    public var slug: String
    public var title: String
    /// Short title for the menu (front matter `menu`); the title when absent.
    public var menu: String
    /// Menu order; pages without one come after, by slug.
    public var order: Int?
    public var body: String
    public var location: SourceLocation

    public init(
        slug: String, title: String, menu: String? = nil, order: Int? = nil, body: String, location: SourceLocation
    ) {
        self.slug = slug
        self.title = title
        self.menu = menu ?? title
        self.order = order
        self.body = body
        self.location = location
    }
}
