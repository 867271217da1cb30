import Foundation
import XCTest

/// A large library's first screen, end to end: the real binary in tmux over a generated library of
/// 40 speeches and 40,000 items with a warm cache. The speech list shows while the library loads,
/// then the counts fill in; keys pressed meanwhile are carried out after, none lost.
final class StartScreenTmuxTests: XCTestCase {
    var session: TmuxSession?
    var work: URL!

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.available, "tmux is not installed")
        work = FileManager.default.temporaryDirectory.appendingPathComponent("rc-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        session?.close()
        session = nil
        try? FileManager.default.removeItem(at: work)
    }

    /// 40 speeches, 40,000 items, generated once for the class, with the cache of the test home warm.
    nonisolated(unsafe) static var generated: String?

    override class func tearDown() {
        if let dir = generated { try? FileManager.default.removeItem(atPath: dir) }
        generated = nil
    }

    func library() throws -> String {
        if let done = Self.generated { return done }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-start-lib-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        let bench = CLI.binary.deletingLastPathComponent().appendingPathComponent("riverchief-bench")
        let generate = Process()
        generate.executableURL = bench
        generate.arguments = ["generate", "--out", dir, "--models", "40", "--items", "40000", "--units", "300", "--seed", "3"]
        generate.environment = TestHome.processEnvironment
        generate.standardOutput = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        XCTAssertEqual(generate.terminationStatus, 0, "riverchief-bench generate")
        // The first load reads every model.json and writes the cache; the dashboard then starts from it.
        let warm = try CLI.run(["list", "--data", dir], timeout: 300)
        XCTAssertEqual(warm.status, 0, warm.stderr)
        Self.generated = dir
        return dir
    }

    /// Watches closely until the speech list is up; true if it said it was loading.
    func sawLoading(_ s: TmuxSession) -> Bool {
        let end = Date().addingTimeInterval(60)
        var screen = s.capture()
        while !screen.contains("篇讲话"), Date() < end {
            usleep(5_000)
            screen = s.capture()
        }
        return screen.contains("正在载入")
    }

    func testAHangUpWhileItLoadsEndsItAndRestoresTheTerminal() throws {
        let library = try library()
        let s = try TmuxSession(arguments: ["--data", library, "--db", work.appendingPathComponent("state.sqlite").path, "--ambiguous", "narrow"],
                                environment: ["LANG": "zh_CN.UTF-8", "TERM": "screen-256color"])
        session = s
        XCTAssertTrue(sawLoading(s), s.capture())
        // What an SSH session's end sends.
        let pid = try XCTUnwrap(s.programPID())
        kill(pid, SIGHUP)
        let after = s.wait(timeout: 20, "exit 129 and the terminal modes") { $0.contains("RC-EXIT=129") && $0.contains("icanon") }
        XCTAssertTrue(after.contains("RC-EXIT=129"), after)
        XCTAssertFalse(after.contains("-icanon") || after.contains("-echo"), "terminal left raw:\n\(after)")
    }

    func testTheSpeechListShowsWhileTheLibraryLoadsAndKeysPressedMeanwhileCount() throws {
        let library = try library()
        let db = work.appendingPathComponent("state.sqlite").path
        let s = try TmuxSession(arguments: ["--data", library, "--db", db, "--ambiguous", "narrow"],
                                environment: ["LANG": "zh_CN.UTF-8", "TERM": "screen-256color"])
        session = s
        // Watch closely until the speech list is up, then press 4 (the status view) at once.
        let loading = sawLoading(s)
        if loading { try s.send("4") }
        // The counts come in place of "loading".
        var screen = s.wait(timeout: 60, "the loaded dashboard") { $0.contains("进度 [") && !$0.contains("正在载入") }
        XCTAssertTrue(loading, "the speech list was shown while the library loaded:\n\(screen)")
        XCTAssertTrue(screen.contains("40 篇讲话"), screen)
        // The key pressed while it loaded took effect: the status view, with its groups.
        screen = s.wait(timeout: 10, "the status view chosen while loading") { $0.contains(" 4 状态 ") && $0.contains("逾期") }
        let lines = screen.components(separatedBy: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix(" 4 状态") }, "the status view's pane, not the tree's:\n\(screen)")
        try s.send("q")
        let after = s.wait(timeout: 10, "exit 0") { $0.contains("RC-EXIT=0") }
        XCTAssertTrue(after.contains("RC-EXIT=0"), after)
    }
}
