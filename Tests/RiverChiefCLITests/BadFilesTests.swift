import Foundation
import XCTest

/// Files and paths that crashed or hung the program (issue 12, item 6), through the real binary with
/// a time limit: each is now a clear message and exit 1.
final class BadFilesTests: XCTestCase {
    var dir: URL!
    let data = CLI.repositoryRoot.appendingPathComponent("Data/yr2020-citysec")
    let id = "yr2020.t.joint-meetings"

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-badfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Runs the binary in `dir` with a limit of 20 s; a crash or a hang fails the test.
    func run(_ args: [String], environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Result {
        let r = try CLI.run(args, environment: environment, currentDirectory: dir, timeout: 20)
        XCTAssertFalse(r.timedOut, "\(args) hung", file: file, line: line)
        XCTAssertFalse(r.crashed, "\(args) crashed with signal \(r.status): \(r.stderr.prefix(300))", file: file, line: line)
        return r
    }

    /// A copy of the real library in `dir/lib/m`, then `change` applied to its folder.
    func library(_ change: (URL) throws -> Void) throws -> URL {
        let lib = dir.appendingPathComponent("lib"), m = lib.appendingPathComponent("m")
        try FileManager.default.createDirectory(at: m, withIntermediateDirectories: true)
        for name in ["model.json", "speech.txt"] {
            try FileManager.default.copyItem(at: data.appendingPathComponent(name), to: m.appendingPathComponent(name))
        }
        try change(m)
        return lib
    }

    func replace(_ file: URL, withLinkTo target: String) throws {
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: target)
    }

    // MARK: Database paths (SIGILL in Store.directory(of:))

    func testDatabasePathsThatNameAFolderAreRefusedWithTheReason() throws {
        let home = dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let cases: [(db: String, says: String)] = [
            (".", "\".\" as the state database: it is a folder; give the database file, e.g. ./state.sqlite"),
            ("x/", "\"x/\" as the state database: it ends with \"/\", so it names a folder; give the database file, e.g. x/state.sqlite"),
            ("~", "\"\(home.path)\" as the state database: it is a folder"),
        ]
        for c in cases {
            for args in [["history"], ["set", id, "--status", "done"], ["doctor"], ["undo"]] {
                let r = try run(args + ["--db", c.db], environment: ["HOME": home.path])
                XCTAssertEqual(r.status, 1, "\(args) --db \(c.db): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("riverchief: cannot use " + c.says), "\(args) --db \(c.db): \(r.stderr)")
            }
        }
        let env = try run(["history"], environment: ["RIVERCHIEF_DB": "."])
        XCTAssertEqual(env.status, 1)
        XCTAssertTrue(env.stderr.contains("cannot use \".\" as the state database: it is a folder"), env.stderr)
        // Nothing was created by any of them.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["home"])
    }

    func testABareFileNameIsADatabaseInTheWorkingDirectory() throws {
        let set = try run(["set", id, "--status", "done", "--db", "a"])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a").path))
        let history = try run(["history", "--db", "a"])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertTrue(history.stdout.contains("已完成"), history.stdout)
        // "~/b" is under $HOME (a shell leaves it alone in --db=~/b).
        let home = dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let tilde = try run(["set", id, "--status", "done", "--db=~/b"], environment: ["HOME": home.path])
        XCTAssertEqual(tilde.status, 0, tilde.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("b").path))
    }

