import Foundation
import XCTest
import GRDB
@testable import RiverChiefStore
@testable import RiverChiefPostgres
#if canImport(Glibc)
import Glibc
#endif

/// Which store a test runs against. The behaviour suites (writes, conflicts, undo, changes,
/// history, doctor, report facts, the role guard) are written once against `StateStore` and run on
/// both: each has a `…PostgreSQL` subclass that only overrides `backend`.
enum Backend {
    case sqlite, postgres
}

/// A temporary directory per test, removed afterwards; databases in it are real SQLite files.
/// On the PostgreSQL backend, a fresh database per test on the server `RIVERCHIEF_TEST_PG` names
/// (set up by `.ci/run`), dropped afterwards; the test is skipped, saying why, without one.
class StoreTestCase: XCTestCase {
    var dir: URL!
    /// Overridden by the PostgreSQL subclasses.
    class var backend: Backend { .sqlite }
    var pg: PostgresTestDatabase?

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Readable by the unprivileged account the permission tests switch to.
        chmod(dir.path, 0o755)
        if Self.backend == .postgres { pg = try PostgresTestDatabase.make() }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
        pg?.drop()
        pg = nil
    }

    var dbPath: String { dir.appendingPathComponent("state.sqlite").path }

    static let alice = Origin(account: "alice", uid: 1001, host: "office1", sshClient: "10.0.0.5")
    static let bob = Origin(account: "bob", uid: 1002, host: "office1", sshClient: "10.0.0.6")

    /// The store as `origin` sees it: on SQLite the file with that origin; on PostgreSQL a
    /// connection that logs in as the role named like the account (the server records it).
    func open(_ origin: Origin = StoreTestCase.alice, path: String? = nil, writeGuard: WriteGuard? = nil) throws -> any StateStore {
        if let pg { return try pg.open(origin, writeGuard: writeGuard) }
        return try Store(path: path ?? dbPath, origin: origin, writeGuard: writeGuard)
    }

    /// The SQLite store itself, for the tests of the file (SQLite only).
    func openFile(_ origin: Origin = StoreTestCase.alice, path: String? = nil) throws -> Store {
        try Store(path: path ?? dbPath, origin: origin)
    }

    /// A raw GRDB connection to the same file, for checks that must not go through the store.
    func raw(path: String? = nil) throws -> DatabaseQueue {
        try DatabaseQueue(path: path ?? dbPath)
    }

    /// Runs `sql` past the store, as the database's owner (SQLite: the file; PostgreSQL: the
    /// role that set the database up): a hand edit, a fixture.
    func execute(_ sql: String) throws {
        #if PostgreSQL
        if let pg { return try pg.owner.script(sql) }
        #endif
        try raw().write { try $0.execute(sql: sql) }
    }

    /// Moves event `id` `millis` back in time, past the append-only guard (a fixture only).
    func backdate(event id: Int64, by millis: Int64) throws {
        if pg != nil {
            try execute("""
                ALTER TABLE events DISABLE TRIGGER events_append_only;
                UPDATE events SET at = at - \(millis) WHERE id = \(id);
                ALTER TABLE events ENABLE TRIGGER events_append_only;
                """)
        } else {
            try raw().write { db in
                try db.execute(sql: "DROP TRIGGER events_append_only_update")
                try db.execute(sql: "UPDATE events SET at = at - \(millis) WHERE id = \(id)")
                try db.execute(sql: "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END")
            }
        }
    }

    /// A value as an SQL literal, for fixtures written as one statement for both backends.
    func literal(_ v: Any?) -> String {
        switch v {
        case nil: return "NULL"
        case let s as String: return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case let i as Int64: return String(i)
        case let i as Int: return String(i)
        case let o as Optional<Any>:
            if case .some(let w) = o { return literal(w) }
            return "NULL"
        default: return "\(v!)"
        }
    }

    /// Runs `body` with the effective uid/gid of `nobody` when the tests run as root (root ignores
    /// file permissions), so permission checks are real. As another user, runs it as is.
    func asUnprivileged<T>(_ body: () throws -> T) throws -> T {
        guard geteuid() == 0 else { return try body() }
        guard setegid(65534) == 0, seteuid(65534) == 0 else {
            throw XCTSkip("cannot switch to an unprivileged uid here")
        }
        defer {
            _ = seteuid(0)
            _ = setegid(0)
        }
        return try body()
    }

    /// Asserts `body` throws the given store error description fragment, returning the error.
    @discardableResult
    func assertStoreError(_ fragment: String, file: StaticString = #filePath, line: UInt = #line,
                          _ body: () throws -> Void) -> StoreError? {
        do {
            try body()
            XCTFail("expected an error containing \"\(fragment)\"", file: file, line: line)
        } catch let e as StoreError {
            XCTAssertTrue(e.description.contains(fragment), "\(e.description)", file: file, line: line)
            return e
        } catch {
            XCTFail("expected a StoreError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
