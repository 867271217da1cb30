import XCTest
import GRDB
import RiverChiefCore
@testable import RiverChiefStore

class DoctorTests: StoreTestCase {
    func testStateForIdsNoLongerInTheModelIsReportedAndKept() throws {
        let store = try open()
        try store.write(Change(status: .done), to: "yr.t.kept")
        try store.write(Change(status: .behind, note: ProgressNote(done: "旧任务")), to: "yr.t.removed")
        let report = try store.doctor(knownItemIDs: ["yr.t.kept", "yr.t.never-written"])
        XCTAssertEqual(report.orphans?.map(\.id), ["yr.t.removed"])
        XCTAssertEqual(report.orphans?.first?.state.status, .behind)
        XCTAssertTrue(report.isHealthy)
        XCTAssertEqual(report.eventCount, 3)
        XCTAssertEqual(report.itemCount, 2)
        // Nothing was deleted.
        XCTAssertEqual(try store.state(of: "yr.t.removed").latestNote, "旧任务")
        XCTAssertNil(try store.doctor().orphans)
    }

    func testACurrentRowThatDisagreesWithTheEventsIsReported() throws {
        let store = try open()
        try store.write(Change(status: .inProgress, progress: 30), to: "yr.t.a")
        try store.write(Change(status: .done), to: "yr.t.b")
        XCTAssertEqual(try store.doctor().inconsistentItems, [])
        // Someone edits the table by hand, behind the log's back.
        try execute("UPDATE current SET progress = 90 WHERE item_id = 'yr.t.a'")
        let report = try store.doctor()
        XCTAssertEqual(report.inconsistentItems, ["yr.t.a"])
        XCTAssertFalse(report.isHealthy)
    }
}

/// The same tests on PostgreSQL.
final class DoctorTestsPostgreSQL: DoctorTests {
    override class var backend: Backend { .postgres }
    override func testStateForIdsNoLongerInTheModelIsReportedAndKept() throws { try super.testStateForIdsNoLongerInTheModelIsReportedAndKept() }
    override func testACurrentRowThatDisagreesWithTheEventsIsReported() throws { try super.testACurrentRowThatDisagreesWithTheEventsIsReported() }
}
