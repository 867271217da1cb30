import XCTest
@testable import RiverChiefTUI

/// docs/keymap.md is generated from the action table; this keeps them in step.
final class KeymapDocTests: XCTestCase {
    func testDocsKeymapMatchesTheActionTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("docs/keymap.md")
        let expected = Keymap.markdown()
        if ProcessInfo.processInfo.environment["RIVERCHIEF_WRITE_KEYMAP"] == "1" {
            try expected.write(to: url, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(actual, expected, "docs/keymap.md is stale: RIVERCHIEF_WRITE_KEYMAP=1 swift test --filter KeymapDocTests")
        for a in Action.allCases { XCTAssertTrue(actual.contains(a.help(.en)), "\(a) missing") }
    }
}