    func testADatabaseThatIsAFIFOADeviceOrALinkLoopIsRefused() throws {
        let fifo = dir.appendingPathComponent("fifo.sqlite").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let loop = dir.appendingPathComponent("loop.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "loop.sqlite")
        let dangling = dir.appendingPathComponent("dangling.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "/nonexistent/state.sqlite")
        for (db, says) in [(fifo, "it is a FIFO (named pipe), not a regular file"), ("/dev/zero", "it is a device, not a regular file"),
                           (loop, "it is a symbolic link loop"), (dangling, "it is a symbolic link to /nonexistent/state.sqlite, which does not exist")] {
            for args in [["history"], ["set", id, "--status", "done"]] {
                let r = try run(args + ["--db", db])
                XCTAssertEqual(r.status, 1, "\(args) \(db): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("cannot use \"\(db)\" as the state database: \(says)"), "\(args) \(db): \(r.stderr)")
            }
        }
    }

    // MARK: The model library (/dev/zero read until memory ran out; a FIFO hung)

    func testAModelOrSpeechThatIsDevZeroIsRefusedWithoutReadingIt() throws {
        let speech = try library { try replace($0.appendingPathComponent("speech.txt"), withLinkTo: "/dev/zero") }
        let r = try run(["validate", "--data", speech.path])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("speech file \"speech.txt\" cannot be read (is a character device (such as /dev/zero), not a regular file)"),
                      r.stdout + r.stderr)
        try FileManager.default.removeItem(at: speech)
        let model = try library { try replace($0.appendingPathComponent("model.json"), withLinkTo: "/dev/zero") }
        let list = try run(["list", "--data", model.path, "--no-cache"])
        XCTAssertEqual(list.status, 1)
        XCTAssertTrue(list.stderr.contains("m/model.json: error: cannot read: is a character device (such as /dev/zero), not a regular file"), list.stderr)
    }

    func testAFIFONamedModelJSONIsRefusedAtOnce() throws {
        let lib = try library { m in
            try FileManager.default.removeItem(at: m.appendingPathComponent("model.json"))
            XCTAssertEqual(mkfifo(m.appendingPathComponent("model.json").path, 0o644), 0)
        }
        for args in [["validate", "--data", lib.path], ["list", "--data", lib.path], ["show", id, "--data", lib.path]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 1, "\(args): \(r.stderr)")
            XCTAssertTrue((r.stdout + r.stderr).contains("model.json: error: cannot read: is a FIFO (named pipe), not a regular file"),
                          "\(args): \(r.stdout + r.stderr)")
        }
    }

    func testFilesLargerThanTheCapAreRefusedWithTheirSize() throws {
        // Sparse: 300 MiB that take no disk.
        let lib = try library { m in
            XCTAssertEqual(truncate(m.appendingPathComponent("model.json").path, 300 << 20), 0)
        }
        let r = try run(["validate", "--data", lib.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("cannot read: is 300 MiB, more than the 256 MiB a file of this kind may be; is it the right file?"), r.stderr)
        try FileManager.default.removeItem(at: lib)
        let speech = try library { m in
            XCTAssertEqual(truncate(m.appendingPathComponent("speech.txt").path, 65 << 20), 0)
        }
        let s = try run(["validate", "--data", speech.path])
        XCTAssertEqual(s.status, 1)
        XCTAssertTrue(s.stderr.contains("cannot be read (is 65 MiB, more than the 64 MiB a file of this kind may be"), s.stderr)
    }

    func testADraftsFileThatIsAFIFODoesNotHangTheDashboard() throws {
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("riverchief"), withIntermediateDirectories: true)
        let drafts = data.appendingPathComponent("riverchief/drafts.json").path
        XCTAssertEqual(mkfifo(drafts, 0o644), 0)
        let s = try TmuxSession(arguments: ["--data", CLI.repositoryRoot.appendingPathComponent("Data").path,
                                            "--db", dir.appendingPathComponent("state.sqlite").path, "--ambiguous", "narrow", "--lang", "zh"],
                                environment: ["LANG": "C.UTF-8", "TERM": "screen-256color", "XDG_DATA_HOME": data.path], width: 120, height: 30)
        defer { s.close() }
        s.wait(timeout: 15, "the dashboard, saying why the drafts were not read") {
            $0.contains("/50") && $0.contains("the drafts file was not read: it is a FIFO (named pipe), not a regular file")
        }
        // A report begun and kept as a draft at quit: not written into the FIFO, and the program ends.
        try s.send("j")
        s.wait(for: "yr2020.t.")
        try s.send("a")
        try s.type("草稿")
        try s.send("Escape", "q")
        let screen = s.wait(timeout: 10, "the exit") { $0.contains("RC-EXIT=0") }
        XCTAssertTrue(screen.replacingOccurrences(of: "\n", with: "").contains("the drafts were not saved: their file is a FIFO (named pipe), not a regular file: \(drafts)"), screen)
    }
}
