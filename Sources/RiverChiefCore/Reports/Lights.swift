import Foundation

/// A task's traffic light (红绿灯). Ordered red first, as the reports and the status view list them.
public enum Light: Int, Sendable, CaseIterable, Comparable, Codable {
    case red, yellow, green

    public static func < (a: Light, b: Light) -> Bool { a.rawValue < b.rawValue }

    /// Three ASCII cells that read without colour: (R) (Y) (G).
    public var marker: String {
        switch self {
        case .red: return "(R)"
        case .yellow: return "(Y)"
        case .green: return "(G)"
        }
    }

    /// 红灯 / 黄灯 / 绿灯.
    public var chinese: String {
        switch self {
        case .red: return "红灯"
        case .yellow: return "黄灯"
        case .green: return "绿灯"
        }
    }

    public var english: String {
        switch self {
        case .red: return "red"
        case .yellow: return "yellow"
        case .green: return "green"
        }
    }
}

/// Why a light is what it is: the reports print it beside the light.
public enum LightReason: Sendable, Equatable {
    case done
    case onSchedule
    case noDeadline
    case overdue(days: Int)
    case markedBehind
    case deadlineNear(days: Int)
    /// Progress `progress` against the `expected` share of the time elapsed.
    case lagging(progress: Int, expected: Int)

    public var chinese: String {
        switch self {
        case .done: return "已完成"
        case .onSchedule: return "按计划"
        case .noDeadline: return "无期限"
        case .overdue(let d): return "逾期\(d)天"
        case .markedBehind: return "标记滞后"
        case .deadlineNear(let d): return d == 0 ? "今日到期" : "\(d)天后到期"
        case .lagging(let p, let e): return "进度\(p)%落后于应达\(e)%"
        }
    }
}

/// The light of one task on one day.
public struct LightVerdict: Sendable, Equatable {
    public var light: Light
    public var reason: LightReason
    /// 受阻, shown as its own marker beside any light.
    public var blocked: Bool
}

/// The light rules (docs/reports.md has worked examples):
/// - done: green;
/// - red: the deadline is before today, or the status is 滞后;
/// - yellow: the deadline is today or within `warnDays`, or progress is more than `lagMargin` points
///   below the share of time elapsed from assignment to the deadline;
/// - green otherwise (also when there is no deadline).
/// Assignment is the task's first event in the store; a task never touched counts from the speech's
/// meeting date (the day it was assigned), when the model has one.
public enum Lights {
    public static func verdict(status: Status, progress: Int, deadline: Day?, assigned: Day?, today: Day,
                               rules: ReportRules) -> LightVerdict {
        let blocked = status == .blocked
        func v(_ l: Light, _ r: LightReason) -> LightVerdict { LightVerdict(light: l, reason: r, blocked: blocked) }
        if status == .done { return v(.green, .done) }
        if let deadline, deadline < today { return v(.red, .overdue(days: today - deadline)) }
        if status == .behind { return v(.red, .markedBehind) }
        guard let deadline else { return v(.green, .noDeadline) }
        let left = deadline - today
        if left <= rules.warnDays { return v(.yellow, .deadlineNear(days: left)) }
        if let assigned, assigned < deadline {
            let elapsed = max(0, today - assigned)
            let expected = Int((Double(elapsed) * 100 / Double(deadline - assigned)).rounded(.down))
            if expected - progress > rules.lagMargin { return v(.yellow, .lagging(progress: progress, expected: expected)) }
        }
        return v(.green, .onSchedule)
    }

    /// The verdict for a library task from its facts.
    public static func verdict(of item: Item, facts: TaskFacts, meetingDay: Day?, today: Day, rules: ReportRules,
                               timeZone: TimeZone) -> LightVerdict {
        let deadline = (facts.state.deadline ?? item.deadline).flatMap(Day.init)
        let assigned = facts.firstEventMillis.map { Day(millis: $0, timeZone: timeZone) } ?? meetingDay
        return verdict(status: facts.state.status, progress: facts.state.progress, deadline: deadline,
                       assigned: assigned, today: today, rules: rules)
    }
}
