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
    ///
    /// At a million events this is most of a report's work, so each row is read from SQLite's
    /// buffers without making strings: the item is numbered by its id's bytes (`ByteSlots`), the
    /// account by its bytes among the few seen, a progress parsed from its digits; only a deadline
    /// or a note's text becomes a string. Each item's id becomes a string once, at the end.
    public func facts(untilMillis: Int64? = nil) throws -> [String: TaskFacts] {
        let until = untilMillis ?? Int64.max
        return try read { db in
            var slots = ByteSlots()
            var previous: [UInt8] = [], previousSlot = 0
            var items: [Folding] = []              // per item, by slot
            var deadlines: [String?] = [], latestNotes: [String?] = []
            var accounts = ByteSlots(capacity: 64)
            var notes: [(item: Int32, event: Int64)] = []   // every note event, in id order
            var undone = Set<Int64>()          // note events an undo up to then reverted
            // An undo is the row with undoes_event_id set (the table's CHECK ties it to kind = 'undo'),
            // so `kind` is not read.
            try Store.step(db, """
                SELECT id, item_id, field, new_value, at, account, undoes_event_id FROM events
                WHERE at <= ? ORDER BY id
                """, until) { s in
                // A quarter of the rows are on the same item as the row before (a status and its progress).
                let k = RawColumn.withBytes(s, 1) { p, n -> Int in
                    if n > 0, n == previous.count, previous.withUnsafeBytes({ memcmp($0.baseAddress!, p, n) }) == 0 {
                        return previousSlot
                    }
                    previous.removeAll(keepingCapacity: true)
                    previous.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
                    previousSlot = slots.slot(p, n)
                    return previousSlot
                }
                let eventID = sqlite3_column_int64(s, 0), at = sqlite3_column_int64(s, 4)
                if k == items.count {
                    items.append(Folding(firstAt: at))
                    deadlines.append(nil)
                    latestNotes.append(nil)
                }
                let account = Int32(truncatingIfNeeded: RawColumn.withBytes(s, 5) { accounts.slot($0, $1) })
                items.withUnsafeMutableBufferPointer { all in
                    switch RawColumn.field(s, 2) {
                    case .status:
                        all[k].status = RawColumn.status(s, 3) ?? .notStarted
                        all[k].statusAt = at
                    case .progress:
                        all[k].progress = RawColumn.integer(s, 3) ?? 0
                    case .deadline:
                        deadlines[k] = RawColumn.text(s, 3)
                    case .note:
                        latestNotes[k] = RawColumn.text(s, 3)
                        if let reverted = RawColumn.int64(s, 6) {
                            undone.insert(reverted)
                        } else {
                            notes.append((Int32(truncatingIfNeeded: k), eventID))
                        }
                    }
                    all[k].lastID = eventID
                    all[k].lastAt = at
                    all[k].account = account
                }
            }
            let names = (0..<accounts.count).map { accounts.key($0) }
            var facts = items.indices.map { k in
                let f = items[k]
                return TaskFacts(state: ItemState(status: f.status, progress: f.progress, deadline: deadlines[k], lastEventID: f.lastID,
                                                  updatedBy: names[Int(f.account)], updatedAt: Double(f.lastAt) / 1000,
                                                  latestNote: latestNotes[k]),
                                 firstEventMillis: f.firstAt, statusMillis: f.statusAt == Folding.never ? nil : f.statusAt)
            }
            items = []
            deadlines = []
            latestNotes = []
            // The newest report not undone: its four parts and time, by id.
            var newest = [Int64](repeating: -1, count: facts.count)
            for n in notes.reversed() where newest[Int(n.item)] < 0 && !undone.contains(n.event) {
                newest[Int(n.item)] = n.event
            }
            let report = try db.cachedStatement(sql: """
                SELECT at, note_done, note_next, note_problems, note_support FROM events WHERE id = ?
                """)
            let rs = report.sqliteStatement
            // In id order: the B-tree's pages are visited in order.
            for k in facts.indices.filter({ newest[$0] >= 0 }).sorted(by: { newest[$0] < newest[$1] }) {
                sqlite3_reset(rs)
                sqlite3_bind_int64(rs, 1, newest[k])
                guard sqlite3_step(rs) == SQLITE_ROW else { continue }
                facts[k].reportMillis = sqlite3_column_int64(rs, 0)
                facts[k].report = ReportParts(done: RawColumn.text(rs, 1), next: RawColumn.text(rs, 2),
                                              problems: RawColumn.text(rs, 3), support: RawColumn.text(rs, 4))
            }
            sqlite3_reset(rs)
            var out: [String: TaskFacts] = [:]
            out.reserveCapacity(facts.count)
            for k in facts.indices { out[slots.key(k)] = facts[k] }
            return out
        }
    }

    /// What the fold keeps of an item while it reads the log: one small record, so a row touches
    /// one cache line of it (strings, rare, are kept beside it).
    struct Folding {
        static let never = Int64.min
        var firstAt: Int64
        var lastAt: Int64 = 0
        var lastID: Int64 = 0
        var statusAt: Int64 = never
        var progress = 0
        var account: Int32 = 0
        var status: Status = .notStarted

        init(firstAt: Int64) { self.firstAt = firstAt }
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
