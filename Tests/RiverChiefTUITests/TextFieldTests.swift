import RiverChiefCore
import RiverChiefStore
@testable import RiverChiefTUI
import XCTest

/// The form's text field, as a person typing Chinese through an input method uses it.
final class TextFieldTests: XCTestCase {
    func testBackspaceRemovesAWholeChineseCharacter() {
        var f = TextField()
        f.insert("完成堤防")
        f.deleteBackward()
        XCTAssertEqual(f.text, "完成堤")
        XCTAssertEqual(f.cursor, 3)
    }

    func testCursorMovesByCharacterAndInsertsInTheMiddle() {
        var f = TextField("黄河保护")
        f.moveLeft()
        f.moveLeft()
        f.insert("流域")
        XCTAssertEqual(f.text, "黄河流域保护")
        XCTAssertEqual(f.cursor, 4)
        f.moveToStart()
        f.deleteForward()
        XCTAssertEqual(f.text, "河流域保护")
        f.moveToEnd()
        f.moveRight()
        XCTAssertEqual(f.cursor, 5, "the cursor stops at the end")
    }

    func testTheCursorColumnCountsCellsNotCharacters() {
        var f = TextField("ab黄河")
        XCTAssertEqual(f.layout(width: 40).cursorColumn, 6, "two narrow and two wide characters: six cells")
        f.moveLeft()
        XCTAssertEqual(f.layout(width: 40).cursorColumn, 4)
    }

    func testWrappingNeverSplitsAWideCharacter() {
        let f = TextField("a黄河流域")   // 1 + 8 cells
        let laid = f.layout(width: 4)
        XCTAssertEqual(laid.rows, ["a黄", "河流", "域"])
        for row in laid.rows { XCTAssertLessThanOrEqual(DisplayWidth.of(row), 4) }
        XCTAssertEqual(laid.cursorRow, 2)
        XCTAssertEqual(laid.cursorColumn, 2)
    }

    func testACombiningMarkJoinsTheCharacterBeforeIt() {
        var f = TextField("cafe")
        f.insert("\u{301}")
        XCTAssertEqual(f.text.count, 4)
        f.deleteBackward()
        XCTAssertEqual(f.text, "caf", "the accented e goes as one character")
    }

    func testPastedLineBreaksAndControlCharactersAreNotStored() {
        var f = TextField()
        f.insert("第一行\r\n第二行\t完\u{1B}[31m成\u{7}")
        XCTAssertEqual(f.text, "第一行 第二行 完[31m成")
        XCTAssertFalse(f.text.unicodeScalars.contains { $0.value < 0x20 })
    }

    func testCtrlUDeletesToTheStartAndTheLimitHolds() {
        var f = TextField("12345", limit: 6)
        f.moveLeft()
        f.deleteToStart()
        XCTAssertEqual(f.text, "5")
        f.insert("abcdefgh")
        XCTAssertEqual(f.text, "abcde5", "cut at the limit of six characters")
    }

    func testAMultilineFieldKeepsLinesAndMovesBetweenThem() {
        var f = TextField("第一行", multiline: true)
        XCTAssertTrue(f.insertNewline())
        f.insert("第二行文字")
        XCTAssertEqual(f.text, "第一行\n第二行文字")
        XCTAssertEqual(f.layout(width: 20).rows, ["第一行", "第二行文字"])
        // Up keeps the column in cells as far as the row allows: from after 第二行文字 (10 cells) to the end of 第一行.
        XCTAssertTrue(f.moveVertically(up: true, width: 20))
        XCTAssertEqual(f.cursor, 3)
        XCTAssertFalse(f.moveVertically(up: true, width: 20), "the first row: nowhere further up")
        f.moveToRowEdge(end: false, width: 20)
        XCTAssertEqual(f.cursor, 0)
        XCTAssertTrue(f.moveVertically(up: false, width: 20))
        f.moveToRowEdge(end: true, width: 20)
        XCTAssertEqual(f.cursor, f.text.count)
        // A single-line field takes no line break; pasted ones become spaces.
        var one = TextField("40")
        XCTAssertFalse(one.insertNewline())
        one.insert("\n50")
        XCTAssertEqual(one.text, "40 50")
    }

    func testWrappedRowsNeverStartWithClosingPunctuation() {
        // Eight cells a row: 一二三四 fills it, and the comma may not start the next row.
        let f = TextField("一二三四，五六", multiline: true)
        let rows = f.rows(width: 8).map { String(Array(f.text)[$0]) }
        XCTAssertEqual(rows, ["一二三", "四，五六"])
        for r in rows { XCTAssertFalse(r.first.map { TextLayout.noLineStart.contains($0) } ?? false, r) }
    }

    func testALimitSaysHowMuchItCut() {
        var f = TextField("", limit: 5)
        XCTAssertEqual(f.insert("一二三四五六七"), 2)
        XCTAssertEqual(f.text, "一二三四五")
        XCTAssertEqual(f.insert("八"), 1)
    }
}


