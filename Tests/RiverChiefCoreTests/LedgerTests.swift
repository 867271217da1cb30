import CSV
import Foundation
import XCTest
@testable import RiverChiefCore

/// The ledger and the scorecard from a fixed library and fixed facts: counts, lights, 未报送 on
/// either side of a period boundary, and each format.
final class LedgerTests: XCTestCase {
    let tz = ReportFixture.utc

    /// a: in progress, report on 11-28, deadline 12-05 (yellow); b: done on 11-20, deadline 11-25 (on time);
    /// c: behind (red), report 11-29; d: overdue since 11-29, done nothing; e: blocked, done late? no: blocked, no deadline.
    func input(asOf: String, notes: String = "已召开第一次会议") -> ReportInput {
        let lib = ReportFixture.library(deadlines: ["a": "2026-12-05", "b": "2026-11-25", "d": "2026-11-29"])
        let n = ReportFixture.noon
        var facts: [String: TaskFacts] = [:]
        facts["m.t.a"] = TaskFacts(state: ItemState(status: .inProgress, progress: 40, updatedBy: "alice", updatedAt: Double(n("2026-11-28")) / 1000),
                                   firstEventMillis: n("2026-11-01"), statusMillis: n("2026-11-01"),
                                   report: ReportParts(done: notes, next: "制定年度工作要点"), reportMillis: n("2026-11-28"))
        facts["m.t.b"] = TaskFacts(state: ItemState(status: .done, progress: 100), firstEventMillis: n("2026-11-01"),
                                   statusMillis: n("2026-11-20"))
        facts["m.t.c"] = TaskFacts(state: ItemState(status: .behind, progress: 10), firstEventMillis: n("2026-11-01"),
                                   report: ReportParts(done: "清理河道3公里"), reportMillis: n("2026-11-29"))
        facts["m.t.e"] = TaskFacts(state: ItemState(status: .blocked, progress: 20), firstEventMillis: n("2026-11-01"))
        return ReportInput(library: lib, facts: facts, asOf: Day(asOf)!, rules: ReportRules(), timeZone: tz)
    }

    func testCountsAndLightsOfTheLedger() {
        let l = Ledger(input(asOf: "2026-11-30"))
        XCTAssertEqual(l.rows.map(\.id), ["m.t.a", "m.t.b", "m.t.c", "m.t.d", "m.t.e"])
        XCTAssertEqual(l.rows.map(\.number), [1, 2, 3, 4, 5])
        XCTAssertEqual(l.rows.map { $0.verdict.light }, [.yellow, .green, .red, .red, .green])
        XCTAssertEqual(l.total.tasks, 5)
        XCTAssertEqual(l.total.done, 1)
        XCTAssertEqual([l.total.count(.red), l.total.count(.yellow), l.total.count(.green)], [2, 1, 2])
        // (40 + 100 + 10 + 0 + 20) / 5 = 34
        XCTAssertEqual(l.total.progress, 34)
        XCTAssertEqual(l.sections.map(\.name), ["一、加强顶层设计", "二、强化污染治理"])
        XCTAssertEqual(l.sections.map(\.tasks), [3, 2])
        XCTAssertEqual(l.rows[0].point, "一是 健全机制")
        XCTAssertEqual(l.rowsRedFirst.map(\.id), ["m.t.c", "m.t.d", "m.t.a", "m.t.b", "m.t.e"])
        XCTAssertTrue(l.rows[4].verdict.blocked)
        // Units: the one with more red first, then by id.
        XCTAssertEqual(l.units.map(\.name), ["市生态环境局", "市水利局"])
        XCTAssertEqual(l.units.map { $0.count(.red) }, [1, 1])
    }

    func testNotReportedOnEitherSideOfThePeriodBoundary() {
        // Period 10-29…11-28: a (report 11-28) reported; c's report of 11-29 is not yet filed.
        let before = Ledger(input(asOf: "2026-11-28"))
        XCTAssertEqual(before.rows.map(\.notReported), [false, false, true, true, true])
        // 11-29 opens 11-29…12-28: a's 11-28 report belongs to the last period; c's counts.
        let after = Ledger(input(asOf: "2026-11-29"))
        XCTAssertEqual(after.period.description, "2026-11-29–2026-12-28")
        XCTAssertEqual(after.rows.map(\.notReported), [true, false, false, true, true])
        XCTAssertEqual(after.total.notReported, 3, "a done task is never 未报送")
    }

    func testTheScorecardFollowsItsHundredPointRule() {
        let card = Scorecard(input(asOf: "2026-11-30"))
        let water = try? XCTUnwrap(card.lines.first { $0.unitID == "city.water" })
        // water leads a, b, c: done 1 (on time: 11-20 ≤ 11-25), overdue 0 (c has no deadline), not reported: a (period 11-29…).
        XCTAssertEqual(water?.led, 3)
        XCTAssertEqual(water?.done, 1)
        XCTAssertEqual(water?.doneOnTime, 1)
        XCTAssertEqual(water?.overdue, 0)
        XCTAssertEqual(water?.notReported, 1)
        XCTAssertEqual(water?.red, 1)
        // 40·1/3 + 10·1/3 + 30·3/3 + 20·2/3 = 13.33 + 3.33 + 30 + 13.33 = 60.0
        XCTAssertEqual(water?.score, 60.0)
        XCTAssertEqual(water?.grade, .pass)
        let eco = card.lines.first { $0.unitID == "city.eco" }
        // eco leads d (overdue, not reported) and e (blocked, not reported): 0 + 0 + 30·1/2 + 0 = 15
        XCTAssertEqual(eco?.score, 15.0)
        XCTAssertEqual(eco?.grade, .fail)
        XCTAssertEqual(card.lines.map(\.unitID), ["city.water", "city.eco"], "best score first")
        XCTAssertEqual(Grade(score: 90), .excellent)
        XCTAssertEqual(Grade(score: 89.9), .good)
        XCTAssertEqual(Grade(score: 75), .good)
        XCTAssertEqual(Grade(score: 60), .pass)
        XCTAssertEqual(Grade(score: 59.9), .fail)
    }

