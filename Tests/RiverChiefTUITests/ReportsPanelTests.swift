import Foundation
import XCTest
import RiverChiefCore
@testable import RiverChiefStore
@testable import RiverChiefTUI

/// Lights, 未报送 and the reports panel through `update` and `view` (no terminal). Today is
/// 2021-01-15 in the fixture; the period (monthly, 28th) is 2020-12-29 … 2021-01-28.
final class ReportsPanelTests: XCTestCase {
    func millis(_ day: String) -> Int64 { Int64(Day(day)!.serial) * 86_400_000 + 12 * 3_600_000 }

    func testLightsAreCountedAndDrawnWithTheirMarkers() {
        var s = Fixtures.state(size: Size(width: 120, height: 30))
        // eco-flow: model deadline 2020-12-31, passed: red. joint-meetings: 滞后: red. soil: due 2021-01-20 (5 days): yellow.
        _ = update(&s, .statesLoaded(["yr2020.t.joint-meetings": ItemState(status: .behind),
                                      "yr2020.t.soil": ItemState(status: .inProgress, deadline: "2021-01-20"),
                                      "yr2020.t.sewage": ItemState(status: .blocked, deadline: "2021-01-23")]))
        XCTAssertEqual(s.book.lightCounts, [2, 1, 4])
        XCTAssertTrue(view(s).text.contains("(R)红灯 2  (Y)黄灯 1  (G)绿灯 4"), view(s).text)
        press(&s, .char("4"))
        let text = view(s).text
        XCTAssertTrue(text.contains("(R) [<] 定期召开联席会议"), text)
        XCTAssertTrue(text.contains("(G) [#] 整治入河排污口"), "受阻 keeps its own marker beside the light:\n\(text)")
        // A colleague finishes the overdue task: one red fewer, without a rebuild.
        _ = update(&s, .statesChanged(["yr2020.t.eco-flow": ItemState(status: .done)]))
        XCTAssertEqual(s.book.lightCounts, [1, 1, 5])
        // The day the deadline of soil is 7 days away it turns yellow; at 8 days green.
        var early = Fixtures.state()
        _ = update(&early, .tick(today: "2021-01-12"))
        _ = update(&early, .statesLoaded(["yr2020.t.soil": ItemState(deadline: "2021-01-20")]))
        XCTAssertEqual(early.book.light(of: early.library.itemIndex["yr2020.t.soil"]!), .green, "8 days away")
        _ = update(&early, .tick(today: "2021-01-13"))
        XCTAssertEqual(early.book.light(of: early.library.itemIndex["yr2020.t.soil"]!), .yellow, "7 days away")
    }

    func testNotReportedFollowsTheReportTimesAndThisDashboardsOwnReports() throws {
        var s = Fixtures.state(size: Size(width: 120, height: 30))
        XCTAssertNil(s.notReportedCount, "unknown until the times are read")
        _ = update(&s, .statesLoaded(["yr2020.t.study": ItemState(status: .done)]))
        // joint-meetings reported in this period, soil in the last one.
        _ = update(&s, .reportTimesLoaded(["yr2020.t.joint-meetings": millis("2021-01-02"), "yr2020.t.soil": millis("2020-12-28")]))
        // 7 tasks, study done, joint-meetings reported: 5 not reported.
        XCTAssertEqual(s.notReportedCount, 5)
        XCTAssertTrue(view(s).text.contains("未报送 5"), view(s).text)
        let soil = try XCTUnwrap(s.library.itemIndex["yr2020.t.soil"])
        XCTAssertEqual(s.isNotReported(soil), true, "28 Dec belongs to the period that ended that day")
        // This dashboard files a report on soil: it counts at once.
        let after = ItemState(status: .notStarted, progress: 0, lastEventID: 9, updatedBy: "tester", latestNote: "已开展调查")
        let event = StateEvent(id: 9, batchID: 9, itemID: "yr2020.t.soil", kind: .note, field: .note, oldValue: nil,
                               newValue: "已开展调查", note: ProgressNote(done: "已开展调查"), account: "tester", uid: 1000,
                               atMillis: millis("2021-01-15"))
        _ = update(&s, .written(WriteResult(itemID: "yr2020.t.soil", events: [event], before: .initial, after: after)))
        XCTAssertEqual(s.isNotReported(soil), false)
        XCTAssertEqual(s.notReportedCount, 4)
        // A colleague's report arrives as a changed note: the times are read again.
        let effects = update(&s, .statesChanged(["yr2020.t.sewage": ItemState(lastEventID: 10, latestNote: "已排查")]))
        XCTAssertEqual(effects, [.loadReportTimes])
        // The period turns on the 29th: the reports of January's period no longer count.
        _ = update(&s, .tick(today: "2021-01-29"))
        XCTAssertEqual(s.notReportedCount, 6)
    }

    func testTheReportsPanelShowsTheScorecardAndAsksToWriteTheChosenFormat() {
        var s = Fixtures.state(size: Size(width: 120, height: 40))
        let effects = update(&s, .key(.char("R")))
        XCTAssertEqual(effects, [.loadReports])
        XCTAssertTrue(view(s).text.contains("正在统计"), view(s).text)
        let input = ReportInput(library: s.library, facts: ["yr2020.t.study": TaskFacts(state: ItemState(status: .done))],
                                asOf: Day("2021-01-15")!)
        _ = update(&s, .reportsLoaded(ReportSummary(input), error: nil))
        let text = view(s).text
        XCTAssertTrue(text.contains("报表 [考核] 台账"), text)
        XCTAssertTrue(text.contains("等次") && text.contains("市河长办") && text.contains("不合格"), text)
        XCTAssertEqual(update(&s, .key(.char("2"))), [.exportReport(.scorecard, .csv)])
        press(&s, .tab)
        XCTAssertTrue(view(s).text.contains("考核 [台账]"), view(s).text)
        XCTAssertTrue(view(s).text.contains("(R)红灯 1"), "the ledger's totals: \(view(s).text)")
        XCTAssertEqual(update(&s, .key(.char("3"))), [.exportReport(.ledger, .html)])
        _ = update(&s, .notice("已写出台账:/tmp/台账-2021-01-15.html"))
        XCTAssertTrue(view(s).text.contains("已写出台账:/tmp/台账-2021-01-15.html"))
        press(&s, .escape)
        XCTAssertEqual(s.mode, .browse)
        XCTAssertEqual(ReportKind.ledger.fileName(Day("2021-01-15")!, .csv), "台账-2021-01-15.csv")
    }
}
