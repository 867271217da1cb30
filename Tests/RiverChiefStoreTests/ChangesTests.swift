import XCTest
import RiverChiefCore
@testable import RiverChiefStore

class ChangesTests: StoreTestCase {
    func testChangesSinceReturnsOnlyItemsTouchedByNewerEvents() throws {
        let dashboard = try open(Self.alice), other = try open(Self.bob)
        try other.write(Change(status: .inProgress), to: "yr.t.a")
        try other.write(Change(status: .inProgress), to: "yr.t.b")
        let start = try dashboard.lastEventID()
        XCTAssertEqual(try dashboard.changes(since: start).changed, [:])

        try other.write(Change(progress: 70), to: "yr.t.b")
        try other.write(Change(status: .blocked), to: "yr.t.c")
        let (last, changed) = try dashboard.changes(since: start)
        XCTAssertEqual(last, try other.lastEventID())
        XCTAssertEqual(Set(changed.keys), ["yr.t.b", "yr.t.c"])
        XCTAssertEqual(changed["yr.t.b"]?.progress, 70)
        XCTAssertEqual(changed["yr.t.c"]?.status, .blocked)
        XCTAssertEqual(changed["yr.t.c"]?.updatedBy, "bob")
        XCTAssertEqual(try dashboard.changes(since: last).changed, [:])
    }

    func testABaseBeyondTheNewestEventReturnsEverything() throws {
        let store = try open()
        try store.write(Change(status: .done), to: "yr.t.a")
        let (last, changed) = try store.changes(since: 999)
        XCTAssertEqual(last, 1)
        XCTAssertEqual(Set(changed.keys), ["yr.t.a"])
    }

    func testSnapshotHoldsEveryItemWithState() throws {
        let store = try open()
        for i in 1...50 { try store.write(Change(progress: i), to: "yr.t.\(i)") }
        let snap = try store.snapshot()
        XCTAssertEqual(snap.count, 50)
        XCTAssertEqual(snap["yr.t.42"]?.progress, 42)
        let (last, states) = try store.snapshotWithLastID()
        XCTAssertEqual(last, 50)
        XCTAssertEqual(states, snap)
    }
}

/// `history(sinceMillis:)`: the changes of a week, for a weekly report.
class HistorySinceTests: StoreTestCase {
    func testOnlyChangesMadeSinceTheGivenTimeAreReturned() throws {
        let store = try open()
        try store.write(Change(status: .inProgress), to: "yr.t.a")
        // Eight days ago, as far as the log is concerned (past the append-only guard, for the fixture only).
        try backdate(event: 1, by: 8 * 86_400_000)
        try store.write(Change(progress: 40), to: "yr.t.a")
        try store.write(Change(status: .done), to: "yr.t.b")
        let weekAgo = TimeText.nowMillis() - 7 * 86_400_000
        XCTAssertEqual(try store.history(sinceMillis: weekAgo).map(\.id), [2, 3])
        XCTAssertEqual(try store.history(itemID: "yr.t.a", sinceMillis: weekAgo).map(\.id), [2])
        XCTAssertEqual(try store.history(itemID: "yr.t.a").map(\.id), [1, 2], "without since: everything")
    }
}

/// The same tests on PostgreSQL.
final class ChangesTestsPostgreSQL: ChangesTests {
    override class var backend: Backend { .postgres }
    override func testChangesSinceReturnsOnlyItemsTouchedByNewerEvents() throws { try super.testChangesSinceReturnsOnlyItemsTouchedByNewerEvents() }
    override func testABaseBeyondTheNewestEventReturnsEverything() throws { try super.testABaseBeyondTheNewestEventReturnsEverything() }
    override func testSnapshotHoldsEveryItemWithState() throws { try super.testSnapshotHoldsEveryItemWithState() }
}

/// The same tests on PostgreSQL.
final class HistorySinceTestsPostgreSQL: HistorySinceTests {
    override class var backend: Backend { .postgres }
    override func testOnlyChangesMadeSinceTheGivenTimeAreReturned() throws { try super.testOnlyChangesMadeSinceTheGivenTimeAreReturned() }
}