final class EditInputTests: XCTestCase {
    func testDeadlinesInTheFormsPeopleWrite() {
        XCTAssertEqual(try EditInput.deadline("2026-06-30").get(), "2026-06-30")
        XCTAssertEqual(try EditInput.deadline("2026年6月30日").get(), "2026-06-30")
        XCTAssertEqual(try EditInput.deadline("２０２６／６／３").get(), "2026-06-03", "full-width digits from an input method")
        XCTAssertEqual(try EditInput.deadline(" 2026.12.1 ").get(), "2026-12-01")
        XCTAssertEqual(try EditInput.deadline("").get(), nil as String?, "empty clears")
        XCTAssertEqual(try EditInput.deadline("无").get(), nil as String?)
    }

    func testImpossibleDatesAreRefusedWithTheReason() {
        let zh = Settings(lang: .zh)
        guard case .failure(let p) = EditInput.deadline("2026-02-30") else { return XCTFail("2026-02-30 accepted") }
        XCTAssertEqual(p.text(zh), "“2026-02-30”不是有效日期:2026 年 2 月只有 28 天")
        guard case .failure(let leap) = EditInput.deadline("2023-02-29") else { return XCTFail("2023-02-29 accepted") }
        XCTAssertTrue(leap.text(zh).contains("只有 28 天"))
        XCTAssertEqual(try EditInput.deadline("2024-02-29").get(), "2024-02-29", "a leap day is a date")
        guard case .failure(let m) = EditInput.deadline("2026-13-01") else { return XCTFail("month 13 accepted") }
        XCTAssertTrue(m.text(zh).contains("没有 13 月"))
        guard case .failure(let f) = EditInput.deadline("下个月") else { return XCTFail("words accepted") }
        XCTAssertTrue(f.text(zh).contains("不是日期"))
    }

    func testProgressStepsGoToTheNextTen() {
        XCTAssertEqual([35, 30, 100, 0, 95].map { progressStep($0, up: true) }, [40, 40, 100, 10, 100])
        XCTAssertEqual([35, 30, 100, 0, 5].map { progressStep($0, up: false) }, [30, 20, 90, 0, 0])
    }

    func testProgressDigitsFromAnInputMethod() {
        XCTAssertEqual(TypedInput.normalizeDigits("８５％"), "85%")
    }
}

final class FormLayoutTests: XCTestCase {
    func testOnASmallTerminalTheFocusedFieldIsAlwaysShownWithTheCursor() {
        var s = Fixtures.state(size: Size(width: 40, height: 10))
        s.storeAccess = .readWrite(path: "/tmp/x")
        for _ in 0..<40 where !(s.detailItem.map { s.library.items[$0].kind == .task } ?? false) { press(&s, .char("j")) }
        guard let i = s.detailItem, s.library.items[i].kind == .task else { return XCTFail("a task is selected") }
        press(&s, .char("a"))
        for k in 0..<4 {
            type(&s, "第\(k + 1)栏")
            let g = view(s)
            guard let c = g.cursor else { return XCTFail("field \(k): no cursor") }
            XCTAssertTrue(g.text(row: c.y).contains("第\(k + 1)栏"), "field \(k) is on screen:\n\(g.text)")
            press(&s, .tab)
        }
    }
}

final class SelectedValueTests: XCTestCase {
    func testTypingReplacesAPrefilledValueAndMovingKeepsIt() {
        var f = TextField("40", selected: true)
        f.insert("6")
        XCTAssertEqual(f.text, "6")
        var g = TextField("2026-06-30", selected: true)
        g.moveLeft()
        g.deleteBackward()
        XCTAssertEqual(g.text, "2026-06-0", "after a movement the value is edited, not replaced")
        var h = TextField("40", selected: true)
        h.deleteBackward()
        XCTAssertEqual(h.text, "", "Backspace clears a selected value")
    }
}


final class DraftFileTests: XCTestCase {
    func testDraftsSurviveMergeWithAnotherSessionAndDamageIsKeptAside() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-drafts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = DraftFile(path: dir.appendingPathComponent("sub/drafts.json").path)
        XCTAssertEqual(file.load().drafts, [:], "no file: no drafts")
        XCTAssertNil(file.save(["a": ["完成一半", "", "", ""]]))
        // Another dashboard of the same user saves its own draft; both are kept.
        XCTAssertNil(file.save(["b": ["", "下周验收", "", ""]]))
        XCTAssertEqual(file.load().drafts, ["a": ["完成一半", "", "", ""], "b": ["", "下周验收", "", ""]])
        // A session that loaded a and recorded it removes it.
        XCTAssertNil(file.save([:], removing: ["a"]))
        XCTAssertEqual(Set(file.load().drafts.keys), ["b"])
        XCTAssertNil(file.save([:], removing: ["b"]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path), "nothing left: no file")
        try Data("{broken".utf8).write(to: URL(fileURLWithPath: file.path))
        let (drafts, problem) = file.load()
        XCTAssertEqual(drafts, [:])
        XCTAssertTrue(problem?.contains("was kept as \(file.path).damaged") ?? false, problem ?? "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path + ".damaged"))
    }
}
