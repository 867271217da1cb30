import Foundation

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

    /// Adds another tally of the same group (made from other tasks).
    mutating func merge(_ other: ProgressTally) {
        tasks += other.tasks
        done += other.done
        progressSum += other.progressSum
        for k in lights.indices { lights[k] += other.lights[k] }
        notReported += other.notReported
    }

    mutating func add(done isDone: Bool, progress: Int, light: Light, notReported isNotReported: Bool) {
        tasks += 1
        if isDone { done += 1 }
        progressSum += isDone ? 100 : progress
        lights[light.rawValue] += 1
        if isNotReported { notReported += 1 }
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
///
/// The rows are not held: a ledger keeps, per row, its task's place in the library and its light
/// (what the tallies and the red-first order need), and `row(k)` makes the full row from the
/// library and the history's facts when it is written. At 100,000 items the 88,800 rows would be
/// 35 MB held while the file is written; made a piece at a time, on every core, they are not.
public struct Ledger: Sendable {
    public var asOf: Day
    public var period: Period
    public var rules: ReportRules
    /// What the rows were limited to (unit, section), in words, or empty.
    public var scope: String
    public var sections: [ProgressTally]
    public var units: [ProgressTally]
    public var targets: [TargetRow]
    public var total: ProgressTally

    private let input: ReportInput
    private let entries: [Entry]
    /// Unit names by id, and section and point labels by library position (shared by the rows).
    private let names: [String: String]
    private let labels: [Int32: String]

    /// What a row needs beyond its task: the task's, section's and point's positions (-1: none)
    /// and its light.
    private struct Entry: Sendable {
        var task: Int32
        var section: Int32
        var point: Int32
        var notReported: Bool
        var verdict: LightVerdict
    }

    /// Builds the ledger of `tasks` (every task when nil: pass the result of a filter to limit it).
    ///
    /// A large ledger is tallied on every core, each worker a contiguous run of the tasks with its
    /// own tallies, merged in reading order after (the same as tallied in turn).
    public init(_ input: ReportInput, tasks: [Item]? = nil, scope: String = "") {
        let lib = input.library
        self.input = input
        asOf = input.asOf
        period = input.period
        rules = input.rules
        self.scope = scope
        // Positions of the chosen tasks: every task in reading order, or those given.
        let chosen: [Int]
        if let tasks {
            let index = lib.itemIndex
            chosen = tasks.compactMap { $0.kind == .task ? index[$0.id] : nil }
        } else {
            chosen = lib.items.indices.filter { lib.items[$0].kind == .task }
        }
        var names: [String: String] = [:]
        for u in lib.units { names[u.id] = u.name }
        self.names = names
        let runs = Parallel.ranges(chosen.count, pieces: Parallel.pieces(chosen.count, minimum: 4096))
        let parts = Parallel.map(runs.count) { k in Ledger.tally(chosen[runs[k]], input: input, names: names) }
        var entries: [Entry] = []
        entries.reserveCapacity(chosen.count)
        var labels: [Int32: String] = [:]
        var total = ProgressTally(id: "", name: "合计")
        var sectionTally: [Int32: ProgressTally] = [:]
        var sectionOrder: [Int32] = []
        var unitTally: [String: ProgressTally] = [:]
        for part in parts {
            entries.append(contentsOf: part.entries)
            labels.merge(part.labels) { a, _ in a }
            total.merge(part.total)
            for at in part.sectionOrder {
                guard let t = part.sections[at] else { continue }
                if sectionTally[at] == nil {
                    sectionOrder.append(at)
                    sectionTally[at] = t
                } else {
                    sectionTally[at]?.merge(t)
                }
            }
            for (id, t) in part.units {
                if unitTally[id] == nil { unitTally[id] = t } else { unitTally[id]?.merge(t) }
            }
        }
        self.entries = entries
        self.labels = labels
        self.total = total
        sections = sectionOrder.compactMap { sectionTally[$0] }
        units = unitTally.values.sorted { ($0.count(.red), $1.id) > ($1.count(.red), $0.id) }
        var inRows = Set<String>()
        if tasks != nil { for e in entries { inRows.formUnion(lib.items[Int(e.task)].targets) } }
        var targetRows: [TargetRow] = []
        for t in lib.targets where tasks == nil || inRows.contains(t.id) {
            targetRows.append(Ledger.targetRow(t, input: input))
        }
        targets = targetRows
    }

    /// How many rows (tasks) the ledger has.
    public var count: Int { entries.count }

    /// Row `k` (0 ..< count), made from the library and the facts.
    public func row(_ k: Int) -> LedgerRow {
        let e = entries[k]
        let item = input.library.items[Int(e.task)]
        let f = input.facts(of: item.id)
        func name(_ id: String) -> String { names[id] ?? id }
        return LedgerRow(
            number: k + 1, id: item.id, task: item.title,
            section: e.section < 0 ? "" : labels[e.section] ?? "",
            point: e.point < 0 ? "" : labels[e.point] ?? "",
            lead: item.lead.map { name($0.unit) } ?? "",
            supporting: item.supportingIDs.map { name($0.unit) },
            territorial: item.territorialIDs.map { name($0.unit) },
            deadline: f.state.deadline ?? item.deadline, status: f.state.status, progress: f.state.progress,
            verdict: e.verdict, notReported: e.notReported,
            report: f.report, reportMillis: f.reportMillis,
            updatedBy: f.state.updatedBy, updatedMillis: f.state.updatedAt.map { Int64(($0 * 1000).rounded()) },
            targets: item.targets)
    }

    /// Every row, in reading order (made whole: for a small ledger, the dashboard and the tests;
    /// the writers make them a piece at a time).
    public var rows: [LedgerRow] { (0..<count).map(row) }

    /// One worker's share: its rows' entries, the labels it made, its tallies (sections in the
    /// order first met).
    private struct Part {
        var entries: [Entry] = []
        var labels: [Int32: String] = [:]
        var total = ProgressTally(id: "", name: "合计")
        var sections: [Int32: ProgressTally] = [:]
        var sectionOrder: [Int32] = []
        var units: [String: ProgressTally] = [:]
    }

    /// Tallies the tasks at `positions` (a contiguous run of the chosen tasks).
    private static func tally(_ positions: ArraySlice<Int>, input: ReportInput, names: [String: String]) -> Part {
        let lib = input.library
        let period = input.period
        var part = Part()
        part.entries.reserveCapacity(positions.count)
        // Section and point labels once per section and point.
        func label(_ at: Int) -> String {
            if let known = part.labels[Int32(at)] { return known }
            let up = lib.items[at]
            let text = up.kind == .section ? (up.marker.map { $0 + "、" } ?? "") + up.title : (up.marker.map { $0 + " " } ?? "") + up.title
            part.labels[Int32(at)] = text
            return text
        }
        for taskAt in positions {
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
            let entry = Entry(task: Int32(taskAt), section: Int32(sectionAt ?? -1), point: Int32(pointAt ?? -1),
                              notReported: input.notReported(f, in: period), verdict: input.verdict(of: item, facts: f))
            part.entries.append(entry)
            let done = f.state.status == .done
            part.total.add(done: done, progress: f.state.progress, light: entry.verdict.light, notReported: entry.notReported)
            if let sectionAt {
                let key = Int32(sectionAt)
                if part.sections[key] == nil {
                    part.sectionOrder.append(key)
                    part.sections[key] = ProgressTally(id: lib.items[sectionAt].id, name: label(sectionAt))
                }
                part.sections[key]?.add(done: done, progress: f.state.progress, light: entry.verdict.light, notReported: entry.notReported)
            }
            if let pointAt { _ = label(pointAt) }
            if let lead = item.lead?.unit {
                part.units[lead, default: ProgressTally(id: lead, name: names[lead] ?? lead)]
                    .add(done: done, progress: f.state.progress, light: entry.verdict.light, notReported: entry.notReported)
            }
        }
        return part
    }

    /// A target's row: the tasks serving it, and its indicator (the office's over the speech's).
    public static func targetRow(_ t: Target, input: ReportInput) -> TargetRow {
        var tally = ProgressTally(id: t.id, name: t.title)
        let period = input.period
        for p in input.library.tasks(serving: t.id) {
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
    public var rowsRedFirst: [LedgerRow] { redFirstOrder.map(row) }

    /// The numbers (0 ..< count) of the rows red first, then yellow, then green; reading order
    /// within a light (the rows are in reading order).
    public var redFirstOrder: [Int] {
        var order: [Int] = []
        order.reserveCapacity(entries.count)
        for light in Light.allCases {
            for k in entries.indices where entries[k].verdict.light == light { order.append(k) }
        }
        return order
    }
}
