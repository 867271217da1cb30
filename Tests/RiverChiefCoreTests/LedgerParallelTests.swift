import Foundation
import XCTest
@testable import RiverChiefCore

/// A large ledger is tallied and written on every core, a piece at a time: it must give exactly
/// the rows, tallies and bytes it gives in one piece, on one core, in every format.
final class LedgerParallelTests: XCTestCase {
    /// 3 sections × 30 points × 100 tasks (9,000 rows: several pieces of tallies and of writing),
    /// with every kind of state and report, notes holding commas, quotes, line breaks and markup.
    static func input() -> ReportInput {
        let speech = SpeechText()
        let span = speech.span
        let units = (0..<7).map { Unit(id: "city.u\($0)", name: "单位\($0)（第\($0)局）", kind: .department) }
        var items: [Item] = []
        var facts: [String: TaskFacts] = [:]
        let noon = ReportFixture.noon
        let statuses: [Status] = [.notStarted, .inProgress, .done, .behind, .blocked]
        var n = 0
        for s in 1...3 {
            items.append(Item(id: "m.s\(s)", modelID: "m", kind: .section, parent: nil, marker: "第\(s)", role: .body,
                              title: "部分\(s)，含逗号", text: "部分\(s)", span: span("部分\(s)")))
            for p in 1...30 {
                items.append(Item(id: "m.s\(s).p\(p)", modelID: "m", kind: .point, parent: "m.s\(s)", marker: "\(p)是",
                                  title: "要点\(p)", text: "要点\(p)", span: span("要点\(p)")))
                for t in 1...100 {
                    n += 1
                    let id = "m.t.\(s)-\(p)-\(t)"
                    let title = t % 17 == 0 ? "任务\(n) \"引号\" | 竖线 <b>" : "任务\(n)"
                    items.append(Item(id: id, modelID: "m", kind: .task, parent: "m.s\(s).p\(p)", title: title, text: title,
                                      span: span(title), lead: Assignment(unit: units[n % 7].id, basis: .stated),
                                      supporting: n % 3 == 0 ? [Assignment(unit: units[(n + 1) % 7].id, basis: .inferred)] : [],
                                      territorial: n % 5 == 0 ? [Assignment(unit: units[(n + 2) % 7].id, basis: .stated)] : [],
                                      targets: n % 11 == 0 ? ["m.g.flow"] : [],
                                      deadline: n % 4 == 0 ? "2026-12-0\(n % 9 + 1)" : (n % 6 == 0 ? "2026-11-2\(n % 9)" : nil)))
                    guard n % 8 != 0 else { continue }  // some tasks have no event at all
                    let status = statuses[n % statuses.count]
                    let day = "2026-11-\(10 + n % 20)"
                    facts[id] = TaskFacts(
                        state: ItemState(status: status, progress: n % 101, deadline: n % 13 == 0 ? "2026-12-31" : nil,
                                         updatedBy: "user\(n % 9)", updatedAt: Double(noon(day)) / 1000),
                        firstEventMillis: noon("2026-11-02"), statusMillis: noon(day),
                        report: n % 2 == 0 ? ReportParts(done: "完成\(n)，\"逗号\"\n换行", next: n % 4 == 0 ? "下一步<script>" : nil,
                                                         problems: n % 6 == 0 ? "问题\r\n两行" : nil) : nil,
                        reportMillis: n % 2 == 0 ? noon(day) : nil)
                }
            }
        }
        let target = Target(id: "m.g.flow", modelID: "m", title: "确保生态流量", text: "确保生态流量", span: span("确保生态流量"),
                            indicator: Indicator(metric: "生态流量保证率", unit: "%"))
        let model = Model(id: "m", meeting: Meeting(title: "讲话", speakerRole: "市委书记", kind: "推进会", date: "2026-11-01"),
                          source: SourceText(speech.source), units: units, targets: [target], items: items)
        return ReportInput(library: Library(models: [model]), facts: facts, asOf: Day("2026-11-30")!, rules: ReportRules(),
                           timeZone: ReportFixture.utc)
    }

    func testOnEveryCoreTheLedgerIsTheOneMadeInOnePiece() throws {
        let input = Self.input()
        // Four pieces whatever the machine has, against one.
        let many = Parallel.asIfCores(4) { Ledger(input) }
        let one = Parallel.asIfCores(1) { Ledger(input) }
        XCTAssertEqual(many.count, 9_000)
        XCTAssertEqual(many.rows.map(\.number), Array(1...9_000))
        XCTAssertEqual(many.rows.map(\.id), one.rows.map(\.id))
        XCTAssertEqual(many.rows.map(\.verdict), one.rows.map(\.verdict))
        XCTAssertEqual(many.rows.map(\.section), one.rows.map(\.section))
        XCTAssertEqual(many.total, one.total)
        XCTAssertEqual(many.sections, one.sections)
        XCTAssertEqual(many.units, one.units)
        XCTAssertEqual(many.redFirstOrder, one.redFirstOrder)
        // The tallies add up to the rows.
        XCTAssertEqual(many.sections.map(\.tasks), [3_000, 3_000, 3_000])
        XCTAssertEqual(many.units.map(\.tasks).reduce(0, +), 9_000)
        XCTAssertEqual(Light.allCases.map { many.total.count($0) }.reduce(0, +), 9_000)
        XCTAssertEqual(many.total.count(.red), many.rows.filter { $0.verdict.light == .red }.count)
        XCTAssertEqual(many.total.notReported, many.rows.filter(\.notReported).count)
        XCTAssertGreaterThan(many.total.count(.red), 0)
        XCTAssertGreaterThan(many.total.count(.yellow), 0)

        for format in ReportFormat.allCases {
            let parallel = try Parallel.asIfCores(4) { try many.render(format, timeZone: input.timeZone) }
            let serial = try Parallel.asIfCores(1) { try one.render(format, timeZone: input.timeZone) }
            XCTAssertEqual(parallel, serial, "\(format): the bytes written on every core are the bytes written in one piece")
            XCTAssertGreaterThan(parallel.count, 9_000 * 50, "\(format)")
        }
        // Each row is written once, in order: the CSV has the header and 9,000 records.
        let csv = String(decoding: try many.render(.csv, timeZone: input.timeZone), as: UTF8.self)
        XCTAssertTrue(csv.contains("\r\n9000,"))
        XCTAssertLessThan(try XCTUnwrap(csv.range(of: "\r\n4500,")).lowerBound, try XCTUnwrap(csv.range(of: "\r\n4501,")).lowerBound)
    }
}
