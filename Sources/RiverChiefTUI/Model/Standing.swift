import Foundation
import RiverChiefCore

/// Where a task stands, as the dashboard shows it: the status a person set, with "overdue"
/// derived from the deadline. Ordered as the status view lists them (most urgent first).
public enum Standing: Int, CaseIterable, Sendable, Comparable {
    case overdue, behind, blocked, inProgress, notStarted, done

    public init(_ state: ItemState, deadline: String?, today: String) {
        if state.status != .done, let d = deadline, !d.isEmpty, d < today {
            self = .overdue
            return
        }
        switch state.status {
        case .notStarted: self = .notStarted
        case .inProgress: self = .inProgress
        case .done: self = .done
        case .behind: self = .behind
        case .blocked: self = .blocked
        }
    }

    public static func < (a: Standing, b: Standing) -> Bool { a.rawValue < b.rawValue }

    /// A three-cell ASCII marker, readable without colour and under any ambiguous-width setting.
    public var marker: String {
        switch self {
        case .overdue: return "[!]"
        case .behind: return "[<]"
        case .blocked: return "[#]"
        case .inProgress: return "[~]"
        case .notStarted: return "[ ]"
        case .done: return "[x]"
        }
    }

    public var chinese: String {
        switch self {
        case .overdue: return "逾期"
        case .behind: return "滞后"
        case .blocked: return "受阻"
        case .inProgress: return "推进中"
        case .notStarted: return "未启动"
        case .done: return "已完成"
        }
    }

    public var english: String {
        switch self {
        case .overdue: return "overdue"
        case .behind: return "behind"
        case .blocked: return "blocked"
        case .inProgress: return "in progress"
        case .notStarted: return "not started"
        case .done: return "done"
        }
    }

    /// The tone a status is drawn in (when there is colour).
    public var tone: Tone {
        switch self {
        case .overdue, .behind: return .bad
        case .blocked: return .blocked
        case .inProgress: return .warn
        case .notStarted: return .normal
        case .done: return .good
        }
    }
}

/// Everything the views need from the items' states, derived once per snapshot (not per key):
/// each task's standing, the tasks grouped by standing, and done/total per tree node, unit and target.
public struct StatusBook: Sendable {
    /// Standing of each item (by item position); meaningful for tasks.
    public private(set) var standing: [Standing]
    /// Task positions per standing, in reading order.
    public private(set) var groups: [[Int]]
    /// Per outline node: tasks in the subtree, and how many are done.
    public private(set) var total: [Int32]
    public private(set) var done: [Int32]
    /// Tasks per standing, library-wide.
    public private(set) var counts: [Int]
    /// Done tasks among those each unit leads, by the unit's position in the library's `units`.
    public private(set) var unitLeadDone: [Int32]
    /// Done tasks among those serving each target, by the target's position in `targets`.
    public private(set) var targetDone: [Int32]
    /// Each task's light (`Light.rawValue`; 255 for items that are not tasks), by the office's rules.
    public private(set) var lights: [UInt8]
    /// Tasks per light, library-wide (red, yellow, green).
    public private(set) var lightCounts: [Int]
    /// The rules the lights follow.
    public let rules: ReportRules

    /// `runLength`: the fewest items worth a thread of their own.
    public init(library: Library, outline: Outline, states: ItemStates, today: String,
                rules: ReportRules = .standard, runLength: Int = 20_000) {
        let n = library.items.count
        self.rules = rules
        // The items cut in runs, one per core,
        // then added together: the same book as one pass, in a fraction of the time at the start.
        let runs = Parallel.ranges(n, pieces: Parallel.pieces(n, minimum: runLength))
        let parts = Parallel.map(runs.count) { k in
            Part(library: library, outline: outline, states: states, today: today, rules: rules, range: runs[k])
        }
        var standing: [Standing] = []
        standing.reserveCapacity(n)
        groups = Array(repeating: [], count: Standing.allCases.count)
        total = Array(repeating: 0, count: outline.count)
        done = Array(repeating: 0, count: outline.count)
        counts = Array(repeating: 0, count: Standing.allCases.count)
        unitLeadDone = Array(repeating: 0, count: library.units.count)
        targetDone = Array(repeating: 0, count: library.targets.count)
        var lights: [UInt8] = []
        lights.reserveCapacity(n)
        lightCounts = [0, 0, 0]
        for part in parts {
            standing.append(contentsOf: part.standing)
            lights.append(contentsOf: part.lights)
            for l in 0..<3 { lightCounts[l] += part.lightCounts[l] }
            for g in groups.indices {
                groups[g].append(contentsOf: part.groups[g])
                counts[g] += part.groups[g].count
            }
            for node in total.indices {
                total[node] += part.total[node]
                done[node] += part.done[node]
            }
            for u in part.unitLeadDone.indices { unitLeadDone[u] += part.unitLeadDone[u] }
            for t in part.targetDone.indices { targetDone[t] += part.targetDone[t] }
        }
        self.standing = standing
        self.lights = lights
    }

