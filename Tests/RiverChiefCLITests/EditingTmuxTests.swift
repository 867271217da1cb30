import Foundation
import XCTest

/// Recording progress in the real dashboard, driven in tmux: what is recorded shows in the other
/// open dashboards and in `riverchief history --json` with the account and the time.
final class EditingTmuxTests: XCTestCase {
    var sessions: [TmuxSession] = []
    var dir: URL!
    var db: String { dir.appendingPathComponent("state.sqlite").path }
    let data = CLI.repositoryRoot.appendingPathComponent("Data").path
    var env: [String: String?] { ["LANG": "C.UTF-8", "TERM": "screen-256color", "XDG_DATA_HOME": dir.path] }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        chmod(dir.path, 0o755)
    }

    override func tearDown() {
        sessions.forEach { $0.close() }
        sessions = []
        try? FileManager.default.removeItem(at: dir)
    }

    var args: [String] { ["--data", data, "--db", db, "--ambiguous", "narrow", "--lang", "zh"] }

    func open(width: Int = 120, height: Int = 30, launcher: [String] = []) throws -> TmuxSession {
        let s = try TmuxSession(arguments: args, environment: env, width: width, height: height, launcher: launcher)
        sessions.insert(s, at: 0)
        s.wait(for: "0/50")
        return s
    }

    /// The recorded events, as `riverchief history --json` prints them (of one item when given).
    func history(_ id: String? = nil) throws -> [[String: Any]] {
        let r = try CLI.run(["history"] + (id.map { [$0] } ?? []) + ["--json", "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], r.stdout)
    }

    /// The first task of the preamble: down once from the top of the tree.
    func selectFirstTask(_ s: TmuxSession) throws {
        try s.send("j")
        s.wait(for: "yr2020.t.")
    }

    func testTwoDashboardsInTwoWindowsSeeEachOthersChanges() throws {
        let a = try open()
        let b = try TmuxSession(windowIn: a, name: "b", arguments: args, environment: env)
        sessions.append(b)
        b.wait(for: "0/50")
        try selectFirstTask(a)
        try selectFirstTask(b)

        // A marks the task done; B, with no key pressed, shows it.
        try a.send("x")
        a.wait(for: "1/50")
        b.wait("the change made in window a", until: { $0.contains("1/50") && $0.contains("[x]") })

        // B sets a status through the menu on the next task; A shows it.
        try b.send("j")
        try b.send("s")
        b.wait(for: "设置状态")
        try b.send("5")
        b.wait(for: "已记录")
        a.wait("window b's change", until: { $0.contains("[#]受阻 1") })
    }

    func testStatusChineseNoteAndUndoAreInTheHistoryWithAccountAndTime() throws {
        let before = Date().addingTimeInterval(-1)
        let s = try open()
        try selectFirstTask(s)
        try s.send("s")
        s.wait(for: "设置状态")
        try s.send("2")
        s.wait(for: "已记录")
        try s.send("a")
        s.wait(for: "进展反馈")
        try s.type("完成对照检查，形成短板清单")
        try s.send("Tab")
        try s.type("下周召开专题会")
        try s.send("BSpace")           // one whole character goes: 会
        s.wait(for: "下周召开专题 ")
        try s.send("Enter")
        s.wait(for: "反馈 完成对照检查")
        try s.send("x")
        s.wait(for: "1/50")
        try s.send("u")
        s.wait(for: "已撤销")
        s.wait(for: "0/50")
        let after = Date().addingTimeInterval(1)

        let events = try history()
        XCTAssertEqual(events.map { $0["kind"] as? String }, ["status", "note", "status", "undo"])
        XCTAssertEqual(events.map { $0["new"] as? String }, ["in-progress", "完成对照检查，形成短板清单；下一步：下周召开专题", "done", "in-progress"])
        let note = try XCTUnwrap(events[1]["note"] as? [String: String])
        XCTAssertEqual(note, ["done": "完成对照检查，形成短板清单", "next": "下周召开专题"])
        let account = String(cString: getpwuid(getuid()).pointee.pw_name)
        for e in events {
            XCTAssertEqual(e["account"] as? String, account)
            XCTAssertEqual(e["uid"] as? Int, Int(getuid()))
            let ms = try XCTUnwrap(e["at_ms"] as? Int)
            let at = Date(timeIntervalSince1970: Double(ms) / 1000)
            XCTAssertTrue(at >= before && at <= after, "\(at) is the time of the change")
            XCTAssertTrue((e["at"] as? String)?.hasSuffix("Z") ?? false, "stored in UTC")
        }
        XCTAssertEqual(events[3]["undoes"] as? Int, events[2]["id"] as? Int)
    }

    func testAColleaguesChangeInBetweenIsReportedWithTheirName() throws {
        let s = try open()
        try selectFirstTask(s)
        let screen = s.capture()
        let id = try XCTUnwrap(screen.range(of: #"yr2020\.t\.[a-z0-9-]+"#, options: .regularExpression).map { String(screen[$0]) })
        try s.send("s")
        s.wait(for: "设置状态")
        // The colleague is another account when this runs as root (`nobody`, through setpriv, with
        // the database opened to it); otherwise the same account from another process.
        var launcher: [String] = [], account = String(cString: getpwuid(getuid()).pointee.pw_name)
        if geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            account = getpwuid(65534).map { String(cString: $0.pointee.pw_name) } ?? "uid65534"
            chmod(dir.path, 0o777)
            for f in [db, db + "-wal", db + "-shm"] { chmod(f, 0o666) }
        }
        let other = try CLI.run(["set", id, "--status", "blocked", "--db", db, "--data", data], launcher: launcher)
        XCTAssertEqual(other.status, 0, other.stderr)
        try s.send("3")
        let shown = s.wait(for: "未保存")
        XCTAssertTrue(shown.contains("已被 \(account) 于"), shown)
        XCTAssertEqual(try history(id).count, 1, "nothing overwritten")
    }

    func testAChangeMadeJustBeforeQuittingIsRecorded() throws {
        let s = try open()
        try selectFirstTask(s)
        try s.send("x", "q")            // one burst: the write is still queued when q arrives
        s.wait(for: "RC-EXIT=0")
        XCTAssertEqual(try history().first?["new"] as? String, "done")
    }

    func testAReportBeingTypedWhenTheConnectionDropsIsThereNextTime() throws {
        let s = try open()
        try selectFirstTask(s)
        try s.send("a")
        s.wait(for: "进展反馈")
        try s.type("断线前写的反馈")
        s.wait(for: "断线前写的反馈")
        let pid = try XCTUnwrap(s.programPID())
        kill(pid, SIGHUP)                  // the SSH connection drops
        let after = s.wait(for: "RC-EXIT=")
        XCTAssertTrue(after.contains("1 unsaved report draft kept in \(dir.path)/riverchief/drafts.json"), after)

        let again = try open()
        again.wait(for: "有 1 份未保存的反馈草稿")
        try selectFirstTask(again)
        try again.send("a")
        again.wait(for: "断线前写的反馈")
        try again.send("Enter")
        again.wait(for: "已记录")
        try again.send("q")
        again.wait(for: "RC-EXIT=0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path + "/riverchief/drafts.json"), "recorded: no draft left")
    }

    func testAReadOnlyDatabaseOpensWithABanner() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to run as another account")
        }
        // Created by this account; `nobody` may read it but not write it.
        let made = try CLI.run(["set", "yr2020.t.find-gaps", "--status", "推进中", "--db", db, "--data", data])
        XCTAssertEqual(made.status, 0, made.stderr)
        chmod(db, 0o644)
        let s = try TmuxSession(arguments: args, environment: env, width: 120, height: 30,
                                launcher: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        sessions.append(s)
        let screen = s.wait(for: "只读")
        XCTAssertTrue(screen.contains("只读:您无权写入状态库 \(db)"), screen)
        s.wait(for: "[~]推进中 1") // the states are read (they arrive just after the first frame)
        try selectFirstTask(s)
        try s.send("x")
        s.wait(for: "只读,不能记录:the state database")
        XCTAssertEqual(try history().count, 1, "nothing written")
    }
}
