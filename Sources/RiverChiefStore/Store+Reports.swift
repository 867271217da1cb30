import Foundation
import GRDB
import GRDBSQLite
import RiverChiefCore

// What the reports need from the history: every item's state as it stood at a moment (the fold of
// its events up to then, as `Store.apply` keeps `current`; `FactsFold`), when it was first
// touched, when its status last changed, and its newest progress report not undone. One pass over
// the log in id order (the table's own order: read sequentially, never through an index), keeping
// per item only what the fold needs; the four parts of each item's newest report are read at the end.

extension Store {
    /// The facts of every item with events, as they stood at `untilMillis` (Unix ms, inclusive;
    /// nil: now). With nil the states are the `current` table's, which the fold reproduces.
    ///
    /// Each row is handed to the fold as SQLite's column bytes (`FactsFold`), without making strings.
    /// An undo is the row with undoes_event_id set (the table's CHECK ties it to kind = 'undo'), so
    /// `kind` is not read.
    ///
    /// Two cores share the work: one thread steps SQLite and numbers each row's item and account
    /// (`FactsFold.Numbering`), handing batches of numbered events to this one, which folds them.
    /// The report parts are read after, in a second read: events are never changed once written
    /// (the schema's triggers refuse it), so an event read by id is the event folded.
    public func facts(untilMillis: Int64?) throws -> [String: TaskFacts] {
        let until = untilMillis ?? Int64.max
        var fold = FactsFold()
        let numbering = NumberingBox()
        try Parallel.pipeline(produce: { send in
            try self.read { db in
                var numbers = FactsFold.Numbering()
                var batch: [FactsFold.Numbered] = []
                batch.reserveCapacity(Self.foldBatch)
                var failure: Error?
                try Store.step(db, """
                    SELECT id, item_id, field, new_value, at, account, undoes_event_id FROM events
                    WHERE at <= ? ORDER BY id
                    """, until) { s in
                    guard failure == nil else { return }
                    let k = RawColumn.withBytes(s, 1) { numbers.slot($0, $1) }
                    let account = RawColumn.withBytes(s, 5) { numbers.accountSlot($0, $1) }
                    let field = RawColumn.field(s, 2)
                    let value: FactsFold.Value
                    switch field {
                    case .status: value = .status(RawColumn.status(s, 3))
                    case .progress: value = .progress(RawColumn.integer(s, 3))
                    case .deadline, .note: value = .text(RawColumn.text(s, 3))
                    }
                    let undoes = RawColumn.int64(s, 6)
                    batch.append(FactsFold.Numbered(id: sqlite3_column_int64(s, 0), slot: Int32(truncatingIfNeeded: k), account: account,
                                                    field: field, value: value, atMillis: sqlite3_column_int64(s, 4),
                                                    undo: undoes.map { .some($0) }))
                    if batch.count == Self.foldBatch {
                        do { try send(batch) } catch { failure = error }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if let failure { throw failure }
                if !batch.isEmpty { try send(batch) }
                numbering.value = numbers
            }
        }, consume: { batch in
            for e in batch { fold.add(e) }
        })
        if let numbers = numbering.value { fold.numbering = numbers }
        return try read { db in
            // The newest report not undone: its four parts and time, by id.
            let report = try db.cachedStatement(sql: """
                SELECT at, note_done, note_next, note_problems, note_support FROM events WHERE id = ?
                """)
            let rs = report.sqliteStatement
            defer { sqlite3_reset(rs) }
            return fold.finish { id in
                sqlite3_reset(rs)
                sqlite3_bind_int64(rs, 1, id)
                guard sqlite3_step(rs) == SQLITE_ROW else { return nil }
                return (sqlite3_column_int64(rs, 0), ReportParts(done: RawColumn.text(rs, 1), next: RawColumn.text(rs, 2),
                                                                 problems: RawColumn.text(rs, 3), support: RawColumn.text(rs, 4)))
            }
        }
    }

    /// Events handed from the reading thread to the folding one at a time.
    nonisolated(unsafe) static var foldBatch = 4096

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

/// The reading thread's numbering, handed to the folding thread when the reading ends.
private final class NumberingBox: @unchecked Sendable {
    var value: FactsFold.Numbering?
}
