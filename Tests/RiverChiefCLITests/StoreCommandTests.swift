import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `set`, `history`, `undo` and `doctor` run as a user would, on a real database in a temp folder.
final class StoreCommandTests: XCTestCase {
    var dir: URL!
    var db: String { dir.appendingPathComponent("state.sqlite").path }
    var library: String { dir.appendingPathComponent("lib").path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cli-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: library + "/m1", withIntermediateDirectories: true)
        chmod(dir.path, 0o755)
        try writeModel(waterSaving: true)
    }

    /// A small valid model (the commands load it with the real loader): one section, two tasks,
    /// or one when `waterSaving` is false.
    func writeModel(waterSaving: Bool) throws {
        let speech = "一、水\n要定期召开联席会议。要推进节水。"
        try speech.write(toFile: library + "/m1/speech.txt", atomically: true, encoding: .utf8)
        func task(_ id: String, _ title: String, _ start: Int, _ end: Int) -> String {
            #"{"id": "\#(id)", "kind": "task", "parent": "yr.s1", "title": "\#(title)", "text": "\#(title)", "span": [\#(start), \#(end)], "#
                + #""lead": {"unit": "city.water", "basis": "inferred"}, "supporting": [], "territorial": [], "targets": [], "deadline": null}"#
        }
        var items = [#"{"id": "yr.s1", "kind": "section", "role": "body", "parent": null, "marker": "一", "title": "水", "text": "一、水\n要定期召开联席会议。要推进节水。", "span": [0, 20]}"#,
                     task("yr.t.joint-meetings", "定期召开联席会议", 5, 13)]
        if waterSaving { items.append(task("yr.t.water-saving", "推进节水", 15, 19)) }
        let model = #"{"format": "riverchief.model/1", "id": "yr", "source": {"file": "speech.txt", "codepoints": 20}, "#
            + #""meeting": {"title": "会", "speaker_role": "市委书记", "kind": "会议"}, "#
            + #""units": [{"id": "city.water", "name": "市水利局", "kind": "department"}], "targets": [], "items": ["#
            + items.joined(separator: ", ") + "]}"
        try model.write(toFile: library + "/m1/model.json", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func rc(_ args: [String], launcher: [String] = []) throws -> CLI.Result {
        try CLI.run(args, environment: ["RIVERCHIEF_DB": db, "RIVERCHIEF_DATA": library, "TZ": "Asia/Shanghai"], launcher: launcher)
    }

    func testListFiltersTasksByTheirRecordedStatus() throws {
        XCTAssertEqual(try rc(["set", "yr.t.water-saving", "--status", "behind"]).status, 0)
        let behind = try rc(["list", "--status", "behind", "--json"])
        XCTAssertEqual(behind.status, 0, behind.stderr)
        XCTAssertTrue(behind.stdout.contains("\"yr.t.water-saving\""), behind.stdout)
        XCTAssertFalse(behind.stdout.contains("\"yr.t.joint-meetings\""), behind.stdout)
        // No recorded state is 未启动; the tree shows the task with its section around it.
        let notStarted = try rc(["list", "--unit", "市水利局", "--status", "未启动", "--width", "100"])
        XCTAssertEqual(notStarted.status, 0, notStarted.stderr)
        XCTAssertTrue(notStarted.stdout.contains("yr.t.joint-meetings"), notStarted.stdout)
        XCTAssertTrue(notStarted.stdout.contains("yr.s1"), notStarted.stdout)
        XCTAssertFalse(notStarted.stdout.contains("yr.t.water-saving"), notStarted.stdout)
        let done = try rc(["list", "--status", "done", "--json"])
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertFalse(done.stdout.contains("yr.t."), done.stdout)
        let bad = try rc(["list", "--status", "逾期"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--status"), bad.stderr)
    }

    func testListByStatusRefusesADatabaseOfANewerVersionAsTheOtherCommandsDo() throws {
        XCTAssertEqual(try rc(["set", "yr.t.water-saving", "--status", "behind"]).status, 0)
        XCTAssertEqual(try rc(["list", "--unit", "市水利局", "--status", "behind"]).status, 0)
        let sql = try CLI.run([db, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')"],
                              executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        XCTAssertEqual(sql.status, 0, sql.stderr)
        let history = try rc(["history"])
        XCTAssertEqual(history.status, 1)
        XCTAssertTrue(history.stderr.contains("was written by a newer riverchief"), history.stderr)
        for args in [["list", "--unit", "市水利局", "--status", "behind"], ["list", "--status", "done", "--json"]] {
            let list = try rc(args)
            XCTAssertEqual(list.status, 1, "\(args)")
            XCTAssertEqual(list.stderr, history.stderr, "\(args)")
            XCTAssertEqual(list.stdout, "", "\(args)")
        }
    }

    func testSetHistoryAndUndoRecordTheAccountTheTimeAndChineseNotes() throws {
        let set = try rc(["set", "yr.t.joint-meetings", "--status", "推进中", "--progress", "40%",
                          "--deadline", "2026-06-30", "--note", "已召开第一次联席会议", "--problems", "经费不足"])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertTrue(set.stdout.contains("状态 未启动 → 推进中"), set.stdout)
        XCTAssertTrue(set.stdout.contains("进度 0% → 40%"), set.stdout)

        let again = try rc(["set", "yr.t.joint-meetings", "--status", "done"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("previously: 推进中, 40%, last changed by "), again.stdout)

        let undo = try rc(["undo"])
        XCTAssertEqual(undo.status, 0, undo.stderr)
        XCTAssertTrue(undo.stdout.contains("撤销 状态 已完成 → 推进中"), undo.stdout)

        let json = try rc(["history", "yr.t.joint-meetings", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let events = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(events.map { $0["kind"] as? String }, ["status", "progress", "deadline", "note", "status", "undo"])
        let account = String(cString: getpwuid(getuid()).pointee.pw_name)
        XCTAssertTrue(events.allSatisfy { $0["account"] as? String == account && $0["uid"] as? Int == Int(getuid()) })
        let note = try XCTUnwrap(events[3]["note"] as? [String: Any])
        XCTAssertEqual(note["done"] as? String, "已召开第一次联席会议")
        XCTAssertEqual(note["problems"] as? String, "经费不足")
        XCTAssertEqual(events[5]["undoes"] as? Int, events[4]["id"] as? Int)
        XCTAssertEqual(events[4]["undone_by"] as? Int, events[5]["id"] as? Int)
        // UTC in JSON, within a minute of now.
        let at = try XCTUnwrap(events[0]["at"] as? String)
        XCTAssertTrue(at.hasSuffix("Z"), at)
        let ms = try XCTUnwrap(events[0]["at_ms"] as? Int)
        XCTAssertEqual(Double(ms) / 1000, Date().timeIntervalSince1970, accuracy: 60)

        // Text history shows local time (TZ=Asia/Shanghai is UTC+8).
        let text = try rc(["history", "yr.t.joint-meetings"])
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))
        let hour = cal.component(.hour, from: Date(timeIntervalSince1970: Double(ms) / 1000))
        XCTAssertTrue(text.stdout.contains(String(format: " %02d:", hour)), text.stdout)
        XCTAssertTrue(text.stdout.contains("(已撤销)"), text.stdout)
    }

    func testUnknownIdsBadValuesAndConflictsFailClearlyWithExit1() throws {
        let unknown = try rc(["set", "yr.t.joint-meeting", "--status", "done"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("unknown item id \"yr.t.joint-meeting\""), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("did you mean: yr.t.joint-meetings"), unknown.stderr)

        let date = try rc(["set", "yr.t.water-saving", "--deadline", "2026-02-30"])
        XCTAssertEqual(date.status, 1)
        XCTAssertTrue(date.stderr.contains("2026-02 has 28 days"), date.stderr)
        // As an input method types it: the same date forms as the dashboard's deadline field.
        XCTAssertEqual(try rc(["set", "yr.t.water-saving", "--deadline", "２０２６年６月３０日"]).status, 0)
        XCTAssertTrue(try rc(["history", "yr.t.water-saving"]).stdout.contains("期限 无 → 2026-06-30"))
        let status = try rc(["set", "yr.t.water-saving", "--status", "逾期"])
        XCTAssertEqual(status.status, 1)
        XCTAssertTrue(status.stderr.contains("unknown status"), status.stderr)

        XCTAssertEqual(try rc(["set", "yr.t.water-saving", "--status", "in-progress"]).status, 0)
        XCTAssertEqual(try rc(["set", "yr.t.water-saving", "--progress", "10"]).status, 0)
        // A progress on a base before event 3 (the progress) would overwrite it: refused.
        let stale = try rc(["set", "yr.t.water-saving", "--progress", "20", "--base", "2"])
        XCTAssertEqual(stale.status, 1)
        XCTAssertTrue(stale.stderr.contains("was changed by"), stale.stderr)
        XCTAssertTrue(stale.stderr.contains("进度 0% → 10%"), stale.stderr)
        // A status on the same base overwrites nothing changed since: recorded.
        XCTAssertEqual(try rc(["set", "yr.t.water-saving", "--status", "blocked", "--base", "2"]).status, 0)
        XCTAssertEqual(try rc(["history", "--json"]).stdout.components(separatedBy: "\"id\"").count - 1, 4)
    }

    func testControlCharactersInNotesNeverReachTheTerminalRaw() throws {
        XCTAssertEqual(try rc(["set", "yr.t.joint-meetings", "--note", "清理\u{1B}[2J河道\u{07}"]).status, 0)
        let text = try rc(["history"])
        XCTAssertFalse(text.stdout.contains("\u{1B}"), text.stdout)
        XCTAssertTrue(text.stdout.contains("清理\\e[2J河道\\x07"), text.stdout)
    }

    func testJSONOutputEscapesDELC1AndBidiOverrides() throws {
        // Valid JSON either way, but a terminal takes U+009B as CSI and U+202E turns the line around.
        XCTAssertEqual(try rc(["set", "yr.t.joint-meetings", "--note", "清理\u{9B}2J河道\u{7F}\u{202E}反向\u{2066}隔离“引号”"]).status, 0)
        let json = try rc(["history", "--json"]).stdout
        for raw in ["\u{9B}", "\u{7F}", "\u{202E}", "\u{2066}"] { XCTAssertFalse(json.contains(raw), json) }
        XCTAssertTrue(json.contains("清理\\u009B2J河道\\u007F\\u202E反向\\u2066隔离“引号”"), json)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        XCTAssertEqual(parsed?.first?["new"] as? String, "清理\u{9B}2J河道\u{7F}\u{202E}反向\u{2066}隔离“引号”")
    }

    func testDoctorReportsOrphanedStateAndKeepsIt() throws {
        XCTAssertEqual(try rc(["set", "yr.t.water-saving", "--status", "behind"]).status, 0)
        // The model drops the item.
        try writeModel(waterSaving: false)
        let doctor = try rc(["doctor"])
        XCTAssertEqual(doctor.status, 0, doctor.stderr)
        for expected in ["journal mode      wal", "integrity         ok", "v3-note-times (4 of 4 migrations)", "events            1",
                         "1 with state kept", "yr.t.water-saving", "滞后", db] {
            XCTAssertTrue(doctor.stdout.contains(expected), "\(expected) not in\n\(doctor.stdout)")
        }
        XCTAssertTrue(try rc(["history", "yr.t.water-saving"]).stdout.contains("滞后"))
    }

    func testAReadOnlyDatabaseRefusesWritesWithTheMessageAndNoCrash() throws {
        XCTAssertEqual(try rc(["set", "yr.t.joint-meetings", "--status", "推进中"]).status, 0)
        chmod(db, 0o644)
        // Root ignores permissions: run as nobody then (setpriv is in util-linux).
        var launcher: [String] = []
        var account = String(cString: getpwuid(getuid()).pointee.pw_name)
        if geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("needs setpriv") }
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            account = String(cString: getpwuid(65534).pointee.pw_name)
        }
        let write = try rc(["set", "yr.t.joint-meetings", "--status", "done"], launcher: launcher)
        XCTAssertEqual(write.status, 1, write.stdout)
        XCTAssertTrue(write.stderr.hasPrefix("riverchief: the state database \(db) is read-only for you (account \(account)): the file \(db) is mode 0644"), write.stderr)
        let read = try rc(["history", "yr.t.joint-meetings"], launcher: launcher)
        XCTAssertEqual(read.status, 0, read.stderr)
        XCTAssertTrue(read.stdout.contains("未启动 → 推进中"), read.stdout)
        let doctor = try rc(["doctor"], launcher: launcher)
        XCTAssertTrue(doctor.stdout.contains("read-only for you"), doctor.stdout)
    }

    func testHistorySinceADateOrANumberOfDays() throws {
        XCTAssertEqual(try rc(["set", "yr.t.joint-meetings", "--status", "推进中"]).status, 0)
        func count(_ since: String) throws -> Int? {
            let r = try rc(["history", "--json", "--since", since])
            XCTAssertEqual(r.status, 0, r.stderr)
            return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any])?.count
        }
        XCTAssertEqual(try count("7d"), 1, "made today: within the last 7 days")
        XCTAssertEqual(try count("0d"), 1, "and since today's midnight")
        XCTAssertEqual(try count("2000-01-01"), 1)
        XCTAssertEqual(try count("2999-01-01"), 0)
        XCTAssertEqual(try count("2000年1月1日"), 1, "the date forms set --deadline takes")
        XCTAssertEqual(try count("７d"), 1, "full-width digits")
        for wrong in ["last week", "99999999999999d", "36501d", "无"] {
            let bad = try rc(["history", "--since", wrong])
            XCTAssertNotEqual(bad.status, 0, wrong)
            XCTAssertTrue(bad.stderr.contains("--since must be a date such as 2026-11-23 or a number of days such as 7d"),
                          "\(wrong): \(bad.stderr)")
        }
    }

    func testIdsAreCheckedAgainstTheRepositorysLibrary() throws {
        let env = ["RIVERCHIEF_DB": db]
        let typo = try CLI.run(["set", "yr2020.t.find-gap", "--status", "推进中"], environment: env)
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.stderr.contains("did you mean: yr2020.t.find-gaps"), typo.stderr)
        let ok = try CLI.run(["set", "yr2020.t.find-gaps", "--status", "推进中"], environment: env)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stderr, "")
        let doctor = try CLI.run(["doctor"], environment: env)
        XCTAssertTrue(doctor.stdout.contains("orphaned ids      none"), doctor.stdout)
    }

    func testBadDatabasePathsAreClearErrors() throws {
        let missing = try CLI.run(["history", "--db", dir.path + "/nope/state.sqlite"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("the directory \(dir.path)/nope does not exist"), missing.stderr)
        try "not a database".write(toFile: db, atomically: true, encoding: .utf8)
        let corrupt = try rc(["history"])
        XCTAssertEqual(corrupt.status, 1)
        XCTAssertTrue(corrupt.stderr.contains("is not a RiverChief state database"), corrupt.stderr)
        XCTAssertFalse(corrupt.stderr.contains("Fatal error"), corrupt.stderr)
    }
}

/// A group-writable setgid directory without the setgid binary (what the office did before
/// docs/shared-server.md), with three accounts: two members of the group and one outsider, and a
/// umask of 077 that no longer matters: the database takes the directory's bits. Needs root.
final class SharedOfficeTests: XCTestCase {
    func testGroupMembersWriteAndOthersReadOnly() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to act as several accounts")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-office-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o755)
        let shared = dir.appendingPathComponent("lib-riverchief").path
        let group: gid_t = 43_210
        XCTAssertEqual(mkdir(shared, 0o2775), 0)
        XCTAssertEqual(chown(shared, 0, group), 0)
        XCTAssertEqual(chmod(shared, 0o2775), 0)
        let db = shared + "/state.sqlite"

        // The repository's own library (Data/, found from the working directory) checks the id.
        func run(as uid: uid_t, member: Bool, _ args: [String]) throws -> CLI.Result {
            let launcher = ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)",
                            member ? "--groups=\(group)" : "--clear-groups", "/bin/sh", "-c", "umask 077; exec \"$@\"", "sh"]
            return try CLI.run(args, environment: ["RIVERCHIEF_DB": db], launcher: launcher)
        }
        func set(as uid: uid_t, member: Bool, _ status: String) throws -> CLI.Result {
            try run(as: uid, member: member, ["set", "yr2020.t.find-gaps", "--status", status])
        }

        let first = try set(as: 42_001, member: true, "推进中")
        XCTAssertEqual(first.status, 0, first.stderr)
        var st = stat()
        XCTAssertEqual(stat(db, &st), 0)
        XCTAssertEqual(st.st_gid, group, "the setgid directory gives the file its group")
        XCTAssertEqual(st.st_mode & 0o777, 0o664)
        XCTAssertEqual(stat(db + "-shm", &st), 0)
        XCTAssertEqual(st.st_gid, group)

        let second = try set(as: 42_002, member: true, "done")
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("last changed by uid42001"), second.stdout)

        let outsider = try set(as: 42_003, member: false, "blocked")
        XCTAssertEqual(outsider.status, 1)
        XCTAssertTrue(outsider.stderr.contains("is read-only for you (account uid42003)"), outsider.stderr)
        let read = try run(as: 42_003, member: false, ["history", "yr2020.t.find-gaps", "--json"])
        XCTAssertEqual(read.status, 0, read.stderr)
        let events = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String: Any]], read.stdout)
        XCTAssertEqual(events.last?["account"] as? String, "uid42002")
        XCTAssertFalse(read.stdout.contains("blocked"), read.stdout)
    }
}
