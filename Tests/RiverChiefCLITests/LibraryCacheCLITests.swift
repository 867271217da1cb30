import Foundation
import XCTest

/// The library cache as a user meets it: commands give the same output with and without it, an
/// edited model is seen at once, a damaged cache is ignored, and it can be turned off.
final class LibraryCacheCLITests: XCTestCase {
    var dir: URL!
    var library: URL { dir.appendingPathComponent("Data") }
    var cacheHome: URL { dir.appendingPathComponent("cache") }
    var cacheFolder: URL { cacheHome.appendingPathComponent("riverchief") }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cli-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.data, to: library)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func rc(_ args: [String], cache: URL? = nil, environment: [String: String] = [:]) throws -> CLI.Result {
        var env = ["XDG_CACHE_HOME": (cache ?? cacheHome).path, "RIVERCHIEF_NO_CACHE": ""]
        for (k, v) in environment { env[k] = v }
        return try CLI.run(args + ["--data", library.path], environment: env)
    }

    func cacheFiles(_ folder: URL? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: (folder ?? cacheFolder).path)) ?? []).filter { $0.hasSuffix(".bin") }
    }

    func testSameOutputWithAndWithoutTheCacheAndEditsSeenAtOnce() throws {
        let first = try rc(["list", "--json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(cacheFiles().count, 1, "a clean library is cached")
        let second = try rc(["list", "--json"])
        XCTAssertEqual(second.stdout, first.stdout)
        XCTAssertEqual(try rc(["list", "--json", "--no-cache"]).stdout, first.stdout)
        XCTAssertEqual(try rc(["list", "--width", "100"]).stdout, try rc(["list", "--width", "100", "--no-cache"]).stdout)
        // A unit filter reads only that unit's items from the cache: the same lines, the same JSON,
        // the same errors.
        for filter in [["--unit", "市水利局"], ["--unit", "水利"], ["--unit", "city.water", "--as", "supporting"],
                       ["--unit", "市生态环境局", "--kind", "task"], ["--unit", "各县"], ["--unit", "各县", "--as", "territorial", "--json"],
                       ["--unit", "水利", "--status", "not-started"], ["--unit", "水利", "--json"], ["--unit", "没有这个单位"],
                       // Without a unit, the text reads the items in outline (no supporting units, no targets).
                       ["--section", "二"], ["--kind", "point"], ["--status", "未启动"], ["--width", "44"], ["--kind", "target"]] {
            let cached = try rc(["list", "--width", "100"] + filter), direct = try rc(["list", "--width", "100", "--no-cache"] + filter)
            XCTAssertEqual(cached.stdout, direct.stdout, filter.joined(separator: " "))
            XCTAssertEqual(cached.stderr, direct.stderr, filter.joined(separator: " "))
            XCTAssertEqual(cached.status, direct.status, filter.joined(separator: " "))
        }
        XCTAssertTrue(try rc(["list", "--unit", "市水利局"]).stdout.contains("定期召开联席会议"))

        // Edit a title (same length in bytes): the next command shows the new one.
        let model = library.appendingPathComponent("yr2020-citysec/model.json")
        let text = try String(contentsOf: model, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"title\": \"定期召开联席会议\"", with: "\"title\": \"定期召开协调会议\"").utf8).write(to: model)
        let edited = try rc(["list", "--json"])
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertTrue(edited.stdout.contains("定期召开协调会议"), "the edited model is read, not the stale cache")
        XCTAssertFalse(edited.stdout.contains("\"title\": \"定期召开联席会议\""))
        XCTAssertEqual(try rc(["list", "--json"]).stdout, edited.stdout)

        // Break the model: its diagnostics, not the cached library.
        try Data(text.replacingOccurrences(of: "\"kind\": \"task\"", with: "\"kind\": \"job\"").utf8).write(to: model)
        let broken = try rc(["list"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("bad value \"job\""), broken.stderr)
    }

    func testDamagedCacheIsIgnored() throws {
        let good = try rc(["list", "--json"])
        let file = try XCTUnwrap(cacheFiles().first)
        let path = cacheFolder.appendingPathComponent(file).path
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        try Data("RIVERCHIEF-LIBRARY-CACHE\ngarbage".utf8).write(to: URL(fileURLWithPath: path))
        let r = try rc(["list", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.stdout, good.stdout)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size, "rewritten whole")
    }

    /// `list --json` of the whole library is written straight from the cache's bytes: the same
    /// document as from the files. A cache damaged inside a speech's bytes, cut short or one byte
    /// too long is refused before anything is written: the whole document still comes (from the
    /// files), exit 0, nothing on stderr.
    func testListJSONStraightFromTheCacheAndADamagedCacheFallsBackToTheWholeDocument() throws {
        let direct = try rc(["list", "--json", "--no-cache"])
        XCTAssertEqual(direct.status, 0, direct.stderr)
        XCTAssertTrue(direct.stdout.hasPrefix("{\n  \"items\": [\n    {\n      \"id\": "), direct.stdout)
        XCTAssertTrue(direct.stdout.hasSuffix("\n    }\n  ]\n}\n"))
        XCTAssertEqual(try rc(["list", "--json"]).stdout, direct.stdout, "the run that writes the cache")
        let file = cacheFolder.appendingPathComponent(try XCTUnwrap(cacheFiles().first))
        let good = try Data(contentsOf: file)
        let cached = try rc(["list", "--json"])
        XCTAssertEqual(cached.status, 0, cached.stderr)
        XCTAssertEqual(cached.stderr, "")
        XCTAssertEqual(cached.stdout, direct.stdout)
        try assertEachDamageFallsBack(file, good: good, ["list", "--json"], gives: direct.stdout)
    }

    /// `list` (text) of the whole library is written straight from the cache's rows: the same tree
    /// as from the files at every width. A damaged cache is refused before anything is written:
    /// the whole tree still comes (from the files), exit 0, nothing on stderr.
    func testListTextStraightFromTheCacheAndADamagedCacheFallsBackToTheWholeTree() throws {
        let widths = ["20", "44", "80", "120", "200"]
        var direct: [String: String] = [:]
        for w in widths {
            let r = try rc(["list", "--no-cache", "--width", w])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("\n共 73 项 (部分 6, 要点 17, 任务 50)\n"), r.stdout)
            direct[w] = r.stdout
        }
        XCTAssertEqual(try rc(["list", "--width", "80"]).stdout, direct["80"], "the run that writes the cache")
        XCTAssertEqual(cacheFiles().count, 1)
        let file = cacheFolder.appendingPathComponent(try XCTUnwrap(cacheFiles().first))
        let good = try Data(contentsOf: file)
        for w in widths {
            let cached = try rc(["list", "--width", w])
            XCTAssertEqual(cached.status, 0, cached.stderr)
            XCTAssertEqual(cached.stderr, "")
            XCTAssertEqual(cached.stdout, direct[w], "width \(w)")
        }
        try assertEachDamageFallsBack(file, good: good, ["list", "--width", "80"], gives: direct["80"])
    }

    /// `list --unit` as text reads only the unit's part of the cache (the part index, the speech's
    /// head without its text, the unit's items' records, each checked against its own checksum):
    /// every unit by id, name and part of a name, with and without `--status` (from a real state
    /// database), `--as` and `--kind`, at the default width and at 20, 80 and 200 columns, prints
    /// what it prints from the files. Damage to what it reads (an item's record, a unit's name in
    /// the head), or a cache cut short or lengthened, falls back to the files: the same text, exit 0,
    /// nothing on stderr, the cache written again. Damage to the speech's text, which it does not
    /// read, changes nothing it prints (and is left for the commands that read the text: they
    /// write the cache again).
    func testListByUnitStraightFromTheCacheAndADamagedCacheFallsBack() throws {
        let db = dir.appendingPathComponent("state.sqlite").path
        let model = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: library.appendingPathComponent("yr2020-citysec/model.json"))) as? [String: Any])
        let units = try XCTUnwrap(model["units"] as? [[String: Any]])
        let tasks = try XCTUnwrap(model["items"] as? [[String: Any]]).filter { $0["kind"] as? String == "task" }.compactMap { $0["id"] as? String }
        XCTAssertGreaterThan(units.count, 10)
        for (k, id) in tasks.enumerated() where k % 3 == 0 {
            let r = try rc(["set", id, "--status", ["behind", "done", "in-progress", "blocked"][k % 4], "--db", db])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(try rc(["list"]).status, 0, "the cache is written")
        let file = cacheFolder.appendingPathComponent(try XCTUnwrap(cacheFiles().first))
        let good = try Data(contentsOf: file)
        var lists: [[String]] = []
        for (k, u) in units.enumerated() {
            let id = try XCTUnwrap(u["id"] as? String), name = try XCTUnwrap(u["name"] as? String)
            lists += [["--unit", id], ["--unit", id, "--status", "behind"], ["--unit", id, "--as", "lead"],
                      ["--unit", name, "--kind", "point"], ["--unit", name, "--as", ["lead", "supporting", "territorial"][k % 3], "--status", "滞后"]]
            if let short = u["short_name"] as? String { lists.append(["--unit", short, "--status", "done"]) }
        }
        for width in ["20", "80", "200"] {
            lists += [["--unit", "水利", "--width", width], ["--unit", "各县", "--width", width, "--status", "not-started"],
                      ["--unit", "市", "--width", width, "--kind", "task"], ["--unit", "没有这个单位", "--width", width]]
        }
        var printed = 0
        for args in lists {
            let cached = try rc(["list", "--db", db] + args), direct = try rc(["list", "--db", db, "--no-cache"] + args)
            XCTAssertEqual(cached.stdout, direct.stdout, args.joined(separator: " "))
            XCTAssertEqual(cached.stderr, direct.stderr, args.joined(separator: " "))
            XCTAssertEqual(cached.status, direct.status, args.joined(separator: " "))
            if direct.stdout.contains("\n共 ") && !direct.stdout.contains("\n共 0 项") { printed += 1 }
        }
        XCTAssertGreaterThan(printed, lists.count / 3, "many lists print items")
        XCTAssertEqual(try Data(contentsOf: file), good, "the cache was read, not written")

        let args = ["list", "--unit", "市水利局", "--status", "behind", "--db", db]
        let expected = try rc(args + ["--no-cache"])
        XCTAssertTrue(expected.stdout.contains("滞后") || expected.stdout.contains("任务"), expected.stdout)
        // Where the bytes the part reads are: a task's record (its title as stored: length, then
        // UTF-8) and a unit's name in the speech's head; the speech's text (its length, then it).
        func stored(_ s: String) -> Data { withUnsafeBytes(of: UInt64(s.utf8.count).littleEndian) { Data($0) } + Data(s.utf8) }
        let record = try XCTUnwrap(good.range(of: stored("定期召开联席会议"))).upperBound - 2
        let name = try XCTUnwrap(good.range(of: stored("市水利局"))).upperBound - 1
        let speechText = try Data(contentsOf: library.appendingPathComponent("yr2020-citysec/speech.txt"))
        let speech = try XCTUnwrap(good.range(of: stored(String(decoding: speechText, as: UTF8.self)))).lowerBound + 8 + speechText.count / 2
        try assertEachDamageFallsBack(file, good: good, args, gives: expected.stdout, damaged: [
            ("a byte of one of the unit's items' records", { var d = good; d[record] ^= 0x01; return d }()),
            ("a byte of a unit's name in the speech's head", { var d = good; d[name] ^= 0x01; return d }()),
            ("the last byte missing", good.dropLast()),
            ("cut in half", good.prefix(good.count / 2)),
            ("a byte too many", good + Data([0])),
        ])
        var text = good
        text[speech] ^= 0x01
        try text.write(to: file)
        let r = try rc(args)
        XCTAssertEqual(r.stdout, expected.stdout, "the speech's text is not read")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(try Data(contentsOf: file), text, "nothing of what was read was damaged: the cache is left")
        XCTAssertEqual(try rc(["list", "--unit", "市水利局", "--json"]).stdout, try rc(["list", "--unit", "市水利局", "--json", "--no-cache"]).stdout)
        XCTAssertEqual(try Data(contentsOf: file), good, "the JSON reads the texts: it falls back and writes the cache again")
    }

    /// The cache `file` (whose good bytes are `good`) damaged five ways (or as `damaged` says), one
    /// after the other: each time `arguments` still print `expected` (from the files), exit 0,
    /// nothing on stderr, and the full load that fell back writes the cache again as it was.
    func assertEachDamageFallsBack(_ file: URL, good: Data, _ arguments: [String], gives expected: String?,
                                   damaged: [(String, Data)]? = nil, line: UInt = #line) throws {
        let damaged = damaged ?? [
            ("a byte of the speech's items", { var d = good; d[d.count - 300] ^= 0x10; return d }()),
            ("a byte in the middle", { var d = good; d[d.count / 2] ^= 0x01; return d }()),
            ("the last byte missing", good.dropLast()),
            ("cut in half", good.prefix(good.count / 2)),
            ("a byte too many", good + Data([0])),
        ]
        for (what, bytes) in damaged {
            try bytes.write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            let r = try rc(arguments)
            XCTAssertFalse(r.crashed, what, line: line)
            XCTAssertEqual(r.status, 0, "\(what): \(r.stderr)", line: line)
            XCTAssertEqual(r.stderr, "", what, line: line)
            XCTAssertEqual(r.stdout, expected, what, line: line)
            XCTAssertEqual(try Data(contentsOf: file), good, "\(what): the cache was written again", line: line)
        }
    }

    func testSetChecksTheIdInTheCacheAndNeverTrustsAStaleOne() throws {
        let db = dir.appendingPathComponent("state.sqlite").path
        XCTAssertEqual(try rc(["list"]).status, 0, "the cache is written")
        let known = try rc(["set", "yr2020.t.joint-meetings", "--status", "in-progress", "--db", db])
        XCTAssertEqual(known.status, 0, known.stderr)
        XCTAssertTrue(known.stdout.contains("yr2020.t.joint-meetings: recorded"), known.stdout)
        let unknown = try rc(["set", "yr2020.t.joint-meeting", "--status", "done", "--db", db])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("unknown item id \"yr2020.t.joint-meeting\""), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("did you mean: yr2020.t.joint-meetings"), unknown.stderr)

        // The id renamed in the model: the cache (which still lists the old one) is not asked.
        let model = library.appendingPathComponent("yr2020-citysec/model.json")
        let text = try String(contentsOf: model, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"yr2020.t.joint-meetings\"", with: "\"yr2020.t.joint-meetingz\"").utf8).write(to: model)
        let stale = try rc(["set", "yr2020.t.joint-meetings", "--status", "done", "--db", db])
        XCTAssertEqual(stale.status, 1, stale.stdout)
        XCTAssertTrue(stale.stderr.contains("did you mean: yr2020.t.joint-meetingz"), stale.stderr)
        XCTAssertEqual(try rc(["set", "yr2020.t.joint-meetingz", "--status", "done", "--db", db]).status, 0)
    }

    func testTurnedOffOrUnusable() throws {
        XCTAssertEqual(try rc(["list", "--no-cache"]).status, 0)
        XCTAssertEqual(try rc(["units"], environment: ["RIVERCHIEF_NO_CACHE": "1"]).status, 0)
        XCTAssertEqual(cacheFiles(), [], "--no-cache and RIVERCHIEF_NO_CACHE write nothing")
        // A cache home that is a file: the command works as without a cache.
        let blocker = dir.appendingPathComponent("not-a-folder")
        try Data().write(to: blocker)
        let r = try rc(["list", "--kind", "task", "--json"], cache: blocker)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.stdout, try rc(["list", "--kind", "task", "--json", "--no-cache"]).stdout)
    }

    func testLibraryWithWarningsIsNeverCached() throws {
        let lib = try Paths.controlCharacterLibrary(self)
        for _ in 0..<2 {
            let r = try CLI.run(["list", "--data", lib.path], environment: ["XDG_CACHE_HOME": cacheHome.path, "RIVERCHIEF_NO_CACHE": ""])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stderr, "riverchief: 2 warning(s) in the library; `riverchief validate` lists them\n")
        }
        XCTAssertEqual(cacheFiles(), [])
    }
}
