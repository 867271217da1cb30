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

/// Bytes as a terminal delivers them (split anywhere), and a terminal that goes away.
final class TerminalInputTests: XCTestCase {
    /// Feeds bytes in pieces, as reads over SSH deliver them; returns the characters assembled.
    private func assemble(_ pieces: [[UInt8]]) -> String {
        var a = UTF8Assembler()
        var out = ""
        for piece in pieces {
            for b in piece {
                for v in a.feed(b) { out.unicodeScalars.append(Unicode.Scalar(v) ?? "?") }
            }
        }
        return out
    }

    func testACharacterSplitAcrossReadsArrivesWholeWithWhatFollows() {
        for text in ["生态流量", "𠀀流", "a“b”…"] {
            let bytes = Array(text.utf8)
            for cut in 1..<bytes.count {
                XCTAssertEqual(assemble([Array(bytes[..<cut]), Array(bytes[cut...])]), text, "\(text) cut at \(cut)")
            }
            XCTAssertEqual(assemble(bytes.map { [$0] }), text, "one byte per read")
        }
        var a = UTF8Assembler()
        XCTAssertEqual(a.feed(0xE6), [])
        XCTAssertTrue(a.isPending, "half a character waits, however long")
        XCTAssertEqual(a.feed(0xB5), [])
        XCTAssertEqual(a.feed(0x81), [0x6D41])
        XCTAssertFalse(a.isPending)
    }

    func testMalformedBytesNeverSwallowWhatFollows() {
        // A sequence cut short by an ASCII byte: U+FFFD, then the byte itself.
        XCTAssertEqual(assemble([[0xE6, 0xB5], Array("q".utf8)]), "\u{FFFD}q")
        // A stray continuation byte, an impossible byte, an overlong form, a surrogate.
        XCTAssertEqual(assemble([[0x80, 0x61, 0xFF, 0x62]]), "\u{FFFD}a\u{FFFD}b")
        XCTAssertEqual(assemble([[0xE0, 0x80, 0x80]]), "\u{FFFD}\u{FFFD}\u{FFFD}")
        XCTAssertEqual(assemble([[0xED, 0xA0, 0x80]]), "\u{FFFD}\u{FFFD}\u{FFFD}")
        // A new lead byte interrupting a sequence starts over from it.
        XCTAssertEqual(assemble([[0xE6, 0xE6, 0xB5, 0x81]]), "\u{FFFD}流")
        var a = UTF8Assembler()
        _ = a.feed(0xF0)
        XCTAssertEqual(a.flush(), [0xFFFD], "a key code interrupting a character")
        XCTAssertEqual(a.flush(), [])
    }

    func testTheDashboardLeavesWhenTheTerminalGoesAway() throws {
        // The runtime stops waiting for keys once the backend reports the terminal gone, keeps what
        // is typed in an open report form, and says it ended by a hang-up.
        let backend = TestBackend(size: Size(width: 100, height: 30))
        var state = Fixtures.state()
        state.holdsDetail = false
        let rt = Runtime(state: state, backend: backend, clock: { "2021-01-15" })
        backend.pending = [.key(.char("/"))] + "排污口".map { .key(.char($0)) } + [.key(.enter), .key(.char("a"))]
            + "已完成一半".map { .key(.char($0)) }
        backend.closesWhenDrained = true
        rt.run(startup: []) // returns: nothing left to read and the terminal gone
        XCTAssertTrue(rt.hungUp)
        guard case .form = rt.state.mode else { return XCTFail("the report form should still be open: \(rt.state.mode)") }
        XCTAssertTrue(rt.state.draftsToKeep.values.contains { $0.first == "已完成一半" }, "\(rt.state.draftsToKeep)")
    }

    func testCtrlLRedrawsWithoutClosingWhatIsOpen() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char("?")))
        XCTAssertEqual(update(&state, .key(.ctrl("l"))), [.redrawAll])
        XCTAssertEqual(state.mode, .help(scroll: 0), "Ctrl-L leaves the help open")
        _ = update(&state, .key(.escape))
        _ = update(&state, .key(.char("/")))
        _ = update(&state, .key(.char("水")))
        XCTAssertEqual(update(&state, .key(.ctrl("l"))), [.redrawAll])
        XCTAssertEqual(state.mode, .search(query: "水", origin: 0), "and the search as typed")
    }
}
