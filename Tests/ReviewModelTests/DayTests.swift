import ReviewModel
import Testing

struct DayTests {
    @Test func parsesAndPrintsIsoDates() {
        #expect(Day("2011-07-20")?.description == "2011-07-20")
        #expect(Day("2024-02-29")?.description == "2024-02-29")
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2024-13-01") == nil)
        #expect(Day("2024-1-01") == nil)
        #expect(Day("2024/01/01") == nil)
        #expect(Day("２０２４-01-01") == nil)
        #expect(Day("") == nil)
    }

    @Test func weekdaysAreIso() {
        #expect(Day("2011-07-20")?.weekday == 3)  // Wednesday
        #expect(Day("2024-10-12")?.weekday == 6)  // Saturday
        #expect(Day("1970-01-01")?.weekday == 4)
        #expect(Day("1969-12-28")?.weekday == 7)
    }

    @Test func ordinalsRoundTripOverTheWholeRange() {
        var day = Day(year: 2000, month: 1, day: 1)!
        let end = Day(year: 2040, month: 12, day: 31)!
        var previous = day.ordinal - 1
        while day <= end {
            #expect(day.ordinal == previous + 1)
            #expect(Day(day.description) == day)
            previous = day.ordinal
            day = day.adding(days: 1)
        }
    }

    @Test func chineseForm() {
        #expect(Day("2024-05-07")?.chinese == "2024年5月7日")
    }
}

struct VocabularyOrderTests {
    func check<V: Vocabulary>(_ type: V.Type) {
        for (index, value) in V.allCases.enumerated() { #expect(value.order == index, "\(V.self).\(value)") }
    }

    @Test func orderIsDeclarationOrder() {
        check(Nature.self)
        check(ServiceType.self)
        check(ApplicationKind.self)
        check(FormalResult.self)
        check(SubstantiveResult.self)
        check(Outcome.self)
        check(Filing.self)
        check(NoticeGround.self)
        check(CalendarEntry.Kind.self)
    }
}
