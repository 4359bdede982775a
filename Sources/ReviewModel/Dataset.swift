/// Everything in a content directory, loaded and validated: the input of every query and of the site.
public struct Dataset: Sendable {
    /// In file order.
    public var cases: [Case]
    public var services: [Service]
    public var bodies: [Body]
    public var certificates: [Certificate]
    public var codeExceptions: [CodeException]
    public var calendar: WorkCalendar
    /// By slug.
    public var notices: [Notice]
    /// By menu order, then slug.
    public var pages: [Page]
    /// False when loaded without free text (`CaseText.omitted`, no service records): enough for
    /// aggregate queries, not for listings or the site.
    public var textRetained: Bool

    public init(
        cases: [Case] = [], services: [Service] = [], bodies: [Body] = [], certificates: [Certificate] = [],
        codeExceptions: [CodeException] = [], calendar: WorkCalendar = WorkCalendar(entries: []),
        notices: [Notice] = [], pages: [Page] = [], textRetained: Bool = true
    ) {
        self.cases = cases
        self.services = services
        self.bodies = bodies
        self.certificates = certificates
        self.codeExceptions = codeExceptions
        self.calendar = calendar
        self.notices = notices
        self.pages = pages
        self.textRetained = textRetained
    }
}
