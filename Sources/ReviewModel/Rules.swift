/// Art. 十一: an approved organisation files within 30 working days after its certificate date.
public let filingPeriodWorkingDays = 30

extension Case {
    /// SPEC §2: the furthest stage the case reached.
    public var outcome: Outcome {
        switch (formalResult, substantiveResult) {
        case (nil, _): .pendingFormal
        case (.notAccepted?, _): .notAccepted
        case (.accepted?, nil): .pendingSubstantive
        case (.accepted?, .rejected?): .rejected
        case (.accepted?, .approved?): .approved
        }
    }

    /// Art. 十一: the last day to file — the 30th working day after the certificate date, which itself
    /// is not counted. `nil` when there is no certificate.
    public func filingDeadline(_ calendar: WorkCalendar) throws(CalendarError) -> Day? {
        guard let certifiedOn else { return nil }
        return try calendar.deadline(after: certifiedOn, workingDays: filingPeriodWorkingDays)
    }

    /// Art. 十一, SPEC §2: filing compliance as of `asOf`.
    ///
    /// When the deadline itself falls in a year the calendar does not cover, the status is still
    /// decided exactly if the days that decide it are covered: a filing (or `asOf`) fewer than 30
    /// working days after the certificate is on time (or due) whatever the later calendar says.
    /// Otherwise the uncovered year is an error, never a guess.
    public func filing(asOf: Day, calendar: WorkCalendar) throws(CalendarError) -> Filing {
        guard let certifiedOn else { return .notApplicable }
        do {
            let deadline = try calendar.deadline(after: certifiedOn, workingDays: filingPeriodWorkingDays)
            if let filedOn { return filedOn <= deadline ? .onTime : .late }
            return asOf <= deadline ? .due : .overdue
        } catch {
            // The 30th working day is past the calendar's end, so any covered day is before it.
            let decisive = filedOn ?? asOf
            if decisive > certifiedOn {
                _ = try calendar.workingDays(from: certifiedOn, to: decisive)
            }
            return filedOn != nil ? .onTime : .due
        }
    }

    /// Working days from submission to the formal-review decision (art. 九), the first day not counted.
    public func daysToFormal(_ calendar: WorkCalendar) throws(CalendarError) -> Int? {
        guard let formalOn else { return nil }
        return try calendar.workingDays(from: submittedOn, to: formalOn)
    }

    /// Working days from the formal decision to the substantive decision (art. 十).
    public func daysToDecision(_ calendar: WorkCalendar) throws(CalendarError) -> Int? {
        guard let formalOn, let substantiveOn else { return nil }
        return try calendar.workingDays(from: formalOn, to: substantiveOn)
    }

    /// Working days from the certificate to filing (art. 十一).
    public func daysToFiling(_ calendar: WorkCalendar) throws(CalendarError) -> Int? {
        guard let certifiedOn, let filedOn else { return nil }
        return try calendar.workingDays(from: certifiedOn, to: filedOn)
    }
}
