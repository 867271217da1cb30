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

/// One task's row of the ledger (台账).
public struct LedgerRow: Sendable {
    /// 序号: the task's place in reading order among the rows, from 1.
    public var number: Int
    public var id: String
    public var task: String
    public var section: String
    public var point: String
    public var lead: String
    public var supporting: [String]
    public var territorial: [String]
    public var deadline: String?
    public var status: Status
    public var progress: Int
    public var verdict: LightVerdict
    public var notReported: Bool
    public var report: ReportParts?
    public var reportMillis: Int64?
    public var updatedBy: String?
    public var updatedMillis: Int64?
    /// Ids of the targets the task serves.
    public var targets: [String]
}

/// Tasks, done, mean progress and lights of a group of tasks (a section, a unit, a target).
public struct ProgressTally: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tasks = 0
    public var done = 0
    /// Sum of the tasks' progress (done counts 100).
    public var progressSum = 0
    public var lights = [0, 0, 0]
    public var notReported = 0

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// Mean progress, 0–100 (0 with no tasks).
    public var progress: Int { tasks == 0 ? 0 : Int((Double(progressSum) / Double(tasks)).rounded()) }
    public func count(_ l: Light) -> Int { lights[l.rawValue] }

    mutating func add(_ row: LedgerRow) {
        tasks += 1
        if row.status == .done { done += 1 }
        progressSum += row.status == .done ? 100 : row.progress
        lights[row.verdict.light.rawValue] += 1
        if row.notReported { notReported += 1 }
    }
}

/// A target as the reports show it: its tasks' progress and its indicator (from the speech, or set
/// by the office) with the latest measured value.
public struct TargetRow: Sendable {
    public var target: Target
    public var tally: ProgressTally
    public var indicator: Indicator
    /// True when the office set the indicator (not taken from the speech).
    public var indicatorSetByOffice: Bool
    public var values: [Measurement]

    /// 河长办设定 (set by the office), 讲话原文 (from the speech) or 未设定 (none).
    public var indicatorSource: String {
        if indicatorSetByOffice { return "河长办设定" }
        let i = indicator
        return i.metric == nil && i.unit == nil && i.baseline == nil && i.goal == nil ? "未设定" : "讲话原文"
    }
}

/// The ledger: one row per task, in reading order, with tallies per section, lead unit and target.
public struct Ledger: Sendable {
    public var asOf: Day
    public var period: Period
    public var rules: ReportRules
    /// What the rows were limited to (unit, section), in words, or empty.
    public var scope: String
    public var rows: [LedgerRow]
    public var sections: [ProgressTally]
    public var units: [ProgressTally]
    public var targets: [TargetRow]
    public var total: ProgressTally

