import Foundation
import GRDB
import GRDBSQLite
import RiverChiefCore

// What the reports need from the history: every item's state as it stood at a moment (the fold of
// its events up to then, with the same `Store.apply` that keeps `current`), when it was first
// touched, when its status last changed, and its newest progress report not undone. One pass over
// the log in id order (the table's own order: read sequentially, never through an index), keeping
// per item only what the fold needs; the four parts of each item's newest report are read at the end.

extension Store {
    /// The facts of every item with events, as they stood at `untilMillis` (Unix ms, inclusive;
    /// nil: now). With nil the states are the `current` table's, which the fold reproduces.
    public func facts(untilMillis: Int64? = nil) throws -> [String: TaskFacts] {
        let until = untilMillis ?? Int64.max
        return try read { db in
            var slot: [String: Int] = [:]
            var facts: [TaskFacts] = []
            var notes: [[Int64]] = []          // each item's note events, in order
            var undone = Set<Int64>()          // note events an undo up to then reverted
            try Store.step(db, """
                SELECT id, item_id, kind, field, new_value, at, account, undoes_event_id FROM events
                WHERE at <= ? ORDER BY id
                """, until) { s in
                let item = RawColumn.text(s, 1) ?? ""
                let k: Int
                if let known = slot[item] {
                    k = known
                } else {
                    k = facts.count
                    slot[item] = k
                    facts.append(TaskFacts())
                    notes.append([])
                }
                let eventID = sqlite3_column_int64(s, 0), at = sqlite3_column_int64(s, 5)
                let isUndo = RawColumn.equals(s, 2, "undo")
                let field = RawColumn.field(s, 3)
                if field == .status {
                    facts[k].state.status = RawColumn.status(s, 4) ?? .notStarted
                    facts[k].statusMillis = at
                } else {
                    Store.apply(field, RawColumn.text(s, 4), to: &facts[k].state)
                }
                if field == .note {
                    if isUndo {
                        if let reverted = RawColumn.int64(s, 7) { undone.insert(reverted) }
                    } else {
                        notes[k].append(eventID)
                    }
                }
                if facts[k].firstEventMillis == nil { facts[k].firstEventMillis = at }
                facts[k].state.lastEventID = eventID
                facts[k].state.updatedBy = RawColumn.text(s, 6)
                facts[k].state.updatedAt = Double(at) / 1000
            }
            // The newest report not undone: its four parts and time, by id.
            let report = try db.cachedStatement(sql: """
                SELECT at, note_done, note_next, note_problems, note_support FROM events WHERE id = ?
                """)
            let rs = report.sqliteStatement
            for k in facts.indices {
                guard let id = notes[k].last(where: { !undone.contains($0) }) else { continue }
                sqlite3_reset(rs)
                sqlite3_bind_int64(rs, 1, id)
                guard sqlite3_step(rs) == SQLITE_ROW else { continue }
                facts[k].reportMillis = sqlite3_column_int64(rs, 0)
                facts[k].report = ReportParts(done: RawColumn.text(rs, 1), next: RawColumn.text(rs, 2),
                                              problems: RawColumn.text(rs, 3), support: RawColumn.text(rs, 4))
            }
            sqlite3_reset(rs)
            var out: [String: TaskFacts] = [:]
            out.reserveCapacity(slot.count)
            for (id, k) in slot { out[id] = facts[k] }
            return out
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
