import XCTest
import RiverChiefCore
@testable import RiverChiefTUI

final class GridTests: XCTestCase {
    func testWideCharacterTakesTwoCellsWithAContinuation() {
        var g = Grid(size: Size(width: 10, height: 1))
        XCTAssertEqual(g.write("水a", x: 0, y: 0), 3)
        XCTAssertEqual(g[0, 0].char, "水")
        XCTAssertTrue(g[1, 0].isContinuation)
        XCTAssertEqual(g[2, 0].char, "a")
        XCTAssertEqual(g.text, "水a")
    }

    func testOverwritingEitherHalfBlanksTheOtherHalf() {
        var g = Grid(size: Size(width: 6, height: 1))
        g.write("水土", x: 0, y: 0)
        g.put("x", x: 1, y: 0)        // the right half of 水
        XCTAssertEqual(g[0, 0].char, " ")
        XCTAssertFalse(g[1, 0].isContinuation)
        XCTAssertEqual(g[1, 0].char, "x")
        g.put("y", x: 2, y: 0)        // the left half of 土
        XCTAssertEqual(g[2, 0].char, "y")
        XCTAssertEqual(g[3, 0].char, " ")
        XCTAssertFalse(g[3, 0].isContinuation)
        XCTAssertEqual(g.text, " xy")
    }

    func testWideCharacterAtTheRightEdgeBecomesASpace() {
        var g = Grid(size: Size(width: 5, height: 1))
        XCTAssertEqual(g.write("ab水土", x: 0, y: 0), 5)
        XCTAssertEqual(g.text(row: 0), "ab水 ")
        XCTAssertFalse(g[4, 0].isContinuation)
        // And at a clip limit inside the grid.
        var h = Grid(size: Size(width: 8, height: 1))
        h.write("水土保", x: 0, y: 0, limit: 5)
        XCTAssertEqual(h.text(row: 0), "水土    ")
        XCTAssertEqual(h[4, 0].char, " ")
    }

    func testAmbiguousCharactersFollowTheSetting() {
        var narrow = Grid(size: Size(width: 6, height: 1), ambiguous: .narrow)
        var wide = Grid(size: Size(width: 6, height: 1), ambiguous: .wide)
        XCTAssertEqual(narrow.write("●●", x: 0, y: 0), 2)
        XCTAssertEqual(wide.write("●●", x: 0, y: 0), 4)
        XCTAssertTrue(wide[1, 0].isContinuation)
    }

    func testDiffOfIdenticalFramesIsEmptyAndFirstFrameIsFull() {
        var g = Grid(size: Size(width: 4, height: 2))
        g.write("水a", x: 0, y: 0)
        XCTAssertEqual(FrameDiff.changes(from: g, to: g), [])
        let first = FrameDiff.changes(from: nil, to: g)
        XCTAssertEqual(first.count, 7, "8 cells less one continuation")
        XCTAssertFalse(first.contains { $0.cell.isContinuation })
    }

    func testDiffSendsOnlyChangedCellsAndNeverAContinuation() {
        var a = Grid(size: Size(width: 6, height: 2))
        a.write("水土ab", x: 0, y: 0)
        var b = a
        b.write("水田", x: 0, y: 0)
        let changes = FrameDiff.changes(from: a, to: b)
        XCTAssertEqual(changes.map(\.x), [2])
        XCTAssertEqual(changes.first?.cell.char, "田")
        XCTAssertEqual(FrameDiff.rows(changes), [0])
    }

    func testLineTruncatesWithEllipsisNeverSplittingACharacter() {
        var g = Grid(size: Size(width: 7, height: 1))
        g.line("黄河流域生态保护", in: g.bounds)
        XCTAssertEqual(g.text, "黄河流…")
        XCTAssertEqual(DisplayWidth.of(g.text), 7)
    }

    func testTestBackendReplaysChangesIntoTheSameScreen() {
        var g = Grid(size: Size(width: 8, height: 2))
        g.write("生态 ok", x: 0, y: 1)
        let backend = TestBackend(size: g.size)
        backend.draw(FrameDiff.changes(from: nil, to: g), full: true)
        XCTAssertEqual(backend.screen.text, g.text)
    }
}
