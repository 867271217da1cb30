/// A reporting period: the days from the day after one due date to the next due date, inclusive.
/// Monthly on the 28th: 10-29 … 11-28, then 11-29 … 12-28. A task not done whose reports include
/// none in the period that holds the report's day is 未报送 (not reported).
public struct Period: Sendable, Equatable, CustomStringConvertible {
    public var first: Day
    /// The due date: the period's last day.
    public var due: Day

    public init(first: Day, due: Day) {
        self.first = first
        self.due = due
    }

    public func contains(_ d: Day) -> Bool { first <= d && d <= due }

    public var description: String { "\(first)–\(due)" }

    /// The period that holds `day` under `rules`.
    public static func containing(_ day: Day, rules: ReportRules) -> Period {
        let due = nextDue(onOrAfter: day, rules: rules)
        let previous = previousDue(due, rules: rules)
        return Period(first: previous.adding(days: 1), due: due)
    }

    /// The first due date on or after `day`.
    static func nextDue(onOrAfter day: Day, rules: ReportRules) -> Day {
        switch rules.cadence {
        case .weekly:
            let ahead = ((rules.dueDay - day.weekday) % 7 + 7) % 7
            return day.adding(days: ahead)
        case .monthly:
            let c = day.civil
            let this = Day.clamped(year: c.year, month: c.month, day: rules.dueDay)
            return this >= day ? this : Day.clamped(year: c.year, month: c.month + 1, day: rules.dueDay)
        case .quarterly:
            let c = day.civil
            let lastMonth = ((c.month - 1) / 3 + 1) * 3
            let this = Day.clamped(year: c.year, month: lastMonth, day: rules.dueDay)
            return this >= day ? this : Day.clamped(year: c.year, month: lastMonth + 3, day: rules.dueDay)
        }
    }

    /// The due date just before `due`.
    static func previousDue(_ due: Day, rules: ReportRules) -> Day {
        switch rules.cadence {
        case .weekly: return due.adding(days: -7)
        case .monthly:
            let c = due.civil
            return Day.clamped(year: c.year, month: c.month - 1, day: rules.dueDay)
        case .quarterly:
            let c = due.civil
            return Day.clamped(year: c.year, month: c.month - 3, day: rules.dueDay)
        }
    }
}
