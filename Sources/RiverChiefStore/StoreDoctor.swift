import GRDB
import RiverChiefCore

/// What `riverchief doctor` reports about a state database. Reading it never changes anything.
public struct DoctorReport: Sendable {
    /// The database file (or PostgreSQL address).
    public var path: String
    /// Whether this account may only read it.
    public var isReadOnly: Bool
    /// `PRAGMA journal_mode` (expected: wal); for PostgreSQL the server's version.
    public var journalMode: String
    /// Migrations applied to the file, oldest first, and those this build knows.
    public var appliedMigrations: [String]
    public var knownMigrations: [String]
    /// Rows in `events`.
    public var eventCount: Int
    /// Items with a `current` row.
    public var itemCount: Int
    /// `PRAGMA integrity_check` output: ["ok"] when the file is sound. For PostgreSQL, whether the
    /// append-only triggers are in place and no role but the owner may change a table directly.
    public var integrity: [String]
    /// Items whose `current` row disagrees with folding their events (should be empty).
    public var inconsistentItems: [String]
    /// State kept for ids the model library no longer has (sorted by id); nil when no library was given.
    public var orphans: [(id: String, state: ItemState)]?

    public init(path: String, isReadOnly: Bool, journalMode: String, appliedMigrations: [String], knownMigrations: [String],
                eventCount: Int, itemCount: Int, integrity: [String], inconsistentItems: [String],
                orphans: [(id: String, state: ItemState)]?) {
        self.path = path
        self.isReadOnly = isReadOnly
        self.journalMode = journalMode
        self.appliedMigrations = appliedMigrations
        self.knownMigrations = knownMigrations
        self.eventCount = eventCount
        self.itemCount = itemCount
        self.integrity = integrity
        self.inconsistentItems = inconsistentItems
        self.orphans = orphans
    }

    /// The schema version: the newest applied migration.
    public var schemaVersion: String? { appliedMigrations.last }
    /// True when the file is sound and `current` matches the events.
    public var isHealthy: Bool { integrity == ["ok"] && inconsistentItems.isEmpty }
}

extension Store {
    /// Checks the database: integrity, schema, counts, `current` against the events, and — given the
    /// ids of the loaded model library — the items that have state but are no longer in the model.
    /// Nothing is deleted or repaired.
    public func doctor(knownItemIDs: Set<String>?) throws -> DoctorReport {
        try read { db in
            let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            let applied = try Schema.migrator.appliedIdentifiers(db)
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
            let items = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM current") ?? 0
            let inconsistent = try String.fetchAll(db, sql: Store.inconsistencySQL)
            var orphans: [(id: String, state: ItemState)]?
            if let known = knownItemIDs {
                var all: [String: ItemState] = [:]
                try Store.readCurrent(db, db.makeStatement(sql: "SELECT \(Store.currentColumns) FROM current"), into: &all)
                orphans = all.filter { !known.contains($0.key) }.sorted { $0.key < $1.key }.map { (id: $0.key, state: $0.value) }
            }
            let ordered = Schema.migrationNames.filter(applied.contains) + applied.subtracting(Schema.migrationNames).sorted()
            return DoctorReport(path: path, isReadOnly: isReadOnly, journalMode: journal, appliedMigrations: ordered,
                                knownMigrations: Schema.migrationNames, eventCount: events, itemCount: items,
                                integrity: integrity, inconsistentItems: inconsistent, orphans: orphans)
        }
    }

    /// Items whose `current` row is not what their events fold to: a missing or extra row, a
    /// `last_event_id` that is not the item's newest event, or a field that differs from the newest
    /// event setting it (an item no event has set keeps the initial value).
    package static let inconsistencySQL = """
        SELECT item_id FROM (SELECT item_id, MAX(id) AS last FROM events GROUP BY item_id) AS e
            LEFT JOIN current c USING (item_id)
            WHERE c.last_event_id IS NOT e.last
        UNION
        SELECT c.item_id FROM current c
            WHERE NOT EXISTS (SELECT 1 FROM events x WHERE x.item_id = c.item_id)
               OR c.status IS NOT COALESCE((SELECT new_value FROM events x WHERE x.item_id = c.item_id AND x.field = 'status' ORDER BY x.id DESC LIMIT 1), 'not-started')
               OR CAST(c.progress AS TEXT) IS NOT COALESCE((SELECT new_value FROM events x WHERE x.item_id = c.item_id AND x.field = 'progress' ORDER BY x.id DESC LIMIT 1), '0')
               OR c.deadline IS NOT (SELECT new_value FROM events x WHERE x.item_id = c.item_id AND x.field = 'deadline' ORDER BY x.id DESC LIMIT 1)
               OR c.latest_note IS NOT (SELECT new_value FROM events x WHERE x.item_id = c.item_id AND x.field = 'note' ORDER BY x.id DESC LIMIT 1)
        ORDER BY 1
        """
}
