import Foundation
import GRDB
import XCTest
import RiverChiefCore
@testable import RiverChiefStore

/// The facts the reports are built from, folded from a real SQLite history: as of a moment, the
/// same as `current` for now, undone reports skipped, and the office's target records.
class ReportFactsTests: StoreTestCase {
    static let day: Int64 = 86_400_000

    /// Noon UTC of a yyyy-MM-dd day.
    func noon(_ d: String) -> Int64 { Int64(Day(d)!.serial) * Self.day + 12 * 3_600_000 }

    /// A seeded history with chosen times (the store stamps writes with the clock, so these rows
    /// are inserted as the store would write them).
    func seed(_ rows: [(item: String, kind: String, field: String, old: String?, new: String?, done: String?, at: Int64, undoes: Int64?)]) throws {
        _ = try open()
        for (k, r) in rows.enumerated() {
            let values: [Any?] = [k + 1, k + 1, r.item, r.kind, r.field, r.old, r.new, r.done, r.at, r.undoes]
            try execute("""
                INSERT INTO events (id, batch_id, item_id, kind, field, old_value, new_value, note_done, at, undoes_event_id, account, uid)
                VALUES (\(values.map(literal).joined(separator: ", ")), 'alice', 1001)
                """)
        }
    }

    func testAsOfFoldsTheHistoryUpToThatMoment() throws {
        try seed([
            ("m.t.a", "status", "status", "not-started", "in-progress", nil, noon("2026-10-05"), nil),
            ("m.t.a", "progress", "progress", "0", "30", nil, noon("2026-10-20"), nil),
            ("m.t.a", "note", "note", nil, "十月进展", "十月进展", noon("2026-10-27"), nil),
            ("m.t.a", "progress", "progress", "30", "60", nil, noon("2026-11-15"), nil),
            ("m.t.a", "status", "status", "in-progress", "done", nil, noon("2026-11-20"), nil),
            ("m.t.b", "deadline", "deadline", nil, "2026-11-10", nil, noon("2026-11-01"), nil),
        ])
        let store = try open()
        let oct = try store.facts(untilMillis: Day("2026-10-31")!.endMillis(timeZone: TimeZone(identifier: "UTC")!))
        XCTAssertEqual(oct["m.t.a"]?.state.status, .inProgress)
        XCTAssertEqual(oct["m.t.a"]?.state.progress, 30)
        XCTAssertEqual(oct["m.t.a"]?.report?.done, "十月进展")
        XCTAssertEqual(oct["m.t.a"]?.reportMillis, noon("2026-10-27"))
        XCTAssertEqual(oct["m.t.a"]?.firstEventMillis, noon("2026-10-05"))
        XCTAssertEqual(oct["m.t.a"]?.state.lastEventID, 3)
        XCTAssertNil(oct["m.t.b"], "b had no event by the end of October")
        let nov = try store.facts(untilMillis: noon("2026-11-30"))
        XCTAssertEqual(nov["m.t.a"]?.state.status, .done)
        XCTAssertEqual(nov["m.t.a"]?.state.progress, 60)
        XCTAssertEqual(nov["m.t.a"]?.statusMillis, noon("2026-11-20"))
        XCTAssertEqual(nov["m.t.b"]?.state.deadline, "2026-11-10")
        // An event exactly at the limit counts; one millisecond later does not.
        XCTAssertEqual(try store.facts(untilMillis: noon("2026-11-15"))["m.t.a"]?.state.progress, 60)
        XCTAssertEqual(try store.facts(untilMillis: noon("2026-11-15") - 1)["m.t.a"]?.state.progress, 30)
    }

