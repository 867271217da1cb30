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

    func testTheSpeechListShowsWhileTheLibraryLoadsAndKeysPressedMeanwhileCount() throws {
        let library = work.appendingPathComponent("lib").path
        let bench = CLI.binary.deletingLastPathComponent().appendingPathComponent("riverchief-bench")
        let generate = Process()
        generate.executableURL = bench
        generate.arguments = ["generate", "--out", library, "--models", "40", "--items", "40000", "--units", "300", "--seed", "3"]
        generate.environment = TestHome.processEnvironment
        generate.standardOutput = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        XCTAssertEqual(generate.terminationStatus, 0, "riverchief-bench generate")
        // The first load reads every model.json and writes the cache; the dashboard then starts from it.
        let warm = try CLI.run(["list", "--data", library], timeout: 300)
        XCTAssertEqual(warm.status, 0, warm.stderr)

        let db = work.appendingPathComponent("state.sqlite").path
        let s = try TmuxSession(arguments: ["--data", library, "--db", db, "--ambiguous", "narrow"],
                                environment: ["LANG": "zh_CN.UTF-8", "TERM": "screen-256color"])
        session = s
        // Watch closely until the speech list is up, then press 4 (the status view) at once.
        var sawLoading = false
        let end = Date().addingTimeInterval(60)
        var screen = s.capture()
        while !screen.contains("篇讲话"), Date() < end {
            usleep(5_000)
            screen = s.capture()
        }
        if screen.contains("正在载入") {
            sawLoading = true
            try s.send("4")
        }
        // The counts come in place of "loading".
        screen = s.wait(timeout: 60, "the loaded dashboard") { $0.contains("进度 [") && !$0.contains("正在载入") }
        XCTAssertTrue(sawLoading, "the speech list was shown while the library loaded:\n\(screen)")
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
