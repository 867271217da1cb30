import Foundation
import XCTest

/// A backup restored under a running dashboard (`mv backup.sqlite state.sqlite`): the dashboard
/// notices that the path names another file, reads the new one, and never writes into the moved one.
final class ReplacedDatabaseTmuxTests: XCTestCase {
    var dir: URL!
    var session: TmuxSession?
    var db: String { dir.appendingPathComponent("state.sqlite").path }
    let data = CLI.repositoryRoot.appendingPathComponent("Data").path

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-replaced-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        session?.close()
        try? FileManager.default.removeItem(at: dir)
    }

    func set(_ id: String, _ status: String, db: String) throws {
        let r = try CLI.run(["set", id, "--status", status, "--db", db, "--data", data])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func history(_ path: String) throws -> [[String: Any]] {
        let r = try CLI.run(["history", "--json", "--db", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], r.stdout)
    }

    /// The way the office restores a backup: the live file moved aside, the backup moved in, and
    /// the live file's -wal and -shm removed with it (they belong to the file moved aside).
    func restore(_ backup: String, keepingOldAs old: String) {
        XCTAssertEqual(rename(db, old), 0)
        XCTAssertEqual(rename(backup, db), 0)
        unlink(db + "-wal")
        unlink(db + "-shm")
    }

    func testARestoredBackupIsNoticedReadAndWrittenWhileTheMovedFileIsLeftAlone() throws {
        // Live: two tasks done. The backup: one task blocked, none done.
        try set("yr2020.t.find-gaps", "done", db: db)
        try set("yr2020.t.learn-experience", "done", db: db)
        let backup = dir.appendingPathComponent("backup.sqlite").path
        try set("yr2020.t.claim-tasks", "blocked", db: backup)

        let s = try TmuxSession(arguments: ["--data", data, "--db", db, "--ambiguous", "narrow", "--lang", "zh"],
                                environment: ["LANG": "C.UTF-8", "TERM": "screen-256color"], width: 120, height: 30)
        session = s
        s.wait(timeout: 15, "the dashboard with two tasks done") { $0.contains("2/50") }

        let old = dir.appendingPathComponent("old.sqlite").path
        restore(backup, keepingOldAs: old)
        let screen = s.wait(timeout: 10, "the replacement noticed and the backup's states shown") {
            $0.contains("0/50") && $0.contains("受阻 1") && $0.contains("已被替换")
        }
        XCTAssertTrue(screen.contains("已改读新文件"), screen)

        // A change now goes into the restored file, and the moved one keeps exactly its two events.
        try s.send("j")
        s.wait(for: "yr2020.t.")
        try s.send("x")
        s.wait(timeout: 10, "the change recorded") { $0.contains("1/50") && $0.contains("已记录") }
        let restored = try history(db)
        XCTAssertEqual(restored.count, 2, "the backup's event and the dashboard's")
        XCTAssertEqual(restored.last?["new"] as? String, "done")
        XCTAssertEqual(try history(old).count, 2, "nothing written into the moved file")
    }

    func testAChangeMadeTheMomentTheFileIsReplacedIsNotWrittenIntoTheMovedFile() throws {
        try set("yr2020.t.find-gaps", "done", db: db)
        let backup = dir.appendingPathComponent("backup.sqlite").path
        try set("yr2020.t.claim-tasks", "blocked", db: backup)
        let s = try TmuxSession(arguments: ["--data", data, "--db", db, "--ambiguous", "narrow", "--lang", "zh"],
                                environment: ["LANG": "C.UTF-8", "TERM": "screen-256color"], width: 120, height: 30)
        session = s
        s.wait(timeout: 15, "the dashboard") { $0.contains("1/50") }
        try s.send("j")
        s.wait(for: "yr2020.t.")
        let old = dir.appendingPathComponent("old.sqlite").path
        restore(backup, keepingOldAs: old)
        // Straight after: the write or the look for changes notices first; either way the change is
        // refused with the reason or recorded in the restored file, never in the moved one.
        try s.send("w")
        let screen = s.wait(timeout: 10, "the change refused or recorded in the new file") {
            $0.contains("未保存:状态库文件已被替换") || $0.contains("已记录")
        }
        XCTAssertEqual(try history(old).count, 1, "nothing written into the moved file:\n\(screen)")
        let restored = try history(db)
        if screen.contains("已记录") {
            XCTAssertEqual(restored.count, 2)
        } else {
            XCTAssertEqual(restored.count, 1)
        }
        s.wait(timeout: 10, "the backup's states") { $0.contains("受阻 1") }
    }

    func testADatabaseMovedAwayStopsWritesWithTheReason() throws {
        try set("yr2020.t.find-gaps", "done", db: db)
        let s = try TmuxSession(arguments: ["--data", data, "--db", db, "--ambiguous", "narrow", "--lang", "zh"],
                                environment: ["LANG": "C.UTF-8", "TERM": "screen-256color"], width: 120, height: 30)
        session = s
        s.wait(timeout: 15, "the dashboard") { $0.contains("1/50") }
        let moved = dir.appendingPathComponent("moved.sqlite").path
        XCTAssertEqual(rename(db, moved), 0)
        try s.send("j")
        s.wait(for: "yr2020.t.")
        try s.send("w")
        s.wait(timeout: 10, "the refusal") { $0.contains("已被移走或删除") }
        XCTAssertEqual(try history(moved).count, 1, "nothing written into the moved file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "no new empty database created in its place")
    }
}
