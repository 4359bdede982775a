import ReviewModel
import Testing

/// SPEC §2: outcomes (art. 九, 十), filing compliance (art. 十一) and 通报 evidence (art. 十二).
struct RulesTests {
    static let code = try! OrgCode.parse("91110000600037341L").get()
    static let oldCode = try! OrgCode.parse("60003734-1").get()

    /// A calendar covering 2024 and 2025 with no holidays except National Day 2024.
    static let calendar = WorkCalendar(
        entries: (1...7).map { CalendarEntry(date: Day("2024-10-0\($0)")!, kind: .off, name: "国庆节") } + [
            CalendarEntry(date: Day("2024-10-12")!, kind: .work, name: "国庆节"),
            CalendarEntry(date: Day("2025-01-01")!, kind: .off, name: "元旦"),
        ])

    static func approved(
        _ reviewNo: String, code: OrgCode = code, on substantive: String, certified: String? = nil,
        filed: String? = nil
    ) -> Case {
        Case(
            reviewNo: reviewNo, orgName: "示例", orgCode: code, nature: .enterprise, bodyApprovalNo: "CNCA-R-2002-101",
            kind: .initial, scope: "示例", submittedOn: Day("2024-01-02")!, formalResult: .accepted,
            formalOn: Day("2024-01-10")!, substantiveResult: .approved, substantiveOn: Day(substantive)!,
            certificateNo: certified.map { "C-\($0)" }, certifiedOn: certified.flatMap { Day($0) },
            filedOn: filed.flatMap { Day($0) })
    }

    static func certificate(_ number: String, code: OrgCode = code, issued: String) -> Certificate {
        Certificate(
            certificateNo: number, orgCode: code, orgName: "示例", bodyApprovalNo: "CNCA-R-2002-101",
            issuedOn: Day(issued)!, kind: .initial)
    }

    @Test func outcomeIsTheFurthestStageReached() {
        var item = Self.approved("A-1", on: "2024-02-01")
        #expect(item.outcome == .approved)
        item.substantiveResult = .rejected
        #expect(item.outcome == .rejected)
        item.substantiveResult = nil
        item.substantiveOn = nil
        #expect(item.outcome == .pendingSubstantive)
        item.formalResult = .notAccepted
        #expect(item.outcome == .notAccepted)
        item.formalResult = nil
        item.formalOn = nil
        #expect(item.outcome == .pendingFormal)
    }

    @Test func filingOnDeadlineDayIsOnTimeAndNextWorkingDayIsLate() throws {
        let certified = "2024-09-20"
        let deadline = try Self.calendar.deadline(after: Day(certified)!, workingDays: 30)
        let next = try Self.calendar.deadline(after: deadline, workingDays: 1)
        let onTime = Self.approved("A-1", on: "2024-02-01", certified: certified, filed: deadline.description)
        let late = Self.approved("A-2", on: "2024-02-01", certified: certified, filed: next.description)
        #expect(try onTime.filing(asOf: Day("2025-06-01")!, calendar: Self.calendar) == .onTime)
        #expect(try late.filing(asOf: Day("2025-06-01")!, calendar: Self.calendar) == .late)
        // Filed on the weekend day right after the deadline (before the next working day): late too.
        let saturday = deadline.adding(days: (6 - deadline.weekday + 7) % 7)
        if saturday > deadline {
            let weekend = Self.approved("A-3", on: "2024-02-01", certified: certified, filed: saturday.description)
            #expect(try weekend.filing(asOf: Day("2025-06-01")!, calendar: Self.calendar) == .late)
        }
    }

    @Test func unfiledIsDueUntilTheDeadlineThenOverdue() throws {
        let item = Self.approved("A-1", on: "2024-02-01", certified: "2024-09-20")
        let deadline = try #require(try item.filingDeadline(Self.calendar))
        #expect(try item.filing(asOf: deadline, calendar: Self.calendar) == .due)
        #expect(try item.filing(asOf: deadline.adding(days: 1), calendar: Self.calendar) == .overdue)
        #expect(try item.filing(asOf: Day("2024-09-20")!, calendar: Self.calendar) == .due)
    }

