/// A progress report's four parts as the reports show them (the store's `ProgressNote`).
public struct ReportParts: Sendable, Equatable {
    public var done: String?
    public var next: String?
    public var problems: String?
    public var support: String?

    public init(done: String? = nil, next: String? = nil, problems: String? = nil, support: String? = nil) {
        self.done = done
        self.next = next
        self.problems = problems
        self.support = support
    }
}

/// What the event history says about one item at a moment: its folded state, when it was first and
/// last touched, and its newest progress report. The store supplies these (`Store.facts(untilMillis:)`);
/// the reports are pure functions of them, the library, the day and the rules.
public struct TaskFacts: Sendable, Equatable {
    public var state: ItemState
    /// The first event on the item (Unix ms): when the office started tracking it.
    public var firstEventMillis: Int64?
    /// When the status last changed (Unix ms): for a done task, when it was done.
    public var statusMillis: Int64?
    /// The newest progress report not undone, and when it was filed.
    public var report: ReportParts?
    public var reportMillis: Int64?

    public init(state: ItemState = .initial, firstEventMillis: Int64? = nil, statusMillis: Int64? = nil,
                report: ReportParts? = nil, reportMillis: Int64? = nil) {
        self.state = state
        self.firstEventMillis = firstEventMillis
        self.statusMillis = statusMillis
        self.report = report
        self.reportMillis = reportMillis
    }

    public static let none = TaskFacts()
}

/// An office's own definition of a target's indicator (not from the speech) and the values it has
/// measured, as they stood at a moment.
public struct TargetRecord: Sendable, Equatable {
    /// The indicator the office set (every field optional: only what was given changes).
    public var indicator: Indicator?
    /// Who set it and when (Unix ms).
    public var indicatorBy: String?
    public var indicatorMillis: Int64?
    /// Measured values, oldest first by the day measured.
    public var values: [Measurement]

    public init(indicator: Indicator? = nil, indicatorBy: String? = nil, indicatorMillis: Int64? = nil, values: [Measurement] = []) {
        self.indicator = indicator
        self.indicatorBy = indicatorBy
        self.indicatorMillis = indicatorMillis
        self.values = values
    }

    /// The newest measurement.
    public var latest: Measurement? { values.last }
}

/// One measured value of a target's indicator.
public struct Measurement: Sendable, Equatable {
    public var value: Double
    /// The day it was measured (yyyy-MM-dd).
    public var on: String
    public var by: String
    public var atMillis: Int64

    public init(value: Double, on: String, by: String, atMillis: Int64) {
        self.value = value
        self.on = on
        self.by = by
        self.atMillis = atMillis
    }
}
