import XCTest
import GRDB
import RiverChiefCore
@testable import RiverChiefStore

class WriteTests: StoreTestCase {
    func testEachKindAppendsItsEventAndUpdatesCurrent() throws {
        let store = try open()
        let note = ProgressNote(done: "已召开第一次联席会议", next: "制定年度工作要点", problems: "部门协调难", support: "请市财政局保障经费")
        let r = try store.write(Change(status: .inProgress, progress: 40, deadline: .set("2026-06-30"), note: note), to: "yr.t.meet")
        XCTAssertEqual(r.events.map(\.kind), [.status, .progress, .deadline, .note])
        XCTAssertEqual(Set(r.events.map(\.batchID)), [r.events[0].id])
        XCTAssertEqual(r.before, .initial)

        let s = try store.state(of: "yr.t.meet")
        XCTAssertEqual(s.status, .inProgress)
        XCTAssertEqual(s.progress, 40)
        XCTAssertEqual(s.deadline, "2026-06-30")
        XCTAssertEqual(s.latestNote, "已召开第一次联席会议；下一步：制定年度工作要点；问题：部门协调难；需支持：请市财政局保障经费")
        XCTAssertEqual(s.lastEventID, r.events.last?.id)
        XCTAssertEqual(s.updatedBy, "alice")

        // The events as stored, read back by a fresh connection.
        let h = try open(Self.bob).history(itemID: "yr.t.meet")
        XCTAssertEqual(h.count, 4)
        XCTAssertEqual(h[0].oldValue, "not-started")
        XCTAssertEqual(h[0].newValue, "in-progress")
        XCTAssertEqual(h[1].oldValue, "0")
        XCTAssertEqual(h[1].newValue, "40")
        XCTAssertNil(h[2].oldValue)
        XCTAssertEqual(h[2].newValue, "2026-06-30")
        XCTAssertEqual(h[3].note, note)
        for e in h {
            XCTAssertEqual(e.account, "alice")
            XCTAssertEqual(e.uid, 1001)
            XCTAssertEqual(e.host, "office1")
            XCTAssertEqual(e.sshClient, "10.0.0.5")
            XCTAssertEqual(Double(e.atMillis) / 1000, Date().timeIntervalSince1970, accuracy: 60)
        }
    }

    func testUnchangedFieldsAppendNothingAndClearingADeadlineIsAnEvent() throws {
        let store = try open()
        try store.write(Change(status: .behind, deadline: .set("2026-01-31")), to: "yr.t.a")
        let same = try store.write(Change(status: .behind), to: "yr.t.a")
        XCTAssertTrue(same.events.isEmpty)
        let cleared = try store.write(Change(deadline: .clear), to: "yr.t.a")
        XCTAssertEqual(cleared.events.map(\.kind), [.deadline])
        XCTAssertEqual(cleared.events.first?.oldValue, "2026-01-31")
        XCTAssertNil(try store.state(of: "yr.t.a").deadline)
        XCTAssertEqual(try store.eventCount(), 3)
    }

    func testCommandLineStyleWriteReportsWhatItReplaced() throws {
        try open(Self.bob).write(Change(status: .blocked), to: "yr.t.a")
        let r = try open().write(Change(status: .inProgress), to: "yr.t.a")
        XCTAssertEqual(r.before.status, .blocked)
        XCTAssertEqual(r.before.updatedBy, "bob")
        XCTAssertEqual(r.after.status, .inProgress)
    }

    func testValidationErrorsSayWhatIsWrongAndWriteNothing() throws {
        let store = try open()
        assertStoreError("0 to 100") { try store.write(Change(progress: 101), to: "yr.t.a") }
        assertStoreError("0 to 100") { try store.write(Change(progress: -1), to: "yr.t.a") }
        assertStoreError("2026-02 has 28 days") { try store.write(Change(deadline: .set("2026-02-30")), to: "yr.t.a") }
        assertStoreError("there is no month 13") { try store.write(Change(deadline: .set("2026-13-01")), to: "yr.t.a") }
        assertStoreError("yyyy-MM-dd") { try store.write(Change(deadline: .set("2026/6/30")), to: "yr.t.a") }
        assertStoreError("yyyy-MM-dd") { try store.write(Change(deadline: .set("明天")), to: "yr.t.a") }
        assertStoreError("nothing to change") { try store.write(Change(note: ProgressNote(done: "  ")), to: "yr.t.a") }
        assertStoreError("not a valid item id") { try store.write(Change(progress: 5), to: "yr.t a") }
        assertStoreError("not a valid item id") { try store.write(Change(progress: 5), to: "") }
        XCTAssertEqual(try store.eventCount(), 0)
        // A leap day is a real date.
        XCTAssertEqual(try store.write(Change(deadline: .set("2028-02-29")), to: "yr.t.a").events.count, 1)
    }

    func testProgressTextAcceptsAPercentSign() throws {
        XCTAssertEqual(try Validation.progress(text: "45%"), 45)
        XCTAssertEqual(try Validation.progress(text: " 100 "), 100)
        XCTAssertThrowsError(try Validation.progress(text: "一半"))
    }

    func testAccountComesFromTheProcessUidNotUSER() throws {
        let origin = Origin.current(environment: ["USER": "mallory", "SSH_CLIENT": "192.168.1.20 52144 22"])
        XCTAssertEqual(origin.uid, Int(getuid()))
        XCTAssertEqual(origin.account, getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) }, "the password database's name")
        XCTAssertNotEqual(origin.account, "mallory")
        XCTAssertEqual(origin.sshClient, "192.168.1.20")
        XCTAssertEqual(Origin.sshClient(environment: ["SSH_CONNECTION": "10.1.2.3 5000 10.1.2.4 22"]), "10.1.2.3")
        XCTAssertNil(Origin.sshClient(environment: [:]))
    }

    func testOverdueIsDerivedFromTheDeadline() throws {
        let store = try open()
        try store.write(Change(status: .inProgress, deadline: .set("2026-01-31")), to: "yr.t.a")
        XCTAssertTrue(try store.state(of: "yr.t.a").isOverdue(today: "2026-02-01"))
        XCTAssertFalse(try store.state(of: "yr.t.a").isOverdue(today: "2026-01-31"))
        try store.write(Change(status: .done), to: "yr.t.a")
        XCTAssertFalse(try store.state(of: "yr.t.a").isOverdue(today: "2026-02-01"))
    }
}

/// The same tests on PostgreSQL.
final class WriteTestsPostgreSQL: WriteTests {
    override class var backend: Backend { .postgres }
    override func testEachKindAppendsItsEventAndUpdatesCurrent() throws { try super.testEachKindAppendsItsEventAndUpdatesCurrent() }
    override func testUnchangedFieldsAppendNothingAndClearingADeadlineIsAnEvent() throws { try super.testUnchangedFieldsAppendNothingAndClearingADeadlineIsAnEvent() }
    override func testCommandLineStyleWriteReportsWhatItReplaced() throws { try super.testCommandLineStyleWriteReportsWhatItReplaced() }
    override func testValidationErrorsSayWhatIsWrongAndWriteNothing() throws { try super.testValidationErrorsSayWhatIsWrongAndWriteNothing() }
    override func testProgressTextAcceptsAPercentSign() throws { try super.testProgressTextAcceptsAPercentSign() }
    override func testAccountComesFromTheProcessUidNotUSER() throws { try super.testAccountComesFromTheProcessUidNotUSER() }
    override func testOverdueIsDerivedFromTheDeadline() throws { try super.testOverdueIsDerivedFromTheDeadline() }
}
