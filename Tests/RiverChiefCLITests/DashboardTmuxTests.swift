import Foundation
import XCTest

/// The dashboard, end to end: the real binary over the real library in a real terminal (tmux).
final class DashboardTmuxTests: XCTestCase {
    var session: TmuxSession?
    let data = CLI.repositoryRoot.appendingPathComponent("Data").path

    override func tearDown() {
        session?.close()
        session = nil
    }

    func open(_ extra: [String] = [], env: [String: String?] = ["LANG": "zh_CN.UTF-8", "TERM": "screen-256color"],
              width: Int = 100, height: Int = 30, ready: String = "RiverChief") throws -> TmuxSession {
        let s = try TmuxSession(arguments: ["--data", data, "--ambiguous", "auto"] + extra, environment: env, width: width, height: height)
        session = s
        try waitForDashboard(s)
        s.wait(for: ready)
        return s
    }

    /// The dashboard has drawn its header over the library; fails with the screen otherwise.
    func waitForDashboard(_ s: TmuxSession) throws {
        let screen = s.wait(timeout: 5, "the dashboard's header") { $0.contains("RiverChief") }
        XCTAssertTrue(screen.contains("RiverChief"), "the dashboard did not start:\n\(screen)")
    }

    /// Waits for the program to end and the shell to report the exit status and the terminal modes.
    @discardableResult
    func waitForExit(_ s: TmuxSession, status: Int, file: StaticString = #filePath, line: UInt = #line) -> String {
        let screen = s.wait(timeout: 5, file: file, line: line, "exit \(status) and the terminal modes") {
            $0.contains("RC-EXIT=\(status)") && $0.contains("icanon")
        }
        XCTAssertTrue(screen.contains(" icanon") || screen.hasPrefix("icanon") || screen.contains("\nicanon"), "canonical mode back:\n\(screen)", file: file, line: line)
        XCTAssertFalse(screen.contains("-icanon") || screen.contains("-echo"), "terminal left raw:\n\(screen)", file: file, line: line)
        return screen
    }

