import Foundation
import XCTest

/// The dashboard's lights and reports panel, end to end: the real binary in tmux over the real
/// library and a real database that `riverchief set` wrote.
final class ReportsTmuxTests: XCTestCase {
    var dir: URL!
    var session: TmuxSession?
    var db: String { dir.appendingPathComponent("state.sqlite").path }
    let data = CLI.repositoryRoot.appendingPathComponent("Data").path

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-tmux-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        session?.close()
        session = nil
        try? FileManager.default.removeItem(at: dir)
    }

    var environment: [String: String] {
        ["RIVERCHIEF_DB": db, "HOME": dir.path, "XDG_CACHE_HOME": dir.appendingPathComponent("cache").path,
         "XDG_DATA_HOME": dir.appendingPathComponent("data").path, "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path,
         "RIVERCHIEF_DATA": data, "LANG": "zh_CN.UTF-8"]
    }

    func rc(_ args: [String]) throws -> CLI.Result { try CLI.run(args, environment: environment) }

    /// Today in the machine's zone, as the dashboard and the report count it.
    func day(_ offset: Int) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = .current
        let d = c.date(byAdding: .day, value: offset, to: Date()) ?? Date()
        let f = DateFormatter()
        f.calendar = c
        f.timeZone = .current
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }

    func testTheDashboardsRedCountIsTheReportsAndItsPanelWritesTheScorecard() throws {
        // Red: one marked 滞后, two overdue (deadline yesterday); yellow: due today and in 7 days; green: in 8 days.
        for (id, args) in [("yr2020.t.joint-meetings", ["--status", "behind"]), ("yr2020.t.find-gaps", ["--deadline", day(-1)]),
                           ("yr2020.t.claim-tasks", ["--deadline", day(-1), "--status", "blocked"]),
                           ("yr2020.t.learn-experience", ["--deadline", day(0)]), ("yr2020.t.flow-regulation", ["--deadline", day(7)]),
                           ("yr2020.t.implementation-plan", ["--deadline", day(8)])] {
            let r = try rc(["set", id] + args)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let report = try rc(["report", "--format", "json"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let total = try XCTUnwrap(json["total"] as? [String: Any])
        XCTAssertEqual(total["red"] as? Int, 3)
        XCTAssertEqual(total["yellow"] as? Int, 2)

        var env: [String: String?] = [:]
        for (k, v) in environment { env[k] = v }
        env["TERM"] = "screen-256color"
        let s = try TmuxSession(arguments: ["--ambiguous", "narrow"], environment: env, width: 120, height: 40, directory: dir.path)
        session = s
        let screen = s.wait(timeout: 10, "the header's light counts") { $0.contains("(R)红灯") }
        let header = (screen.split(separator: "\n").first { $0.contains("(R)红灯") }.map(String.init) ?? "") + " "
        XCTAssertTrue(header.contains("(R)红灯 \(total["red"] as? Int ?? -1) "), "the dashboard's red count is the report's:\n\(header)")
        XCTAssertTrue(header.contains("(Y)黄灯 \(total["yellow"] as? Int ?? -1) "), header)
        XCTAssertTrue(header.contains("(G)绿灯 \(total["green"] as? Int ?? -1) "), header)
        // The status view lists the red tasks first, each with its marker.
        // tmux may capture the pane mid-repaint, with the title drawn and the catalogue's lit rows
        // still below it (CI once caught exactly that). The status view's rows alone carry a
        // progress column ("0% "), so wait until at least six of them are drawn.
        func taskRows(_ screen: String) -> [Substring] {
            screen.split(separator: "\n").filter {
                ($0.contains("(R) [") || $0.contains("(Y) [") || $0.contains("(G) [")) && $0.contains("% ")
            }
        }
        try s.send("4")
        let status = s.wait(timeout: 10, "the status view with its lit tasks") {
            $0.contains("按状态分组") && taskRows($0).count >= 6
        }
        XCTAssertTrue(taskRows(status).prefix(3).allSatisfy { $0.contains("(R) [") }, "red first:\n\(status)")

        try s.send("R")
        let panel = s.wait(timeout: 10, "the scorecard") { $0.contains("等次") && $0.contains("市河长办") }
        XCTAssertTrue(panel.contains("报表"), panel)
        try s.send("3")
        let file = dir.appendingPathComponent("考核-\(day(0)).html")
        let written = s.wait(timeout: 10, "the status line saying where") { $0.contains("已写出考核") }
        XCTAssertTrue(written.contains(dir.lastPathComponent), written)
        let html = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(html.contains("河长制工作考核") && html.contains("市河长办"), html)
        try s.send("Tab")
        s.wait(for: "[台账]")
        try s.send("2")
        s.wait(timeout: 10, "the ledger written") { $0.contains("已写出台账") }
        let csv = try Data(contentsOf: dir.appendingPathComponent("台账-\(day(0)).csv"))
        XCTAssertEqual(Array(csv.prefix(3)), [0xEF, 0xBB, 0xBF])
        try s.send("Escape")
        try s.send("q")
        s.wait(timeout: 5, "the dashboard's exit") { $0.contains("RC-EXIT=0") }
    }
}
