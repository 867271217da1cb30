import GRDB
import RiverChiefCore

extension Store {
    /// The newest `limit` events (all when nil), of one item or of every item, made at or after
    /// `sinceMillis` (Unix milliseconds) when given, oldest first. Each carries `undoneByEventID`
    /// when a later undo reverted it.
    /// The same events, handed to `body` one at a time as they are read: a history of a million
    /// events is never held whole (`riverchief history --json` writes each as it comes).
    public func eachEvent(itemID: String?, limit: Int?, sinceMillis: Int64?,
                             _ body: (StateEvent) throws -> Void) throws {
        try read { db in
            var sql = "SELECT \(Store.eventColumns) FROM events e"
            var conditions: [String] = []
            var args: [DatabaseValueConvertible?] = []
            if let itemID {
                conditions.append("e.item_id = ?")
                args.append(itemID)
            }
            if let sinceMillis {
                conditions.append("e.at >= ?")
                args.append(sinceMillis)
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            if let limit {
                // The newest `limit`, then oldest first.
                sql = "SELECT * FROM (\(sql) ORDER BY e.id DESC LIMIT ?) ORDER BY 1"
                args.append(max(0, limit))
            } else {
                sql += " ORDER BY e.id"
            }
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(args))
            while let row = try rows.next() { try body(Store.event(row)) }
        }
    }

    /// The number of events in the log.
    public func eventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    static let eventColumns = """
        e.id, e.batch_id, e.item_id, e.kind, e.field, e.old_value, e.new_value, e.note_done, e.note_next,
        e.note_problems, e.note_support, e.account, e.uid, e.host, e.ssh_client, e.at, e.undoes_event_id,
        e.base_event_id, (SELECT u.id FROM events u WHERE u.undoes_event_id = e.id)
        """

    static func event(_ row: Row) -> StateEvent {
        let kindText: String = row[3], fieldText: String = row[4]
        let note = ProgressNote(done: row[7], next: row[8], problems: row[9], support: row[10])
        return StateEvent(id: row[0], batchID: row[1], itemID: row[2], kind: EventKind(rawValue: kindText) ?? .note,
                          field: Field(rawValue: fieldText) ?? .note, oldValue: row[5], newValue: row[6],
                          note: note.isEmpty ? nil : note, account: row[11], uid: row[12], host: row[13],
                          sshClient: row[14], atMillis: row[15], undoesEventID: row[16], baseEventID: row[17],
                          undoneByEventID: row[18])
    }

    /// Events of one item after event `after`, oldest first.
    static func events(_ db: Database, itemID: String, after: Int64) throws -> [StateEvent] {
        let stmt = try db.cachedStatement(sql: "SELECT \(eventColumns) FROM events e WHERE e.item_id = ? AND e.id > ? ORDER BY e.id")
        return try Row.fetchAll(stmt, arguments: [itemID, after]).map(event)
    }
}