    /// Builds the ledger of `tasks` (every task when nil: pass the result of a filter to limit it).
    public init(_ input: ReportInput, tasks: [Item]? = nil, scope: String = "") {
        let lib = input.library
        asOf = input.asOf
        period = input.period
        rules = input.rules
        self.scope = scope
        var rows: [LedgerRow] = []
        var sectionTally: [Int: ProgressTally] = [:]
        var sectionOrder: [Int] = []
        var unitTally: [String: ProgressTally] = [:]
        var total = ProgressTally(id: "", name: "合计")
        // Positions of the chosen tasks: every task in reading order, or those given.
        let chosen: [Int]
        if let tasks {
            let index = lib.itemIndex
            chosen = tasks.compactMap { $0.kind == .task ? index[$0.id] : nil }
        } else {
            chosen = lib.items.indices.filter { lib.items[$0].kind == .task }
        }
        rows.reserveCapacity(chosen.count)
        let period = input.period
        // Unit names and section/point labels once each, not once per task (the rows share them).
        var names: [String: String] = [:]
        for u in lib.units { names[u.id] = u.name }
        func name(_ id: String) -> String { names[id] ?? id }
        var labels: [Int: String] = [:]
        func label(_ at: Int) -> String {
            if let known = labels[at] { return known }
            let up = lib.items[at]
            let text = up.kind == .section ? (up.marker.map { $0 + "、" } ?? "") + up.title : (up.marker.map { $0 + " " } ?? "") + up.title
            labels[at] = text
            return text
        }
        for taskAt in chosen {
            let item = lib.items[taskAt]
            let f = input.facts(of: item.id)
            var sectionAt: Int?, pointAt: Int?
            var at = taskAt
            while lib.parentPosition[at] >= 0 {
                at = Int(lib.parentPosition[at])
                let kind = lib.items[at].kind
                if kind == .point, pointAt == nil { pointAt = at }
                if kind == .section { sectionAt = at }
            }
            let row = LedgerRow(
                number: rows.count + 1, id: item.id, task: item.title,
                section: sectionAt.map(label) ?? "",
                point: pointAt.map(label) ?? "",
                lead: item.lead.map { name($0.unit) } ?? "",
                supporting: item.supporting.map { name($0.unit) },
                territorial: item.territorial.map { name($0.unit) },
                deadline: f.state.deadline ?? item.deadline, status: f.state.status, progress: f.state.progress,
                verdict: input.verdict(of: item, facts: f), notReported: input.notReported(f, in: period),
                report: f.report, reportMillis: f.reportMillis,
                updatedBy: f.state.updatedBy, updatedMillis: f.state.updatedAt.map { Int64(($0 * 1000).rounded()) },
                targets: item.targets)
            rows.append(row)
            total.add(row)
            if let sectionAt {
                if sectionTally[sectionAt] == nil {
                    sectionOrder.append(sectionAt)
                    sectionTally[sectionAt] = ProgressTally(id: lib.items[sectionAt].id, name: row.section)
                }
                sectionTally[sectionAt]?.add(row)
            }
            if let lead = item.lead?.unit {
                unitTally[lead, default: ProgressTally(id: lead, name: row.lead)].add(row)
            }
        }
        self.rows = rows
        self.total = total
        sections = sectionOrder.compactMap { sectionTally[$0] }
        units = unitTally.values.sorted { ($0.count(.red), $1.id) > ($1.count(.red), $0.id) }
        let inRows = Set(rows.flatMap(\.targets))
        var targetRows: [TargetRow] = []
        for t in lib.targets where tasks == nil || inRows.contains(t.id) {
            targetRows.append(Ledger.targetRow(t, input: input))
        }
        targets = targetRows
    }

    /// A target's row: the tasks serving it, and its indicator (the office's over the speech's).
    public static func targetRow(_ t: Target, input: ReportInput) -> TargetRow {
        var tally = ProgressTally(id: t.id, name: t.title)
        let period = input.period
        for p in input.library.servedBy[t.id] ?? [] {
            let item = input.library.items[p]
            let f = input.facts(of: item.id)
            tally.tasks += 1
            if f.state.status == .done { tally.done += 1 }
            tally.progressSum += f.state.status == .done ? 100 : f.state.progress
            tally.lights[input.verdict(of: item, facts: f).light.rawValue] += 1
            if input.notReported(f, in: period) { tally.notReported += 1 }
        }
        let record = input.targets[t.id]
        var indicator = t.indicator
        if let set = record?.indicator {
            indicator.metric = set.metric ?? indicator.metric
            indicator.unit = set.unit ?? indicator.unit
            indicator.baseline = set.baseline ?? indicator.baseline
            indicator.goal = set.goal ?? indicator.goal
            indicator.deadline = set.deadline ?? indicator.deadline
        }
        return TargetRow(target: t, tally: tally, indicator: indicator, indicatorSetByOffice: record?.indicator != nil,
                         values: record?.values ?? [])
    }

    /// The rows red first, then yellow, then green; reading order within a light.
    public var rowsRedFirst: [LedgerRow] { redFirstOrder.map { rows[$0] } }

    /// The positions in `rows` of the rows red first, then yellow, then green; reading order within
    /// a light (the rows are in reading order).
    public var redFirstOrder: [Int] {
        var order: [Int] = []
        order.reserveCapacity(rows.count)
        for light in Light.allCases {
            for k in rows.indices where rows[k].verdict.light == light { order.append(k) }
        }
        return order
    }
}
