import Foundation
import Testing

@testable import ReviewModel

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

    /// The eight-byte reading of `YYYY-MM-DD` agrees, on every string of ten characters drawn from
    /// digits, dashes and their neighbours in ASCII, with reading it character by character.
    @Test func readingTheBytesAgreesWithReadingEachCharacter() {
        func reference(_ text: [UInt8]) -> Day? {
            guard text.count == 10, text[4] == 0x2D, text[7] == 0x2D else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    guard (0x30...0x39).contains(text[index]) else { return nil }
                    value = value * 10 + Int(text[index] - 0x30)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            return Day(year: year, month: month, day: day)
        }
        let alphabet: [UInt8] = Array("0123456789-/:".utf8) + [0x2F, 0x3A, 0x2C, 0x20, 0x7F, 0xA0, 0x00]
        var state: UInt64 = 20_110_720
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var text = Array("2024-02-29".utf8)
        for _ in 0..<200_000 {
            // Mostly well-formed dates with one or two characters changed, some entirely random.
            if next(10) == 0 {
                text = (0..<10).map { _ in alphabet[next(alphabet.count)] }
            } else {
                text = Array(String(format: "%04d-%02d-%02d", next(10_000), next(14), next(33)).utf8)
                for _ in 0..<next(3) { text[next(10)] = alphabet[next(alphabet.count)] }
            }
            let found = text.withUnsafeBufferPointer { Day(utf8: $0) }
            #expect(found == reference(text), "\(String(decoding: text, as: UTF8.self))")
        }
    }

    /// `Day(year:month:day:)` computes without tables or the era arithmetic: every day and the impossible
    /// ones around them agree with Hinnant's arithmetic and the month lengths, over 1895–2160 in full and
    /// over every year 1–9999 at the ends of its months; years 0 and 10000 are refused.
    @Test func yearMonthDayAgreesWithTheArithmetic() {
        func agrees(_ year: Int, _ month: Int, _ day: Int) -> Bool {
            let exists = (1...12).contains(month) && day >= 1 && day <= Day.daysInMonth(year: year, month: month)
            let found = Day(year: year, month: month, day: day)
            guard let found else { return !exists }
            return exists && found.ordinal == Day.daysFromCivil(year: year, month: month, day: day)
        }
        var disagreements: [String] = []
        for year in 1...9999 {
            for month in 0...13 {
                for day in [0, 1, 28, 29, 30, 31, 32] where !agrees(year, month, day) {
                    disagreements.append("\(year)-\(month)-\(day)")
                }
            }
        }
        #expect(disagreements.isEmpty)
        #expect(Day(year: 0, month: 1, day: 1) == nil && Day(year: 10_000, month: 1, day: 1) == nil)
        for year in 1895...2160 {
            for month in 0...13 {
                for day in 0...32 {
                    let exists =
                        (1...12).contains(month) && day >= 1 && day <= Day.daysInMonth(year: year, month: month)
                    let found = Day(year: year, month: month, day: day)
                    #expect((found != nil) == exists, "\(year)-\(month)-\(day)")
                    if exists, let found {
                        #expect(found.ordinal == Day.daysFromCivil(year: year, month: month, day: day))
                    }
                }
            }
        }
    }
}
