import Foundation

/// 考核 grade from the score.
public enum Grade: Int, Sendable, CaseIterable, Comparable {
    case excellent, good, pass, fail

    public static func < (a: Grade, b: Grade) -> Bool { a.rawValue < b.rawValue }

    /// 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, else 不合格.
    public init(score: Double) {
        switch score {
        case 90...: self = .excellent
        case 75..<90: self = .good
        case 60..<75: self = .pass
        default: self = .fail
        }
    }

    public var chinese: String {
        switch self {
        case .excellent: return "优秀"
        case .good: return "良好"
        case .pass: return "合格"
        case .fail: return "不合格"
        }
    }
}

/// One unit's line of the scorecard: the tasks it leads.
public struct ScoreLine: Sendable, Equatable {
    public var unitID: String
    public var unit: String
    public var led: Int
    public var done: Int
    /// Done no later than the deadline (or done with no deadline).
    public var doneOnTime: Int
    /// Not done and past the deadline.
    public var overdue: Int
    /// Not done and no progress report in the current period (未报送).
    public var notReported: Int
    public var red: Int

    /// done / led, 0–1.
    public var completionRate: Double { led == 0 ? 0 : Double(done) / Double(led) }

    /// The 100-point rule (docs/reports.md): completion 40, done on time 10, nothing overdue 30,
    /// reported every period 20, each in proportion to the tasks led. One decimal.
    public var score: Double {
        guard led > 0 else { return 0 }
        let n = Double(led)
        let raw = 40 * Double(done) / n + 10 * Double(doneOnTime) / n
            + 30 * Double(led - overdue) / n + 20 * Double(led - notReported) / n
        return (raw * 10).rounded() / 10
    }

    public var grade: Grade { Grade(score: score) }
}

/// The unit scorecard (考核): one line per unit that leads a task, best score first.
public struct Scorecard: Sendable {
    public var asOf: Day
    public var period: Period
    public var lines: [ScoreLine]

    public init(_ input: ReportInput, tasks: [Item]? = nil) {
        asOf = input.asOf
        period = input.period
        var byUnit: [String: ScoreLine] = [:]
        let period = input.period
        let chosen = tasks ?? input.library.items.filter { $0.kind == .task }
        for item in chosen where item.kind == .task {
            guard let lead = item.lead?.unit else { continue }
            var line = byUnit[lead] ?? ScoreLine(unitID: lead, unit: input.unitName(lead), led: 0, done: 0, doneOnTime: 0,
                                                 overdue: 0, notReported: 0, red: 0)
            let f = input.facts(of: item.id)
            let deadline = (f.state.deadline ?? item.deadline).flatMap(Day.init)
            line.led += 1
            if f.state.status == .done {
                line.done += 1
                let doneDay = f.statusMillis.map { Day(millis: $0, timeZone: input.timeZone) }
                if let deadline, let doneDay, doneDay > deadline {} else { line.doneOnTime += 1 }
            } else if let deadline, deadline < input.asOf {
                line.overdue += 1
            }
            if input.notReported(f, in: period) { line.notReported += 1 }
            if input.verdict(of: item, facts: f).light == .red { line.red += 1 }
            byUnit[lead] = line
        }
        lines = byUnit.values.sorted { ($1.score, $0.unitID) < ($0.score, $1.unitID) }
    }
}
