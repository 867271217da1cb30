import GRDB
import RiverChiefCore

/// The database schema as an ordered list of named migrations (GRDB `DatabaseMigrator`).
/// A migration, once released, is never edited: a change is a new migration appended here, and
/// docs/state-store.md lists them all.
public enum Schema {
    /// The identifiers of every migration this build knows, oldest first.
    public static var migrationNames: [String] { migrator.migrations }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-events-and-current", migrate: createEventsAndCurrent)
        m.registerMigration("roles-refused-attempts", migrate: createRefused)
        m.registerMigration("v2-target-events", migrate: createTargetEvents)
        m.registerMigration("v3-note-times", migrate: createNoteTimes)
        return m
    }

    /// v1: the append-only `events` log and the `current` table folded from it.
    static func createEventsAndCurrent(_ db: Database) throws {
        let statuses = Status.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let kinds = EventKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let fields = Field.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        try db.execute(sql: """
            CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                batch_id INTEGER NOT NULL,
                item_id TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
                field TEXT NOT NULL CHECK (field IN (\(fields))),
                old_value TEXT,
                new_value TEXT,
                note_done TEXT,
                note_next TEXT,
                note_problems TEXT,
                note_support TEXT,
                account TEXT NOT NULL,
                uid INTEGER NOT NULL,
                host TEXT,
                ssh_client TEXT,
                at INTEGER NOT NULL,
                undoes_event_id INTEGER REFERENCES events(id),
                base_event_id INTEGER,
                CHECK ((kind = 'undo') = (undoes_event_id IS NOT NULL)),
                CHECK (kind = 'undo' OR kind = field)
            );
            CREATE INDEX events_by_item ON events(item_id, id);
            CREATE INDEX events_by_account ON events(account, id);
            CREATE UNIQUE INDEX events_by_undone ON events(undoes_event_id) WHERE undoes_event_id IS NOT NULL;
            CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

            CREATE TABLE current (
                item_id TEXT PRIMARY KEY NOT NULL,
                status TEXT NOT NULL CHECK (status IN (\(statuses))),
                progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
                deadline TEXT,
                last_event_id INTEGER NOT NULL REFERENCES events(id),
                updated_by TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                latest_note TEXT
            );
            """)
    }

    /// The attempts the roles of the configuration refused: who tried what on which item, and why
    /// it was refused. Append-only, like `events`.
    static func createRefused(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE refused (
                id INTEGER PRIMARY KEY,
                item_id TEXT NOT NULL,
                action TEXT NOT NULL,
                attempted TEXT,
                role TEXT NOT NULL,
                reason TEXT NOT NULL,
                account TEXT NOT NULL,
                uid INTEGER NOT NULL,
                host TEXT,
                ssh_client TEXT,
                at INTEGER NOT NULL
            );
            CREATE TRIGGER refused_append_only_update BEFORE UPDATE ON refused
                BEGIN SELECT RAISE(ABORT, 'refused attempts are append-only'); END;
            CREATE TRIGGER refused_append_only_delete BEFORE DELETE ON refused
                BEGIN SELECT RAISE(ABORT, 'refused attempts are append-only'); END;
            """)
    }

    /// v2: the office's own records about targets, append-only like `events`: an indicator's
    /// metric, unit, baseline and goal as the office sets them (not from the speech), and measured
    /// values with the day they were measured.
    static func createTargetEvents(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE target_events (
                id INTEGER PRIMARY KEY,
                target_id TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('indicator', 'value')),
                metric TEXT,
                unit TEXT,
                baseline REAL,
                goal REAL,
                value REAL,
                measured_on TEXT,
                account TEXT NOT NULL,
                uid INTEGER NOT NULL,
                host TEXT,
                ssh_client TEXT,
                at INTEGER NOT NULL,
                CHECK ((kind = 'value') = (value IS NOT NULL AND measured_on IS NOT NULL))
            );
            CREATE INDEX target_events_by_target ON target_events(target_id, id);
            CREATE TRIGGER target_events_append_only_update BEFORE UPDATE ON target_events
                BEGIN SELECT RAISE(ABORT, 'target events are append-only'); END;
            CREATE TRIGGER target_events_append_only_delete BEFORE DELETE ON target_events
                BEGIN SELECT RAISE(ABORT, 'target events are append-only'); END;
            """)
    }

    /// v3: the progress reports by item and time, so the time of each item's newest report (the
    /// dashboard's 未报送, `Store.reportTimes`) is read from the reports alone: at a million events
    /// of which 150,000 are reports, 0.1 s instead of 1.6 s through every event by item.
    static func createNoteTimes(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX events_notes ON events(item_id, at) WHERE kind = 'note'")
    }
}
