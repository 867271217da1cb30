import GRDBSQLite
import RiverChiefCore
#if canImport(Glibc)
import Glibc
#endif

/// A few items' statuses read straight from an SQLite state database, for a command that reads
/// them and ends (`riverchief list --unit U --status S`).
///
/// `Store`'s open is made for a connection that lives: GRDB's WAL set-up (`journal_mode`,
/// `synchronous`, a look at the `-wal` file, the format check), the migrations' check through
/// GRDB, and, being the last connection, a checkpoint at close (three `fdatasync`, after a mere
/// read). Here one read-only connection is opened through SQLite's C API, the schema's migrations
/// are compared with this build's, each status is read by primary key in one transaction, and the
/// connection is closed (a read-only connection never checkpoints).
///
/// Only a plain case is read here: a regular file in WAL mode (every RiverChief database is, from
/// its creation) whose recorded migrations are exactly this build's. Anything else — no file, a
/// newer or older schema, another program's database, a file SQLite cannot open or read — gives
/// nil, and the caller opens the `Store` as before, which says what is wrong (or migrates) exactly
/// as it always has. The caller decides the privileges the file is opened with (`SharedStore`).
public enum QuickStates {
    /// The status of each of `itemIDs` in the `current` table, in their order (nil: the item has
    /// no state yet; a status the table holds that this build does not know reads as not started,
    /// as `Store` reads it); nil when the database is not the plain case (see above) or any SQLite
    /// call fails.
    public static func statuses(path: String, of itemIDs: [String]) -> [Status?]? {
        guard isWALDatabaseFile(path) else { return nil }
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              let db = connection else { return nil }
        // Another process's write or checkpoint holds a lock only briefly: wait as the store does.
        sqlite3_busy_handler(db, { _, tries in Store.waitForLock(tries: Int(tries)) ? 1 : 0 }, nil)
        // Pages read through a mapping of the file, not one pread(2) each (a few hundred).
        sqlite3_exec(db, "PRAGMA mmap_size = 268435456", nil, nil, nil)
        guard sqlite3_exec(db, "BEGIN", nil, nil, nil) == SQLITE_OK else { return nil }
        defer { sqlite3_exec(db, "COMMIT", nil, nil, nil) }
        guard let applied = identifiers(db, "SELECT identifier FROM grdb_migrations"),
              Set(applied) == Set(Schema.migrationNames) else { return nil }
        return statuses(db, of: itemIDs)
    }

    /// Whether `path` is a regular file whose header says SQLite in WAL mode (bytes 18 and 19 are 2).
    static func isWALDatabaseFile(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var header = [UInt8](repeating: 0, count: 20)
        guard Glibc.read(fd, &header, header.count) == header.count else { return false }
        return header.starts(with: Array("SQLite format 3\0".utf8)) && header[18] == 2 && header[19] == 2
    }

    /// The first column of every row of `sql`, as text; nil when it fails (no such table, …).
    static func identifiers(_ db: OpaquePointer, _ sql: String) -> [String]? {
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let s = statement else { return nil }
        var out: [String] = []
        while true {
            switch sqlite3_step(s) {
            case SQLITE_ROW: out.append(RawColumn.text(s, 0) ?? "")
            case SQLITE_DONE: return out
            default: return nil
            }
        }
    }

    /// The status of each of `itemIDs`, each looked up by its primary key (only the status column:
    /// no row made into an `ItemState`).
    static func statuses(_ db: OpaquePointer, of itemIDs: [String]) -> [Status?]? {
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(db, "SELECT status FROM current WHERE item_id = ?", -1, &statement, nil) == SQLITE_OK,
              let s = statement else { return nil }
        var out: [Status?] = []
        out.reserveCapacity(itemIDs.count)
        for id in itemIDs {
            sqlite3_reset(s)
            var id = id
            guard id.withUTF8({ sqlite3_bind_text(s, 1, $0.baseAddress, Int32($0.count), SQLiteBinding.transient) }) == SQLITE_OK else {
                return nil
            }
            switch sqlite3_step(s) {
            case SQLITE_ROW: out.append(RawColumn.status(s, 0) ?? .notStarted)
            case SQLITE_DONE: out.append(nil)
            default: return nil
            }
        }
        return out
    }
}
