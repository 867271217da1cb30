import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `report`, `scorecard`, targets and the refusal of `set` on sections, through the real binary on
/// the real library and a real database in a temporary folder.
final class ReportCommandTests: XCTestCase {
    var dir: URL!
    var db: String { dir.appendingPathComponent("state.sqlite").path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cli-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    var environment: [String: String] {
        ["RIVERCHIEF_DB": db, "HOME": dir.path, "XDG_CACHE_HOME": dir.appendingPathComponent("cache").path,
         "XDG_DATA_HOME": dir.appendingPathComponent("data").path, "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path,
         "TZ": "Asia/Shanghai", "RIVERCHIEF_DATA": CLI.repositoryRoot.appendingPathComponent("Data").path]
    }

    func rc(_ args: [String]) throws -> CLI.Result { try CLI.run(args, environment: environment) }

    /// Runs a Python program (standard library only) with arguments; returns its stdout.
    func python(_ program: String, _ args: [String]) throws -> CLI.Result {
        try CLI.run(["-c", program] + args, environment: environment, executable: URL(fileURLWithPath: "/usr/bin/python3"))
    }

    func taskCount() throws -> Int {
        let r = try rc(["list", "--kind", "task", "--json"])
        return r.stdout.components(separatedBy: "\"kind\": \"task\"").count - 1
    }

    func testCSVLedgerHasChineseColumnsAndOneRecordPerTaskWhateverTheNotesHold() throws {
        let note = "召开会议,形成\"纪要\"；\n第二行"
        XCTAssertEqual(try rc(["set", "yr2020.t.joint-meetings", "--status", "推进中", "--progress", "40", "--note", note]).status, 0)
        let out = dir.appendingPathComponent("台账.csv").path
        let r = try rc(["report", "--format", "csv", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("wrote the ledger") && r.stderr.contains(out), r.stderr)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        // Python's csv module, an independent RFC 4180 reader, as a spreadsheet would read it.
        let parsed = try python("""
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
                rows = list(csv.reader(f))
            print(json.dumps({"header": rows[0], "count": len(rows) - 1,
                              "note": [r[rows[0].index("已完成工作")] for r in rows[1:] if r[rows[0].index("任务编号")] == "yr2020.t.joint-meetings"]}, ensure_ascii=False))
            """, [out])
        XCTAssertEqual(parsed.status, 0, parsed.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any])
        let header = try XCTUnwrap(json["header"] as? [String])
        XCTAssertEqual(Array(header.prefix(4)), ["序号", "部分", "要点", "任务"])
        XCTAssertTrue(header.contains("灯号") && header.contains("本期报送") && header.contains("牵头单位"), "\(header)")
        XCTAssertEqual(json["count"] as? Int, try taskCount())
        XCTAssertEqual(json["note"] as? [String], [note])
    }

    /// Seeds a history with chosen times through Python's sqlite3 (the store stamps its own writes
    /// with the clock), then asks for the ledger as it stood at the end of October.
    func testAsOfRebuildsTheLedgerFromTheHistoryOfThatDay() throws {
        // A first change creates the database (reading commands never do); it is made now, after both days asked about.
        XCTAssertEqual(try rc(["set", "yr2020.t.implementation-plan", "--progress", "10"]).status, 0)
        let seeded = try python("""
            import sqlite3, sys
            from datetime import datetime, timezone, timedelta
            cst = timezone(timedelta(hours=8))
            def ms(s): return int(datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=cst).timestamp() * 1000)
            rows = [("yr2020.t.joint-meetings", "status", None, "behind", None, "2026-10-10 09:00"),
                    ("yr2020.t.joint-meetings", "note", None, "十月报送", "十月报送", "2026-10-31 23:59"),
                    ("yr2020.t.joint-meetings", "status", "behind", "done", None, "2026-11-01 00:00"),
                    ("yr2020.t.find-gaps", "deadline", None, "2026-11-05", None, "2026-10-20 10:00")]
            db = sqlite3.connect(sys.argv[1])
            first = db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0] + 1
            for k, (item, field, old, new, done, at) in enumerate(rows, first):
                db.execute("INSERT INTO events (id, batch_id, item_id, kind, field, old_value, new_value, note_done, account, uid, at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'alice', 1001, ?)", (k, k, item, field, field, old, new, done, ms(at)))
            db.commit()
            """, [db])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        func ledger(_ extra: [String]) throws -> [String: Any] {
            let r = try rc(["report", "--format", "json"] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        func row(_ l: [String: Any], _ id: String) -> [String: Any]? {
            (l["rows"] as? [[String: Any]])?.first { $0["id"] as? String == id }
        }
        let october = try ledger(["--as-of", "2026-10-31"])
        XCTAssertEqual(october["as_of"] as? String, "2026-10-31")
        XCTAssertEqual(row(october, "yr2020.t.joint-meetings")?["status"] as? String, "behind")
        XCTAssertEqual(row(october, "yr2020.t.joint-meetings")?["light"] as? String, "red")
        XCTAssertEqual(row(october, "yr2020.t.joint-meetings")?["not_reported"] as? Bool, false, "reported at 23:59 on 10-31, inside the period 10-29…11-28")
        XCTAssertEqual(row(october, "yr2020.t.find-gaps")?["light"] as? String, "yellow", "deadline 11-05 is 5 days away")
        XCTAssertEqual((october["total"] as? [String: Any])?["red"] as? Int, 1)
        let november = try ledger(["--as-of", "2026-11-01"])
        XCTAssertEqual(row(november, "yr2020.t.joint-meetings")?["status"] as? String, "done", "the event at 00:00 on 11-01 counts from that day")
        XCTAssertEqual((november["total"] as? [String: Any])?["red"] as? Int, 0)
        XCTAssertEqual(row(november, "yr2020.t.find-gaps")?["light"] as? String, "yellow")
        let later = try ledger(["--as-of", "2026-11-06"])
        XCTAssertEqual(row(later, "yr2020.t.find-gaps")?["light"] as? String, "red", "overdue the day after its deadline")
        // The rows that differ between the two ledgers are exactly the items with events in between.
        let octRows = (october["rows"] as? [[String: Any]]) ?? [], novRows = (november["rows"] as? [[String: Any]]) ?? []
        XCTAssertEqual(octRows.count, novRows.count)
        let changed = zip(octRows, novRows).filter { ($0["status"] as? String) != ($1["status"] as? String) }.compactMap { $0.0["id"] as? String }
        XCTAssertEqual(changed, ["yr2020.t.joint-meetings"])
        let bad = try rc(["report", "--as-of", "2026-02-30"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--as-of must be a real date"), bad.stderr)
    }

    func testScorecardRanksUnitsWithTheirGrades() throws {
        XCTAssertEqual(try rc(["set", "yr2020.t.joint-meetings", "--status", "done"]).status, 0)
        let r = try rc(["scorecard", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let units = try XCTUnwrap(json["units"] as? [[String: Any]])
        XCTAssertFalse(units.isEmpty)
        XCTAssertEqual(units.first?["rank"] as? Int, 1)
        let office = try XCTUnwrap(units.first { $0["unit"] as? String == "市河长办" })
        XCTAssertEqual(office["done"] as? Int, 1)
        XCTAssertTrue(["优秀", "良好", "合格", "不合格"].contains(office["grade"] as? String ?? ""))
        let scores = units.compactMap { $0["score"] as? Double }
        XCTAssertEqual(scores, scores.sorted(by: >), "best score first")
        let md = try rc(["scorecard"])
        XCTAssertTrue(md.stdout.contains("| 排名 | 单位 | 牵头任务 | 已完成 | 按期完成 | 逾期 | 未报送 |"), md.stdout)
    }

    func testSetOnASectionOrPointIsRefusedSayingWhatCanBeSet() throws {
        for id in ["yr2020.s2", "yr2020.s2.p2"] {
            let r = try rc(["set", id, "--status", "done"])
            XCTAssertEqual(r.status, 1, r.stdout)
            XCTAssertTrue(r.stderr.contains("nothing was written") && r.stderr.contains("riverchief set TASK-ID")
                          && r.stderr.contains("--value"), r.stderr)
        }
        XCTAssertTrue(try rc(["set", "yr2020.s2", "--progress", "5"]).stderr.contains("is a section (部分)"))
        XCTAssertEqual(try rc(["history", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]", "nothing recorded")
    }

    func testTargetsCanBeListedShownAndMeasured() throws {
        let list = try rc(["list", "--kind", "target", "--width", "120"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("确保生态流量") && list.stdout.contains("yr2020.g.eco-flow"), list.stdout)
        XCTAssertEqual(try rc(["set", "yr2020.t.flow-regulation", "--status", "done"]).status, 0)
        let set = try rc(["set", "yr2020.g.eco-flow", "--metric", "生态流量保证率", "--unit", "%", "--baseline", "80", "--goal", "95"])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(try rc(["set", "yr2020.g.eco-flow", "--value", "86.5", "--on", "2026-11-30"]).status, 0)
        let show = try rc(["show", "yr2020.g.eco-flow", "--width", "120"])
        XCTAssertEqual(show.status, 0, show.stderr)
        for expected in ["目标 确保生态流量", "生态流量保证率", "基线 80%", "目标值 95%", "来源：河长办设定", "2026-11-30  86.5%",
                         "yr2020.t.flow-regulation", "已完成", "进度 Progress"] {
            XCTAssertTrue(show.stdout.contains(expected), "\(expected) not in\n\(show.stdout)")
        }
        let refused = try rc(["set", "yr2020.g.eco-flow", "--progress", "50"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("is a target (目标)") && refused.stderr.contains("--value"), refused.stderr)
        let notTarget = try rc(["set", "yr2020.t.flow-regulation", "--value", "3"])
        XCTAssertNotEqual(notTarget.status, 0)
        XCTAssertTrue(notTarget.stderr.contains("are for targets"), notTarget.stderr)
        let json = try rc(["report", "--format", "json"])
        XCTAssertTrue(json.stdout.contains("\"value\": 86.5"), "measured values reach the reports")
    }

    /// `--out` replaces a file whole, writes through a symbolic link to its file (the link stays),
    /// and writes straight into a pipe (never renamed over it), and says so when the folder is missing.
    func testOutWritesThroughALinkAndIntoAPipeAndNamesAMissingFolder() throws {
        let real = dir.appendingPathComponent("ledger-real.md"), link = dir.appendingPathComponent("ledger-link.md")
        try Data("old".utf8).write(to: real)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let r = try rc(["report", "--out", link.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), real.path, "the link is still a link")
        XCTAssertTrue(try String(contentsOf: real, encoding: .utf8).hasPrefix("# 河长制工作台账"), "the report went to the link's file")
        let stdout = try rc(["report"])
        XCTAssertEqual(try String(contentsOf: real, encoding: .utf8), stdout.stdout, "the same bytes as on standard output")

        let fifo = dir.appendingPathComponent("ledger.pipe")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        // A reader at the pipe's other end, as `report --out pipe` would have in a shell.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        reader.arguments = ["-c", "import sys; data = open(sys.argv[1], 'rb').read(); sys.stdout.write(str(data.startswith(b'\\xef\\xbb\\xbf')))",
                            fifo.path]
        let readerOut = Pipe()
        reader.standardOutput = readerOut
        try reader.run()
        let piped = try rc(["report", "--format", "csv", "--out", fifo.path])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        reader.waitUntilExit()
        XCTAssertEqual(String(decoding: readerOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "True",
                       "the CSV, byte order mark first, came through the pipe")
        var info = stat()
        XCTAssertEqual(stat(fifo.path, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the pipe is still a pipe")

        let missing = try rc(["report", "--out", dir.appendingPathComponent("no-such-folder/台账.md").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("cannot write") && missing.stderr.contains("no-such-folder"), missing.stderr)
    }

    func testTheConfigurationsReportsTableSetsTheRules() throws {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let f = DateFormatter()
        f.calendar = c
        f.timeZone = c.timeZone
        f.dateFormat = "yyyy-MM-dd"
        let in9 = f.string(from: c.date(byAdding: .day, value: 9, to: Date()) ?? Date())
        XCTAssertEqual(try rc(["set", "yr2020.t.joint-meetings", "--deadline", in9]).status, 0)
        func light() throws -> String? {
            let r = try rc(["report", "--format", "json"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return (json?["rows"] as? [[String: Any]])?.first { $0["id"] as? String == "yr2020.t.joint-meetings" }?["light"] as? String
        }
        XCTAssertEqual(try light(), "green", "9 days away, warn_days 7 by default")
        let folder = dir.appendingPathComponent("config/riverchief")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "[reports]\nwarn_days = 10\ncadence = \"weekly\"\n".write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try light(), "yellow", "warn_days = 10 in the user's config.toml")
        let r = try rc(["report", "--format", "json"])
        XCTAssertTrue(r.stdout.contains("\"cadence\": \"weekly\"") && r.stdout.contains("\"due_day\": 5"), "a weekly cadence is due on Friday unless due_day says otherwise")
        try "[reports]\nwarn_days = -1\n".write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let broken = try rc(["report"])
        XCTAssertEqual(broken.status, 2, broken.stderr)
        XCTAssertTrue(broken.stderr.contains("config.toml") && broken.stderr.contains("warn_days"), broken.stderr)
    }
}
