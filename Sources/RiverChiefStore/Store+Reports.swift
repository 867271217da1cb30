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
    /// Two cores share the work: one thread steps SQLite and copies each row's columns into a
    /// batch (the item's and account's id bytes side by side in one buffer), handing batches to
    /// this one, which numbers the items and accounts by those bytes and folds. The report parts
    /// are read after, in a second read: events are never changed once written (the schema's
    /// triggers refuse it), so an event read by id is the event folded.
    public func facts(untilMillis: Int64?) throws -> [String: TaskFacts] {
        let until = untilMillis ?? Int64.max
        var fold = FactsFold()
        try Parallel.pipeline(produce: { send in
            try self.read { db in
                var batch = RowBatch(capacity: Self.foldBatch)
                var failure: Error?
                try Store.step(db, """
                    SELECT id, item_id, field, new_value, at, account, undoes_event_id FROM events
                    WHERE at <= ? ORDER BY id
                    """, until) { s in
                    guard failure == nil else { return }
                    let item = RawColumn.withBytes(s, 1) { batch.keep($0, $1) }
                    let account = RawColumn.withBytes(s, 5) { batch.keep($0, $1) }
                    let field = RawColumn.field(s, 2)
                    let value: FactsFold.Value
                    switch field {
                    case .status: value = .status(RawColumn.status(s, 3))
                    case .progress: value = .progress(RawColumn.integer(s, 3))
                    case .deadline, .note: value = .text(RawColumn.text(s, 3))
                    }
                    let undoes = RawColumn.int64(s, 6)
                    batch.rows.append(RowBatch.Row(id: sqlite3_column_int64(s, 0), item: item, account: account, field: field, value: value,
                                                   atMillis: sqlite3_column_int64(s, 4), undo: undoes.map { .some($0) }))
                    if batch.rows.count == Self.foldBatch {
                        do { try send(batch) } catch { failure = error }
                        batch = RowBatch(capacity: Self.foldBatch)
                    }
                }
                if let failure { throw failure }
                if !batch.rows.isEmpty { try send(batch) }
            }
        }, consume: { batch in
            batch.bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }  // never empty: see RowBatch
                for r in batch.rows {
                    let k = fold.slot(base + Int(r.item.start), Int(r.item.count))
                    let a = fold.accountSlot(base + Int(r.account.start), Int(r.account.count))
                    fold.add(id: r.id, slot: k, field: r.field, value: r.value, atMillis: r.atMillis, account: a, undo: r.undo)
                }
            }
        })
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

/// Rows of the event log as the reading thread hands them to the folding one: the columns the fold
/// needs, the item's and the account's id bytes kept side by side in `bytes`.
struct RowBatch {
    struct Row {
        var id: Int64
        var item: (start: Int32, count: Int32)
        var account: (start: Int32, count: Int32)
        var field: Field
        var value: FactsFold.Value
        var atMillis: Int64
        var undo: Int64??
    }

    var rows: [Row] = []
    /// Starts with one byte, so it is never empty (an empty id is a count of 0 anywhere in it).
    var bytes: [UInt8] = [0]

    init(capacity: Int) {
        rows.reserveCapacity(capacity)
        bytes.reserveCapacity(capacity * 40)
    }

    /// Keeps `n` bytes at `p`; where they are in `bytes`.
    mutating func keep(_ p: UnsafeRawPointer, _ n: Int) -> (start: Int32, count: Int32) {
        let start = bytes.count
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
        return (Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: n))
    }
}
