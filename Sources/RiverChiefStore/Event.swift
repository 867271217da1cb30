import RiverChiefCore

/// What an event records. Every change to an item is one appended event of one of these kinds.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case status, progress, deadline, note
    /// Reverts an earlier event (`undoesEventID`), restoring the value it replaced.
    case undo
}

/// The part of an item's state an event changes. For an undo it is the field of the undone event.
public enum Field: String, Sendable, CaseIterable, Codable {
    case status, progress, deadline, note
}

/// A progress report (反馈): what was done, what comes next, problems met, support needed.
/// Free text, Chinese first; any part may be empty.
public struct ProgressNote: Sendable, Equatable, Codable {
    /// 已完成工作 / work done.
    public var done: String?
    /// 下一步计划 / next steps.
    public var next: String?
    /// 存在问题 / problems met.
    public var problems: String?
    /// 需要支持 / support needed.
    public var support: String?

    public init(done: String? = nil, next: String? = nil, problems: String? = nil, support: String? = nil) {
        func clean(_ s: String?) -> String? {
            guard let s else { return nil }
            let t = s.trimmingWhitespace
            return t.isEmpty ? nil : t
        }
        self.done = clean(done)
        self.next = clean(next)
        self.problems = clean(problems)
        self.support = clean(support)
    }

    /// True when every part is empty.
    public var isEmpty: Bool { done == nil && next == nil && problems == nil && support == nil }

    /// One line for the current state and lists: the work done as written, then the other parts
    /// labelled (下一步：… 问题：… 需支持：…), joined by "；".
    public var summary: String {
        var parts: [String] = []
        if let done { parts.append(done) }
        if let next { parts.append("下一步：" + next) }
        if let problems { parts.append("问题：" + problems) }
        if let support { parts.append("需支持：" + support) }
        return parts.joined(separator: "；")
    }

    /// The parts of a `summary` read back by their labels (the item's current state keeps only the
    /// summary): a "；" followed by 下一步：, 问题： or 需支持： starts that part; text before the first
    /// label is the work done. A part whose own text holds "；下一步：" is read as two.
    public init(summary: String) {
        var parts: [String?] = [nil, nil, nil, nil]
        var k = 0
        let labels = ["下一步：", "问题：", "需支持："]
        for segment in summary.components(separatedBy: "；") {
            if let l = labels.firstIndex(where: { segment.hasPrefix($0) }), l + 1 > k || parts[l + 1] == nil {
                k = l + 1
                parts[k] = String(segment.dropFirst(labels[l].count))
            } else {
                parts[k] = parts[k].map { $0 + "；" + segment } ?? segment
            }
        }
        self.init(done: parts[0], next: parts[1], problems: parts[2], support: parts[3])
    }
}

/// One appended event: the audit record of a single change (who, when, from where, old → new).
public struct StateEvent: Sendable, Equatable, Identifiable {
    /// The event's id: increases with commit order across all processes.
    public var id: Int64
    /// Events written by one `write` or one `undo` share the id of the first of them.
    public var batchID: Int64
    /// The model id of the item changed.
    public var itemID: String
    public var kind: EventKind
    /// The field changed (for an undo, the field of the undone event).
    public var field: Field
    /// The value before, as stored: a `Status` raw value, a percentage, a yyyy-MM-dd date, a note
    /// summary; nil for "none".
    public var oldValue: String?
    /// The value after, in the same form.
    public var newValue: String?
    /// The progress report, for note events.
    public var note: ProgressNote?
    /// The OS account that made the change (from the process's uid).
    public var account: String
    /// The numeric uid of that account.
    public var uid: Int
    /// The host the change was made on.
    public var host: String?
    /// The SSH client address, when the session came over SSH.
    public var sshClient: String?
    /// When the change was made: Unix time in milliseconds, UTC.
    public var atMillis: Int64
    /// For an undo, the event it reverts.
    public var undoesEventID: Int64?
    /// The last event of the item the writer had seen (its conflict base), when it gave one.
    public var baseEventID: Int64?
    /// The undo event that reverted this event, if any (filled by history queries).
    public var undoneByEventID: Int64?

