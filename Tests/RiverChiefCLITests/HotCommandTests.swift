import ArgumentParser
import XCTest
@testable import riverchief

/// `list`, `set` and the dashboard in their plain forms are read by hand (`HotCommand`); everything else goes
/// through ArgumentParser, so help and errors are the usual ones.
final class HotCommandTests: XCTestCase {
    /// Every property of a parsed command, as `dump` shows it (one the hand parser left unset
    /// would show as its definition, not a value).
    func described(_ command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    func testPlainFormsParseAsArgumentParserWould() throws {
        let forms: [[String]] = [
            ["list"],
            ["list", "--json"],
            ["list", "--unit", "city.water"],
            ["list", "--unit", "市水利局", "--status", "behind", "--data", "/somewhere/Data"],
            ["list", "--unit", "水利", "--as", "lead", "--kind", "task", "--width", "100", "--db", "/tmp/s.sqlite", "--no-cache"],
            ["list", "--section", "s2", "--json", "--width", "020"],
            ["list", "--kind", "target"],
            ["list", "--unit", ""],
            ["set", "yr2020.t.joint-meetings", "--status", "done"],
            ["set", "--status", "推进中", "yr2020.t.joint-meetings", "--data", "/d", "--db", "/db.sqlite"],
            ["set", "yr2020.t.joint-meetings", "--progress", "40", "--deadline", "2026-06-30", "--note", "已召开", "--next", "n",
             "--problems", "p", "--support", "s", "--base", "12"],
            ["set", "yr2020.g.eco-flow", "--metric", "生态流量保证率", "--unit", "%", "--baseline", "1", "--goal", "2",
             "--value", "3", "--on", "2026-11-30"],
            ["set", "no.such.item", "--status", "nonsense"],
            [], ["tui"], ["--data", "/d"], ["tui", "--data", "/d", "--db", "/db.sqlite", "--no-cache"],
            ["--lang", "en", "--ambiguous", "wide", "--mouse", "--no-color"], ["--ambiguous", "auto", "--db", "postgresql://h/db"],
        ]
        for arguments in forms {
            let hot = try XCTUnwrap(HotCommand.parse(arguments), "\(arguments) should be read by hand")
            let usual = try RiverChief.parseAsRoot(arguments)
            XCTAssertEqual(described(hot), described(usual), "\(arguments)")
            XCTAssertFalse(described(hot).contains("definition"), "\(arguments): a property left unset")
        }
    }

    func testEverythingElseGoesTheUsualWay() {
        let forms: [[String]] = [
            ["show", "yr2020.s1"], ["--help"], ["--version"], ["tui", "--help"], ["--lang", "fr"], ["--ambiguous", "half"],
            ["--mouse", "--mouse"], ["tui", "extra"], ["--data"], ["-d", "x"], ["--generate-completion-script", "bash"], ["list", "--help"], ["list", "-h"], ["list", "--version"], ["list", "--jso"],
            ["list", "--unit=city.water"], ["list", "--unit"], ["list", "--unit", "--json"], ["list", "--unit", "a", "--unit", "b"],
            ["list", "--json", "--json"], ["list", "extra"], ["list", "--width", "10"], ["list", "--width", "wide"],
            ["list", "--status", "soon"], ["list", "--as", "lead"], ["list", "--kind", "target", "--unit", "city.water"],
            ["list", "--db", ""], ["list", "--"], ["list", "-j"],
            ["set"], ["set", "a", "b"], ["set", "a", "--progress", "-1"], ["set", "a", "--base", "x"], ["set", "-a"],
            ["set", "a", "--status", "done", "--help"], ["set", "a", "--json"],
        ]
        for arguments in forms {
            XCTAssertNil(HotCommand.parse(arguments), "\(arguments) should go through ArgumentParser")
        }
    }
}
