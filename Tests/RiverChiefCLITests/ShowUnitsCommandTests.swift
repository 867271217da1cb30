import RiverChiefCore
import XCTest

final class ShowCommandTests: XCTestCase {
    func testShowATaskInFull() throws {
        let r = try CLI.run(["show", "yr2020.t.joint-meetings", "--width", "80"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        XCTAssertTrue(out.hasPrefix("- 定期召开联席会议\n编号 ID        yr2020.t.joint-meetings\n类型 Kind      任务 task\n"), out)
        XCTAssertTrue(out.contains("所属 Parent    二是 强化协同联动  yr2020.s2.p2\n"), out)
        // The inferred lead with its duty-table rule and the duty the table gives it.
        XCTAssertTrue(out.contains("""
        牵头 Lead      市河长办  city.river-chief-office  (按职责推定 inferred; 规则
                       rule lead.river-chief-office.coordination: 河长制是全市跨部门、跨
                       区域协调的常设机制:协调机制、联席会议)\n
        """), out)
        XCTAssertTrue(out.contains("原文 Passage\n"), out)
        // Not a terminal: the item's own words are marked with 【】 (wrapped, so compare without breaks).
        let passage = out.components(separatedBy: "原文 Passage\n").last?
            .split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined() ?? ""
        XCTAssertTrue(passage.contains("【定期召开联席会议,及时研究解决工作中遇到的问题】"), passage)
        XCTAssertFalse(out.contains("\u{1B}["), "no escape codes when stdout is not a terminal")
        for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(DisplayWidth.of(String(line)), 80, String(line)) }
    }

    func testShowASectionListsItsChildren() throws {
        let r = try CLI.run(["show", "yr2020.s3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("下级 Children  一是 强化水资源管理  yr2020.s3.p1\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("类型 Kind      部分 section, 正文 body\n"), r.stdout)
    }

    func testShowJSON() throws {
        let r = try CLI.run(["show", "yr2020.t.flow-regulation", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let item = try XCTUnwrap(try Paths.json(r.stdout) as? [String: Any])
        XCTAssertEqual(item["id"] as? String, "yr2020.t.flow-regulation")
        XCTAssertEqual(item["ancestors"] as? [String], ["yr2020.s3.p1", "yr2020.s3"])
        XCTAssertEqual(item["children"] as? [String], [])
        XCTAssertEqual((item["lead"] as? [String: Any])?["name"] as? String, "市水利局")
        XCTAssertEqual((item["targets"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["yr2020.g.eco-flow", "yr2020.g.river-health"])
        let passage = try XCTUnwrap(item["passage"] as? [String: Any])
        XCTAssertEqual(passage["marked"] as? String, item["text"] as? String)
        XCTAssertTrue((passage["before"] as? String ?? "").hasPrefix("推进黄河流域生态保护,既要全面发力"))
    }

    func testUnknownIdSaysSoWithCloseMatches() throws {
        let r = try CLI.run(["show", "yr2020.t.joint-meeting"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "riverchief: no item \"yr2020.t.joint-meeting\" in the library; did you mean: yr2020.t.joint-meetings\n")
        let none = try CLI.run(["show", "x\u{1B}[2J"])
        XCTAssertEqual(none.status, 1)
        XCTAssertEqual(none.stderr, "riverchief: no item \"x\\e[2J\" in the library\n")
    }
}

final class UnitsCommandTests: XCTestCase {
    func testUnitsTextHasAlignedCountsAndTasks() throws {
        let r = try CLI.run(["units", "--width", "100"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("单位 Unit"), lines[0])
        let water = try XCTUnwrap(lines.first { $0.hasPrefix("市水利局 ") })
        XCTAssertTrue(water.hasSuffix("   8    16     0"), water)
        // Every unit row's counts end at the same cell.
        let unitRows = lines.filter { !$0.hasPrefix(" ") }
        XCTAssertEqual(unitRows.count, 23)
        XCTAssertEqual(Set(unitRows.map { DisplayWidth.of($0) }).count, 1, unitRows.joined(separator: "\n"))
        XCTAssertTrue(r.stdout.contains("    牵头 加强干支流水量调度"), r.stdout)
    }

    func testUnitsJSON() throws {
        let r = try CLI.run(["units", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let root = try XCTUnwrap(try Paths.json(r.stdout) as? [String: Any])
        let units = try XCTUnwrap(root["units"] as? [[String: Any]])
        XCTAssertEqual(units.count, 22)
        let eco = try XCTUnwrap(units.first { $0["id"] as? String == "city.eco-env" })
        XCTAssertEqual(eco["name"] as? String, "市生态环境局")
        // Environmental emergency plans and response both led by 生态环境局 (issue 13), 应急管理局 supporting.
        XCTAssertEqual((eco["lead"] as? [Any])?.count, 15)
        XCTAssertEqual((eco["supporting"] as? [Any])?.count, 13)
        let county = try XCTUnwrap(units.first { $0["id"] as? String == "county.all" })
        XCTAssertEqual((county["territorial"] as? [Any])?.count, 42)
    }
}

final class TerminalOutputTests: XCTestCase {
    /// Runs the binary on a real pseudo-terminal of `columns` columns (util-linux `script`).
    func onTerminal(_ arguments: String, columns: Int) throws -> String {
        let binary = CLI.binary.path
        let r = try CLI.run(["-q", "-c", "stty cols \(columns) rows 30; exec \(binary) \(arguments)", "/dev/null"],
                            executable: URL(fileURLWithPath: "/usr/bin/script"))
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    }

    func testOnATerminalTheSpanIsInReverseVideoAndTheWidthIsTheTerminals() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is missing")
        let out = try onTerminal("show yr2020.t.joint-meetings", columns: 90)
        XCTAssertTrue(out.contains("\u{1B}[7m"), out)
        XCTAssertTrue(out.contains("\u{1B}[27m"), out)
        XCTAssertFalse(out.contains("【"), "brackets only when not on a terminal")
        let lines = out.split(separator: "\n").map { String($0).replacingOccurrences(of: "\u{1B}[7m", with: "").replacingOccurrences(of: "\u{1B}[27m", with: "") }
        XCTAssertLessThanOrEqual(lines.map { DisplayWidth.of($0) }.max() ?? 0, 90)
        XCTAssertGreaterThan(lines.map { DisplayWidth.of($0) }.max() ?? 0, 80, "uses the terminal's 90 columns, not 80")
    }

    func testWithoutATerminalColumnsComesFromTheEnvironment() throws {
        let env = try CLI.run(["list"], environment: ["COLUMNS": "64"])
        XCTAssertEqual(env.status, 0, env.stderr)
        XCTAssertEqual(env.stdout, try CLI.run(["list", "--width", "64"]).stdout)
        XCTAssertNotEqual(env.stdout, try CLI.run(["list"], environment: ["COLUMNS": "120"]).stdout)
        // Neither: 80.
        XCTAssertEqual(try CLI.run(["list"], environment: ["COLUMNS": ""]).stdout, try CLI.run(["list", "--width", "80"]).stdout)
    }
}