    public init(id: Int64, batchID: Int64, itemID: String, kind: EventKind, field: Field,
                oldValue: String?, newValue: String?, note: ProgressNote? = nil,
                account: String, uid: Int, host: String? = nil, sshClient: String? = nil, atMillis: Int64,
                undoesEventID: Int64? = nil, baseEventID: Int64? = nil, undoneByEventID: Int64? = nil) {
        self.id = id
        self.batchID = batchID
        self.itemID = itemID
        self.kind = kind
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
        self.note = note
        self.account = account
        self.uid = uid
        self.host = host
        self.sshClient = sshClient
        self.atMillis = atMillis
        self.undoesEventID = undoesEventID
        self.baseEventID = baseEventID
        self.undoneByEventID = undoneByEventID
    }

    /// Seconds since 1970 (UTC), the unit `ItemState.updatedAt` uses.
    public var at: Double { Double(atMillis) / 1000 }

    /// A stored value shown to a person: statuses in Chinese (or English), progress with %, "无"
    /// ("none") for none.
    public static func display(_ value: String?, field: Field, english: Bool = false) -> String {
        guard let value else { return english ? "none" : "无" }
        switch field {
        case .status: return Status(rawValue: value).map { english ? $0.english : $0.chinese } ?? value
        case .progress: return value + "%"
        case .deadline, .note: return value
        }
    }

    /// "状态 推进中 → 已完成", for messages and history lines.
    public var changeDescription: String { changeDescription(english: false) }

    /// "状态 推进中 → 已完成", or with `english` "status in progress → done".
    public func changeDescription(english: Bool) -> String {
        let label: String
        switch field {
        case .status: label = english ? "status" : "状态"
        case .progress: label = english ? "progress" : "进度"
        case .deadline: label = english ? "deadline" : "期限"
        case .note: label = english ? "report" : "反馈"
        }
        let prefix = kind == .undo ? (english ? "undo " : "撤销 ") : ""
        if field == .note && kind != .undo {
            return prefix + label + " " + (newValue ?? "")
        }
        return prefix + label + " " + StateEvent.display(oldValue, field: field, english: english) + " → "
            + StateEvent.display(newValue, field: field, english: english)
    }
}

/// What a person asks to change on one item. Fields left nil stay as they are.
public struct Change: Sendable, Equatable {
    /// The new status.
    public var status: Status?
    /// 0–100; checked by `write`.
    public var progress: Int?
    /// A new or cleared deadline.
    public var deadline: DeadlineChange?
    /// A progress report to record.
    public var note: ProgressNote?

    public init(status: Status? = nil, progress: Int? = nil, deadline: DeadlineChange? = nil, note: ProgressNote? = nil) {
        self.status = status
        self.progress = progress
        self.deadline = deadline
        self.note = note
    }

    /// The fields whose value this change replaces (a note is appended, so it is not one of them):
    /// the fields a colleague's change to conflicts with it.
    public var overwrittenFields: Set<Field> {
        var out = Set<Field>()
        if status != nil { out.insert(.status) }
        if progress != nil { out.insert(.progress) }
        if deadline != nil { out.insert(.deadline) }
        return out
    }

    /// True when nothing is asked.
    public var isEmpty: Bool { status == nil && progress == nil && deadline == nil && (note?.isEmpty ?? true) }
}

/// Setting or clearing a deadline.
public enum DeadlineChange: Sendable, Equatable {
    /// A yyyy-MM-dd date; checked by `write`.
    case set(String)
    case clear
}

/// What a writer had seen of an item, for conflict detection.
public enum WriteBase: Sendable, Equatable {
    /// Write over whatever is there now (the command line: it reports the previous value instead).
    case unchecked
    /// The item's `lastEventID` when the writer read it (nil: it had no events). If an event that
    /// changed a field this write overwrites has landed since, the write is refused with a
    /// `StoreError.conflict` (a report, appended, is never refused and refuses nothing).
    case lastSeen(Int64?)
}

/// The outcome of a write or an undo: the events appended, and the item before and after.
public struct WriteResult: Sendable, Equatable {
    /// The item written.
    public var itemID: String
    /// The events appended, in order; empty when nothing changed.
    public var events: [StateEvent]
    /// The item's state just before, as the write transaction read it (who set it and when).
    public var before: ItemState
    /// The item's state as stored now; `after.lastEventID` is the base for the next checked write.
    public var after: ItemState

    public init(itemID: String, events: [StateEvent], before: ItemState, after: ItemState) {
        self.itemID = itemID
        self.events = events
        self.before = before
        self.after = after
    }
}