    /// The first line of the detail pane (the selected item's title), right of the separator.
    func detailTitle(_ screen: String) -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 4, let bar = lines[4].firstIndex(of: "│") else { return "" }
        return String(lines[4][lines[4].index(after: bar)...]).trimmingCharacters(in: .whitespaces)
    }

    /// Section titles of the real model, read from its JSON.
    func sectionTitles() throws -> [String] {
        let url = CLI.repositoryRoot.appendingPathComponent("Data/yr2020-citysec/model.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let items = json?["items"] as? [[String: Any]] ?? []
        return items.filter { $0["kind"] as? String == "section" }.compactMap { $0["title"] as? String }
    }

    func testOpensOnTheTreeWithEverySectionAndQuitsRestoringTheTerminal() throws {
        let s = try open()
        let top = s.wait(for: "牢记嘱托")
        try s.send("End")
        let bottom = s.wait(for: "结束语")
        let titles = try sectionTitles()
        XCTAssertGreaterThanOrEqual(titles.count, 4)
        for t in titles {
            XCTAssertTrue(top.contains(String(t.prefix(6))) || bottom.contains(String(t.prefix(6))), "section \(t) not found:\n\(top)\n\(bottom)")
        }
        let screen = top
        XCTAssertTrue(screen.contains("某市委书记在全市黄河流域生态保护工作推进会上的讲话"), screen)
        try s.send("q")
        let after = waitForExit(s, status: 0)
        XCTAssertFalse(after.contains("牢记嘱托"), "the dashboard is gone from the screen:\n\(after)")
    }

    func testFindsEcoFlowByTypingItInChinese() throws {
        let s = try open()
        try s.send("/")
        try s.type("生态流量")
        let screen = s.wait(timeout: 5, "the task serving 确保生态流量 selected") { self.detailTitle($0) == "加强干支流水量调度" }
        XCTAssertTrue(screen.contains("/生态流量"), screen)
        XCTAssertTrue(screen.contains("确保生态流量"), "the detail shows the target it serves:\n\(screen)")
        try s.send("Enter")
        s.wait(for: "n 下一个")
    }

    func testFindsSoilConservationByTypingInitials() throws {
        let s = try open()
        try s.send("/")
        try s.type("stbc")
        let screen = s.wait(timeout: 5, "an item about 水土保持 selected") { $0.contains("/stbc") && self.detailTitle($0).contains("水土保持") }
        XCTAssertTrue(detailTitle(screen).contains("水土保持"), screen)
        try s.send("Escape")
        s.wait(timeout: 5, "the prompt closed") { !$0.contains("/stbc") }
    }

    func testUnitViewShowsAUnitsTasks() throws {
        let s = try open()
        try s.send("2")
        s.wait(for: "市水利局")
        try s.send("/")
        try s.type("shuiliju")
        try s.send("Enter")
        let screen = s.wait(for: "市水利局 的任务")
        XCTAssertTrue(screen.contains("牵头"), screen)
        XCTAssertTrue(screen.contains("加大水土流失综合治理力度"), screen)
        try s.send("Tab", "Enter")
        s.wait(for: "详情")
    }

    func testResizeTo80x24AndBackLeavesNothingBroken() throws {
        let s = try open()
        try s.send("j", "j")
        let before = s.wait(timeout: 5, "the cursor on the third row") { self.detailTitle($0) == "学习借鉴先进经验" }
        try s.resize(width: 80, height: 24)
        let small = s.wait(timeout: 5, "the 80×24 layout") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: true)
            return lines.count <= 24 && !screen.contains("四是 广泛动员参与") && screen.contains("RiverChief") && screen.contains("q 退出")
        }
        XCTAssertTrue(small.contains("牢记嘱托"), small)
        try s.resize(width: 30, height: 8)
        s.wait(for: "终端太小")
        try s.resize(width: 100, height: 30)
        let after = s.wait(timeout: 5, "the same screen as before") { $0 == before }
        let a = after.split(separator: "\n", omittingEmptySubsequences: false), b = before.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (x, y)) in zip(a, b).enumerated() where x != y { XCTFail("row \(i) now:\n\(x)\nbefore:\n\(y)") }
    }

    func testHelpListsTheKeys() throws {
        let s = try open(env: ["LANG": "C.UTF-8", "TERM": "screen-256color"])
        try s.send("?")
        let screen = s.wait(for: "Search as you type")
        XCTAssertTrue(screen.contains("Move the cursor down one row"), screen)
        try s.send("Escape")
        s.wait(timeout: 5, "the help closed") { !$0.contains("Search as you type") }
        try s.send("q")
        waitForExit(s, status: 0)
    }

    func testVT100WithoutLangWorks() throws {
        let s = try open(env: ["LANG": nil, "LC_ALL": nil, "LC_MESSAGES": nil, "TERM": "vt100"], ready: "? help")
        let screen = s.wait(for: "1 Tree")
        XCTAssertTrue(screen.contains("[ ]"), "status markers without colour:\n\(screen)")
        XCTAssertTrue(screen.contains("牢记嘱托"), "Chinese still drawn (locale falls back to C.UTF-8):\n\(screen)")
        XCTAssertFalse(screen.contains("│"), "ASCII chrome on vt100:\n\(screen)")
        try s.send("q")
        waitForExit(s, status: 0)
    }

    func testUnknownTermFallsBackWithANote() throws {
        let s = try open(env: ["LANG": "C.UTF-8", "TERM": "xterm-kitty-unknown"], ready: "RiverChief")
        s.wait(for: "using xterm-256color")
        try s.send("C-c")
        waitForExit(s, status: 0)
    }

    func testATerminalThatCannotMoveItsCursorGetsAMessageNotAStream() throws {
        // TERM=dumb, and a printing terminal of our own (compiled with tic into a private TERMINFO):
        // both known to terminfo, neither able to address the cursor.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-terminfo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var cases: [(term: String, env: [String: String?])] = [("dumb", [:])]
        let source = dir.appendingPathComponent("printer.ti")
        try "rc-printer|a printing terminal,\n\tam, cols#80, bel=^G, cr=\\r, ind=\\n,\n".write(to: source, atomically: true, encoding: .utf8)
        let tic = CLI.run(tool: "tic", ["-x", "-o", dir.path, source.path])
        if tic == 0 { cases.append(("rc-printer", ["TERMINFO": dir.path])) } else { print("tic not available: only TERM=dumb checked") }
        for (term, extra) in cases {
            var env: [String: String?] = ["LANG": "C.UTF-8", "TERM": term]
            env.merge(extra) { $1 }
            let s = try TmuxSession(arguments: ["--data", data], environment: env, width: 100, height: 30)
            session = s
            let screen = s.wait(timeout: 5, "exit 2") { $0.contains("RC-EXIT=2") }
            XCTAssertTrue(screen.contains("TERM=\(term) cannot move the cursor"), screen)
            XCTAssertTrue(screen.contains("riverchief list"), screen)
            XCTAssertFalse(screen.contains("RiverChief") || screen.contains("牢记嘱托"), "no frame streamed:\n\(screen)")
            s.close()
        }
    }

    func testSIGTERMRestoresTheTerminal() throws {
        let s = try open()
        guard let pid = s.programPID() else { return XCTFail("no program pid") }
        kill(pid, SIGTERM)
        waitForExit(s, status: 143)
    }

    func testSIGHUPRestoresTheTerminal() throws {
        let s = try open()
        guard let pid = s.programPID() else { return XCTFail("no program pid") }
        kill(pid, SIGHUP)
        waitForExit(s, status: 129)
    }

    func testAmbiguousWideDrawsAnASCIIFrame() throws {
        let s = try TmuxSession(arguments: ["--data", data, "--ambiguous", "wide"],
                                environment: ["LANG": "zh_CN.UTF-8", "TERM": "screen-256color"], width: 100, height: 30)
        session = s
        try waitForDashboard(s)
        let screen = s.wait(for: "牢记嘱托")
        XCTAssertFalse(screen.contains("│") || screen.contains("░") || screen.contains("▾"), "no ambiguous chrome:\n\(screen)")
        XCTAssertTrue(screen.contains(" | "), "ASCII separator:\n\(screen)")
        try s.send("q")
        waitForExit(s, status: 0)
    }

    func testNotATerminalSaysSoAndExits2() throws {
        let r = try CLI.run(["--data", data])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("standard output is not a terminal; use \"riverchief list\""), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }
}
