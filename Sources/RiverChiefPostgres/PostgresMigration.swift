#if PostgreSQL
import Foundation
import RiverChiefCore
import RiverChiefStore

/// What `riverchief migrate` did.
public struct MigrationReport: Sendable {
    public var events: (copied: Int, already: Int)
    public var refused: (copied: Int, already: Int)
    public var targetRecords: (copied: Int, already: Int)
    /// Items whose state the two stores fold to, compared: how many, and the ids that differ (none).
    public var itemsCompared: Int
    public var differing: [String]
}

extension PostgresStore {
    /// Copies the SQLite store `source` into this database: every event with its id, batch, times,
    /// accounts, hosts and notes; the refused attempts and the target records; and each item's
    /// current row. Run as the database's owner (people may only append through the functions).
    /// Safe to run again: rows already here are checked to be the same and skipped, only newer ones
    /// are copied; a database whose history differs from the file's is refused, nothing written.
    /// Then both histories are folded to their current states and compared.
    public func migrate(from source: Store) throws -> MigrationReport {
        let events = try source.history()
        let refused = try source.refusedAttempts()
        let targets = try source.targetEventRows()
        let states = try source.snapshot()
        let report = try run(writing: true) { () throws -> MigrationReport in
            try link.transaction {
                try link.query("LOCK TABLE events, current, refused, target_events IN EXCLUSIVE MODE", inTransaction: true)
                // Events already here must be the file's, in the same order.
                let here = try link.rows("SELECT \(Self.eventColumns) FROM events e ORDER BY e.id", inTransaction: true, Self.event)
                for (k, e) in here.enumerated() {
                    guard k < events.count, Self.same(events[k], e) else {
                        throw StoreError.database(path: location, detail: "its history differs from \(source.path) at event \(e.id) "
                            + "(\(e.itemID) by \(e.account)); it is not a copy of that file, so nothing was copied")
                    }
                }
                let newEvents = Array(events.dropFirst(here.count))
                try insertEvents(newEvents)
                let refusedHere = Int(try link.rows("SELECT COUNT(*) FROM refused", inTransaction: true) { try $0[0].decode(Int64.self) }.first ?? 0)
                for r in refused.dropFirst(refusedHere) {
                    try link.query("INSERT INTO refused VALUES ($1, $2, $3, $4, $5, $6, $7, $8::integer, $9, $10, $11)",
                                   [.int(r.id), .text(r.itemID), .text(r.action), .text(r.attempted), .text(r.role), .text(r.reason),
                                    .text(r.account), .int(Int64(r.uid)), .text(r.host), .text(r.sshClient), .int(r.atMillis)], inTransaction: true)
                }
                let targetsHere = Int(try link.rows("SELECT COUNT(*) FROM target_events", inTransaction: true) { try $0[0].decode(Int64.self) }.first ?? 0)
                for t in targets.dropFirst(targetsHere) {
                    try link.query("""
                        INSERT INTO target_events VALUES ($1, $2, $3, $4, $5, $6::float8, $7::float8, $8::float8, $9, $10, $11::integer, $12, $13, $14)
                        """, [.int(t.id), .text(t.targetID), .text(t.kind), .text(t.metric), .text(t.unit), .double(t.baseline),
                              .double(t.goal), .double(t.value), .text(t.measuredOn), .text(t.account), .int(Int64(t.uid)),
                              .text(t.host), .text(t.sshClient), .int(t.atMillis)], inTransaction: true)
                }
                // Each item's current row, as the file has it (the check below folds both).
                for (id, s) in states.sorted(by: { $0.key < $1.key }) where newEvents.contains(where: { $0.itemID == id }) {
                    try link.query("""
                        INSERT INTO current VALUES ($1, $2, $3::integer, $4, $5, $6, $7, $8)
                        ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, progress = excluded.progress,
                            deadline = excluded.deadline, last_event_id = excluded.last_event_id, updated_by = excluded.updated_by,
                            updated_at = excluded.updated_at, latest_note = excluded.latest_note
                        """, [.text(id), .text(s.status.rawValue), .int(Int64(s.progress)), .text(s.deadline), .int(s.lastEventID),
                              .text(s.updatedBy ?? ""), .int(s.updatedAt.map { Int64(($0 * 1000).rounded()) } ?? 0), .text(s.latestNote)], inTransaction: true)
                }
                if !newEvents.isEmpty {
                    try link.query("SELECT pg_notify('\(PostgresSchema.channel)', $1)", [.text(String(newEvents.last?.id ?? 0))], inTransaction: true)
                }
                return MigrationReport(events: (newEvents.count, here.count),
                                       refused: (max(0, refused.count - refusedHere), min(refusedHere, refused.count)),
                                       targetRecords: (max(0, targets.count - targetsHere), min(targetsHere, targets.count)),
                                       itemsCompared: 0, differing: [])
            }
        }
        // Folded from each history, the two must agree item by item (and with each current table).
        let mine = try facts(untilMillis: nil), theirs = try source.facts(untilMillis: nil)
        let ids = Set(mine.keys).union(theirs.keys)
        var out = report
        out.itemsCompared = ids.count
        out.differing = ids.filter { mine[$0] != theirs[$0] }.sorted()
        let doctor = try doctor(knownItemIDs: nil)
        out.differing = Array(Set(out.differing).union(doctor.inconsistentItems)).sorted()
        return out
    }

    static func same(_ a: StateEvent, _ b: StateEvent) -> Bool {
        var x = a, y = b
        x.undoneByEventID = nil
        y.undoneByEventID = nil
        return x == y
    }

    /// Inserts events in chunks (one statement per 200 rows).
    func insertEvents(_ events: [StateEvent]) throws {
        var k = 0
        while k < events.count {
            let chunk = events[k..<min(events.count, k + 200)]
            var values: [String] = []
            var binds: [Bind] = []
            for e in chunk {
                let n = binds.count
                values.append("(" + (1...18).map { i in
                    let p = "$\(n + i)"
                    switch i {
                    case 1, 2, 16, 17, 18: return p + "::bigint"
                    case 13: return p + "::integer"
                    default: return p + "::text"
                    }
                }.joined(separator: ", ") + ")")
                binds += [.int(e.id), .int(e.batchID), .text(e.itemID), .text(e.kind.rawValue), .text(e.field.rawValue),
                          .text(e.oldValue), .text(e.newValue), .text(e.note?.done), .text(e.note?.next), .text(e.note?.problems),
                          .text(e.note?.support), .text(e.account), .int(Int64(e.uid)), .text(e.host), .text(e.sshClient),
                          .int(e.atMillis), .int(e.undoesEventID), .int(e.baseEventID)]
            }
            try link.query("""
                INSERT INTO events (id, batch_id, item_id, kind, field, old_value, new_value, note_done, note_next, note_problems,
                    note_support, account, uid, host, ssh_client, at, undoes_event_id, base_event_id)
                VALUES \(values.joined(separator: ", "))
                """, binds, inTransaction: true)
            k += chunk.count
        }
    }
}
#endif
