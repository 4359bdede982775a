import ReviewModel

/// Art. 十二 通报 candidates for `isms-review notices`: evidence grouped by ground, with the published
/// notices that already name each.
public struct NoticeReport {
    public let asOf: Day
    public let candidates: [NoticeCandidate]
    let dataset: Dataset

    /// Candidates whose evidence is dated on or before `asOf` (certificates issued, falsified cases
    /// submitted), with publication in notices dated on or before it.
    public init(dataset: Dataset, asOf: Day) {
        var known = dataset
        known.certificates = dataset.certificates.filter { $0.issuedOn <= asOf }
        known.notices = dataset.notices.filter { $0.date <= asOf }
        self.dataset = known
        self.asOf = asOf
        self.candidates = known.noticeCandidates().filter { candidate in
            if case .falsifiedCase(let index) = candidate.evidence { return known.cases[index].submittedOn <= asOf }
            return true
        }
    }

    private func bodyName(_ approvalNo: String) -> String {
        dataset.bodies.first { $0.approvalNo == approvalNo }?.name ?? ""
    }

    public func table() -> String {
        var output = ""
        for ground in NoticeGround.allCases {
            let group = candidates.filter { $0.ground == ground }
            let pending = group.filter { $0.publishedIn.isEmpty }.count
            output += "\(ground == .unapproved ? "(a)" : "(b)") \(ground.label) (\(ground.code))：\(group.count) 项，"
            output += "其中 \(pending) 项尚未通报\n"
            guard !group.isEmpty else {
                output += "\n"
                continue
            }
            var table: TextTable
            switch ground {
            case .unapproved:
                table = TextTable(
                    header: ["证书编号", "发证日期", "机构名称", "组织机构代码", "认证机构", "已通报"],
                    alignments: [.left, .left, .left, .left, .left, .left])
                for candidate in group {
                    guard case .uncoveredCertificate(let index) = candidate.evidence else { continue }
                    let certificate = dataset.certificates[index]
                    table.rows.append([
                        certificate.certificateNo, certificate.issuedOn.description, certificate.orgName,
                        certificate.orgCode.text, certificate.bodyApprovalNo, published(candidate),
                    ])
                }
            case .falsified:
                table = TextTable(
                    header: ["审查编号", "提交日期", "机构名称", "组织机构代码", "审查结果", "已通报"],
                    alignments: [.left, .left, .left, .left, .left, .left])
                for candidate in group {
                    guard case .falsifiedCase(let index) = candidate.evidence else { continue }
                    let item = dataset.cases[index]
                    table.rows.append([
                        item.reviewNo, item.submittedOn.description, item.orgName, item.orgCode.text,
                        item.outcome.label, published(candidate),
                    ])
                }
            }
            output += table.render() + "\n"
        }
        return output
    }

    private func published(_ candidate: NoticeCandidate) -> String {
        candidate.publishedIn.isEmpty ? "否" : candidate.publishedIn.joined(separator: ", ")
    }

    /// `{"as_of": …, "candidates": [{"ground": …, "org_code": …, "evidence": {…}, "published_in": […]}]}`.
    public func json() -> String {
        let items = candidates.map { candidate -> JSONValue in
            var members: [(String, JSONValue)] = [
                ("ground", .string(candidate.ground.code)),
                ("organisation", .string(candidate.organisation)),
                ("org_name", .string(candidate.orgName)),
            ]
            switch candidate.evidence {
            case .uncoveredCertificate(let index):
                let certificate = dataset.certificates[index]
                members.append(("org_code", .string(certificate.orgCode.text)))
                members.append(
                    (
                        "evidence",
                        .object([
                            ("certificate_no", .string(certificate.certificateNo)),
                            ("issued_on", .string(certificate.issuedOn.description)),
                            ("body_approval_no", .string(certificate.bodyApprovalNo)),
                            ("body_name", .string(bodyName(certificate.bodyApprovalNo))),
                            ("source", .string(certificate.location.description)),
                        ])
                    ))
            case .falsifiedCase(let index):
                let item = dataset.cases[index]
                members.append(("org_code", .string(item.orgCode.text)))
                members.append(
                    (
                        "evidence",
                        .object([
                            ("review_no", .string(item.reviewNo)),
                            ("submitted_on", .string(item.submittedOn.description)),
                            ("outcome", .string(item.outcome.code)),
                            ("source", .string(item.location.description)),
                        ])
                    ))
            }
            members.append(("published_in", .array(candidate.publishedIn.map(JSONValue.string))))
            return .object(members)
        }
        return JSONValue.object([("as_of", .string(asOf.description)), ("candidates", .array(items))]).serialized()
            + "\n"
    }
}

/// What `isms-review deadline` explains besides the date: the special days the period crossed.
public struct DeadlineReport {
    public let start: Day
    public let days: Int
    public let deadline: Day
    /// Holidays that fell on weekdays (each removed a working day).
    public let holidaysOnWeekdays: [CalendarEntry]
    /// Make-up working days on weekends (each added one).
    public let makeUpDays: [CalendarEntry]

    public init(calendar: WorkCalendar, start: Day, days: Int) throws(CalendarError) {
        self.start = start
        self.days = days
        deadline = try calendar.deadline(after: start, workingDays: days)
        let crossed = calendar.entries(after: start, through: deadline)
        holidaysOnWeekdays = crossed.filter { $0.kind == .off && !$0.date.isWeekend }
        makeUpDays = crossed.filter { $0.kind == .work && $0.date.isWeekend }
    }

    private static let weekdayNames = ["一", "二", "三", "四", "五", "六", "日"]

    static func describe(_ day: Day) -> String { "\(day)（星期\(weekdayNames[day.weekday - 1])）" }

    /// The date on the first line, then the explanation.
    public func render() -> String {
        var lines = [deadline.description]
        lines.append(
            "\(DeadlineReport.describe(start)) 之后第 \(days) 个工作日是 \(DeadlineReport.describe(deadline))；"
                + "起算日当天不计入，自次日起算（第十一条）。")
        lines.append("期间跨越 \(holidaysOnWeekdays.count) 个工作日放假、\(makeUpDays.count) 个周末调休上班日：")
        for entry in holidaysOnWeekdays {
            lines.append("  放假      \(DeadlineReport.describe(entry.date)) \(entry.name)")
        }
        for entry in makeUpDays {
            lines.append("  调休上班  \(DeadlineReport.describe(entry.date)) \(entry.name)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
