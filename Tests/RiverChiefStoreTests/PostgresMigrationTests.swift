import Foundation
import XCTest
import RiverChiefCore
@testable import RiverChiefStore
@testable import RiverChiefPostgres

// PostgresStore exists only with the PostgreSQL trait; without it the other PostgreSQL suites
// skip and print why (PostgresTestDatabase.skipReason).
#if PostgreSQL
/// Issue 14, item 4: an SQLite history carried over to PostgreSQL intact (ids, times, accounts,
/// hosts, notes, undos, refused attempts, target records), checked by folding both; safe to run
/// again; a database with another history is refused.
final class PostgresMigrationTests: StoreTestCase {
    override class var backend: Backend { .postgres }

    /// A history written the ordinary way by two accounts, with undo, notes, deadlines, a refusal and targets.
    func writeSQLiteHistory() throws -> Store {
        let alice = try openFile(Self.alice), bob = try openFile(Self.bob)
        try alice.write(Change(status: .inProgress, progress: 20, deadline: .set("2026-06-30"),
                               note: ProgressNote(done: "召开推进会", next: "制定方案", problems: "资金不足", support: "市财政局")), to: "yr.t.a")
        try bob.write(Change(progress: 60), to: "yr.t.b")
        try alice.write(Change(status: .done, progress: 100), to: "yr.t.c")
        try alice.undo()
        try bob.write(Change(deadline: .clear), to: "yr.t.a")
        try alice.record(.indicator(Indicator(metric: "水质达标率", unit: "%", baseline: 80, goal: 95)), target: "yr.g.q")
        try alice.record(.value(86.5, on: "2026-11-30"), target: "yr.g.q")
        let guarded = try Store(path: dbPath, origin: Self.bob, writeGuard: WriteGuard(role: "viewer") { _ in "you are a viewer" })
        XCTAssertThrowsError(try guarded.write(Change(progress: 5), to: "yr.t.a"))
        return alice
    }

    func owner() throws -> PostgresStore {
        guard let pg else { throw XCTSkip("no PostgreSQL") }
        var a = pg.admin
        a.database = pg.name
        return try PostgresStore(address: a, origin: Origin(account: "migrator", uid: 0))
    }

    func testEveryEventCarriesOverAndBothFoldToTheSameState() throws {
        let source = try writeSQLiteHistory()
        let target = try owner()
        let r = try target.migrate(from: source)
        XCTAssertEqual(r.events.copied, try source.eventCount())
        XCTAssertEqual(r.events.already, 0)
        XCTAssertEqual(r.refused.copied, 1)
        XCTAssertEqual(r.targetRecords.copied, 2)
        XCTAssertEqual(r.differing, [])
        XCTAssertEqual(r.itemsCompared, 3)
        // Identical, event by event: ids, batches, times, accounts, uids, hosts, SSH clients, notes, undos.
        XCTAssertEqual(try target.history(), try source.history())
        XCTAssertEqual(try target.snapshot(), try source.snapshot())
        XCTAssertEqual(try target.refusedAttempts(), try source.refusedAttempts())
        XCTAssertEqual(try target.targetRecords(), try source.targetRecords())
        XCTAssertEqual(Set(try target.history().map(\.account)), ["alice", "bob"], "the accounts of the file, not the migrator's")
        XCTAssertTrue(try target.doctor().isHealthy)
        // People carry on from there: Bob's undo of his last change works on the copy, as the server's append.
        let bobThere = try open(Self.bob)
        XCTAssertEqual(try bobThere.undo().itemID, "yr.t.a")
        XCTAssertEqual(try bobThere.state(of: "yr.t.a").deadline, "2026-06-30")
    }

    func testRunningAgainCopiesOnlyWhatIsNewAndAnotherHistoryIsRefused() throws {
        let source = try writeSQLiteHistory()
        let target = try owner()
        let first = try target.migrate(from: source)
        let again = try target.migrate(from: source)
        XCTAssertEqual(again.events.copied, 0)
        XCTAssertEqual(again.events.already, first.events.copied)
        XCTAssertEqual(again.differing, [])
        XCTAssertEqual(try target.eventCount(), try source.eventCount())
        // More happens in the file; the next run brings only that.
        try openFile(Self.bob).write(Change(status: .blocked, note: ProgressNote(problems: "征地未完成")), to: "yr.t.b")
        let third = try target.migrate(from: source)
        XCTAssertEqual(third.events.copied, 2)
        XCTAssertEqual(try target.history(), try source.history())
        // A file whose history is not the database's: refused, nothing written.
        let otherPath = dir.appendingPathComponent("other.sqlite").path
        let other = try Store(path: otherPath, origin: Self.alice)
        try other.write(Change(status: .behind), to: "yr.t.z")
        let before = try target.eventCount()
        XCTAssertThrowsError(try target.migrate(from: other)) { e in
            XCTAssertTrue("\(e)".contains("its history differs from \(otherPath) at event 1"), "\(e)")
        }
        XCTAssertEqual(try target.eventCount(), before)
    }
}
#endif
