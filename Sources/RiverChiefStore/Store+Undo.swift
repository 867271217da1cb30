import GRDB
import RiverChiefCore

extension Store {
    /// Reverts this account's most recent change that is not yet undone (on `itemID` when given):
    /// appends one `undo` event per event of that change, restoring the values it replaced.
    /// Refuses with `StoreError.undoRefused` when another account has changed the item since, and
    /// with `StoreError.nothingToUndo` when there is nothing left. Undoing again walks further back.
    /// With `batch`, exactly that change (the one `undoable` showed), or nothing when it is undone.
    @discardableResult
    public func undoChange(itemID: String?, batch: Int64?) throws -> WriteResult {
        do {
            return try undoChecked(itemID: itemID, batch: batch)
        } catch let refused as UndoRefusedByRole {
            // Recorded outside the undo's transaction, which rolled back.
            try enforce("undo", on: refused.itemID, attempted: "undo of event \(refused.eventID)")
            throw StoreError.notPermitted(itemID: refused.itemID, account: origin.account, reason: "", recorded: false)
        }
    }

    /// The role check stopped an undo inside its transaction.
    package struct UndoRefusedByRole: Error {
        package var itemID: String
        package var eventID: Int64
        package init(itemID: String, eventID: Int64) {
            self.itemID = itemID
            self.eventID = eventID
        }
    }

    func undoChecked(itemID: String?, batch: Int64?) throws -> WriteResult {
        try transaction { db in
            let undoing = try Store.undoable(db, account: origin.account, itemID: itemID, batch: batch)
            guard let last = undoing.last else {
                throw StoreError.nothingToUndo(account: origin.account, itemID: itemID)
            }
            let item = last.itemID
            if let g = writeGuard, g.refusal(item) != nil { throw UndoRefusedByRole(itemID: item, eventID: last.id) }
            if let other = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(Store.eventColumns) FROM events e
                WHERE e.item_id = ? AND e.id > ? AND e.account != ? ORDER BY e.id DESC LIMIT 1
                """), arguments: [item, last.id, origin.account]).map(Store.event) {
                throw StoreError.undoRefused(itemID: item, undoing: last, since: other)
            }
            let before = try Store.current(db, itemID: item) ?? .initial
            var after = before
            let pending = Store.planUndo(undoing, state: &after)
            let events = try append(db, pending, itemID: item, base: before.lastEventID, state: &after)
            return WriteResult(itemID: item, events: events, before: before, after: after)
        }
    }

    /// What `undo(itemID:)` would undo now: the events of this account's last change not yet
    /// undone (with where and when it was made), oldest first; empty when there is nothing. For
    /// asking before undoing (on a shared login the last change may be a colleague's).
    public func undoableEvents(itemID: String?) throws -> [StateEvent] {
        try read { db in try Store.undoable(db, account: origin.account, itemID: itemID, batch: nil) }
    }

    /// The events of `batch` (or of the account's last change) not yet undone.
    static func undoable(_ db: Database, account: String, itemID: String?, batch wanted: Int64?) throws -> [StateEvent] {
        var batch = wanted
        if batch == nil {
            var sql = """
                SELECT e.batch_id FROM events e
                WHERE e.account = ? AND e.kind != 'undo'
                  AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
                """
            var args: [DatabaseValueConvertible?] = [account]
            if let itemID {
                sql += " AND e.item_id = ?"
                args.append(itemID)
            }
            sql += " ORDER BY e.id DESC LIMIT 1"
            batch = try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(args))
        }
        guard let batch else { return [] }
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(Store.eventColumns) FROM events e
            WHERE e.batch_id = ? AND e.account = ? AND e.kind != 'undo'
              AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
            ORDER BY e.id
            """), arguments: [batch, account]).map(Store.event)
    }
}