    /// A task's light: the report's rules on its state, deadline and the speech's date (the
    /// dashboard does not read each task's first event, so a task counts its schedule from the
    /// meeting date; `riverchief report` from the first event: a lag-yellow can differ, red never).
    static func light(_ st: ItemState, item: Item, today: Day?, meetingDay: Day?, rules: ReportRules) -> Light {
        guard let today else { return .green }
        return Lights.verdict(status: st.status, progress: st.progress, deadline: (st.deadline ?? item.deadline).flatMap(Day.init),
                              assigned: meetingDay, today: today, rules: rules).light
    }

    /// The light of item `i` (nil when it is not a task).
    public func light(of i: Int) -> Light? {
        i < lights.count ? Light(rawValue: Int(lights[i])) : nil
    }

    /// The book's figures for a run of items.
    private struct Part {
        var standing: [Standing]
        var groups: [[Int]] = Array(repeating: [], count: Standing.allCases.count)
        var total: [Int32], done: [Int32]
        var unitLeadDone: [Int32]
        var targetDone: [Int32]
        var lights: [UInt8]
        var lightCounts = [0, 0, 0]

        init(library: Library, outline: Outline, states: ItemStates, today: String, rules: ReportRules, range: Range<Int>) {
            standing = Array(repeating: .notStarted, count: range.count)
            lights = Array(repeating: 255, count: range.count)
            let day = Day(today)
            let meetingDays = library.models.map { $0.meeting.date.flatMap(Day.init) }
            total = Array(repeating: 0, count: outline.count)
            done = total
            unitLeadDone = Array(repeating: 0, count: library.units.count)
            targetDone = Array(repeating: 0, count: library.targets.count)
            // Fields read in place: `for item in library.items` would copy every Item.
            library.items.withUnsafeBufferPointer { items in
                for i in range where items[i].kind == .task {
                    let st = states[position: i] ?? .initial
                    let s = Standing(st, deadline: st.deadline ?? items[i].deadline, today: today)
                    standing[i - range.lowerBound] = s
                    let meeting = library.modelIndex[items[i].modelID].flatMap { meetingDays[$0] }
                    let light = StatusBook.light(st, item: items[i], today: day, meetingDay: meeting, rules: rules)
                    lights[i - range.lowerBound] = UInt8(light.rawValue)
                    lightCounts[light.rawValue] += 1
                    groups[s.rawValue].append(i)
                    var node = Int(outline.nodeOfItem[i])
                    while node >= 0 {
                        total[node] += 1
                        if s == .done { done[node] += 1 }
                        node = Int(outline.parent[node])
                    }
                    if s == .done { StatusBook.count(items[i], 1, library, &unitLeadDone, &targetDone) }
                }
            }
        }
    }

    /// Done tasks among those unit `u` (a position in `units`) leads; 0 for a unit the book has not counted.
    public func leadDone(unit u: Int) -> Int { u >= 0 && u < unitLeadDone.count ? Int(unitLeadDone[u]) : 0 }
    /// Done tasks among those serving target `t` (a position in `targets`).
    public func done(target t: Int) -> Int { t >= 0 && t < targetDone.count ? Int(targetDone[t]) : 0 }

    /// Tasks in the library.
    public var taskCount: Int { counts.reduce(0, +) }

    /// One task's state changed: moves it between groups and adjusts the counts along its ancestors,
    /// in O(depth + group size) instead of a rebuild over every item.
    public mutating func apply(item i: Int, state st: ItemState, library: Library, outline: Outline, today: String) {
        let item = library.items[i]
        guard item.kind == .task else { return }
        let meeting = library.model(item.modelID)?.meeting.date.flatMap(Day.init)
        let newLight = StatusBook.light(st, item: item, today: Day(today), meetingDay: meeting, rules: rules)
        if let oldLight = light(of: i), oldLight != newLight {
            lightCounts[oldLight.rawValue] -= 1
            lightCounts[newLight.rawValue] += 1
            lights[i] = UInt8(newLight.rawValue)
        }
        let old = standing[i]
        let new = Standing(st, deadline: st.deadline ?? item.deadline, today: today)
        guard old != new else { return }
        standing[i] = new
        counts[old.rawValue] -= 1
        counts[new.rawValue] += 1
        let at = groups[old.rawValue].lowerBound(i)
        if at < groups[old.rawValue].count, groups[old.rawValue][at] == i { groups[old.rawValue].remove(at: at) }
        groups[new.rawValue].insert(i, at: groups[new.rawValue].lowerBound(i))
        let delta: Int32 = new == .done ? 1 : (old == .done ? -1 : 0)
        guard delta != 0 else { return }
        var node = Int(outline.nodeOfItem[i])
        while node >= 0 {
            done[node] += delta
            node = Int(outline.parent[node])
        }
        StatusBook.count(item, delta, library, &unitLeadDone, &targetDone)
    }

    /// Adds `delta` to the done count of the unit leading `item` and of the targets it serves
    /// (ids the library does not define are in no count).
    static func count(_ item: Item, _ delta: Int32, _ library: Library, _ unitLeadDone: inout [Int32], _ targetDone: inout [Int32]) {
        if let l = item.leadUnit, let u = library.unitIndex[l] { unitLeadDone[u] += delta }
        for t in item.targetIDs {
            if let k = library.targetIndex[t] { targetDone[k] += delta }
        }
    }
}

