import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import RiverChiefCore
@testable import RiverChiefStore

/// `QuickStates`, the statuses read straight from the SQLite file for `list --status`: the same
/// as the store's read on a real database, nothing written by the read, and nil (so the
/// store's open runs and says what is wrong) for every database that is not plainly this build's.
final class QuickStatesTests: StoreTestCase {
    /// A database with statuses, progress, deadlines and reports written by two accounts.
    func writeHistory() throws -> [String] {
        let alice = try openFile()
        let bob = try openFile(Self.bob)
        try alice.write(Change(status: .inProgress, progress: 40, deadline: .set("2026-06-30"),
                               note: ProgressNote(done: "已召开第一次联席会议", next: "制定年度工作要点", problems: "部门协调难")), to: "yr.t.meet")
        try bob.write(Change(status: .behind), to: "yr.t.water")
        try alice.write(Change(status: .done, progress: 100), to: "yr.t.water")
        try bob.write(Change(status: .blocked, note: ProgressNote(support: "请市财政局保障经费")), to: "yr.t.soil")
        try alice.write(Change(deadline: .set("2026-12-31")), to: "yr.t.soil")
        try alice.undo(itemID: "yr.t.soil")
        for k in 0..<300 { try bob.write(Change(status: k % 2 == 0 ? .behind : .inProgress, progress: k % 101), to: "yr.t.n\(k)") }
        return ["yr.t.meet", "yr.t.water", "yr.t.soil", "yr.t.never-written", "yr.t.meet"] + (0..<300).map { "yr.t.n\($0)" }
    }

    func testTheSameStatusesAsTheStoreReads() throws {
        let ids = try writeHistory()
        let quick = try XCTUnwrap(QuickStates.statuses(path: dbPath, of: ids))
        let store = try openFile().states(of: ids)
        XCTAssertEqual(quick, ids.map { store[$0]?.status })
        XCTAssertEqual(quick.compactMap { $0 }.count, 304, "every id with a state, the repeated one twice")
        XCTAssertEqual(quick[0], .inProgress)
        XCTAssertEqual(quick[1], .done)
        XCTAssertEqual(quick[2], .blocked, "the deadline's undo leaves the status")
        XCTAssertNil(quick[3], "never written")
        XCTAssertEqual(quick[4], .inProgress)
        XCTAssertEqual(quick[5...].compactMap { $0 }, (0..<300).map { $0 % 2 == 0 ? Status.behind : .inProgress })
        XCTAssertEqual(QuickStates.statuses(path: dbPath, of: []), [])
        // A status this build does not know (written by hand) reads as not started, as the store reads it.
        try execute("PRAGMA ignore_check_constraints = ON; UPDATE current SET status = 'someday' WHERE item_id = 'yr.t.meet'")
        XCTAssertEqual(try openFile().states(of: ["yr.t.meet"])["yr.t.meet"]?.status, .notStarted)
        XCTAssertEqual(QuickStates.statuses(path: dbPath, of: ["yr.t.meet"]), [.notStarted])
    }

    func testAReadWritesNothingToTheDatabaseOrItsLog() throws {
        let ids = try writeHistory()
        // The stores are closed: the next connection is the only one, as for a command.
        func modified(_ path: String) -> timespec {
            var st = stat()
            return stat(path, &st) == 0 ? st.st_mtim : timespec()
        }
        func same(_ a: timespec, _ b: timespec) -> Bool { a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec }
        let files = [dbPath, dbPath + "-wal"]
        let before = files.map(modified)
        let bytes = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        usleep(20_000)
        XCTAssertNotNil(QuickStates.statuses(path: dbPath, of: ids))
        XCTAssertTrue(zip(files.map(modified), before).allSatisfy(same), "the read wrote to \(files)")
        XCTAssertEqual(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }, bytes)
        // What the store's open does, for comparison: the last connection's close checkpoints,
        // writing the log's pages into the database file.
        _ = try openFile().states(of: ids)
        XCTAssertFalse(same(modified(dbPath), before[0]), "the store's read and close did not write: this test could not fail")
        // Writes still in the log (another process has the database open, so nothing was copied
        // into the file yet) are read: the state of the newest.
        let open = try openFile()
        try open.write(Change(status: .notStarted), to: "yr.t.water")
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: dbPath + "-wal")[.size] as? Int ?? 0, 0)
        XCTAssertEqual(QuickStates.statuses(path: dbPath, of: ["yr.t.water"]), [.notStarted])
        try open.write(Change(status: .behind), to: "yr.t.water")
        XCTAssertEqual(QuickStates.statuses(path: dbPath, of: ["yr.t.water"]), [.behind])
    }

    func testANewerSchemaIsLeftToTheStoreWhichRefusesIt() throws {
        let ids = try writeHistory()
        try execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        XCTAssertNil(QuickStates.statuses(path: dbPath, of: ids))
        assertStoreError("written by a newer riverchief") { _ = try self.openFile() }
    }

    func testAnOlderSchemaIsLeftToTheStoreWhichMigratesIt() throws {
        let ids = try writeHistory()
        try execute("DROP INDEX events_notes; DELETE FROM grdb_migrations WHERE identifier = 'v3-note-times'")
        XCTAssertNil(QuickStates.statuses(path: dbPath, of: ids))
        _ = try openFile()
        let states = try openFile().states(of: ids)
        XCTAssertEqual(QuickStates.statuses(path: dbPath, of: ids), ids.map { states[$0]?.status })
    }

    func testAnythingButThisBuildsDatabaseIsLeftToTheStore() throws {
        XCTAssertNil(QuickStates.statuses(path: dbPath, of: ["a"]), "no file")
        XCTAssertTrue(FileManager.default.createFile(atPath: dbPath, contents: Data()))
        XCTAssertNil(QuickStates.statuses(path: dbPath, of: ["a"]), "an empty file")
        try Data("not a database at all, but long enough for a header".utf8).write(to: URL(fileURLWithPath: dbPath))
        XCTAssertNil(QuickStates.statuses(path: dbPath, of: ["a"]), "another kind of file")
        try FileManager.default.removeItem(atPath: dbPath)
        try DatabaseQueue(path: dbPath).write { try $0.execute(sql: "CREATE TABLE contacts (name TEXT)") }
        XCTAssertNil(QuickStates.statuses(path: dbPath, of: ["a"]), "another program's database, rollback journal")
        try FileManager.default.removeItem(atPath: dbPath)
        var config = Configuration()
        config.journalMode = .wal
        try DatabaseQueue(path: dbPath, configuration: config).write { try $0.execute(sql: "CREATE TABLE contacts (name TEXT)") }
        XCTAssertNil(QuickStates.statuses(path: dbPath, of: ["a"]), "another program's database, WAL")
        XCTAssertNil(QuickStates.statuses(path: dir.path, of: ["a"]), "a folder")
    }
}
