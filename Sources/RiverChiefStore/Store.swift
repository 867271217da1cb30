import Foundation
import GRDB
import GRDBSQLite
import RiverChiefCore
#if canImport(Glibc)
import Glibc
#endif

/// The state store: an SQLite file (WAL mode) holding the append-only `events` log and the
/// `current` table folded from it, one row per item. Every change is one short `BEGIN IMMEDIATE`
/// transaction that appends its events and updates `current` together, so concurrent writers in
/// other processes serialise on SQLite's write lock and nothing is half-written.
///
/// The dashboard's calls: `Store.open(flag:)` (or `init(path:)`), `isReadOnly`, `snapshotWithLastID()`,
/// `changes(since:)` on its tick, `write(_:to:base:)` with the `lastEventID` it showed,
/// `undo(itemID:)`, `history(itemID:limit:)`.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    /// True when this account cannot write the database: reads work, every write throws
    /// `StoreError.readOnly`. The dashboard shows a banner.
    public let isReadOnly: Bool
    /// Why the store is read-only (the file's mode, owner or group), found at open; nil when writable.
    public let readOnlyCause: String?
    /// The account and host recorded on this store's writes.
    public let origin: Origin
    /// Who may change what (the roles of the configuration); nil lets every write through.
    public let writeGuard: WriteGuard?
    /// How its files are reached by path (with a setgid binary's group raised, or directly).
    public let fileAccess: FileAccess
    let queue: DatabaseQueue

    /// The size the -wal file is cut back to when the log starts over (a thousand 4 KB pages are
    /// checkpointed automatically: the log rarely passes it); at the last close it is emptied.
    static let walSizeLimit = 4 << 20

    /// How long a writer waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// Opens the database at `path`, creating it (and, with `createDirectory`, its directory) when
    /// it does not exist, and migrating it to the current schema. A file this account cannot write
    /// opens read-only. Throws `StoreError` with a message for every failure.
    public init(path: String, createDirectory: Bool = false, origin: Origin = .current(), readOnly: Bool = false,
                writeGuard: WriteGuard? = nil, fileAccess: FileAccess = .direct) throws {
        self.path = path
        self.origin = origin
        self.writeGuard = writeGuard
        self.fileAccess = fileAccess
        let fm = FileManager.default
        let directory = try StorePath.check(path)
        var isDir: ObjCBool = false
        if !fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard createDirectory else { throw StoreError.directoryMissing(path: path, directory: directory) }
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, detail: "cannot create the directory \(directory): \(error.localizedDescription)")
            }
        } else if !isDir.boolValue {
            throw StoreError.cannotOpen(path: path, detail: "\(directory) is not a directory")
        }
        let exists = fm.fileExists(atPath: path, isDirectory: &isDir)
        if exists && isDir.boolValue { throw StoreError.cannotOpen(path: path, detail: "it is a directory") }
        if exists && !Store.canAccess(path, R_OK) {
            throw StoreError.cannotOpen(path: path, detail: "you (account \(origin.account)) may not read it")
        }
        if !exists && !Store.canAccess(directory, W_OK | X_OK) {
            throw StoreError.cannotCreate(path: path, directory: directory, account: origin.account)
        }
        if !exists && !readOnly {
            // The new file takes its directory's read and write bits, whatever the umask: a shared
            // directory (2770 root:riverchief) gives 0660, a private one 0644 or 0600. SQLite gives
            // the -wal and -shm files the same mode. An empty file is an empty database.
            let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 {
                _ = fchmod(fd, Store.fileMode(forDirectory: directory))
                Glibc.close(fd)
            }
        }
        if exists { try Store.refuseForeignRollbackFile(path: path) }
        var writable = !readOnly && (!exists || Store.canWrite(existing: path, directory: directory))
        var opened: DatabaseQueue
        do {
            opened = try Store.openQueue(path: path, readOnly: !writable)
        } catch let error as DatabaseError where writable && Store.isPermissionFailure(error) {
            writable = false
            opened = try Store.openReadOnlyMapped(path: path)
        } catch let error as DatabaseError where !writable && Store.isPermissionFailure(error) {
            // WAL files missing and the directory not writable: read the file as it stands.
            opened = try Store.openReadOnlyMapped(path: path, immutable: true)
        } catch {
            throw Store.mapOpenError(error, path: path)
        }
        self.queue = opened
        self.isReadOnly = !writable
        self.readOnlyCause = writable ? nil : (readOnly ? "it was opened read-only" : AccessCause.readOnly(path: path, directory: directory))
        try migrateOrCheck()
    }

    /// Opens the database the command line or dashboard asked for: `--db` flag, then `RIVERCHIEF_DB`,
    /// then the per-user default (whose directory is created when missing; an explicit path's is not).
    /// With `create` false (reading commands) a missing database is `StoreError.noDatabase`, not created.
    public static func open(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            origin: Origin = .current(), create: Bool = true, writeGuard: WriteGuard? = nil) throws -> Store {
        let path = StoreLocation.resolve(flag: flag, environment: environment)
        let explicit = (flag.map { !$0.isEmpty } ?? false) || !(environment["RIVERCHIEF_DB"] ?? "").isEmpty
        return try open(path: path, explicit: explicit, origin: origin, create: create, writeGuard: writeGuard)
    }

    /// Opens the database at `path`: `explicit` when someone named it (its directory is then not
    /// created), `create` false for reading commands (a missing database is `StoreError.noDatabase`).
    public static func open(path: String, explicit: Bool, origin: Origin = .current(), create: Bool = true,
                            writeGuard: WriteGuard? = nil, fileAccess: FileAccess = .direct) throws -> Store {
        if !create {
            let directory = try StorePath.check(path)
            var st = stat()
            if stat(path, &st) != 0 && errno == ENOENT {
                // An explicit path in a folder that does not exist is a typo, not "nothing yet".
                if explicit && stat(directory, &st) != 0 { throw StoreError.directoryMissing(path: path, directory: directory) }
                throw StoreError.noDatabase(path: path)
            }
        }
        return try Store(path: path, createDirectory: !explicit, origin: origin, writeGuard: writeGuard, fileAccess: fileAccess)
    }

    // MARK: Reading

    /// `snapshot()` and the newest event id, read in one transaction: the starting point for
    /// `changes(since:)` with no change missed in between. A dashboard opens with this.
    public func snapshotWithLastID() throws -> (lastID: Int64, states: [String: ItemState]) {
        try read { db in
            var out: [String: ItemState] = [:]
            out.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM current") ?? 0)
            try Store.readCurrent(db, db.cachedStatement(sql: "SELECT \(Store.currentColumns) FROM current"), into: &out)
            return (try Store.maxEventID(db), out)
        }
    }

    /// The state of one item (`ItemState.initial` when it has none).
    public func state(of itemID: String) throws -> ItemState {
        try read { db in try Store.current(db, itemID: itemID) ?? .initial }
    }

    /// The id of the newest event, 0 when there is none. Start `changes(since:)` from this.
    public func lastEventID() throws -> Int64 {
        try read { db in try Store.maxEventID(db) }
    }

    /// What changed after event `eventID`: the newest event id now, and the current state of every
    /// item touched since. Cheap when nothing changed (one index lookup), so a dashboard can call it
    /// on every tick. If `eventID` is beyond the newest event (the database was replaced), every item
    /// is returned.
    public func changes(since eventID: Int64) throws -> (lastID: Int64, changed: [String: ItemState]) {
        try read { db in
            let maxID = try Store.maxEventID(db)
            if maxID == eventID { return (maxID, [:]) }
            let sql = maxID < eventID
                ? "SELECT \(Store.currentColumns) FROM current"
                : "SELECT \(Store.currentColumns) FROM current WHERE item_id IN (SELECT item_id FROM events WHERE id > ?)"
            let stmt = try db.cachedStatement(sql: sql)
            stmt.arguments = maxID < eventID ? [] : [eventID]
            var changed: [String: ItemState] = [:]
            try Store.readCurrent(db, stmt, into: &changed)
            return (maxID, changed)
        }
    }

    // MARK: Plumbing

    static let currentColumns = "item_id, status, progress, deadline, last_event_id, updated_by, updated_at, latest_note"

    /// Steps `statement` (selecting `currentColumns`, arguments bound) and stores each row in
    /// `states`. Steps and reads the columns straight through SQLite's C API and moves each state
    /// into the dictionary: `snapshot()` of 100,000 rows spends its time here.
    static func readCurrent(_ db: Database, _ statement: Statement, into states: inout [String: ItemState]) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        defer { sqlite3_reset(s) }
        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            states[RawColumn.text(s, 0) ?? ""] = ItemState(
                status: RawColumn.status(s, 1) ?? .notStarted, progress: Int(sqlite3_column_int64(s, 2)),
                deadline: RawColumn.text(s, 3), lastEventID: RawColumn.int64(s, 4), updatedBy: RawColumn.text(s, 5),
                updatedAt: Double(sqlite3_column_int64(s, 6)) / 1000, latestNote: RawColumn.text(s, 7))
        }
    }

    static func current(_ db: Database, itemID: String) throws -> ItemState? {
        let stmt = try db.cachedStatement(sql: "SELECT \(currentColumns) FROM current WHERE item_id = ?")
        stmt.arguments = [itemID]
        var found: [String: ItemState] = [:]
        try readCurrent(db, stmt, into: &found)
        return found[itemID]
    }

    static func maxEventID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM events")) ?? 0
    }

    /// Runs a read, turning SQLite failures into `StoreError`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw Store.mapOpenError(error, path: path)
        }
    }

    /// The mode of a new database: its directory's read and write bits (2770 → 0660, 0755 → 0644).
    static func fileMode(forDirectory directory: String) -> mode_t {
        var st = stat()
        guard stat(directory, &st) == 0 else { return 0o600 }
        return (st.st_mode & 0o666) | 0o600
    }

    /// access(2) with the effective ids (what the kernel will check when SQLite opens the file).
    static func canAccess(_ path: String, _ mode: Int32) -> Bool {
        faccessat(AT_FDCWD, path, mode, AT_EACCESS) == 0
    }

    /// Whether an existing database can be written: the file, and either its directory (SQLite
    /// creates `-wal` and `-shm` there) or both of those files already writable.
    static func canWrite(existing path: String, directory: String) -> Bool {
        guard canAccess(path, W_OK) else { return false }
        if canAccess(directory, W_OK | X_OK) { return true }
        return canAccess(path + "-wal", W_OK) && canAccess(path + "-shm", W_OK)
    }

    /// The busy handler: while another process holds the write lock, poll every 0.1 ms at first,
    /// then every 0.5 ms, for up to `busyTimeout`. SQLite's own timeout handler sleeps up to 100 ms
    /// between tries, so a waiting writer could miss many chances while others write in a loop;
    /// polling briefly keeps a write within a few milliseconds under contention.
    static func waitForLock(tries: Int) -> Bool {
        let fast = 20
        if tries < fast {
            usleep(100)
            return true
        }
        let waited = Double(fast) * 0.0001 + Double(tries - fast) * 0.0005
        guard waited < busyTimeout else { return false }
        usleep(500)
        return true
    }

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .callback(Store.waitForLock)
        config.label = "RiverChiefStore"
        if !readOnly {
            config.journalMode = .wal
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                // Keep -wal and -shm after the last connection closes, so accounts that may only
                // read the shared database can still open it (SQLite needs them to read a WAL file).
                try WALFiles.persist(db)
                // The last connection's close, once it has copied the log into the database, empties
                // the -wal file (kept, at 0 bytes), and a log reset in use cuts it back to this size:
                // the first connection of the next process rebuilds its index from the whole log
                // (every frame read and checksummed), 4 MB after 7,000 writes, about 4 ms of each
                // `list --status` or `set` that followed (docs/performance.md).
                try db.execute(sql: "PRAGMA journal_size_limit = \(Store.walSizeLimit)")
            }
        }
        return config
    }

    static func openQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
        // Writable connections run WAL with synchronous = NORMAL (GRDB's WAL set-up): a commit
        // survives the process being killed; only a power cut can lose the last commits before a
        // checkpoint, never corrupt the file. FULL costs an fsync per commit (about 5 ms on this
        // machine's disk), which would break the 10 ms write target under contention;
        // docs/state-store.md has the figures.
        try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly))
    }

    static func openReadOnlyMapped(path: String, immutable: Bool = false) throws -> DatabaseQueue {
        do {
            if immutable {
                var allowed = CharacterSet.urlPathAllowed
                allowed.remove(charactersIn: "?#%")
                let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
                return try openQueue(path: "file:" + encoded + "?immutable=1", readOnly: true)
            }
            return try openQueue(path: path, readOnly: true)
        } catch {
            throw mapOpenError(error, path: path)
        }
    }

    static func isPermissionFailure(_ error: DatabaseError) -> Bool {
        [.SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH].contains(error.resultCode)
    }

    static func mapOpenError(_ error: Error, path: String) -> StoreError {
        if let e = error as? StoreError { return e }
        guard let e = error as? DatabaseError else {
            return .cannotOpen(path: path, detail: "\(error)")
        }
        switch e.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .notADatabase(path: path, detail: e.message ?? "\(e.resultCode)")
        default:
            return .cannotOpen(path: path, detail: SQLiteMessages.explain(e, path: path, writing: false))
        }
    }

    /// Brings the schema up to date (writable) or checks it is (read-only).
    func migrateOrCheck() throws {
        let migrator = Schema.migrator
        do {
            let (foreign, superseded, complete) = try queue.read { db in
                (try Store.foreignTables(db), try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            // Another program's database: never add riverchief's tables to it.
            if !foreign.isEmpty { throw StoreError.foreignDatabase(path: path, tables: foreign) }
            if superseded { throw StoreError.newerSchema(path: path) }
            if complete { return }
            if isReadOnly { throw StoreError.outdatedReadOnly(path: path) }
            do {
                try migrator.migrate(queue)
            } catch {
                // Another process may have migrated the new file at the same moment.
                if try queue.read({ try migrator.hasCompletedMigrations($0) }) { return }
                throw error
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw Store.mapOpenError(error, path: path)
        }
    }
}
