import XCTest

final class HelpTests: XCTestCase {
    func testHelpDescribesTheTool() throws {
        let r = try CLI.run(["--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("USAGE: riverchief"), r.stdout)
    }
}
