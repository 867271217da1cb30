import XCTest
import RiverChiefCore
@testable import RiverChiefStore

class UndoTests: StoreTestCase {
    func testUndoRestoresTheWholeLastChangeAsNewEvents() throws {
        let store = try open()
        try store.write(Change(status: .inProgress, progress: 20), to: "yr.t.a")
        let second = try store.write(Change(status: .done, progress: 100, note: ProgressNote(done: "完成")), to: "yr.t.a")
        let undo = try store.undo()
        XCTAssertEqual(undo.events.map(\.kind), [.undo, .undo, .undo])
        XCTAssertEqual(Set(undo.events.compactMap(\.undoesEventID)), Set(second.events.map(\.id)))
        let s = try store.state(of: "yr.t.a")
        XCTAssertEqual(s.status, .inProgress)
        XCTAssertEqual(s.progress, 20)
        XCTAssertNil(s.latestNote)
        // The undone events stay in the history, marked.
        let h = try store.history(itemID: "yr.t.a")
        XCTAssertEqual(h.count, 8)
        XCTAssertEqual(h.filter { $0.undoneByEventID != nil }.map(\.id), second.events.map(\.id))

        // Undo again walks further back, then there is nothing left.
        try store.undo()
        XCTAssertEqual(try store.state(of: "yr.t.a").status, .notStarted)
        XCTAssertEqual(try store.state(of: "yr.t.a").progress, 0)
        assertStoreError("nothing to undo") { try store.undo() }
    }

    func testUndoIsRefusedWhenSomeoneElseChangedTheItemSince() throws {
        let alice = try open(Self.alice), bob = try open(Self.bob)
        try alice.write(Change(status: .inProgress), to: "yr.t.a")
        try bob.write(Change(progress: 60), to: "yr.t.a")
        assertStoreError("bob changed it since") { try alice.undo() }
        XCTAssertEqual(try alice.state(of: "yr.t.a").status, .inProgress)
        XCTAssertEqual(try alice.eventCount(), 2)
        // Bob's own undo is his to make.
        try bob.undo()
        XCTAssertEqual(try bob.state(of: "yr.t.a").progress, 0)
    }

    func testUndoOnlyTouchesTheCallersOwnChangesAndCanBeLimitedToAnItem() throws {
        let alice = try open(Self.alice), bob = try open(Self.bob)
        try alice.write(Change(status: .blocked), to: "yr.t.a")
        try alice.write(Change(status: .done), to: "yr.t.b")
        try bob.write(Change(status: .behind), to: "yr.t.c")
        let r = try alice.undo(itemID: "yr.t.a")
        XCTAssertEqual(r.itemID, "yr.t.a")
        XCTAssertEqual(try alice.state(of: "yr.t.a").status, .notStarted)
        XCTAssertEqual(try alice.state(of: "yr.t.b").status, .done)
        XCTAssertEqual(try alice.state(of: "yr.t.c").status, .behind)
        assertStoreError("no change left to undo on yr.t.c") { try alice.undo(itemID: "yr.t.c") }
    }
}

/// The same tests on PostgreSQL.
final class UndoTestsPostgreSQL: UndoTests {
    override class var backend: Backend { .postgres }
    override func testUndoRestoresTheWholeLastChangeAsNewEvents() throws { try super.testUndoRestoresTheWholeLastChangeAsNewEvents() }
    override func testUndoIsRefusedWhenSomeoneElseChangedTheItemSince() throws { try super.testUndoIsRefusedWhenSomeoneElseChangedTheItemSince() }
    override func testUndoOnlyTouchesTheCallersOwnChangesAndCanBeLimitedToAnItem() throws { try super.testUndoOnlyTouchesTheCallersOwnChangesAndCanBeLimitedToAnItem() }
}
