import XCTest
@testable import RiverChiefTUI

final class LocaleTests: XCTestCase {
    func testFallsBackToUTF8WhenInheritedLocaleIsMissing() {
        setenv("LC_ALL", "zh_CN.UTF-8-not-installed", 1)
        defer { unsetenv("LC_ALL") }
        let codeset = TerminalInfo.adoptUTF8Locale()
        XCTAssertEqual(codeset.uppercased().replacingOccurrences(of: "-", with: ""), "UTF8")
    }

    /// The codeset names a UTF-8 locale may give, in any case and with or without the hyphen, are
    /// UTF-8; others are not (the dashboard then falls back to C.UTF-8).
    func testCodesetNamesOfUTF8() {
        for name in ["UTF-8", "utf-8", "UTF8", "utf8", "Utf-8"] { XCTAssertTrue(TerminalInfo.isUTF8(name), name) }
        for name in ["ANSI_X3.4-1968", "GB18030", "GBK", "UTF-16", "UTF8X", "", "ISO-8859-1"] { XCTAssertFalse(TerminalInfo.isUTF8(name), name) }
    }
}