    func testTheFoldForNowEqualsTheCurrentTable() throws {
        let alice = try open()
        let bob = try open(StoreTestCase.bob)
        try alice.write(Change(status: .inProgress, progress: 20, deadline: .set("2026-12-31")), to: "m.t.a")
        try bob.write(Change(progress: 50, note: ProgressNote(done: "完成一半", problems: "资金不足")), to: "m.t.a")
        try alice.write(Change(status: .behind), to: "m.t.b")
        try alice.write(Change(deadline: .clear), to: "m.t.a")
        try bob.write(Change(status: .blocked, note: ProgressNote(done: "等待审批")), to: "m.t.c")
        try bob.undo()
        let facts = try alice.facts()
        let current = try alice.snapshot()
        XCTAssertEqual(Set(facts.keys), Set(current.keys))
        for (id, state) in current {
            XCTAssertEqual(facts[id]?.state, state, id)
        }
        XCTAssertEqual(facts["m.t.a"]?.report, ReportParts(done: "完成一半", problems: "资金不足"))
        XCTAssertEqual(facts["m.t.a"]?.state.updatedBy, "alice")
        XCTAssertNil(facts["m.t.c"]?.report, "an undone report is no report")
        XCTAssertEqual(facts["m.t.c"]?.state.status, .notStarted)
    }

    func testTargetRecordsFoldTheIndicatorAndKeepValuesByDay() throws {
        let store = try open()
        try store.record(.indicator(Indicator(metric: "生态流量保证率", unit: "%")), target: "m.g.flow")
        try store.record(.value(86.5, on: "2026-11-30"), target: "m.g.flow")
        try store.record(.indicator(Indicator(baseline: 80, goal: 95)), target: "m.g.flow")
        try store.record(.value(84, on: "2026-10-31"), target: "m.g.flow")
        let rec = try XCTUnwrap(store.targetRecords()["m.g.flow"])
        XCTAssertEqual(rec.indicator, Indicator(metric: "生态流量保证率", unit: "%", baseline: 80, goal: 95))
        XCTAssertEqual(rec.indicatorBy, "alice")
        XCTAssertEqual(rec.values.map(\.value), [84, 86.5], "sorted by the day measured")
        XCTAssertEqual(rec.values.map(\.on), ["2026-10-31", "2026-11-30"])
        XCTAssertEqual(try store.targetRecords(untilMillis: 0), [:])
        assertStoreError("not a valid deadline") { try store.record(.value(1, on: "2026-02-30"), target: "m.g.flow") }
        assertStoreError("nothing to change") { try store.record(.indicator(Indicator()), target: "m.g.flow") }
        XCTAssertThrowsError(try execute("DELETE FROM target_events"), "append-only")
    }

    func testReportInputFromTheStoreGivesTheLedgerAsOfADay() throws {
        try seed([
            ("m.t.a", "status", "status", "not-started", "behind", nil, noon("2026-10-05"), nil),
            ("m.t.a", "status", "status", "behind", "in-progress", nil, noon("2026-11-05"), nil),
        ])
        let utc = TimeZone(identifier: "UTC")!
        let item = Item(id: "m.t.a", modelID: "m", kind: .task, parent: nil, title: "任务", text: "任务", span: Span(start: 0, end: 2))
        let lib = Library(models: [Model(id: "m", meeting: Meeting(title: "讲话", speakerRole: "书记", kind: "会"),
                                         source: SourceText("任务"), units: [], targets: [], items: [item])])
        let october = Ledger(try open().reportInput(library: lib, asOf: Day("2026-10-31"), timeZone: utc))
        XCTAssertEqual(october.rows.first?.verdict.light, .red)
        let now = Ledger(try open().reportInput(library: lib, asOf: nil, timeZone: utc))
        XCTAssertEqual(now.rows.first?.verdict.light, .green)
        XCTAssertEqual(now.rows.first?.status, .inProgress)
    }
}

/// The same tests on PostgreSQL.
final class ReportFactsTestsPostgreSQL: ReportFactsTests {
    override class var backend: Backend { .postgres }
    override func testAsOfFoldsTheHistoryUpToThatMoment() throws { try super.testAsOfFoldsTheHistoryUpToThatMoment() }
    override func testTheFoldForNowEqualsTheCurrentTable() throws { try super.testTheFoldForNowEqualsTheCurrentTable() }
    override func testTargetRecordsFoldTheIndicatorAndKeepValuesByDay() throws { try super.testTargetRecordsFoldTheIndicatorAndKeepValuesByDay() }
    override func testReportInputFromTheStoreGivesTheLedgerAsOfADay() throws { try super.testReportInputFromTheStoreGivesTheLedgerAsOfADay() }
}
