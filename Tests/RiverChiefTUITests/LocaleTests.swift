import XCTest
@testable import RiverChiefTUI

final class LocaleTests: XCTestCase {
    func testFallsBackToUTF8WhenInheritedLocaleIsMissing() {
        setenv("LC_ALL", "zh_CN.UTF-8-not-installed", 1)
        defer { unsetenv("LC_ALL") }
        let codeset = TerminalInfo.adoptUTF8Locale()
        XCTAssertEqual(codeset.uppercased().replacingOccurrences(of: "-", with: ""), "UTF8")
    }
}
