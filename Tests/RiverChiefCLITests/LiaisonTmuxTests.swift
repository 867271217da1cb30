import Foundation
import XCTest

/// A liaison's day in the real dashboard, driven in tmux at 80×24 over a real SQLite file: reports
/// that save through a colleague's change, messages read whole, status and progress that agree,
/// +/- presses recorded once, reports edited as text boxes, the status view keeping its task, undo
/// that asks first. The colleague is `riverchief set` in another process.
final class LiaisonTmuxTests: XCTestCase {
    var sessions: [TmuxSession] = []
    var dir: URL!
    var db: String { dir.appendingPathComponent("state.sqlite").path }
    let data = CLI.repositoryRoot.appendingPathComponent("Data").path
    var env: [String: String?] {
        ["LANG": "C.UTF-8", "TERM": "screen-256color", "HOME": dir.path, "XDG_DATA_HOME": dir.path + "/data",
         "XDG_STATE_HOME": dir.path + "/state", "XDG_CONFIG_HOME": dir.path + "/config", "XDG_CACHE_HOME": dir.path + "/cache"]
    }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-liaison-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        sessions.forEach { $0.close() }
        sessions = []
        try? FileManager.default.removeItem(at: dir)
    }

    func open(lang: String = "zh", width: Int = 80, height: Int = 24) throws -> TmuxSession {
        let s = try TmuxSession(arguments: ["--data", data, "--db", db, "--ambiguous", "narrow", "--lang", lang],
                                environment: env, width: width, height: height)
        sessions.append(s)
        s.wait(timeout: 20, "the dashboard over the library") { $0.contains("0/50") }
        return s
    }

    /// The recorded events of one item, as `riverchief history --json` prints them.
    func history(_ id: String) throws -> [[String: Any]] {
        let r = try CLI.run(["history", id, "--json", "--db", db, "--data", data], environment: ["HOME": dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], r.stdout)
    }

    /// A colleague's change from another process.
    func colleague(_ id: String, _ args: String...) throws {
        let r = try CLI.run(["set", id] + args + ["--db", db, "--data", data], environment: ["HOME": dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// Selects the first task of the tree (down once from the top) and returns its id.
    func firstTask(_ s: TmuxSession) throws -> String {
        try s.send("j")
        let screen = s.wait(for: "yr2020.t.")
        return try XCTUnwrap(screen.range(of: #"yr2020\.t\.[a-z0-9-]+"#, options: .regularExpression).map { String(screen[$0]) })
    }

    func testAReportSavesWhileAColleagueChangesTheStatus() throws {
        let s = try open()
        let id = try firstTask(s)
        try s.send("a")
        s.wait(for: "进展反馈")
        try s.type("完成河道排查")
        s.wait(for: "完成河道排查")
        // Meanwhile a colleague marks the task blocked and sets its progress.
        try colleague(id, "--status", "blocked", "--progress", "30")
        try s.send("Enter")
        s.wait(for: "更新状态?")          // the report is saved, and the status offered
        let saved = s.wait(for: "已记录")
        XCTAssertFalse(saved.contains("未保存"), saved)
        try s.send("Escape")
        s.wait(for: "状态未改")
        let events = try history(id)
        XCTAssertEqual(events.map { $0["kind"] as? String }, ["status", "progress", "note"])
        XCTAssertEqual((events.last?["note"] as? [String: String])?["done"], "完成河道排查")
        s.wait(timeout: 5, "the colleague's status on screen") { $0.contains("[#]受阻 1") }
    }

    func testARefusedStatusIsReadWholeAt80ColumnsAndConfirmedAgain() throws {
        let s = try open()
        let id = try firstTask(s)
        try s.send("s")
        s.wait(for: "设置状态")
        try colleague(id, "--status", "blocked", "--note", "一是完成全市河湖“清四乱”专项行动的排查,二是建立问题清单")
        try s.send("3")
        // What to do comes first, and the message wraps instead of being cut.
        let screen = s.wait(for: "未保存(同事刚改过")
        // The last two rows hold the whole message, the colleague's change quoted at its end.
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let message = rows.suffix(2).joined().replacingOccurrences(of: " ", with: "")
        XCTAssertTrue(message.hasPrefix("未保存(同事刚改过"), screen)
        XCTAssertTrue(message.contains("按x再确认“已完成”"), screen)
        XCTAssertTrue(message.contains("改了状态未启动→受阻"), screen)
        // m shows every message whole.
        try s.send("m")
        s.wait(for: "最近的消息")
        s.wait(for: "状态 未启动 → 受阻")
        try s.send("q")
        // x confirms the choice over the colleague's change.
        try s.send("x")
        s.wait(for: "已记录")
        XCTAssertEqual(try history(id).compactMap { $0["new"] as? String }.suffix(2), ["done", "100"])
    }

    func testStatusAndProgressAgreeAndPressesAreRecordedOnce() throws {
        let s = try open()
        let id = try firstTask(s)
        // Four presses: the progress shows at once, one change is recorded when they rest.
        try s.send("+", "+", "+", "-")
        s.wait(for: "停按后记录")
        s.wait(timeout: 5, "the coalesced change") { $0.contains("已记录") }
        var events = try history(id)
        XCTAssertEqual(events.map { $0["kind"] as? String }, ["status", "progress"], "one change: 推进中 and 20 %")
        XCTAssertEqual(events.map { $0["new"] as? String }, ["in-progress", "20"])
        // Blocked asks why; the reason is in the history.
        try s.send("b")
        s.wait(for: "为什么受阻")
        try s.type("等待省厅批复")
        s.wait(for: "等待省厅批复")      // typed, then Enter (a line break ending a paste does not save)
        try s.send("Enter")
        s.wait(for: "已记录")
        events = try history(id)
        XCTAssertEqual(events.last?["kind"] as? String, "note")
        XCTAssertEqual((events.last?["note"] as? [String: String])?["problems"], "等待省厅批复")
        // Done sets 100 %.
        try s.send("x")
        s.wait(timeout: 5, "done") { $0.contains("1/50") }
        XCTAssertEqual(try history(id).last?["new"] as? String, "100")
    }

    func testTheReportFormEditsLikeATextBox() throws {
        let s = try open()
        let id = try firstTask(s)
        try s.send("a")
        s.wait(for: "进展反馈")
        try s.type("第一行")
        try s.send("C-o")
        try s.type("第二行")
        try s.send("Up")                 // up a line inside the field
        try s.send("End")
        try s.type("甲")
        s.wait(for: "第一行甲")
        // A paste ending in a line break does not save the form.
        try s.send("Tab")
        try s.type("粘贴的文字\n")
        let screen = s.wait(for: "粘贴的文字")
        XCTAssertTrue(screen.contains("进展反馈"), "still open:\n\(screen)")
        try s.send("Enter")
        s.wait(for: "更新状态?")
        try s.send("Escape")
        s.wait(timeout: 5, "saved") { _ in ((try? self.history(id)) ?? []).count == 1 }
        let note = try XCTUnwrap(try history(id).last?["note"] as? [String: String])
        XCTAssertEqual(note["done"], "第一行甲\n第二行")
        XCTAssertEqual(note["next"], "粘贴的文字")
    }

    func testTheStatusViewKeepsTheChangedTaskSelected() throws {
        let s = try open()
        try s.send("4")
        let before = s.wait(for: "按状态分组")
        // The detail pane names the selected task; mark it in progress: it moves to another group.
        let id = try XCTUnwrap(before.range(of: #"yr2020\.t\.[a-z0-9-]+"#, options: .regularExpression).map { String(before[$0]) })
        try s.send("w")
        let after = s.wait(for: "已记录")
        XCTAssertTrue(after.contains(id), "the detail pane still shows \(id):\n\(after)")
        // The next key acts on the same task.
        try s.send("x")
        s.wait(timeout: 5, "the second change") { _ in ((try? self.history(id)) ?? []).count >= 3 }
        XCTAssertEqual(try history(id).compactMap { $0["new"] as? String }, ["in-progress", "done", "100"])
    }

    func testUndoShowsWhatAndAsksFirst() throws {
        let s = try open()
        let id = try firstTask(s)
        try s.send("x")
        s.wait(for: "已记录")
        try s.send("u")
        // The question shows what, when and from where (the overlay's own line: "记录于").
        let asked = s.wait(for: "记录于")
        XCTAssertTrue(asked.contains("撤销这次修改?") && asked.contains("  状态 未启动 → 已完成") && asked.contains("进度 0% → 100%"), asked)
        try s.send("n")
        s.wait(for: "未撤销")
        XCTAssertEqual(try history(id).count, 2, "nothing undone")
        try s.send("u")
        s.wait(for: "撤销这次修改?")
        s.wait(for: "记录于")
        try s.send("y")
        s.wait(for: "已撤销")
        XCTAssertEqual(try history(id).map { $0["kind"] as? String }, ["status", "progress", "undo", "undo"])
    }

    func testEnglishLabelsSayEverythingInEnglish() throws {
        let s = try open(lang: "en", width: 100, height: 30)
        _ = try firstTask(s)
        try s.send("x")
        let screen = s.wait(for: "recorded on")
        XCTAssertTrue(screen.contains("status not started → done"), screen)
        XCTAssertFalse(screen.contains("状态") || screen.contains("进度"), screen)
        try s.send("d")
        try s.send("C-u")
        try s.type("2026-02-30")
        s.wait(for: "2026-02-30")
        try s.send("Enter")
        // The reason is read whole (the form grows by the rows it wraps to).
        s.wait("the reason, whole") { $0.contains("February 2026") && $0.contains("28 days") }
    }

    func testDraftsAreFoundAfterARestartAndDiscarded() throws {
        let s = try open()
        let id = try firstTask(s)
        try s.send("a")
        s.wait(for: "进展反馈")
        try s.type("没写完的反馈")
        s.wait(for: "没写完的反馈")
        try s.send("Escape", "q")
        s.wait(for: "RC-EXIT=0")
        let again = try open()
        again.wait(for: "按 D 列出")
        again.wait(for: "✎")                     // the task is marked in the tree
        try again.send("D")
        again.wait(for: "未保存的反馈草稿")
        again.wait(for: "没写完的反馈")
        try again.send("d")
        again.wait(for: "已丢弃")
        XCTAssertFalse(again.capture().contains("✎"), again.capture())
        try again.send("q")
        again.wait(for: "RC-EXIT=0")
        XCTAssertEqual(try history(id).count, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path + "/data/riverchief/drafts.json"), "discarded: no draft kept")
    }

    func testMyUnitOpensFirstAndAColleaguesChangeIsMarkedUntilSeen() throws {
        let s = try open()
        try s.send("2")
        s.wait(for: "个单位")
        // Down to 市水利局 (the first unit whose row names it), then U.
        var screen = s.capture()
        for _ in 0..<40 where !selectedRow(screen).contains("市水利局") {
            try s.send("j")
            usleep(60_000)
            screen = s.capture()
        }
        XCTAssertTrue(selectedRow(screen).contains("市水利局"), screen)
        try s.send("U")
        s.wait(for: "我的单位:市水利局")
        try s.send("q")
        s.wait(for: "RC-EXIT=0")
        let settings = dir.path + "/state/riverchief/settings.json"
        let mode = (try FileManager.default.attributesOfItem(atPath: settings)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)

        // A colleague (another account when this runs as root) changes one of its tasks.
        var launcher: [String] = []
        if geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            chmod(dir.path, 0o777)
            _ = try CLI.run(["history", "--db", db], environment: ["HOME": dir.path]) // the database exists
            for f in [db, db + "-wal", db + "-shm"] { chmod(f, 0o666) }
        } else {
            throw XCTSkip("needs root and setpriv to change a task as another account")
        }
        let list = try CLI.run(["list", "--unit", "city.water", "--json", "--data", data], environment: ["HOME": dir.path])
        let id = try XCTUnwrap(list.stdout.range(of: #"yr2020\.t\.[a-z0-9-]+"#, options: .regularExpression).map { String(list.stdout[$0]) }, list.stdout)
        let other = try CLI.run(["set", id, "--status", "blocked", "--db", db, "--data", data], launcher: launcher)
        XCTAssertEqual(other.status, 0, other.stderr)

        let again = try open()
        again.wait(for: "我的单位 市水利局 的任务")
        again.wait(for: "•")
        try again.send("C")
        again.wait(for: "同事最近的修改")
        try again.send("Enter")
        again.wait(timeout: 5, "the change seen") { !$0.contains("•") }
    }

    /// The panes' title row: in the unit view the side pane's title names the selected unit.
    func selectedRow(_ screen: String) -> String {
        let rows = screen.split(separator: "\n").map(String.init)
        return rows.count > 3 ? rows[3] : ""
    }
}
