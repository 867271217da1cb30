import XCTest

final class ValidateCommandTests: XCTestCase {
    func testTheRealLibraryIsValid() throws {
        let r = try CLI.run(["validate"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "1 model(s) checked: 0 error(s), 0 warning(s)\n")
    }

    func testErrorsGoToStderrWithFileLineColumnAndPathAndExitOne() throws {
        let r = try CLI.run(["validate", Paths.broken("unknown-unit")])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, """
        Tests/RiverChiefCoreTests/Fixtures/broken/unknown-unit/model.json:52:17: error: $.items[1].lead.unit: unknown unit "city.foo"
        Tests/RiverChiefCoreTests/Fixtures/broken/unknown-unit/model.json:77:19: error: $.items[2].territorial[0].unit: unknown unit "county.nowhere"
        1 model(s) checked: 2 error(s), 0 warning(s)

        """)
    }

    func testSeveralPathsAndAModelFile() throws {
        let r = try CLI.run(["validate", Paths.broken("cycle/model.json"), Paths.broken("invalid-utf8")])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("cycle/model.json:44:17: error: $.items[1].parent: parent cycle:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("invalid-utf8/speech.txt:2:12: error: invalid UTF-8: byte 0xE6 at byte offset 56"), r.stderr)
        // Paths given together are one library: both fixtures are model "tiny", so they collide too.
        XCTAssertTrue(r.stderr.contains("invalid-utf8/model.json:3:9: error: $.id: model id \"tiny\" is also the id of Tests/RiverChiefCoreTests/Fixtures/broken/cycle/model.json"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("2 model(s) checked: 7 error(s), 0 warning(s)\n"), r.stderr)
    }

    func testWarningsAloneDoNotFailAndAreSanitised() throws {
        let lib = try Paths.controlCharacterLibrary(self)
        let r = try CLI.run(["validate", "--data", lib.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning: $.items[1].title: control character U+001B"), r.stderr)
        XCTAssertFalse(r.stderr.contains("\u{1B}"), "no raw escape reaches the terminal")
        XCTAssertFalse(r.stderr.contains("\u{07}"))
        XCTAssertTrue(r.stderr.hasSuffix("1 model(s) checked: 0 error(s), 2 warning(s)\n"), r.stderr)
    }

    func testJSONDiagnostics() throws {
        let r = try CLI.run(["validate", "--json", Paths.broken("duplicate-key")])
        XCTAssertEqual(r.status, 1)
        let root = try XCTUnwrap(try Paths.json(r.stdout) as? [String: Any])
        XCTAssertEqual(root["errors"] as? Int, 1)
        let d = try XCTUnwrap((root["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(d["file"] as? String, "Tests/RiverChiefCoreTests/Fixtures/broken/duplicate-key/model.json")
        XCTAssertEqual(d["line"] as? Int, 11)
        XCTAssertEqual(d["column"] as? Int, 5)
        XCTAssertEqual(d["severity"] as? String, "error")
        XCTAssertEqual(d["message"] as? String, "duplicate key \"speaker_role\" (first at 10:5)")
    }

    func testBadDataFolderAndNoLibrary() throws {
        let bad = try CLI.run(["validate", "--data", "/nonexistent/lib"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr, "riverchief: model library /nonexistent/lib (from --data): no such directory\n")
        let env = try CLI.run(["list"], environment: ["RIVERCHIEF_DATA": "/nonexistent/env"])
        XCTAssertEqual(env.status, 1)
        XCTAssertEqual(env.stderr, "riverchief: model library /nonexistent/env (from RIVERCHIEF_DATA): no such directory\n")
        // A broken library stops list with every diagnostic and a non-zero exit.
        let broken = try CLI.run(["list", "--data", Paths.broken("cycle")])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("parent cycle"), broken.stderr)
        XCTAssertTrue(broken.stderr.hasSuffix("riverchief: the model library has 1 error(s); nothing shown\n"), broken.stderr)
        XCTAssertEqual(broken.stdout, "")
    }
}
