import Foundation
import GRDB

/// Who may change what, checked by the store itself before every write and undo, in the process
/// that holds the database open (for an installed setgid binary, the only process that can).
/// The command line builds it from the roles of the configuration (`RiverChiefConfig.Authority`).
public struct WriteGuard: Sendable {
    /// The role, as recorded with a refused attempt ("liaison of 市水利局").
    public var role: String
    /// Nil when the account may change the item; else why not, for the person at the terminal.
    public var refusal: @Sendable (_ itemID: String) -> String?

    public init(role: String, refusal: @escaping @Sendable (String) -> String?) {
        self.role = role
        self.refusal = refusal
    }
}

/// How the store's files are reached by path: directly, or — for an installed setgid binary,
/// whose effective group is lowered except to open the shared database — with the group raised
/// around each look. Used when the store is opened again (a replaced file) and its path looked at.
public struct FileAccess: Sendable {
    let wrap: @Sendable (() -> Void) -> Void

    /// `wrap` runs its argument once, with whatever rights reaching the files needs.
    public init(_ wrap: @escaping @Sendable (() -> Void) -> Void) { self.wrap = wrap }

    /// With the process's rights as they are.
    public static let direct = FileAccess { $0() }

    /// Runs `body` with the rights reaching the files needs.
    public func run<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, Error>?
        withoutActuallyEscaping(body) { b in wrap { result = Result { try b() } } }
        guard let result else { throw StoreError.database(path: "", detail: "the file access ran nothing") }
        return try result.get()
    }
}

/// An attempt the store refused because of the account's role: kept in the `refused` table.
public struct RefusedAttempt: Equatable, Sendable {
    public var id: Int64
    /// The item the attempt was on.
    public var itemID: String
    /// "set" or "undo".
    public var action: String
    /// What was asked ("状态 → 已完成, 进度 → 100%").
    public var attempted: String
    public var role: String
    public var reason: String
    public var account: String
    public var uid: Int
    public var host: String?
    public var sshClient: String?
    public var atMillis: Int64

    public init(id: Int64, itemID: String, action: String, attempted: String, role: String, reason: String,
                account: String, uid: Int, host: String?, sshClient: String?, atMillis: Int64) {
        self.id = id
        self.itemID = itemID
        self.action = action
        self.attempted = attempted
        self.role = role
        self.reason = reason
        self.account = account
        self.uid = uid
        self.host = host
        self.sshClient = sshClient
        self.atMillis = atMillis
    }
}

extension Store {
    /// Refuses `action` on `itemID` when the guard says no: records the attempt, then throws
    /// `StoreError.notPermitted`.
    func enforce(_ action: String, on itemID: String, attempted: String) throws {
        guard let g = writeGuard, let reason = g.refusal(itemID) else { return }
        var recorded = true
        do { try recordRefusal(action: action, itemID: itemID, attempted: attempted, reason: reason) } catch { recorded = false }
        throw StoreError.notPermitted(itemID: itemID, account: origin.account, reason: reason, recorded: recorded)
    }

    /// Records the attempt when the guard refuses `action` on `itemID` (a client that checked the
    /// role itself, such as the dashboard, reports what it refused). Nothing when the guard allows it.
    public func recordIfRefused(_ action: String, on itemID: String, attempted: String) {
        guard let g = writeGuard, let reason = g.refusal(itemID) else { return }
        try? recordRefusal(action: action, itemID: itemID, attempted: attempted, reason: reason)
    }

    /// Appends one row to `refused` (its own short transaction).
    func recordRefusal(action: String, itemID: String, attempted: String, reason: String) throws {
        _ = try transaction { db in
            try db.execute(sql: """
                INSERT INTO refused (item_id, action, attempted, role, reason, account, uid, host, ssh_client, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [itemID, action, attempted, writeGuard?.role ?? "", reason, origin.account, origin.uid,
                                 origin.host, origin.sshClient, TimeText.nowMillis()])
        }
    }

    /// How many attempts the roles refused.
    public func refusedCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM refused") ?? 0 }
    }

    /// The refused attempts, oldest first (the newest `limit` when given).
    public func refusedAttempts(limit: Int?) throws -> [RefusedAttempt] {
        try read { db in
            var sql = "SELECT id, item_id, action, attempted, role, reason, account, uid, host, ssh_client, at FROM refused ORDER BY id DESC"
            if let limit { sql += " LIMIT \(max(0, limit))" }
            return try Row.fetchAll(db, sql: sql).map { r in
                RefusedAttempt(id: r[0], itemID: r[1], action: r[2], attempted: r[3] ?? "", role: r[4], reason: r[5],
                               account: r[6], uid: r[7], host: r[8], sshClient: r[9], atMillis: r[10])
            }.reversed()
        }
    }
}

extension Change {
    /// What the change asks, in one line, for the record of a refused attempt: "status done, progress 40".
    public var attemptText: String {
        var parts: [String] = []
        if let s = status { parts.append("status \(s.rawValue)") }
        if let p = progress { parts.append("progress \(p)") }
        switch deadline {
        case .set(let d)?: parts.append("deadline \(d)")
        case .clear?: parts.append("deadline none")
        case nil: break
        }
        if let n = note, !n.isEmpty { parts.append("note \(n.summary)") }
        return parts.joined(separator: ", ")
    }
}
