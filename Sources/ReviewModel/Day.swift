/// A civil date (`YYYY-MM-DD`) with no time zone, stored as days since 1970-01-01.
///
/// The procedure counts whole days only (art. 十一), so nothing here knows about clocks or
/// time zones; the current date enters the program only through `--as-of`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before), kept in 32 bits so that an optional date fits in 8 bytes.
    private let storage: Int32

    /// Days since 1970-01-01 (negative before).
    public var ordinal: Int { Int(storage) }

    public init(ordinal: Int) {
        self.storage = Int32(ordinal)
    }

    /// Creates a day from a proleptic Gregorian year (1–9999), month and day; `nil` if the date does not
    /// exist.
    ///
    /// Integer arithmetic only — divisions by constants, which compile to multiplications — and no
    /// table: a table in a global is reached through its lazy-initialisation check, and this runs for
    /// every date cell of a file.
    @inline(__always)
    public init?(year: Int, month: Int, day: Int) {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1 else { return nil }
        let leap = year & 3 == 0 && (year % 100 != 0 || year % 400 == 0) ? 1 : 0
        // 31-day months are bits 1, 3, 5, 7, 8, 10 and 12 of 0x15AA.
        guard day <= (month == 2 ? 28 &+ leap : 30 &+ (0x15AA >> month) & 1) else { return nil }
        let before = year &- 1
        // Days from 1970-01-01 to 1 January of `year`: 477 leap days fall before 1970.
        let january1 = 365 &* (year &- 1970) &+ before / 4 &- before / 100 &+ before / 400 &- 477
        // Days before `month` in a year whose February has 30 days, less what February lacks.
        let monthStart = (367 &* month &- 362) / 12 &- (month > 2 ? 2 &- leap : 0)
        self.storage = Int32(january1 &+ monthStart &+ day &- 1)
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits); `nil` for anything else or a date that does not exist.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let day = text.withUTF8({ Day(utf8: $0) }) else { return nil }
        self = day
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes, without making a string.
    @inline(__always)
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, let base = bytes.baseAddress else { return nil }
        // `YYYY-MM-` in one eight-byte load, `DD` in a two-byte one; every digit position must hold
        // 0x30–0x39: its high nibble is 3, and stays 3 when 6 is added (no carry leaves a byte).
        let head = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        let tail = UInt16(littleEndian: UnsafeRawPointer(base + 8).loadUnaligned(as: UInt16.self))
        let digits: UInt64 = 0x00FF_FF00_FFFF_FFFF
        let dashes: UInt64 = 0x2D00_002D_0000_0000
        guard head & ~digits == dashes, head & digits & 0xF0F0_F0F0_F0F0_F0F0 == 0x0030_3000_3030_3030,
            (head &+ 0x0606_0606_0606_0606) & digits & 0xF0F0_F0F0_F0F0_F0F0 == 0x0030_3000_3030_3030,
            tail & 0xF0F0 == 0x3030, (tail &+ 0x0606) & 0xF0F0 == 0x3030
        else { return nil }
        @inline(__always) func digit(_ index: Int) -> Int { Int((head >> UInt64(8 * index)) & 0x0F) }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(5) * 10 + digit(6)
        let day = Int(tail & 0x0F) * 10 + Int((tail >> 8) & 0x0F)
        self.init(year: year, month: month, day: day)
    }

    /// Why `text` is not a day, for a message: `'2012-02-30' is not a day of the calendar` when it has
    /// the form YYYY-MM-DD, else `'2012/2/3' is not a date in the form YYYY-MM-DD`.
    public static func invalid(_ text: some StringProtocol) -> String {
        let shaped =
            text.utf8.count == 10
            && text.utf8.enumerated().allSatisfy { index, byte in
                index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (0x30...0x39).contains(byte)
            }
        return shaped ? "'\(text)' is not a day of the calendar" : "'\(text)' is not a date in the form YYYY-MM-DD"
    }

    /// The date procedure 2011 No. 21 was announced and took effect (art. 十四).
    public static let procedureStart = Day(year: 2011, month: 7, day: 20)!

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var dayOfMonth: Int { civil.day }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let remainder = (ordinal + 3) % 7
        return (remainder < 0 ? remainder + 7 : remainder) + 1
    }

    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = civil
        return Day.pad(year, 4) + "-" + Day.pad(month, 2) + "-" + Day.pad(day, 2)
    }

    /// The Chinese form used on the site: `2024年5月20日`.
    public var chinese: String {
        let (year, month, day) = civil
        return "\(year)年\(month)月\(day)日"
    }

    /// The first day of `year`.
    public static func firstOfYear(_ year: Int) -> Day { Day(ordinal: daysFromCivil(year: year, month: 1, day: 1)) }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private var civil: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
