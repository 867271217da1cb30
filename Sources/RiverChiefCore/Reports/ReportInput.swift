import Foundation

/// What a report is built from: the library, what the history says (as of the end of `asOf`), the
/// rules, and the time zone the office's days are counted in. Every report is a pure function of it.
public struct ReportInput: Sendable {
    public var library: Library
    /// Facts per item id; an item missing has had no event (未启动, 0 %).
    public var facts: [String: TaskFacts]
    /// The office's indicators and measured values per target id.
    public var targets: [String: TargetRecord]
    /// The report's day: "today", or the `--as-of` day.
    public var asOf: Day
    public var rules: ReportRules
    public var timeZone: TimeZone

    public init(library: Library, facts: [String: TaskFacts], targets: [String: TargetRecord] = [:], asOf: Day,
                rules: ReportRules = .standard, timeZone: TimeZone = .current) {
        self.library = library
        self.facts = facts
        self.targets = targets
        self.asOf = asOf
        self.rules = rules
        self.timeZone = timeZone
    }

    public init(library: Library, history h: ReportHistory, rules: ReportRules = .standard) {
        self.init(library: library, facts: h.facts, targets: h.targets, asOf: h.asOf, rules: rules, timeZone: h.timeZone)
    }

    /// The reporting period the report's day falls in.
    public var period: Period { Period.containing(asOf, rules: rules) }

    public func facts(of id: String) -> TaskFacts { facts[id] ?? .none }

    /// The day the speech was given, for tasks with no event (nil when the model has no date).
    public func meetingDay(of item: Item) -> Day? {
        library.model(item.modelID)?.meeting.date.flatMap(Day.init)
    }

    public func verdict(of item: Item) -> LightVerdict { verdict(of: item, facts: facts(of: item.id)) }

    func verdict(of item: Item, facts f: TaskFacts) -> LightVerdict {
        // The meeting day counts only for a task with no event: not looked up for the others.
        Lights.verdict(of: item, facts: f, meetingDay: f.firstEventMillis == nil ? meetingDay(of: item) : nil, today: asOf,
                       rules: rules, timeZone: timeZone)
    }

    /// 未报送: not done, and no progress report filed in the current period.
    public func notReported(_ item: Item) -> Bool { notReported(facts(of: item.id), in: period) }

    func notReported(_ f: TaskFacts, in period: Period) -> Bool {
        guard f.state.status != .done else { return false }
        guard let at = f.reportMillis else { return true }
        return !period.contains(Day(millis: at, timeZone: timeZone))
    }

    /// Progress counted for sums: a done task counts 100 whatever its figure says.
    public func progress(of item: Item) -> Int {
        let s = facts(of: item.id).state
        return s.status == .done ? 100 : s.progress
    }

    public func unitName(_ id: String) -> String { library.unit(id)?.name ?? id }
}

/// What a report needs from the event history, as of the end of `asOf` in `timeZone`.
public struct ReportHistory: Sendable {
    public var facts: [String: TaskFacts]
    public var targets: [String: TargetRecord]
    public var asOf: Day
    public var timeZone: TimeZone

    public init(facts: [String: TaskFacts], targets: [String: TargetRecord], asOf: Day, timeZone: TimeZone) {
        self.facts = facts
        self.targets = targets
        self.asOf = asOf
        self.timeZone = timeZone
    }
}
