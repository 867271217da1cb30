import XCTest
import RiverChiefCore
@testable import RiverChiefStore

final class ConflictTests: StoreTestCase {
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
        XCTAssertEqual(c.since.map(\.kind), [.status, .note])
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
}
