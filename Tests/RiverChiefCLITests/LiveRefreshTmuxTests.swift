import Foundation
import XCTest

/// An open dashboard shows a colleague's change without a key press.
final class LiveRefreshTmuxTests: XCTestCase {
    var session: TmuxSession?
    var dir: URL?

    override func tearDown() {
        session?.close()
        session = nil
        if let d = dir { try? FileManager.default.removeItem(at: d) }
    }

    func testAChangeFromAnotherProcessAppearsWithoutAKeyPress() throws {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("rc-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        dir = d
        let db = d.appendingPathComponent("state.sqlite").path
        let data = CLI.repositoryRoot.appendingPathComponent("Data").path

        let s = try TmuxSession(arguments: ["--data", data, "--db", db, "--ambiguous", "narrow"],
                                environment: ["LANG": "C.UTF-8", "TERM": "screen-256color"], width: 120, height: 30)
        session = s
        let before = s.wait(for: "0/50")
        XCTAssertFalse(before.contains("1/50"), before)

        // Someone else, in another session, marks a task done.
        let r = try CLI.run(["set", "yr2020.t.clean-energy", "--status", "done", "--db", db, "--data", data])
        XCTAssertEqual(r.status, 0, r.stderr)

        // No key is sent: the dashboard must notice by itself.
        let after = s.wait(for: "1/50", timeout: 5)
        XCTAssertTrue(after.contains("1/50"), after)
    }
}