    @Test func noCertificateIsNotApplicable() throws {
        #expect(
            try Self.approved("A-1", on: "2024-02-01").filing(asOf: Day("2025-01-01")!, calendar: Self.calendar)
                == .notApplicable)
        var rejected = Self.approved("A-2", on: "2024-02-01")
        rejected.substantiveResult = .rejected
        #expect(try rejected.filing(asOf: Day("2025-01-01")!, calendar: Self.calendar) == .notApplicable)
    }

    @Test func filingStatusNeedingAnUncoveredYearIsAnError() {
        // Certified 2025-12-01: the deadline is in 2026, which this calendar does not cover; as of a day
        // past what 2025 can decide, the status is unknowable.
        let item = Self.approved("A-1", on: "2024-02-01", certified: "2025-12-01")
        #expect(throws: CalendarError.yearNotCovered(2026)) {
            try item.filing(asOf: Day("2026-01-20")!, calendar: Self.calendar)
        }
        #expect(throws: CalendarError.yearNotCovered(2026)) { try item.filingDeadline(Self.calendar) }
    }

    @Test func filingStatusDecidedWithinCoveredDaysNeedsNoLaterCalendar() throws {
        // Fewer than 30 working days have passed by 2025-12-10, so the case is certainly still due, and a
        // filing on 2025-12-05 is certainly on time, whatever 2026's arrangement will be.
        let due = Self.approved("A-1", on: "2024-02-01", certified: "2025-12-01")
        #expect(try due.filing(asOf: Day("2025-12-10")!, calendar: Self.calendar) == .due)
        let filed = Self.approved("A-2", on: "2024-02-01", certified: "2025-12-01", filed: "2025-12-05")
        #expect(try filed.filing(asOf: Day("2026-03-01")!, calendar: Self.calendar) == .onTime)
    }

    @Test func processingTimesAreWorkingDays() throws {
        let item = Self.approved("A-1", on: "2024-02-01", certified: "2024-09-30", filed: "2024-10-14")
        #expect(try item.daysToFormal(Self.calendar) == 6)  // 01-03 … 01-10
        #expect(try item.daysToDecision(Self.calendar) == 16)
        // 2024-10-01 … 10-07 off; 10-08 to 10-11 (4) + Saturday 10-12 (work) + 10-14 (1) = 6.
        #expect(try item.daysToFiling(Self.calendar) == 6)
    }

    // MARK: Art. 十二 (a): certificate matching

    @Test func recertificationCoversItsOwnCertificate() {
        let cases = [
            Self.approved("A-1", on: "2024-02-01", certified: "2024-04-01"),
            Self.approved("A-2", on: "2025-02-01", certified: "2025-04-01"),
        ]
        let certificates = [Self.certificate("C1", issued: "2024-04-01"), Self.certificate("C2", issued: "2025-04-01")]
        let matching = CertificateMatching(cases: cases, certificates: certificates)
        #expect(matching.uncovered.isEmpty)
        #expect(matching.caseForCertificate == [0: 0, 1: 1])
    }

    @Test func secondCertificateAfterOneApprovalIsUnapproved() {
        let cases = [Self.approved("A-1", on: "2024-02-01")]
        let certificates = [Self.certificate("C1", issued: "2024-04-01"), Self.certificate("C2", issued: "2025-04-01")]
        let matching = CertificateMatching(cases: cases, certificates: certificates)
        #expect(matching.uncovered == [1])
    }

    @Test func approvalAfterTheCertificateDoesNotCoverIt() {
        let cases = [Self.approved("A-1", on: "2024-05-01")]
        let certificates = [Self.certificate("C1", issued: "2024-04-01")]
        #expect(CertificateMatching(cases: cases, certificates: certificates).uncovered == [0])
    }

    @Test func oldAndNewCodesOfOneOrganisationAreJoined() {
        let cases = [Self.approved("A-1", code: Self.oldCode, on: "2014-02-01")]
        let certificates = [Self.certificate("C1", code: Self.code, issued: "2016-04-01")]
        let matching = CertificateMatching(cases: cases, certificates: certificates)
        #expect(matching.uncovered.isEmpty)
        #expect(matching.certificateForCase[0] == 0)
    }

    @Test func certificatesBeforeTheProcedureAreNotEvidence() {
        let certificates = [Self.certificate("C0", issued: "2011-07-19"), Self.certificate("C1", issued: "2011-07-20")]
        #expect(CertificateMatching(cases: [], certificates: certificates).uncovered == [1])
    }

    @Test func rejectedOrPendingCasesCoverNothing() {
        var rejected = Self.approved("A-1", on: "2024-02-01")
        rejected.substantiveResult = .rejected
        let certificates = [Self.certificate("C1", issued: "2024-04-01")]
        #expect(CertificateMatching(cases: [rejected], certificates: certificates).uncovered == [0])
    }

    @Test func noticeCandidatesCarryEvidenceAndPublication() {
        var falsified = Self.approved("F-1", on: "2024-02-01")
        falsified.substantiveResult = .rejected
        falsified.falsified = true
        let dataset = Dataset(
            cases: [falsified], certificates: [Self.certificate("C1", issued: "2024-04-01")],
            notices: [
                Notice(
                    slug: "n1", title: "通报", number: "工信部〔2024〕1号", date: Day("2024-06-01")!, ground: .falsified,
                    reviewNos: ["F-1"], body: "")
            ])
        let candidates = dataset.noticeCandidates()
        #expect(candidates.map(\.ground) == [.unapproved, .falsified])
        #expect(candidates[0].evidence == .uncoveredCertificate(0))
        #expect(candidates[0].publishedIn.isEmpty)
        #expect(candidates[1].evidence == .falsifiedCase(0))
        #expect(candidates[1].publishedIn == ["n1"])
    }
}
