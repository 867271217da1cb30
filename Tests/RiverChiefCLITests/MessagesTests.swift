import Foundation
import XCTest

/// Messages that pointed the wrong way (issue 12, item 7), through the real binary: each says what
/// is wrong and where, and nothing is written or created by a refused or reading command.
final class MessagesTests: XCTestCase {
    var dir: URL!
    var db: String { dir.appendingPathComponent("state.sqlite").path }
    let data = CLI.repositoryRoot.appendingPathComponent("Data/yr2020-citysec")
    let id = "yr2020.t.joint-meetings"
    var mounted: String?

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-messages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let mounted { _ = Self.system(["/bin/umount", "-l", mounted]) }
        try? FileManager.default.removeItem(at: dir)
    }

    func run(_ args: [String], launcher: [String] = [], timeout: TimeInterval = 30, file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Result {
        let r = try CLI.run(args, currentDirectory: dir, launcher: launcher, timeout: timeout)
        XCTAssertFalse(r.timedOut, "\(args) hung", file: file, line: line)
        XCTAssertFalse(r.crashed, "\(args) crashed: \(r.stderr.prefix(300))", file: file, line: line)
        return r
    }

    /// Runs a system command; its exit status (-1 when it cannot start).
    static func system(_ argv: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// The number of events in `path` (through `history --json`).
    func events(_ path: String) throws -> Int {
        let r = try run(["history", "--json", "--db", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any]).count
    }

    // MARK: SQLite's words explained

    func testALockHeldOnTheSharedMemoryFileIsExplained() throws {
        XCTAssertEqual(try run(["set", id, "--status", "done", "--db", db]).status, 0)
        // Another program (this test process) holds a read lock on the -shm file's recovery byte:
        // what anyone who may read the file can do.
        let fd = open(db + "-shm", O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_RDLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 122
        lock.l_len = 1
        XCTAssertEqual(fcntl(fd, F_SETLK, &lock), 0)
        let r = try run(["history", "--db", db])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("another program is holding a lock on the database's shared-memory file \(db)-shm (SQLite: locking protocol)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Someone may have the database open in the sqlite3 shell or another tool"), r.stderr)
    }

    func testAWriteFailureOfTheFileSaysNothingWasWritten() throws {
        XCTAssertEqual(try run(["set", id, "--status", "done", "--db", db]).status, 0)
        // A file size limit (100 KiB) the change's write-ahead log passes: write(2) fails with EFBIG.
        let limited = ["/bin/bash", "-c", "trap '' XFSZ; ulimit -f 100; exec \"$0\" \"$@\""]
        let note = String(repeating: "进展", count: 20_000)
        let r = try run(["set", id, "--note", note, "--db", db], launcher: limited)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("the system could not read or write the database file (SQLite: disk I/O error); nothing was written."), r.stderr)
        XCTAssertEqual(try events(db), 1)
    }

    func testAFullDiskSaysNothingWasWritten() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a small file system needs root (CI runs as root)") }
        let disk = dir.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard Self.system(["/bin/mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.path]) == 0 else {
            throw XCTSkip("cannot mount a tmpfs here (a container without CAP_SYS_ADMIN?)")
        }
        mounted = disk.path
        let small = disk.appendingPathComponent("state.sqlite").path
        XCTAssertEqual(try run(["set", id, "--status", "done", "--db", small]).status, 0)
        let r = try run(["set", id, "--note", String(repeating: "进展", count: 20_000), "--db", small])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("the disk holding the database is full (SQLite: database or disk is full); nothing was written. Free some space, then try again"), r.stderr)
        XCTAssertEqual(try events(small), 1)
    }

    // MARK: Options

    func testNegativeNumbersSayWhatIsWrong() throws {
        let p = try run(["set", id, "--progress", "-1", "--db", db])
        XCTAssertEqual(p.status, 1)
        XCTAssertTrue(p.stderr.contains("progress must be a whole number from 0 to 100, not \"-1\""), p.stderr)
        let since = try run(["history", "--since", "-1d", "--db", db])
        XCTAssertNotEqual(since.status, 0)
        XCTAssertTrue(since.stderr.contains("not \"-1d\": a number of days cannot be negative"), since.stderr)
        let limit = try run(["history", "--limit", "-1", "--db", db])
        XCTAssertEqual(limit.status, 1)
        XCTAssertTrue(limit.stderr.contains("--limit must be 0 or more, not -1"), limit.stderr)
        let base = try run(["set", id, "--status", "done", "--base", "-1", "--db", db])
        XCTAssertEqual(base.status, 1)
        XCTAssertTrue(base.stderr.contains("--base must be an event id (0 or more), not -1"), base.stderr)
        for r in [p, since, limit, base] { XCTAssertFalse(r.stderr.contains("Missing value"), r.stderr) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }

    func testAnImpossibleSinceDateGetsTheReason() throws {
        let r = try run(["history", "--since", "2026-02-30", "--db", db])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("not \"2026-02-30\": 2026-02 has 28 days"), r.stderr)
        let month = try run(["history", "--since", "2026-13-01", "--db", db])
        XCTAssertTrue(month.stderr.contains("there is no month 13"), month.stderr)
    }

    func testAnEmptyDatabasePathIsRefused() throws {
        for args in [["history"], ["set", id, "--status", "done"], ["doctor"], ["list", "--status", "done"]] {
            let r = try run(args + ["--db", ""])
            XCTAssertNotEqual(r.status, 0, "\(args)")
            XCTAssertTrue(r.stderr.contains("--db needs the database file's path, not an empty one"), "\(args): \(r.stderr)")
        }
        // Nothing was written to the default database either.
        XCTAssertEqual(try run(["history", "--json"]).stdout.contains(id), false)
    }

    func testInvalidUTF8InANoteIsRefusedWithTheByte() throws {
        // The shell passes the bytes as they are (a terminal set to GBK sends 进 as 0xBD 0xF8).
        for (form, offset) in [("--note \"$(printf 'ok\\275\\370')\"", 2), ("\"--note=$(printf '进展\\377')\"", 6)] {
            let launcher = ["/bin/sh", "-c", "exec \"$0\" \"$@\" " + form]
            let r = try run(["set", id, "--db", db], launcher: launcher)
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("the value of --note is not valid UTF-8 (byte 0x"), r.stderr)
            XCTAssertTrue(r.stderr.contains("at byte offset \(offset)); nothing was done"), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }

    // MARK: Reading creates nothing

    func testReadingCommandsNeverCreateADatabase() throws {
        let history = try run(["history", "--db", db])
        XCTAssertEqual(history.status, 0)
        XCTAssertEqual(history.stdout, "no changes recorded (no state database at \(db) yet)\n")
        let json = try run(["history", "--json", "--db", db])
        XCTAssertEqual(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]")
        let doctor = try run(["doctor", "--db", db])
        XCTAssertEqual(doctor.status, 1)
        XCTAssertTrue(doctor.stderr.contains("no state database at \(db) yet: nothing has been recorded there"), doctor.stderr)
        let undo = try run(["undo", "--db", db])
        XCTAssertEqual(undo.status, 1)
        let list = try run(["list", "--status", "未启动", "--data", data.path, "--db", db])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains(id), "every task is not started: \(list.stdout)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "a reading command created \(db)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }

    // MARK: The library

    func testAByteOrderMarkInTheSpeechIsOneError() throws {
        let m = dir.appendingPathComponent("lib/m")
        try FileManager.default.createDirectory(at: m, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: data.appendingPathComponent("model.json"), to: m.appendingPathComponent("model.json"))
        let speech = try Data(contentsOf: data.appendingPathComponent("speech.txt"))
        try (Data([0xEF, 0xBB, 0xBF]) + speech).write(to: m.appendingPathComponent("speech.txt"))
        let r = try run(["validate", "--data", dir.appendingPathComponent("lib").path])
        XCTAssertEqual(r.status, 1)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        XCTAssertEqual(errors.count, 1, r.stderr)
        XCTAssertTrue(errors.first?.contains("lib/m/speech.txt: error: the speech starts with a byte-order mark (U+FEFF)") ?? false, r.stderr)
    }

    func testASymbolicLinkLoopIsCalledOne() throws {
        let lib = dir.appendingPathComponent("lib")
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: lib.appendingPathComponent("m").path, withDestinationPath: "m")
        let sub = try run(["validate", "--data", lib.path])
        XCTAssertEqual(sub.status, 1)
        XCTAssertTrue(sub.stderr.contains("m/model.json is a symbolic link loop (a link that leads back to itself)"), sub.stderr)
        XCTAssertFalse(sub.stderr.contains("no model here"), sub.stderr)
        let loop = dir.appendingPathComponent("loop")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop")
        let top = try run(["list", "--data", loop.path])
        XCTAssertEqual(top.status, 1)
        XCTAssertTrue(top.stderr.contains("model library \(loop.path) (from --data): a symbolic link loop"), top.stderr)
    }
}
