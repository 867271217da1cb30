import Foundation
import GRDB
import RiverChiefCore
#if canImport(Glibc)
import Glibc
#endif

/// The state store: an SQLite file (WAL mode) holding the append-only `events` log and the
/// `current` table folded from it, one row per item. Every change is one short `BEGIN IMMEDIATE`
/// transaction that appends its events and updates `current` together, so concurrent writers in
/// other processes serialise on SQLite's write lock and nothing is half-written.
///
/// The dashboard's calls: `Store.open(flag:)` (or `init(path:)`), `isReadOnly`, `snapshot()`,
/// `changes(since:)` on its tick, `write(_:to:base:)` with the `lastEventID` it showed,
/// `undo(itemID:)`, `history(itemID:limit:)`.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    /// True when this account cannot write the database: reads work, every write throws
    /// `StoreError.readOnly`. The dashboard shows a banner.
    public let isReadOnly: Bool
    /// The account and host recorded on this store's writes.
    public let origin: Origin
    let queue: DatabaseQueue

    /// How long a writer waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// Opens the database at `path`, creating it (and, with `createDirectory`, its directory) when
    /// it does not exist, and migrating it to the current schema. A file this account cannot write
    /// opens read-only. Throws `StoreError` with a message for every failure.
    public init(path: String, createDirectory: Bool = false, origin: Origin = .current(), readOnly: Bool = false) throws {
        self.path = path
        self.origin = origin
        let fm = FileManager.default
        let directory = Store.directory(of: path)
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
        try migrateOrCheck()
    }

    /// Opens the database the command line or dashboard asked for: `--db` flag, then `RIVERCHIEF_DB`,
    /// then the per-user default (whose directory is created when missing; an explicit path's is not).
    public static func open(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            origin: Origin = .current()) throws -> Store {
        let path = StoreLocation.resolve(flag: flag, environment: environment)
        let explicit = (flag.map { !$0.isEmpty } ?? false) || !(environment["RIVERCHIEF_DB"] ?? "").isEmpty
        return try Store(path: path, createDirectory: !explicit, origin: origin)
    }

    // MARK: Reading

    /// Every item that has state, by id. One sequential scan of `current`.
    public func snapshot() throws -> [String: ItemState] {
        try read { db in
            var out: [String: ItemState] = [:]
            let stmt = try db.cachedStatement(sql: "SELECT \(Store.currentColumns) FROM current")
            let rows = try Row.fetchCursor(stmt)
            while let row = try rows.next() {
                let (id, state) = Store.itemState(row)
                out[id] = state
            }
            return out
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
            var changed: [String: ItemState] = [:]
            let rows = try Row.fetchCursor(stmt, arguments: maxID < eventID ? [] : [eventID])
            while let row = try rows.next() {
                let (id, state) = Store.itemState(row)
                changed[id] = state
            }
            return (maxID, changed)
        }
    }

    // MARK: Plumbing

    static let currentColumns = "item_id, status, progress, deadline, last_event_id, updated_by, updated_at, latest_note"

    static func itemState(_ row: Row) -> (String, ItemState) {
        let id: String = row[0]
        let statusText: String = row[1]
        let updatedAt: Int64 = row[6]
        return (id, ItemState(status: Status(rawValue: statusText) ?? .notStarted, progress: row[2], deadline: row[3],
                              lastEventID: row[4], updatedBy: row[5], updatedAt: Double(updatedAt) / 1000, latestNote: row[7]))
    }

    static func current(_ db: Database, itemID: String) throws -> ItemState? {
        let stmt = try db.cachedStatement(sql: "SELECT \(currentColumns) FROM current WHERE item_id = ?")
        return try Row.fetchOne(stmt, arguments: [itemID]).map { itemState($0).1 }
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

    static func directory(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
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

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        config.label = "RiverChiefStore"
        if !readOnly {
            config.journalMode = .wal
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                // Keep -wal and -shm after the last connection closes, so accounts that may only
                // read the shared database can still open it (SQLite needs them to read a WAL file).
                try WALFiles.persist(db)
            }
        }
        return config
    }

    static func openQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
        let q = try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly))
        if !readOnly {
            // A commit is on disk before the write returns: a power cut cannot lose a reported change.
            try q.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        }
        return q
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
            return .cannotOpen(path: path, detail: e.message ?? "\(e.resultCode)")
        }
    }

    /// Brings the schema up to date (writable) or checks it is (read-only).
    func migrateOrCheck() throws {
        let migrator = Schema.migrator
        do {
            let (superseded, complete) = try queue.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded { throw StoreError.newerSchema(path: path) }
            if complete { return }
            if isReadOnly { throw StoreError.outdatedReadOnly(path: path) }
            try migrator.migrate(queue)
        } catch let e as StoreError {
            throw e
        } catch {
            throw Store.mapOpenError(error, path: path)
        }
    }
}