    func testATaskDoneAfterItsDeadlineIsNotOnTime() {
        var i = input(asOf: "2026-11-30")
        i.facts["m.t.b"]?.statusMillis = ReportFixture.noon("2026-11-26")
        XCTAssertEqual(Scorecard(i).lines.first { $0.unitID == "city.water" }?.doneOnTime, 0)
    }

    func testCSVRoundTripsThroughACSVReaderWithChineseCommasQuotesAndLineBreaks() throws {
        let note = "完成\"一河一策\"编制,召开会议；\n下一步：验收\r\n第三行 <b>"
        let l = Ledger(input(asOf: "2026-11-30", notes: note))
        let data = try l.render(.csv, timeZone: tz)
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 byte order mark for Excel")
        let text = try XCTUnwrap(String(data: data.dropFirst(3), encoding: .utf8))
        XCTAssertTrue(text.hasPrefix("序号,部分,要点,任务,"))
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        XCTAssertNil(reader.error)
        XCTAssertEqual(reader.headerRow, Ledger.headers)
        XCTAssertEqual(rows.count, 5, "one record per task, whatever the notes hold")
        XCTAssertEqual(rows, l.table(timeZone: tz).rows)
        let doneColumn = try XCTUnwrap(Ledger.headers.firstIndex(of: "已完成工作"))
        XCTAssertEqual(rows[0][doneColumn], note)
        XCTAssertEqual(rows[0][Ledger.headers.firstIndex(of: "灯号")!], "(Y) 黄灯")
        XCTAssertEqual(rows[2][Ledger.headers.firstIndex(of: "本期报送")!], "已报送")
        XCTAssertEqual(rows[1][Ledger.headers.firstIndex(of: "本期报送")!], "—")
    }

    func testHTMLEscapesEveryDataString() throws {
        let l = Ledger(input(asOf: "2026-11-30", notes: "<script>alert('x')</script> & \"引号\""))
        let html = try XCTUnwrap(String(data: try l.render(.html, timeZone: tz), encoding: .utf8))
        XCTAssertFalse(html.contains("<script"), "no script element from data")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;引号&quot;"))
        XCTAssertTrue(html.contains("@media print"))
        XCTAssertTrue(html.contains("size:A4"))
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched from the network")
        // Red rows first in the task table.
        let c = try XCTUnwrap(html.range(of: "开展河道清理"))
        let a = try XCTUnwrap(html.range(of: "定期召开联席会议"))
        XCTAssertLessThan(c.lowerBound, a.lowerBound, "the red task c is listed before the yellow task a")
        XCTAssertEqual(ReportHTML.escape("a\u{7}b\u{1B}[31m"), "ab[31m")
    }

    func testMarkdownAndJSONCarryTheSameFigures() throws {
        let l = Ledger(input(asOf: "2026-11-30", notes: "a|b\nc"))
        let md = try XCTUnwrap(String(data: try l.render(.md, timeZone: tz), encoding: .utf8))
        XCTAssertTrue(md.contains("红灯 2，黄灯 1，绿灯 2"), md)
        XCTAssertTrue(md.contains("a\\|b<br>c"))
        let json = try XCTUnwrap(String(data: try l.render(.json, timeZone: tz), encoding: .utf8))
        let parsed = JSONParser.parse(Array(json.utf8))
        let root = try XCTUnwrap(parsed.value)
        XCTAssertEqual(root["total"]?["red"]?.intValue, 2)
        XCTAssertEqual(root["rows"]?.arrayValue?.count, 5)
        XCTAssertEqual(root["rows"]?[0]?["light"]?.stringValue, "yellow")
        XCTAssertEqual(root["rows"]?[0]?["report"]?["done"]?.stringValue, "a|b\nc")
        XCTAssertEqual(root["period"]?["due"]?.stringValue, "2026-12-28")
    }

    func testATargetsProgressComesFromItsTasksAndTheOfficeIndicatorWins() {
        var i = input(asOf: "2026-11-30")
        i.targets["m.g.flow"] = TargetRecord(indicator: Indicator(baseline: 80, goal: 95), indicatorBy: "alice", indicatorMillis: 1,
                                             values: [Measurement(value: 86.5, on: "2026-11-30", by: "alice", atMillis: 2)])
        let row = Ledger.targetRow(i.library.targets[0], input: i)
        XCTAssertEqual(row.tally.tasks, 3) // a, b, e
        XCTAssertEqual(row.tally.done, 1)
        XCTAssertEqual(row.tally.progress, 53) // (40 + 100 + 20) / 3
        XCTAssertEqual(row.indicator.metric, "生态流量保证率", "the speech's fields stay where the office set none")
        XCTAssertEqual(row.indicator.goal, 95)
        XCTAssertEqual(row.indicatorSource, "河长办设定")
        XCTAssertEqual(row.values.last?.value, 86.5)
    }
}

extension LedgerTests {
    func testCSVCellsKeepLineBreaksButEscapeOtherControlCharacters() {
        XCTAssertEqual(ReportCSV.cell("甲,乙\n丙"), "甲,乙\n丙")
        XCTAssertEqual(ReportCSV.cell("a\u{1B}[31mb\tc"), "a\\e[31mb\tc")
        XCTAssertEqual(ReportCSV.cell("x\u{202E}y\r\nz"), "x\\u{202E}y\nz")
    }
}
