import RiverChiefCore
import XCTest

final class ListCommandTests: XCTestCase {
    func testListFindsTheRepositoryLibraryFromAnyFolder() throws {
        // Run from / with no --data: the Data/ next to the build tree is found.
        let r = try CLI.run(["list", "--width", "100"], environment: ["RIVERCHIEF_DATA": ""], currentDirectory: URL(fileURLWithPath: "/"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("yr2020  某市委书记在全市黄河流域生态保护工作推进会上的讲话\n"), r.stdout)
        for id in ["yr2020.pre", "yr2020.s1", "yr2020.s2", "yr2020.s3", "yr2020.s4", "yr2020.end", "yr2020.t.joint-meetings"] {
            XCTAssertTrue(r.stdout.contains(id), id)
        }
        XCTAssertTrue(r.stdout.hasSuffix("共 73 项 (部分 6, 要点 17, 任务 50)\n"), r.stdout)
    }

    func testColumnsLineUpByDisplayWidthAndFitTheWidth() throws {
        for width in [80, 100, 140] {
            let r = try CLI.run(["list", "--width", String(width)])
            XCTAssertEqual(r.status, 0, r.stderr)
            let rows = r.stdout.split(separator: "\n").map(String.init).filter { $0.contains("yr2020.") && !$0.hasPrefix("yr2020 ") }
            XCTAssertEqual(rows.count, 73)
            // The id is the last column: it starts at the same cell on every row, and the lead
            // column (when there is one) starts at the same cell too.
            let idColumns = Set(rows.map { row -> Int in
                let id = row.split(separator: " ").last.map(String.init) ?? ""
                return DisplayWidth.of(String(row.dropLast(id.count)))
            })
            XCTAssertEqual(idColumns.count, 1, "width \(width): id column starts at \(idColumns)")
            for row in rows {
                XCTAssertLessThanOrEqual(DisplayWidth.of(row), width, row)
            }
            let lead = rows.first { $0.contains("yr2020.t.joint-meetings") } ?? ""
            XCTAssertTrue(lead.contains("市河长办"), lead)
        }
    }

    func testNarrowWidthTruncatesTitlesWithEllipsisWithoutSplittingCharacters() throws {
        let r = try CLI.run(["list", "--width", "60"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let s3 = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasSuffix("yr2020.s3") })
        XCTAssertTrue(s3.hasPrefix("三、聚焦"), String(s3))
        XCTAssertTrue(s3.contains("…"), String(s3))
        XCTAssertFalse(s3.unicodeScalars.contains("\u{FFFD}"))
    }

    func testFilters() throws {
        let section = try CLI.run(["list", "--section", "s2", "--json"])
        XCTAssertEqual(section.status, 0, section.stderr)
        let sectionIDs = try ids(section.stdout)
        XCTAssertEqual(sectionIDs.first, "yr2020.s2")
        // Every item but the section hangs from something listed before it: nothing from another section.
        let items = try XCTUnwrap(try Paths.json(section.stdout) as? [String: Any])["items"] as? [[String: Any]] ?? []
        XCTAssertEqual(items.count, 16)
        for (k, item) in items.enumerated().dropFirst() {
            let parent = item["parent"] as? String ?? ""
            XCTAssertTrue(sectionIDs[..<k].contains(parent), "\(item["id"] ?? "?") under \(parent), not in section 二")
        }
        XCTAssertEqual(try ids(CLI.run(["list", "--section", "二", "--json"]).stdout), sectionIDs)

        // 市水利局 leads 8 tasks (docs/data-model.md's catalogue), by name or by id.
        let byName = try ids(CLI.run(["list", "--unit", "市水利局", "--as", "lead", "--json"]).stdout)
        let byID = try ids(CLI.run(["list", "--unit", "city.water", "--as", "牵头", "--kind", "task", "--json"]).stdout)
        XCTAssertEqual(byName.count, 8)
        XCTAssertEqual(byName, byID)
        XCTAssertEqual(try ids(CLI.run(["list", "--unit", "水利局", "--as", "supporting", "--json"]).stdout).count, 16)
        XCTAssertEqual(try ids(CLI.run(["list", "--kind", "point", "--json"]).stdout).count, 17)

        // Text: the matching tasks with their section and point around them.
        let text = try CLI.run(["list", "--unit", "city.water", "--as", "lead", "--width", "120"])
        XCTAssertTrue(text.stdout.contains("三、聚焦关键领域"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\n  一是 强化水资源管理"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\n    - 落实最严格水资源管理制度"), "a task two levels down: \(text.stdout)")
        XCTAssertTrue(text.stdout.contains("\n三、聚焦关键领域"), "a section at the margin: \(text.stdout)")
        XCTAssertTrue(text.stdout.hasSuffix("共 8 项 (部分 0, 要点 0, 任务 8)\n"), text.stdout)
    }

    func testAMissingLibraryPathIsQuotedEscaped() throws {
        for args in [["list"], ["set", "yr2020.t.soil", "--status", "done", "--db", "/tmp/rc-unused-\(UUID().uuidString).sqlite"]] {
            let r = try CLI.run(args + ["--data", "/no\u{1B}[7mpe"])
            XCTAssertNotEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("/no\\e[7mpe"), "\(args[0]): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("\u{1B}"), "\(args[0]): the escape reaches the terminal raw")
        }
    }

    func testBadFilterValues() throws {
        let section = try CLI.run(["list", "--section", "s9"])
        XCTAssertEqual(section.status, 1)
        XCTAssertTrue(section.stderr.hasPrefix("riverchief: no section \"s9\" in the library (did you mean: yr2020.pre, yr2020.s1"), section.stderr)
        let unit = try CLI.run(["list", "--unit", "市林草局"])
        XCTAssertEqual(unit.status, 1)
        XCTAssertTrue(unit.stderr.hasPrefix("riverchief: no unit \"市林草局\" in the library"), unit.stderr)
        let kind = try CLI.run(["list", "--kind", "job"])
        XCTAssertNotEqual(kind.status, 0)
        XCTAssertTrue(kind.stderr.contains("--kind must be section, point, task or target, not \"job\""), kind.stderr)
    }

    func testJSONHasEveryFieldInAStableOrderAndSpansQuoteTheSpeech() throws {
        let r = try CLI.run(["list", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"市河长办\""), "Chinese is written as UTF-8, not \\u escapes")
        XCTAssertFalse(r.stdout.contains("\\u"))
        let root = try XCTUnwrap(try Paths.json(r.stdout) as? [String: Any])
        let items = try XCTUnwrap(root["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 73)
        let speech = try String(contentsOf: Paths.data.appendingPathComponent("yr2020-citysec/speech.txt"), encoding: .utf8)
        let scalars = Array(speech.unicodeScalars)
        let keys = ["id", "model", "kind", "parent", "marker", "role", "title", "text", "span", "lead", "supporting",
                    "territorial", "targets", "deadline"]
        for item in items {
            XCTAssertEqual(Set(item.keys), Set(keys), "\(item["id"] ?? "?")")
            let span = try XCTUnwrap(item["span"] as? [Int])
            var quoted = String.UnicodeScalarView()
            quoted.append(contentsOf: scalars[span[0]..<span[1]])
            XCTAssertEqual(String(quoted), item["text"] as? String, "\(item["id"] ?? "?")")
            if item["kind"] as? String == "task" {
                let lead = try XCTUnwrap(item["lead"] as? [String: Any])
                XCTAssertNotNil(lead["name"] as? String)
                XCTAssertNotNil(lead["basis"] as? String)
                for t in try XCTUnwrap(item["targets"] as? [[String: Any]]) {
                    XCTAssertNotNil(t["title"] as? String, "target titles resolved")
                }
            }
        }
        // Key order is the documented one (JSONSerialization loses it, so read the text).
        let first = try XCTUnwrap(r.stdout.range(of: "{\n      \"id\""))
        let block = r.stdout[first.lowerBound...].prefix(2000)
        let order = keys.compactMap { k in block.range(of: "\"\(k)\":").map { block.distance(from: block.startIndex, to: $0.lowerBound) } }
        XCTAssertEqual(order, order.sorted())
        XCTAssertEqual(order.count, keys.count)
    }

    func testControlCharactersInDataAreEscapedInText() throws {
        let lib = try Paths.controlCharacterLibrary(self)
        let r = try CLI.run(["list", "--data", lib.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("定期召开\\e[31m联席会议"), r.stdout)
        XCTAssertTrue(r.stdout.contains("市水利局\\x07"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\u{1B}"))
        XCTAssertEqual(r.stderr, "riverchief: 2 warning(s) in the library; `riverchief validate` lists them\n")
    }

    func testGlobalDataOptionBeforeTheCommand() throws {
        let r = try CLI.run(["list", "--data", Paths.library.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try ids(r.stdout).first, "tiny.s1")
    }

    func testAnOutputThatCannotBeWrittenIsAClearErrorNotACrash() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { throw XCTSkip("no /dev/full here") }
        for args in [["list"], ["list", "--json"]] {
            let r = try CLI.run(args, launcher: ["/bin/sh", "-c", "exec \"$0\" \"$@\" > /dev/full"])
            XCTAssertEqual(r.status, 1, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr, "riverchief: cannot write the output: No space left on device\n", "\(args)")
        }
    }

    func ids(_ json: String) throws -> [String] {
        let root = try XCTUnwrap(try Paths.json(json) as? [String: Any])
        return (root["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}
