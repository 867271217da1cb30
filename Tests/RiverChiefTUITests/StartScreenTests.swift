import XCTest
@testable import RiverChiefCore
@testable import RiverChiefTUI

/// The first screen of a large library, drawn from its speeches' meetings while the whole library
/// loads, and the first real frame sent over it as a diff.
final class StartScreenTests: XCTestCase {
    /// The speeches with their meetings and no items: what `LibraryLoader.meetings` gives.
    func meetings(of library: Library) -> Library {
        Library(models: library.models.map {
            Model(id: $0.id, meeting: $0.meeting, source: SourceText(""), units: [], targets: [], items: [])
        })
    }

    func startScreen(_ library: Library, size: Size = Size(width: 100, height: 30), lang: Lang = .zh) -> Grid {
        var first = Fixtures.state(meetings(of: library), size: size, lang: lang)
        first.starting = true
        return view(first)
    }

    func testTheSpeechesShowWhereTheyWillBeAndNoCountIsMadeUp() throws {
        let whole = Fixtures.large(speeches: 4)
        for (size, lang) in [(Size(width: 100, height: 30), Lang.zh), (Size(width: 80, height: 24), .en), (Size(width: 120, height: 40), .zh)] {
            let screen = startScreen(whole, size: size, lang: lang)
            let full = view(Fixtures.state(whole, size: size, lang: lang))
            let rows = (0..<size.height).map { screen.text(row: $0) }
            let loading = lang == .zh ? "正在载入…" : "loading…"
            XCTAssertTrue(rows[1].contains(loading), "\(size): the progress row says it is loading: \(rows[1])")
            XCTAssertEqual(rows[0], full.text(row: 0), "\(size): the title row is already the real one")
            // No zero where a count will be: no 0/0, no progress bar, no light counts.
            for (y, row) in rows.enumerated() {
                XCTAssertFalse(row.contains("0/0"), "\(size) row \(y): \(row)")
                XCTAssertFalse(row.contains("(R)"), "\(size) row \(y): \(row)")
            }
            // Each speech on the row it will have, closed, its title at the same column.
            for m in 0..<whole.models.count {
                let title = "第\(m)篇讲话"
                let y = try XCTUnwrap(rows.firstIndex { $0.contains(title) }, "\(size): \(title) shown")
                let real = full.text(row: y)
                XCTAssertTrue(real.contains(title), "\(size): \(title) on the same row when loaded")
                XCTAssertEqual(rows[y].components(separatedBy: title).first, real.components(separatedBy: title).first,
                               "\(size): the same mark and indent before \(title)")
                XCTAssertTrue(rows[y].contains("▸"), "\(size): \(title) shown closed")
            }
            // The detail pane: the first speech's meeting, not its (unknown) task count.
            let text = rows.joined(separator: "\n")
            XCTAssertTrue(text.contains(lang == .zh ? "讲话人" : "Speaker"), text)
            XCTAssertFalse(text.contains(lang == .zh ? "任务    " : "Tasks  "), text)
        }
    }

    func testTheFirstFrameSendsOnlyWhatTheScreenLacked() {
        let whole = Fixtures.large(speeches: 4)
        let size = Size(width: 100, height: 30)
        let screen = startScreen(whole, size: size)
        let backend = TestBackend(size: size)
        backend.draw(FrameDiff.changes(from: nil, to: screen), full: true)
        let wholeScreen = FrameDiff.changes(from: nil, to: screen).count
        let rt = Runtime(state: Fixtures.state(whole, size: size), backend: backend, shown: screen, clock: { "2021-01-15" })
        rt.render()
        let changes = backend.writes.last ?? []
        XCTAssertEqual(backend.writes.count, 2)
        XCTAssertFalse(changes.isEmpty, "the counts came")
        XCTAssertLessThan(changes.count, wholeScreen / 2, "only what changed, not the whole screen again")
        XCTAssertFalse(FrameDiff.rows(changes).contains(0), "the title row was right already")
        XCTAssertEqual(backend.screen.text, view(rt.state).text, "the terminal shows the loaded frame")
    }

    func testAScreenOfAnotherSizeIsDrawnAgainWhole() {
        let whole = Fixtures.large(speeches: 4)
        let screen = startScreen(whole, size: Size(width: 100, height: 30))
        // The terminal was resized while the library loaded.
        let backend = TestBackend(size: Size(width: 80, height: 24))
        backend.closesWhenDrained = true
        let rt = Runtime(state: Fixtures.state(whole, size: Size(width: 80, height: 24)), backend: backend, shown: screen,
                         clock: { "2021-01-15" })
        rt.run(startup: [])
        XCTAssertEqual(backend.screen.text, view(rt.state).text)
        XCTAssertTrue(backend.screen.text.contains("第0篇讲话"))
    }
}
