import Foundation
import GRDB
import GRDBSQLite
import RiverChiefCore

// What the reports need from the history: every item's state as it stood at a moment (the fold of
// its events up to then, with the same `Store.apply` that keeps `current`), when it was first
// touched, when its status last changed, and its newest progress report not undone. The fold runs
// in SQL, one group per item and field, so a million events are never turned into Swift values.

extension Store {
    /// The facts of every item with events, as they stood at `untilMillis` (Unix ms, inclusive;
    /// nil: now). With nil the states are the `current` table's, which the fold reproduces.
    public func facts(untilMillis: Int64? = nil) throws -> [String: TaskFacts] {
        let until = untilMillis ?? Int64.max
        return try read { db in
            var facts: [String: TaskFacts] = [:]
            var lastID: [String: Int64] = [:]
            // The newest event per item and field (SQLite fills the bare columns from the MAX row).
            try Store.step(db, """
                SELECT item_id, field, new_value, MAX(id), at, account FROM events
                WHERE at <= ? GROUP BY item_id, field
                """, until) { s in
                let id = RawColumn.text(s, 0) ?? ""
                let field = Field(rawValue: RawColumn.text(s, 1) ?? "") ?? .note
                let eventID = sqlite3_column_int64(s, 3), at = sqlite3_column_int64(s, 4)
                var f = facts[id] ?? TaskFacts()
                Store.apply(field, RawColumn.text(s, 2), to: &f.state)
                if field == .status { f.statusMillis = at }
                if eventID > (lastID[id] ?? 0) {
                    lastID[id] = eventID
                    f.state.lastEventID = eventID
                    f.state.updatedBy = RawColumn.text(s, 5)
                    f.state.updatedAt = Double(at) / 1000
                }
                facts[id] = f
            }
            try Store.step(db, "SELECT item_id, MIN(at) FROM events WHERE at <= ? GROUP BY item_id", until) { s in
                facts[RawColumn.text(s, 0) ?? "", default: TaskFacts()].firstEventMillis = sqlite3_column_int64(s, 1)
            }
            // The newest report that no undo up to then reverted.
            try Store.step(db, """
                SELECT item_id, MAX(id), at, note_done, note_next, note_problems, note_support FROM events e
                WHERE kind = 'note' AND at <= ?1
                  AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id AND u.at <= ?1)
                GROUP BY item_id
                """, until) { s in
                let id = RawColumn.text(s, 0) ?? ""
                facts[id, default: TaskFacts()].reportMillis = sqlite3_column_int64(s, 2)
                facts[id, default: TaskFacts()].report = ReportParts(done: RawColumn.text(s, 3), next: RawColumn.text(s, 4),
                                                                     problems: RawColumn.text(s, 5), support: RawColumn.text(s, 6))
            }
            return facts
        }
    }

    /// Steps `sql` with one bound integer, handing each row to `body` (columns read through SQLite's C API).
    static func step(_ db: Database, _ sql: String, _ argument: Int64, _ body: (SQLiteStatement) -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, argument)
        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            body(s)
        }
    }
}

extension Store {
    /// What a report of `library` needs, as the history stood at the end of the local day `asOf`
    /// (nil: now, reported as today).
    public func reportInput(library: Library, asOf: Day?, rules: ReportRules = .standard,
                            timeZone: TimeZone = .current, now: Date = Date()) throws -> ReportInput {
        let until = asOf.map { $0.endMillis(timeZone: timeZone) }
        let day = asOf ?? Day(millis: Int64((now.timeIntervalSince1970 * 1000).rounded()), timeZone: timeZone)
        return ReportInput(library: library, facts: try facts(untilMillis: until), targets: try targetRecords(untilMillis: until),
                           asOf: day, rules: rules, timeZone: timeZone)
    }
}

extension Store {
    /// When each item's newest progress report (not undone) was filed, Unix ms: what the dashboard
    /// needs for 未报送 without folding the whole history.
    public func reportTimes() throws -> [String: Int64] {
        try read { db in
            var out: [String: Int64] = [:]
            try Store.step(db, """
                SELECT item_id, MAX(at) FROM events e
                WHERE kind = 'note' AND at <= ?1
                  AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
                GROUP BY item_id
                """, Int64.max) { s in out[RawColumn.text(s, 0) ?? ""] = sqlite3_column_int64(s, 1) }
            return out
        }
    }
}
