import XCTest
import RiverChiefCore
@testable import RiverChiefTUI

/// Not a test of its own: with RC_DEMO_TTY=1 (and a real terminal, e.g. inside tmux) it opens the
/// real ncurses dashboard over the fixture library, so the screens can be looked at before the
/// loader and Data/ are merged. Skipped otherwise.
final class DemoTests: XCTestCase {
    func testDemoOnRealTerminal() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["RC_DEMO_TTY"] == "1", "set RC_DEMO_TTY=1 to run")
        let large = ProcessInfo.processInfo.environment["RC_DEMO_LARGE"].flatMap(Int.init)
        let library = large.map { Fixtures.large(speeches: $0) } ?? Fixtures.speech()
        let status = Dashboard.run(library: library, options: .init(libraryPath: "(test fixture)"))
        XCTAssertEqual(status, 0)
    }
}
