import Foundation

// Tracked state of an item. The model library is read-only; this is what the state store keeps.

/// The status a person sets. Overdue is derived from the deadline (see `ItemState.isOverdue`).
public enum Status: String, Sendable, CaseIterable, Codable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case done
    case behind
    case blocked

    public var chinese: String {
        switch self {
        case .notStarted: return "未启动"
        case .inProgress: return "推进中"
        case .done: return "已完成"
        case .behind: return "滞后"
        case .blocked: return "受阻"
        }
    }

    public var english: String {
        switch self {
        case .notStarted: return "not started"
        case .inProgress: return "in progress"
        case .done: return "done"
        case .behind: return "behind"
        case .blocked: return "blocked"
        }
    }

    /// Accepts the id, the English or the Chinese word.
    public init?(word: String) {
        let w = word.trimmingCharacters(in: .whitespaces).lowercased()
        for s in Status.allCases where s.rawValue == w || s.english == w || s.chinese == w
            || s.rawValue.replacingOccurrences(of: "-", with: "") == w.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: " ", with: "") {
            self = s
            return
        }
        return nil
    }
}

/// The current state of one item, as the store folds it from events.
public struct ItemState: Sendable, Equatable {
    // Declared largest first, the one-byte status last: 88 bytes a state instead of 96 (the
    // dashboard holds one per item).
    public var progress: Int
    /// yyyy-MM-dd, overriding the model's deadline when set.
    public var deadline: String?
    public var updatedBy: String?
    public var latestNote: String?
    /// The id of the last event applied to this item (for conflict detection).
    public var lastEventID: Int64?
    /// Unix seconds (UTC).
    public var updatedAt: Double?
    public var status: Status

    public init(status: Status = .notStarted, progress: Int = 0, deadline: String? = nil,
                lastEventID: Int64? = nil, updatedBy: String? = nil, updatedAt: Double? = nil, latestNote: String? = nil) {
        self.status = status
        self.progress = progress
        self.deadline = deadline
        self.lastEventID = lastEventID
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.latestNote = latestNote
    }

    public static let initial = ItemState()

    /// Overdue: a deadline before `today` (yyyy-MM-dd) on an item not done.
    public func isOverdue(today: String) -> Bool {
        guard status != .done, let d = deadline else { return false }
        return d < today
    }
}
