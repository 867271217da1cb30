import Foundation

/// A calendar day (proleptic Gregorian), as days since 1970-01-01: the reports count days with plain
/// arithmetic, so "in 7 days" or "the 28th of the month" never depends on a time zone or a clock.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var serial: Int

    public init(serial: Int) { self.serial = serial }

    /// From year, month (1–12) and day (1–31); nil when the date does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(year: year, month: month) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        serial = era * 146_097 + doe - 719_468
    }

    /// From `yyyy-MM-dd`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        // yyyy-MM-dd read from the bytes (the reports read a deadline per task).
        var text = text
        let fast: Day?? = text.withUTF8 { u in
            guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return .some(nil) }
            func digits(_ r: Range<Int>) -> Int? {
                var v = 0
                for k in r {
                    let d = Int(u[k]) - 0x30
                    guard d >= 0 && d <= 9 else { return nil }
                    v = v * 10 + d
                }
                return v
            }
            guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
            return .some(Day(year: y, month: m, day: d))
        }
        if let fast {
            guard let fast else { return nil }
            self = fast
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The local day a Unix time in milliseconds falls on, in `timeZone`.
    public init(millis: Int64, timeZone: TimeZone) {
        let seconds = Double(millis) / 1000
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
        let local = millis / 1000 + offset
        serial = Int((local >= 0 ? local : local - 86_399) / 86_400)
    }

    /// The last millisecond of this local day in `timeZone` (for "as it stood at the end of that day").
    public func endMillis(timeZone: TimeZone) -> Int64 {
        let next = Int64(serial + 1) * 86_400
        // The offset at the start of the next day; a day that starts a DST change is off by the
        // change at most, and the check below settles it.
        var end = (next - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(next))))) * 1000 - 1
        if Day(millis: end, timeZone: timeZone) > self { end -= 3_600_000 }
        if Day(millis: end + 3_600_000, timeZone: timeZone) == self { end += 3_600_000 }
        return end
    }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// Monday = 1 … Sunday = 7.
    public var weekday: Int {
        let w = (serial + 3) % 7 // 1970-01-01 was a Thursday (= 4)
        return (w < 0 ? w + 7 : w) + 1
    }

    public var civil: (year: Int, month: Int, day: Int) {
        let z = serial + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `yyyy-MM-dd`.
    public var description: String {
        let c = civil
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year)-\(two(c.month))-\(two(c.day))"
    }

    public func adding(days: Int) -> Day { Day(serial: serial + days) }

    public static func < (a: Day, b: Day) -> Bool { a.serial < b.serial }
    public static func - (a: Day, b: Day) -> Int { a.serial - b.serial }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The `day`th of a month, or its last day when the month is shorter (the 31st of February is the 28th or 29th).
    public static func clamped(year: Int, month: Int, day: Int) -> Day {
        var y = year, m = month
        while m > 12 { m -= 12; y += 1 }
        while m < 1 { m += 12; y -= 1 }
        return Day(year: y, month: m, day: min(max(day, 1), daysIn(year: y, month: m))) ?? Day(serial: 0)
    }
}
