import Foundation
import XCTest

/// `riverchief derive` as a user runs it: a draft on standard output or into a library folder,
/// converted speeches, refusals, --against, and the draft beside the curated model in `validate`,
/// `list`, `show` and the dashboard (tmux).
final class DeriveCommandTests: XCTestCase {
    var dir: URL!
    var env: [String: String] = [:]
    var session: TmuxSession?

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-derive-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("home"), withIntermediateDirectories: true)
        let home = dir.appendingPathComponent("home").path
        env = ["HOME": home, "XDG_CACHE_HOME": home + "/cache", "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
               "RIVERCHIEF_DB": home + "/state.sqlite", "RIVERCHIEF_DATA": Paths.data.path]
    }

    override func tearDown() {
        session?.close()
        session = nil
        try? FileManager.default.removeItem(at: dir)
    }

    func fixture(_ name: String) -> String { Paths.fixtures.appendingPathComponent("derive/\(name)").path }

    /// A copy of the real library (Data/, with its duty table) to add drafts to.
    func libraryCopy() throws -> URL {
        let lib = dir.appendingPathComponent("lib")
        try FileManager.default.copyItem(at: Paths.data, to: lib)
        return lib
    }

    func testTheDraftGoesToStandardOutputAndIsTheSameEveryTime() throws {
        let a = try CLI.run(["derive", fixture("markers.txt")], environment: env)
        let b = try CLI.run(["derive", fixture("markers.txt")], environment: env)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(a.stderr, "")
        XCTAssertEqual(a.stdout, b.stdout)
        let json = try XCTUnwrap(Paths.json(a.stdout) as? [String: Any])
        XCTAssertEqual(json["format"] as? String, "riverchief.model/1")
        XCTAssertEqual(json["id"] as? String, "draft")
        let items = try XCTUnwrap(json["items"] as? [[String: Any]])
        XCTAssertEqual(items.filter { $0["kind"] as? String == "point" }.compactMap { $0["marker"] as? String },
                       ["第一", "第二", "其一", "其二", "(一)", "(二)", "一要", "二要"])
        // Every inferred assignment names its rule.
        for task in items where task["kind"] as? String == "task" {
            let lead = try XCTUnwrap(task["lead"] as? [String: Any])
            for a in [lead] + (task["supporting"] as? [[String: Any]] ?? []) + (task["territorial"] as? [[String: Any]] ?? [])
            where a["basis"] as? String == "inferred" {
                XCTAssertNotNil(a["rule"] as? String, "\(task["id"] ?? "?"): \(a)")
            }
        }
    }

    func testADraftPlacedInTheLibraryLoadsBesideTheCuratedModel() throws {
        let lib = try libraryCopy()
        let out = lib.appendingPathComponent("yr2021-river/model.json")
        let r = try CLI.run(["derive", fixture("markers.txt"), "--data", lib.path, "--out", out.path], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("wrote \(out.path)"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: lib.appendingPathComponent("yr2021-river/speech.txt")),
                       try Data(contentsOf: URL(fileURLWithPath: fixture("markers.txt"))))
        let v = try CLI.run(["validate", "--data", lib.path], environment: env)
        XCTAssertEqual(v.status, 0, v.stderr)
        XCTAssertEqual(v.stderr, "2 model(s) checked: 0 error(s), 0 warning(s)\n")
        let list = try CLI.run(["list", "--data", lib.path, "--width", "120"], environment: env)
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("yr2020  某市委书记在全市黄河流域生态保护工作推进会上的讲话"), list.stdout)
        XCTAssertTrue(list.stdout.contains("yr2021-river  某市委副书记在全市河长制工作推进会上的讲话"), list.stdout)
        XCTAssertTrue(list.stdout.contains("第一部分") == false && list.stdout.contains("全面加强河湖管理"), list.stdout)
        let show = try CLI.run(["show", "--data", lib.path, "--width", "200", "yr2021-river.s1.p1"], environment: env)
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("第一 严格水资源管理"), show.stdout)
        let tasks = try CLI.run(["list", "--data", lib.path, "--kind", "task", "--json"], environment: env)
        let all = try XCTUnwrap(Paths.json(tasks.stdout) as? [String: Any])
        let items = try XCTUnwrap(all["items"] as? [[String: Any]])
        let allocate = try XCTUnwrap(items.first { $0["title"] as? String == "科学合理配置水资源" })
        let lead = try XCTUnwrap(allocate["lead"] as? [String: Any])
        XCTAssertEqual(lead["name"] as? String, "市水利局")
        XCTAssertEqual(lead["rule"] as? String, "lead.water.resources")
        let detail = try CLI.run(["show", "--data", lib.path, "--width", "200", try XCTUnwrap(allocate["id"] as? String)], environment: env)
        XCTAssertTrue(detail.stdout.contains("规则 rule lead.water.resources: 市水利局的职责包括水资源管理"), detail.stdout)
    }

    func testAgainstTheCuratedModelListsWhatTheDraftChanges() throws {
        let r = try CLI.run(["derive", "Data/yr2020-citysec/speech.txt", "--against", "Data/yr2020-citysec"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("dropped task    yr2020.t.coal-pollution [2210, 2216) 减少燃煤污染 — lead 市生态环境局(inferred lead.eco-env.pollution)"), r.stdout)
        XCTAssertTrue(lines.contains("added   target  draft.g.ljig3v [2210, 2216) 减少燃煤污染"), r.stdout)
        // The curated stated lead that the draft would infer differently is listed, not replaced.
        XCTAssertTrue(lines.contains { $0.hasPrefix("units   task    yr2020.t.leading-group-coordination: lead 市黄河流域生态保护工作领导小组(stated) → ") }, r.stdout)
        XCTAssertEqual(lines.last, "sections 6/6 same, points 17/17 same, tasks 49/50 found (98%; 42 with the same span), targets 21/21 found")
        XCTAssertFalse(r.stdout.contains("\"format\""), "with --against and no --out, no draft is printed")
    }

    func testAConvertedSpeechIsStoredAsUTF8WithLFAndNeverOverwritesTheOriginal() throws {
        let lf = try Data(contentsOf: URL(fileURLWithPath: fixture("wrapped.txt")))
        var crlf = Data([0xEF, 0xBB, 0xBF])
        for b in lf { if b == 0x0A { crlf.append(0x0D) }; crlf.append(b) }
        let src = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        try crlf.write(to: src.appendingPathComponent("speech.txt"))
        let refused = try CLI.run(["derive", src.appendingPathComponent("speech.txt").path, "--out", src.appendingPathComponent("model.json").path],
                                  environment: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("UTF-8 with a byte-order mark → UTF-8, CRLF → LF"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("write the draft into another folder"), refused.stderr)
        XCTAssertEqual(try Data(contentsOf: src.appendingPathComponent("speech.txt")), crlf, "the original is untouched")
        XCTAssertFalse(FileManager.default.fileExists(atPath: src.appendingPathComponent("model.json").path))

        let out = dir.appendingPathComponent("lib/wrapped/model.json")
        let r = try CLI.run(["derive", src.appendingPathComponent("speech.txt").path, "--out", out.path], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("note: "), r.stderr)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("lib/wrapped/speech.txt")), lf)
        let v = try CLI.run(["validate", dir.appendingPathComponent("lib").path], environment: env)
        XCTAssertEqual(v.status, 0, v.stderr)
    }

    /// `--out` naming a device or a pipe is refused: the draft is renamed into place, which over
    /// /dev/null (as root) would replace the device with a file. A FIFO stands in for the device.
    func testADeviceOrPipeAsOutIsRefusedAndLeftAsItWas() throws {
        let folder = dir.appendingPathComponent("pipe")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fifo = folder.appendingPathComponent("model.json").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let r = try CLI.run(["derive", fixture("markers.txt"), "--out", fifo], environment: env)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("is not a regular file"), r.stderr)
        var info = stat()
        XCTAssertEqual(stat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the pipe is still a pipe")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("speech.txt").path))
    }

    func testAGBKSpeechIsConvertedAndAnUnknownEncodingIsRefused() throws {
        let gbk = try CLI.run(["derive", fixture("agenda.gbk.txt")], environment: env)
        let utf8 = try CLI.run(["derive", fixture("agenda.txt")], environment: env)
        XCTAssertEqual(gbk.status, 0, gbk.stderr)
        XCTAssertEqual(gbk.stdout, utf8.stdout)
        XCTAssertTrue(gbk.stderr.contains("GB18030 (GBK) → UTF-8"), gbk.stderr)

        let bad = dir.appendingPathComponent("bad.txt")
        try Data(Array("某市委书记的讲话\n".utf8) + [0xFF, 0xFE, 0xFF, 0x41]).write(to: bad)
        let r = try CLI.run(["derive", bad.path], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "riverchief: \(bad.path): not UTF-8 (byte 0xFF at byte offset 25) and not GB18030/GBK either: convert it to UTF-8 first, e.g. iconv -f BIG5 -t UTF-8\n")
        let missing = try CLI.run(["derive", dir.appendingPathComponent("nothing.txt").path], environment: env)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nothing.txt: cannot read"), missing.stderr)
    }

    func testABrokenDutyTableIsReportedAndNothingIsWritten() throws {
        let table = dir.appendingPathComponent("duties.json")
        try Data("{\"format\": \"riverchief.duties/1\", \"rules\": [{\"id\": \"x\"}]}".utf8).write(to: table)
        let out = dir.appendingPathComponent("d/model.json")
        let r = try CLI.run(["derive", fixture("markers.txt"), "--rules", table.path, "--out", out.path], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("\(table.path):1:45: error: $.rules[0]: missing field \"unit\""), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("riverchief: the duty table has 3 error(s)\n"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    /// The curated model and drafts of every point-marker family pass Data/model.schema.json in an
    /// independent validator (Python's jsonschema, draft 2020-12); a stated assignment with a rule fails it.
    func testTheCuratedModelAndDraftsMatchTheSchema() throws {
        // The python3 `.ci/run` installed jsonschema for: the one on PATH (pyenv's, on some
        // machines), else the system's.
        let python = EmulatorTests.python.map { URL(fileURLWithPath: $0) }
        guard let python, (try? CLI.run(["-c", "import jsonschema"], environment: env, executable: python))?.status == 0 else {
            throw XCTSkip("python3 with jsonschema is not installed (.ci/run installs python3-jsonschema)")
        }
        var files = [Paths.data.appendingPathComponent("yr2020-citysec/model.json").path]
        for name in ["markers", "footer", "redactions", "agenda"] {
            let out = dir.appendingPathComponent("\(name)/model.json")
            let r = try CLI.run(["derive", fixture("\(name).txt"), "--out", out.path], environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
            files.append(out.path)
        }
        let script = """
        import json, sys, jsonschema
        v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
        for f in sys.argv[2:]:
            errors = [e.message for e in v.iter_errors(json.load(open(f)))]
            print(f, len(errors), errors[:3])
        m = json.load(open(sys.argv[2]))
        task = next(i for i in m["items"] if i["kind"] == "task" and i["lead"]["basis"] == "inferred")
        task["lead"]["basis"] = "stated"
        print("stated with a rule:", "rejected" if list(v.iter_errors(m)) else "accepted")
        """
        let r = try CLI.run(["-c", script, Paths.data.appendingPathComponent("model.schema.json").path] + files,
                            environment: env, executable: python)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, files.map { "\($0) 0 []\n" }.joined() + "stated with a rule: rejected\n")
    }

    func testValidateListsWhereTheDutyTableAndTheCuratedModelDisagree() throws {
        let lib = try libraryCopy()
        let tableURL = lib.appendingPathComponent("unit-duties.json")
        var table = try String(contentsOf: tableURL, encoding: .utf8)
        // An office narrows 水利局's soil-conservation duty: the curated erosion projects no longer follow from it.
        table = table.replacingOccurrences(of: "\"words\": [\"水土保持\", \"水土流失\", \"坡耕地\", \"小流域\"]", with: "\"words\": [\"水土保持\", \"水土流失\"]")
        try table.write(to: tableURL, atomically: true, encoding: .utf8)
        let notes = try CLI.run(["validate", "--data", lib.path], environment: env)
        XCTAssertEqual(notes.status, 0, notes.stderr)
        XCTAssertTrue(notes.stderr.contains("yr2020-citysec/model.json: note: yr2020.t.erosion-projects: lead 市水利局 by rule lead.water.soil-conservation, but the table gives 市黄河流域生态保护工作领导小组办公室 (lead.office.integrated)"), notes.stderr)
        XCTAssertTrue(notes.stderr.hasSuffix("1 model(s) checked: 0 error(s), 0 warning(s), 1 difference(s) from the duty table\n"), notes.stderr)
        let json = try XCTUnwrap(Paths.json(try CLI.run(["validate", "--data", lib.path, "--json"], environment: env).stdout) as? [String: Any])
        XCTAssertEqual((json["duty_notes"] as? [Any])?.count, 1)
        // A rule the model names but the table lost is an error.
        table = table.replacingOccurrences(of: "\"id\": \"support.gov-office\"", with: "\"id\": \"support.gov-office-renamed\"")
        try table.write(to: tableURL, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["validate", "--data", lib.path], environment: env)
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("error: yr2020.t.leading-group: 市政府办公室: unknown rule \"support.gov-office\" (not in the duty table)"), broken.stderr)
    }

    func testTheDashboardShowsTheDraftBesideTheCuratedModel() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let lib = try libraryCopy()
        let r = try CLI.run(["derive", fixture("markers.txt"), "--data", lib.path, "--out", lib.appendingPathComponent("yr2021-river/model.json").path],
                            environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        var tenv: [String: String?] = ["LANG": "zh_CN.UTF-8", "TERM": "screen-256color"]
        for (k, v) in env { tenv[k] = v }
        let s = try TmuxSession(arguments: ["--data", lib.path, "--ambiguous", "narrow"], environment: tenv, width: 120, height: 40)
        session = s
        // Two speeches, each a root of the tree, with their task counts.
        let top = s.wait(timeout: 15, "both speeches") {
            $0.contains("某市委书记在全市黄河流域生态保护工作推进会上的讲话") && $0.contains("某市委副书记在全市河长制工作推进会上的讲话")
        }
        XCTAssertTrue(top.contains("2 篇讲话"), top)
        XCTAssertTrue(top.contains("60 项任务"), "50 curated tasks and the draft's 10:\n\(top)")
        // A task only the draft has: found by search, its inferred lead shown with the rule.
        try s.send("/")
        try s.type("划界")
        try s.send("Enter")
        let found = s.wait(for: "推断:lead.water.resources", timeout: 10)
        XCTAssertTrue(found.contains("yr2021-river.t.water-"), found)
        XCTAssertTrue(found.contains("▾ 某市委副书记在全市河长制工作推进会"), "the draft's speech opened to its task:\n\(found)")
        XCTAssertTrue(found.contains("属地  各县(市、区)党委和政府(推断:local.counties)"), found)
        try s.send("q")
    }
}
