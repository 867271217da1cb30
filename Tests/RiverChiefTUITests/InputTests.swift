import XCTest
import RiverChiefCore
@testable import RiverChiefTUI

final class InputTests: XCTestCase {
    func testControlCodesBecomeKeys() {
        XCTAssertEqual(Key.fromCharacterCode(13), .enter)
        XCTAssertEqual(Key.fromCharacterCode(10), .enter)
        XCTAssertEqual(Key.fromCharacterCode(9), .tab)
        XCTAssertEqual(Key.fromCharacterCode(27), .escape)
        XCTAssertEqual(Key.fromCharacterCode(127), .backspace)
        XCTAssertEqual(Key.fromCharacterCode(3), .ctrl("c"))
        XCTAssertEqual(Key.fromCharacterCode(0x6C34), .char("水"))
        XCTAssertNil(Key.fromCharacterCode(0xD800), "a lone surrogate is not a character")
    }

    func testCursorPositionReplyDecidesAmbiguousWidth() {
        XCTAssertEqual(AmbiguousProbe.parse(Array("\u{1B}[5;2R".utf8)), .narrow)
        XCTAssertEqual(AmbiguousProbe.parse(Array("\u{1B}[12;3R".utf8)), .wide)
        XCTAssertEqual(AmbiguousProbe.parse(Array("x\u{1B}[1;3R".utf8)), .wide, "typed-ahead bytes before the reply")
        XCTAssertNil(AmbiguousProbe.parse(Array("\u{1B}[1;".utf8)), "an incomplete reply")
        XCTAssertNil(AmbiguousProbe.parse(Array("\u{1B}[1;9R".utf8)), "an unexpected column")
        XCTAssertNil(AmbiguousProbe.parse([]))
    }

    func testPasteBurstIsTypedIntoTheSearchWhole() {
        // An IME (or a paste) delivers several characters at once; the runtime applies them all
        // before drawing, so the search sees the whole word.
        let backend = TestBackend(size: Size(width: 100, height: 30))
        let rt = Runtime(state: Fixtures.state(), backend: backend, clock: { "2021-01-15" })
        rt.render()
        backend.pending = [.key(.char("/"))] + "排污口".map { .key(.char($0)) }
        while let e = backend.read(timeoutMilliseconds: 0) { rt.handle(e) }
        rt.render()
        XCTAssertEqual(rt.state.mode, .search(query: "排污口", origin: 0))
        XCTAssertTrue(backend.screen.text.contains("/排污口"))
        XCTAssertEqual(rt.state.selectedNode.map { nodeTitle(rt.state, $0) }, "整治入河排污口")
    }
}

final class CursorReportFilterTests: XCTestCase {
    func keys(_ s: String) -> [InputEvent] { s.map { $0 == "\u{1B}" ? .key(.escape) : .key(.char($0)) } }

    func testALateCursorReportIsDroppedAndKeysAroundItKept() {
        XCTAssertEqual(CursorReportFilter.strip(keys("j\u{1B}[12;3Rk")), keys("jk"))
        XCTAssertEqual(CursorReportFilter.strip(keys("\u{1B}[1;2R")), [])
    }

    func testOrdinaryEscapeAndBracketsStay() {
        XCTAssertEqual(CursorReportFilter.strip(keys("\u{1B}")), keys("\u{1B}"))
        XCTAssertEqual(CursorReportFilter.strip(keys("\u{1B}[1;R")), keys("\u{1B}[1;R"))
        XCTAssertEqual(CursorReportFilter.strip(keys("/[2;3R")), keys("/[2;3R"))
    }
}
