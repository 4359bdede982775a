import ReviewModel

/// Everything staff need about one case (`isms-review show`): the form's fields — private ones
/// included, this is a staff tool — its outcome, filing deadline and status, processing times, the
/// certificates matched to it and any 通报 evidence.
public struct CaseDetail {
    public let dataset: Dataset
    public let index: Int
    public let asOf: Day
    public let matching: CertificateMatching

    public init(dataset: Dataset, index: Int, asOf: Day, matching: CertificateMatching? = nil) {
        self.dataset = dataset
        self.index = index
        self.asOf = asOf
        self.matching = matching ?? CertificateMatching(cases: dataset.cases, certificates: dataset.certificates)
    }

    /// Calendar problems met while computing (the deadline or a duration needs an uncovered year).
    public private(set) var calendarErrors: [CalendarError] = []

    /// The report as aligned `label  value` lines.
    public mutating func render() -> String {
        let item = dataset.cases[index]
        let calendar = dataset.calendar
        var lines: [(String, String)] = []
        func add(_ label: String, _ value: String?) { lines.append((label, value ?? "—")) }
        func days(_ compute: () throws(CalendarError) -> Int?) -> String {
            do {
                return try compute().map { "\($0) 个工作日" } ?? ""
            } catch {
                calendarErrors.append(error)
                return "(\(error))"
            }
        }

        add("审查编号", item.reviewNo)
        add("机构名称", item.orgName)
        let code = item.orgCode
        add(
            "组织机构代码",
            code.form == .unifiedCreditCode ? "\(code.text)（组织机构代码部分 \(code.organisationDisplay)）" : code.text)
        add("通信地址", item.address)
        add("邮政编码", item.postcode)
        add("机构性质", item.nature == .other ? "其它（\(item.natureNote ?? "")）" : item.nature.label)
        add("联系人", item.contact)
        add("手机/电话", item.phone)
        add("传真", item.fax)
        add("E-mail", item.email)
        let body = dataset.bodies.first { $0.approvalNo == item.bodyApprovalNo }
        add("认证机构", item.bodyApprovalNo + (body.map { " \($0.name)（\($0.nature.label)）" } ?? ""))
        add("申请类型", item.kind.label)
        add("认证范围", item.scope)
        let services = dataset.services.filter { $0.reviewNo == item.reviewNo }
        for (number, service) in services.enumerated() {
            let type =
                service.type == .j
                ? "J 其它（\(service.typeNote ?? "")）" : "\(service.type.rawValue) \(service.type.label)"
            let departments = service.departments.isEmpty ? "" : "；使用部门：" + service.departments.joined(separator: "、")
            add(number == 0 ? "服务类型" : "", "\(type)；\(service.inScope ? "在" : "不在")认证范围内\(departments)")
        }
        add("认证咨询", item.consultancy.map { "已进行认证咨询：\($0)" } ?? "未进行认证咨询")
        let missing = (1...5).filter { !item.materials.contains($0) }
        add(
            "提交材料（第八条）",
            (item.materials.sorted().map(String.init).joined(separator: ", ").nilIfEmpty ?? "无")
                + (missing.isEmpty ? "" : "（未提交：\(missing.map(String.init).joined(separator: ", "))）"))
        add("提交日期", item.submittedOn.description)
        if let result = item.formalResult, let day = item.formalOn {
            add(
                "形式审查",
                "\(result.label) \(day)（\(days { () throws(CalendarError) in try item.daysToFormal(calendar) })）")
        } else {
            add("形式审查", "待形式审查")
        }
        if let result = item.substantiveResult, let day = item.substantiveOn {
            add(
                "实质审查",
                "\(result.label) \(day)（\(days { () throws(CalendarError) in try item.daysToDecision(calendar) })）")
        } else if item.formalResult == .accepted {
            add("实质审查", "待实质审查")
        }
        if let number = item.certificateNo, let day = item.certifiedOn {
            add("认证证书", "\(number) \(day)")
            do {
                if let deadline = try item.filingDeadline(calendar) {
                    add("备案期限", "\(deadline)（获证后第 \(filingPeriodWorkingDays) 个工作日，第十一条）")
                }
            } catch {
                calendarErrors.append(error)
                add("备案期限", "(\(error))")
            }
            if let filed = item.filedOn {
                add("备案日期", "\(filed)（\(days { () throws(CalendarError) in try item.daysToFiling(calendar) })）")
            } else {
                add("备案日期", "未备案")
            }
        }
        add("审查结果", "\(item.outcome.label) (\(item.outcome.code))")
        do {
            let filing = try item.filing(asOf: asOf, calendar: calendar)
            add("备案状态", "\(filing.label) (\(filing.code))，截至 \(asOf)")
        } catch {
            calendarErrors.append(error)
            add("备案状态", "(\(error))")
        }
        if let certificate = matching.certificateForCase[index] {
            let matched = dataset.certificates[certificate]
            add(
                "对应证书",
                "\(matched.certificateNo) \(matched.issuedOn) \(matched.bodyApprovalNo)（\(matched.location)）")
        } else if item.outcome == .approved {
            add("对应证书", "certificates.csv 中无与本次同意对应的证书")
        }
        let organisation = item.orgCode.organisation
        let evidence = dataset.noticeCandidates(matching: matching).filter { candidate in
            switch candidate.evidence {
            case .falsifiedCase(let caseIndex): caseIndex == index
            case .uncoveredCertificate: candidate.organisation == organisation
            }
        }
        for (number, candidate) in evidence.enumerated() {
            let published =
                candidate.publishedIn.isEmpty ? "尚未通报" : "已通报：" + candidate.publishedIn.joined(separator: ", ")
            let detail: String
            switch candidate.evidence {
            case .falsifiedCase: detail = "本案标记为弄虚作假"
            case .uncoveredCertificate(let certificate):
                let held = dataset.certificates[certificate]
                detail = "本机构证书 \(held.certificateNo)（\(held.issuedOn)）无审查同意对应"
            }
            add(number == 0 ? "通报证据（第十二条）" : "", "\(candidate.ground.label)：\(detail)；\(published)")
        }
        let naming = dataset.notices.filter { notice in
            notice.reviewNos.contains(item.reviewNo) || notice.orgCodes.contains { $0.organisation == organisation }
        }
        if !naming.isEmpty {
            add("通报", naming.map { "\($0.number)《\($0.title)》" }.joined(separator: "；"))
        }
        add("数据位置", item.location.description)

        let width = lines.map { displayWidth($0.0) }.max() ?? 0
        return lines.map { label, value in
            let padding = String(repeating: " ", count: width - displayWidth(label))
            return label + padding + "  " + terminalSafe(value)
        }.joined(separator: "\n") + "\n"
    }

    /// Review numbers that look like `text`, for "did you mean" (closest first, at most five).
    public static func suggestions(for text: String, in cases: [Case]) -> [String] {
        let wanted = text.uppercased()
        let scored = cases.map { item -> (Int, String) in
            let candidate = item.reviewNo.uppercased()
            let distance = editDistance(Array(wanted.utf8), Array(candidate.utf8))
            let bonus = candidate.contains(wanted) || wanted.contains(candidate) ? -2 : 0
            return (distance + bonus, item.reviewNo)
        }
        return scored.filter { $0.0 <= max(2, wanted.count / 3) }.sorted { $0 < $1 }.prefix(5).map(\.1)
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
