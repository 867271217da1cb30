import XCTest
import RiverChiefCore
@testable import RiverChiefStore

class ConflictTests: StoreTestCase {
    func testAWriteOnAStaleBaseIsRefusedNamingWhoChangedItAndWhat() throws {
        let alice = try open(Self.alice), bob = try open(Self.bob)
        try alice.write(Change(status: .inProgress), to: "yr.t.a")
        // Both dashboards show the item at the same event.
        let seenByAlice = try alice.state(of: "yr.t.a").lastEventID
        let seenByBob = try bob.state(of: "yr.t.a").lastEventID
        XCTAssertEqual(seenByAlice, seenByBob)

        try bob.write(Change(status: .done, note: ProgressNote(done: "已完成验收")), to: "yr.t.a", base: .lastSeen(seenByBob))
        let error = assertStoreError("was changed by bob") {
            try alice.write(Change(status: .behind), to: "yr.t.a", base: .lastSeen(seenByAlice))
        }
        guard case .conflict(let c)? = error else { return XCTFail("not a conflict: \(String(describing: error))") }
        XCTAssertEqual(c.since.map(\.kind), [.status], "the event on the field it would overwrite (not the report)")
        XCTAssertTrue(error?.description.contains("推进中 → 已完成") ?? false, error?.description ?? "")
        // Nothing was overwritten.
        XCTAssertEqual(try alice.state(of: "yr.t.a").status, .done)
        XCTAssertEqual(try alice.eventCount(), 3)

        // With the new base, the write goes through.
        let fresh = try alice.state(of: "yr.t.a").lastEventID
        let r = try alice.write(Change(status: .behind), to: "yr.t.a", base: .lastSeen(fresh))
        XCTAssertEqual(r.events.first?.baseEventID, fresh)
    }

    func testAnItemFirstWrittenBySomeoneElseConflictsWithANoEventsBase() throws {
        let alice = try open(Self.alice), bob = try open(Self.bob)
        try bob.write(Change(progress: 30), to: "yr.t.new")
        assertStoreError("was changed by bob") {
            try alice.write(Change(progress: 50), to: "yr.t.new", base: .lastSeen(nil))
        }
        XCTAssertEqual(try alice.state(of: "yr.t.new").progress, 30)
        // Another item is unaffected.
        XCTAssertEqual(try alice.write(Change(progress: 50), to: "yr.t.other", base: .lastSeen(nil)).events.count, 1)
    }

    func testAReportIsNeverRefusedAndRefusesNothing() throws {
        let alice = try open(Self.alice), bob = try open(Self.bob)
        try alice.write(Change(status: .inProgress), to: "yr.t.a")
        let seen = try alice.state(of: "yr.t.a").lastEventID
        // Bob changes the status and the progress; Alice's report, begun before, still saves.
        try bob.write(Change(status: .blocked, progress: 20), to: "yr.t.a", base: .lastSeen(seen))
        let r = try alice.write(Change(note: ProgressNote(done: "完成排查")), to: "yr.t.a", base: .lastSeen(seen))
        XCTAssertEqual(r.events.map(\.kind), [.note])
        XCTAssertEqual(r.after.status, .blocked, "Bob's status stands")
        // Bob's own report refuses nothing either: his next status change on his old base goes through.
        let bobSeen = try bob.state(of: "yr.t.a").lastEventID
        try alice.write(Change(note: ProgressNote(next: "下周复查")), to: "yr.t.a", base: .lastSeen(r.after.lastEventID))
        XCTAssertEqual(try bob.write(Change(status: .inProgress), to: "yr.t.a", base: .lastSeen(bobSeen)).events.count, 1)
    }

    func testOnlyAChangeToTheSameFieldConflicts() throws {
        let alice = try open(Self.alice), bob = try open(Self.bob)
        try alice.write(Change(status: .inProgress), to: "yr.t.a")
        let seen = try alice.state(of: "yr.t.a").lastEventID
        try bob.write(Change(progress: 40), to: "yr.t.a")
        // A deadline does not overwrite a progress: it goes through.
        XCTAssertEqual(try alice.write(Change(deadline: .set("2026-06-30")), to: "yr.t.a", base: .lastSeen(seen)).events.count, 1)
        // A progress would overwrite Bob's: refused, and a report with it is refused with it.
        assertStoreError("was changed by bob") {
            try alice.write(Change(progress: 60, note: ProgressNote(done: "x")), to: "yr.t.a", base: .lastSeen(seen))
        }
        XCTAssertEqual(try alice.state(of: "yr.t.a").progress, 40)
    }

    func testAReportSummaryReadsBackIntoItsParts() {
        let note = ProgressNote(done: "完成清淤。", next: "验收", problems: "资金；设备不足", support: "市财政局")
        XCTAssertEqual(ProgressNote(summary: note.summary), note)
        XCTAssertEqual(ProgressNote(summary: "只有完成的工作"), ProgressNote(done: "只有完成的工作"))
        XCTAssertEqual(ProgressNote(summary: "问题：缺人"), ProgressNote(problems: "缺人"))
    }
}

/// The same tests on PostgreSQL.
final class ConflictTestsPostgreSQL: ConflictTests {
    override class var backend: Backend { .postgres }
    override func testAWriteOnAStaleBaseIsRefusedNamingWhoChangedItAndWhat() throws { try super.testAWriteOnAStaleBaseIsRefusedNamingWhoChangedItAndWhat() }
    override func testAnItemFirstWrittenBySomeoneElseConflictsWithANoEventsBase() throws { try super.testAnItemFirstWrittenBySomeoneElseConflictsWithANoEventsBase() }
    override func testAReportIsNeverRefusedAndRefusesNothing() throws { try super.testAReportIsNeverRefusedAndRefusesNothing() }
    override func testOnlyAChangeToTheSameFieldConflicts() throws { try super.testOnlyAChangeToTheSameFieldConflicts() }
    override func testAReportSummaryReadsBackIntoItsParts() { super.testAReportSummaryReadsBackIntoItsParts() }
}
