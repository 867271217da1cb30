import Foundation
import XCTest
import GRDB
@testable import RiverChiefStore

/// Someone else's SQLite database given with --db is refused and left exactly as it was; a
/// reading open of a missing database creates nothing.
final class ForeignDatabaseTests: StoreTestCase {
    /// A database in WAL mode at `dbPath` made by another GRDB program (or a half-done open of
    /// ours): `sql` run outside any transaction, as GRDB's migrator makes its own table.
    func makeWALDatabase(_ sql: String) throws {
        var config = Configuration()
        config.journalMode = .wal
        try DatabaseQueue(path: dbPath, configuration: config).writeWithoutTransaction { try $0.execute(sql: sql) }
    }

    /// The tables of the file at `dbPath`, by name.
    func tables() throws -> [String] {
        try raw().read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
    }

    func testAnotherProgramsDatabaseIsRefusedAndNotTouched() throws {
        do {
            let other = try DatabaseQueue(path: dbPath) // rollback journal, as most programs leave it
            try other.write { db in
                try db.execute(sql: "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('张三')")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: dbPath))
        let e = assertStoreError("is another program's SQLite database (tables: contacts), not a RiverChief state database; nothing was changed") {
            _ = try self.openFile()
        }
        XCTAssertEqual(e, .foreignDatabase(path: dbPath, tables: ["contacts"]))
        // Byte for byte: no tables added, the journal mode not switched to WAL.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dbPath)), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dbPath + "-wal"))
    }

    func testAForeignDatabaseInWALModeIsRefusedWithoutNewTables() throws {
        try makeWALDatabase("CREATE TABLE a (x); CREATE TABLE b (y)")
        assertStoreError("another program's SQLite database (tables: a, b)") { _ = try self.openFile() }
        XCTAssertEqual(try tables(), ["a", "b"])
    }

    func testAnEmptyFileAndOurOwnDatabaseOpen() throws {
        FileManager.default.createFile(atPath: dbPath, contents: Data())
        let store = try openFile()
        try store.write(Change(status: .done), to: "yr.t.a")
        XCTAssertEqual(try openFile(Self.bob).state(of: "yr.t.a").status, .done)
    }

    /// What a first open killed between GRDB's `grdb_migrations` and its first migration leaves
    /// (and what a second open sees meanwhile): a WAL file with that one table and no rows. It
    /// is ours, half made: it opens, is migrated and records changes, instead of being refused as
    /// another program's from then on.
    func testAFileLeftWithOnlyAnEmptyMigrationsTableOpensAndIsMigrated() throws {
        try makeWALDatabase("CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        let store = try openFile()
        try store.write(Change(status: .done), to: "yr.t.a")
        XCTAssertEqual(try openFile(Self.bob).state(of: "yr.t.a").status, .done)
        let applied = try raw().read { try String.fetchSet($0, sql: "SELECT identifier FROM grdb_migrations") }
        XCTAssertEqual(applied, Set(Schema.migrationNames))
    }

    /// An empty `grdb_migrations` beside another table, or one alone that records another
    /// program's migrations, is another GRDB program's database.
    func testAnEmptyMigrationsTableBesideOtherTablesIsStillForeign() throws {
        try makeWALDatabase("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); CREATE TABLE notes (x)")
        assertStoreError("another program's SQLite database (tables: grdb_migrations, notes)") { _ = try self.openFile() }
    }

    func testAMigrationsTableAloneRecordingAnotherProgramsMigrationsIsForeign() throws {
        try makeWALDatabase("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('contacts-v1')")
        assertStoreError("another program's SQLite database (tables: grdb_migrations)") { _ = try self.openFile() }
        XCTAssertEqual(try tables(), ["grdb_migrations"], "no tables added")
    }

    func testReadingOpensOfAMissingDatabaseCreateNothing() throws {
        let e = assertStoreError("no state database at \(dbPath) yet") {
            _ = try Store.open(flag: self.dbPath, environment: [:], origin: Self.alice, create: false)
        }
        XCTAssertEqual(e, .noDatabase(path: dbPath))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }
}
