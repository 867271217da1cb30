import GRDB
import RiverChiefCore

extension Store {
    /// Reverts this account's most recent change that is not yet undone (on `itemID` when given):
    /// appends one `undo` event per event of that change, restoring the values it replaced.
    /// Refuses with `StoreError.undoRefused` when another account has changed the item since, and
    /// with `StoreError.nothingToUndo` when there is nothing left. Undoing again walks further back.
    @discardableResult
    public func undo(itemID: String? = nil) throws -> WriteResult {
        do {
            return try undoChecked(itemID: itemID)
        } catch let refused as UndoRefusedByRole {
            // Recorded outside the undo's transaction, which rolled back.
            try enforce("undo", on: refused.itemID, attempted: "undo of event \(refused.eventID)")
            throw StoreError.notPermitted(itemID: refused.itemID, account: origin.account, reason: "", recorded: false)
        }
    }

    /// The role check stopped an undo inside its transaction.
    struct UndoRefusedByRole: Error {
        var itemID: String
        var eventID: Int64
    }

    func undoChecked(itemID: String?) throws -> WriteResult {
        try transaction { db in
            var sql = """
                SELECT e.batch_id FROM events e
                WHERE e.account = ? AND e.kind != 'undo'
                  AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
                """
            var args: [DatabaseValueConvertible?] = [origin.account]
            if let itemID {
                sql += " AND e.item_id = ?"
                args.append(itemID)
            }
            sql += " ORDER BY e.id DESC LIMIT 1"
            guard let batch = try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(args)) else {
                throw StoreError.nothingToUndo(account: origin.account, itemID: itemID)
            }
            let undoing = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Store.eventColumns) FROM events e
                WHERE e.batch_id = ? AND e.kind != 'undo'
                  AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
                ORDER BY e.id
                """), arguments: [batch]).map(Store.event)
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
            var pending: [PendingEvent] = []
            for e in undoing.reversed() {
                pending.append(PendingEvent(kind: .undo, field: e.field, old: Store.value(of: e.field, in: after),
                                            new: e.oldValue, note: nil, undoes: e.id))
                Store.apply(e.field, e.oldValue, to: &after)
            }
            let events = try append(db, pending, itemID: item, base: before.lastEventID, state: &after)
            return WriteResult(itemID: item, events: events, before: before, after: after)
        }
    }
}
