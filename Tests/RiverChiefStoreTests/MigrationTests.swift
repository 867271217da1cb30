import XCTest
import GRDB
@testable import RiverChiefStore

final class MigrationTests: StoreTestCase {
    func testNewDatabaseIsWALWithEveryMigrationApplied() throws {
        let store = try openFile()
        XCTAssertFalse(store.isReadOnly)
        let report = try store.doctor()
        XCTAssertEqual(report.journalMode, "wal")
        XCTAssertEqual(report.appliedMigrations, ["v1-events-and-current", "roles-refused-attempts", "v2-target-events", "v3-note-times"])
        XCTAssertEqual(report.schemaVersion, "v3-note-times")
        XCTAssertEqual(report.eventCount, 0)
        XCTAssertEqual(report.integrity, ["ok"])
        let tables = try raw().read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        XCTAssertTrue(tables.contains("events") && tables.contains("current") && tables.contains("target_events"), "\(tables)")
    }

    func testReopeningKeepsDataAndDoesNotMigrateAgain() throws {
        try openFile().write(Change(status: .inProgress), to: "yr.t.a")
        let again = try openFile()
        XCTAssertEqual(try again.state(of: "yr.t.a").status, .inProgress)
        let count = try raw().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grdb_migrations") }
        XCTAssertEqual(count, Schema.migrationNames.count)
    }

    func testDatabaseFromANewerVersionIsRefused() throws {
        _ = try openFile()
        try raw().write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        assertStoreError("written by a newer riverchief") { _ = try self.openFile() }
    }

    func testEventsAreAppendOnlyEvenForRawSQL() throws {
        try openFile().write(Change(progress: 10), to: "yr.t.a")
        XCTAssertThrowsError(try raw().write { try $0.execute(sql: "UPDATE events SET new_value = '99'") })
        XCTAssertThrowsError(try raw().write { try $0.execute(sql: "DELETE FROM events") })
        XCTAssertEqual(try openFile().history(itemID: "yr.t.a").map(\.newValue), ["10"])
    }

    func testWALSideFilesStayAfterClose() throws {
        do {
            let store = try openFile()
            try store.write(Change(status: .done), to: "yr.t.a")
        }
        // Readers without write access need them (see docs/state-store.md).
        XCTAssertTrue(FileManager.default.fileExists(atPath: dbPath + "-wal"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dbPath + "-shm"))
        // Emptied, once copied into the database: the next process has no log to read through.
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dbPath + "-wal")[.size] as? Int, 0)
        XCTAssertEqual(try openFile().state(of: "yr.t.a").status, .done)
    }
}
