import Foundation
import XCTest

/// Tests keep out of the real home: every program a test starts (through `CLI.run`, `TmuxSession`
/// or a writer process) gets HOME, the XDG folders and RIVERCHIEF_DB in `TestHome`, whatever this
/// test process inherited.
final class TestHomeGuardTests: XCTestCase {
    let data = CLI.repositoryRoot.appendingPathComponent("Data").path

    /// What exists under the riverchief folders of a home: path → size, modification time, inode.
    static func snapshot(home: String) -> [String: String] {
        var out: [String: String] = [:]
        for folder in [".local/share/riverchief", ".config/riverchief", ".cache/riverchief", ".local/state/riverchief"] {
            let base = home + "/" + folder
            var st = stat()
            guard lstat(base, &st) == 0 else { continue }
            out[base] = "dir"
            guard let e = FileManager.default.enumerator(atPath: base) else { continue }
            for case let name as String in e {
                let path = base + "/" + name
                guard lstat(path, &st) == 0 else { continue }
                out[path] = "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_ino)"
            }
        }
        return out
    }

    /// The account's home from the password database (not $HOME, which a test run may have moved).
    static var realHome: String? {
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    /// Runs what the suite runs, the way it runs it: reading and writing commands with no `--db`, and
    /// the dashboard in tmux with no `--db` recording a change. This process's own HOME, XDG folders
    /// and RIVERCHIEF_DB point at a decoy folder meanwhile: a helper that let a program inherit
    /// them would write there. Afterwards the decoy is empty, the real home's riverchief folders
    /// are as they were, and the change is in the test home's database.
    func testProgramsStartedByTestsWriteOnlyIntoTheTestHome() throws {
        let decoy = FileManager.default.temporaryDirectory.appendingPathComponent("rc-decoy-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: decoy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: decoy) }
        let before = Self.realHome.map(Self.snapshot(home:)) ?? [:]
        var saved: [String: String?] = [:]
        for name in TestHome.names {
            saved[name] = ProcessInfo.processInfo.environment[name]
            setenv(name, name == "RIVERCHIEF_DB" ? decoy.path + "/state.sqlite" : decoy.appendingPathComponent(name).path, 1)
        }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        let id = "yr2020.t.joint-meetings"
        let testDB = try XCTUnwrap(TestHome.environment["RIVERCHIEF_DB"])
        let eventsBefore = try events(nil)

        for args in [["list"], ["validate"], ["show", id], ["set", id, "--progress", "30", "--note", "测试"],
                     ["history", id], ["doctor"], ["undo", id]] {
            let r = try CLI.run(args + (args == ["validate"] || args == ["list"] || args[0] == "show" ? ["--data", data] : []))
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
        }
        let afterCommands = try events(nil)
        // set: progress and note; undo: both undone.
        XCTAssertEqual(afterCommands, eventsBefore + 4, "the commands' changes went to \(testDB)")
        let s = try TmuxSession(arguments: ["--data", data, "--ambiguous", "narrow", "--lang", "zh"],
                                environment: ["LANG": "C.UTF-8", "TERM": "screen-256color"], width: 120, height: 30)
        defer { s.close() }
        s.wait(timeout: 15, "the dashboard") { $0.contains("/50") }
        try s.send("j")
        s.wait(for: "yr2020.t.")
        try s.send("w")
        let deadline = Date().addingTimeInterval(10)
        while try events(nil) == afterCommands, Date() < deadline { usleep(100_000) }
        try s.send("q")
        s.wait(timeout: 10, "the program's exit") { $0.contains("RC-EXIT=0") }

        XCTAssertEqual(try events(nil), afterCommands + 1, "the dashboard's change went to \(testDB)")
        let leaked = FileManager.default.enumerator(atPath: decoy.path)?.allObjects as? [String] ?? []
        XCTAssertEqual(leaked, [], "files written under the home the test process inherited (\(decoy.path))")
        if let home = Self.realHome {
            let after = Self.snapshot(home: home)
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
            XCTAssertEqual(changed, [], "created or changed under the real home \(home) during the run")
        }
    }

    /// The number of events in the test home's database (0 when it does not exist yet).
    func events(_ id: String?) throws -> Int {
        guard let db = TestHome.environment["RIVERCHIEF_DB"], FileManager.default.fileExists(atPath: db) else { return 0 }
        let r = try CLI.run(["history", "--json", "--db", db] + (id.map { [$0] } ?? []))
        XCTAssertEqual(r.status, 0, r.stderr)
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any])?.count ?? -1
    }
}
