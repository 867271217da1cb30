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
        let w = String(decoding: Status.trimmingSpaces(Array(word.utf8)), as: UTF8.self).lowercased()
        let bare = w.utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") }
        for s in Status.allCases where s.rawValue == w || s.english == w || s.chinese == w
            || s.rawValue.utf8.filter({ $0 != UInt8(ascii: "-") }) == bare {
            self = s
            return
        }
        return nil
    }

    /// `utf8` without the spaces and tabs at either end (Unicode's space separators and U+0009,
    /// as Foundation's `CharacterSet.whitespaces`), on its bytes: Foundation's trimming and
    /// replacing cost a `set` or a `list --status` 1.5 M instructions, a twentieth of the command.
    static func trimmingSpaces(_ utf8: [UInt8]) -> ArraySlice<UInt8> {
        // U+0009, U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000.
        func isSpace(_ b: ArraySlice<UInt8>) -> Bool {
            switch b.count {
            case 1: return b.first == 0x09 || b.first == 0x20
            case 2: return b.elementsEqual([0xC2, 0xA0])
            case 3:
                let (x, y, z) = (b[b.startIndex], b[b.startIndex + 1], b[b.startIndex + 2])
                return (x, y, z) == (0xE1, 0x9A, 0x80) || (x == 0xE2 && y == 0x80 && (z <= 0x8A || z == 0xAF))
                    || (x, y, z) == (0xE2, 0x81, 0x9F) || (x, y, z) == (0xE3, 0x80, 0x80)
            default: return false
            }
        }
        var rest = utf8[...]
        trimming: while !rest.isEmpty {
            for n in 1...3 where n <= rest.count && isSpace(rest.prefix(n)) {
                rest = rest.dropFirst(n)
                continue trimming
            }
            break
        }
        trimming: while !rest.isEmpty {
            for n in 1...3 where n <= rest.count && isSpace(rest.suffix(n)) {
                rest = rest.dropLast(n)
                continue trimming
            }
            break
        }
        return rest
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
