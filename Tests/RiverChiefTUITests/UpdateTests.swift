import XCTest
import RiverChiefCore
@testable import RiverChiefTUI

/// update() driven by messages, no terminal.
final class UpdateTests: XCTestCase {
    func title(_ s: AppState) -> String { s.selectedNode.map { nodeTitle(s, $0) } ?? "" }

    func testMovingWithArrowsAndViKeys() {
        var s = Fixtures.state()
        XCTAssertEqual(s.treeCursor.selected, 0)
        press(&s, .char("j"), .down)
        XCTAssertEqual(s.treeCursor.selected, 2)
        press(&s, .char("k"))
        XCTAssertEqual(s.treeCursor.selected, 1)
        press(&s, .char("G"))
        XCTAssertEqual(s.treeCursor.selected, s.tree.count - 1)
        XCTAssertEqual(title(s), "结束语")
        press(&s, .char("g"), .up)
        XCTAssertEqual(s.treeCursor.selected, 0, "up at the top stays at the top")
        press(&s, .end, .home)
        XCTAssertEqual(s.treeCursor.selected, 0)
    }

    func testSectionsStartExpandedAndCollapseAndExpand() {
        var s = Fixtures.state()
        // Sections are open, points closed: 6 sections, their 4 points and s4's direct task.
        XCTAssertEqual(s.tree.count, 6 + 4 + 1)
        press(&s, .char("j"), .char("j"), .char("j"))
        XCTAssertEqual(title(s), "二、坚持系统观念,统筹谋划,全面提升黄河流域生态保护的整体效能")
        press(&s, .char("h"))
        XCTAssertEqual(s.tree.count, 11 - 2, "collapsing 二 hides its two points")
        press(&s, .enter)
        XCTAssertEqual(s.tree.count, 11)
        press(&s, .char("l"))
        XCTAssertEqual(title(s), "一是 强化协同联动", "l on an open node goes to its first child")
        press(&s, .char("l"))
        XCTAssertEqual(s.tree.count, 12, "l on a closed point opens it")
        press(&s, .char("l"))
        XCTAssertEqual(title(s), "定期召开联席会议")
        press(&s, .char("h"))
        XCTAssertEqual(title(s), "一是 强化协同联动", "h on a task goes to its parent")
        press(&s, .char(" "))
        XCTAssertEqual(s.tree.count, 11, "Space toggles")
    }

    func testEnterOnATaskMovesToTheDetailAndTabComesBack() {
        var s = Fixtures.state()
        _ = startSearch(&s, initial: "")
        type(&s, "联席会议")
        press(&s, .enter, .enter)
        XCTAssertEqual(s.focus, .side)
        press(&s, .tab)
        XCTAssertEqual(s.focus, .main)
    }

    func testSwitchingViews() {
        var s = Fixtures.state()
        press(&s, .char("2"))
        XCTAssertEqual(s.view, .units)
        XCTAssertTrue(view(s).text.contains("市水利局"))
        press(&s, .char("3"))
        XCTAssertEqual(s.view, .targets)
        XCTAssertTrue(view(s).text.contains("确保生态流量"))
        press(&s, .char("4"))
        XCTAssertEqual(s.view, .status)
        // Overdue comes first: the only task with a past deadline.
        XCTAssertEqual(s.statusRows.row(0), .header(tag: Standing.overdue.rawValue, count: 1))
        press(&s, .char("1"))
        XCTAssertEqual(s.view, .tree)
    }

    func testTaskListsShowProgressAndDeadlineAndSortByTheNextDeadline() {
        var s = Fixtures.state(size: Size(width: 120, height: 40))
        s.states["yr2020.t.sewage"] = ItemState(status: .notStarted, progress: 0, deadline: "2021-03-01")
        s.states["yr2020.t.soil"] = ItemState(status: .notStarted, progress: 0, deadline: "2021-02-01")
        s.rebuildBook()
        press(&s, .char("2"), .char("j"))            // 市水利局: its tasks with progress and deadline
        XCTAssertTrue(view(s).text.contains("0% 2020-12-31"), view(s).text)
        press(&s, .char("4"))
        func notStarted(_ s: AppState) -> [String] {
            s.statusRows.segments.first { $0.tag == Standing.notStarted.rawValue }?.items.map { s.library.items[$0].id } ?? []
        }
        XCTAssertEqual(Array(notStarted(s).prefix(2)), ["yr2020.t.study", "yr2020.t.joint-meetings"], "the speech's order")
        press(&s, .char("o"))
        XCTAssertEqual(Array(notStarted(s).prefix(2)), ["yr2020.t.soil", "yr2020.t.sewage"], "the next deadline first")
        XCTAssertTrue(view(s).text.contains("截止日期近者在前"), view(s).text)
        press(&s, .char("o"))
        XCTAssertEqual(Array(notStarted(s).prefix(2)), ["yr2020.t.study", "yr2020.t.joint-meetings"])
    }

    func testUnitViewShowsAUnitsTasksAndOpensOneInTheTree() {
        var s = Fixtures.state()
        press(&s, .char("2"), .char("j"))           // 市水利局
        XCTAssertEqual(s.selectedUnit.map { s.library.units[$0].name }, "市水利局")
        let text = view(s).text
        XCTAssertTrue(text.contains("科学调度水资源确保生态流量"), text)
        XCTAssertTrue(text.contains("牵头  (2)"), text)
        XCTAssertTrue(text.contains("配合  (2)"), text)
        press(&s, .enter)
        XCTAssertEqual(s.focus, .side)
        XCTAssertEqual(s.unitTasksCursor.selected, 1, "the task list starts on its first task, not the header")
        press(&s, .enter)                           // the first led task
        XCTAssertEqual(s.view, .tree)
        XCTAssertEqual(title(s), "科学调度水资源确保生态流量")
    }

    func testSearchChineseJumpsToTheMatchAndEscGoesBack() {
        var s = Fixtures.state()
        press(&s, .char("j"))
        let origin = s.treeCursor.selected
        press(&s, .char("/"))
        type(&s, "生态流量")
        XCTAssertEqual(title(s), "科学调度水资源确保生态流量")
        XCTAssertEqual(s.matches.count, 1)
        press(&s, .escape)
        XCTAssertEqual(s.treeCursor.selected, origin)
        XCTAssertEqual(s.mode, .browse)
    }

    func testChineseTypedWhileBrowsingStartsASearch() {
        var s = Fixtures.state()
        type(&s, "联席")
        XCTAssertEqual(s.mode, .search(query: "联席", origin: 0))
        XCTAssertEqual(title(s), "定期召开联席会议")
    }

    func testSearchPinyinInitialsAndFull() {
        var s = Fixtures.state()
        press(&s, .char("/"))
        type(&s, "stbc")
        XCTAssertEqual(title(s), "加强水土保持综合治理")
        press(&s, .enter)
        XCTAssertEqual(s.mode, .browse)
        press(&s, .char("g"), .char("/"))
        type(&s, "shuitu")
        XCTAssertEqual(title(s), "加强水土保持综合治理")
        press(&s, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        XCTAssertEqual(s.mode, .search(query: "", origin: 0))
        XCTAssertEqual(s.treeCursor.selected, 0, "an empty query goes back to where the search started")
    }

    func testNextAndPreviousMatchWrapAround() {
        var s = Fixtures.state()
        press(&s, .char("/"))
        type(&s, "黄河流域")               // sections 一 二 三 四
        press(&s, .enter)
        let first = title(s)
        XCTAssertTrue(first.hasPrefix("一、"), first)
        press(&s, .char("n"))
        XCTAssertTrue(title(s).hasPrefix("二、"))
        press(&s, .char("N"), .char("N"))
        XCTAssertTrue(title(s).hasPrefix("四、"), "N wraps to the last match")
        press(&s, .char("n"))
        XCTAssertTrue(title(s).hasPrefix("一、"), "n wraps to the first")
    }

    func testSearchRevealsAMatchInsideACollapsedPoint() {
        var s = Fixtures.state()
        press(&s, .char("/"))
        type(&s, "paiwu")                     // 整治入河排污口, under a closed point
        XCTAssertEqual(title(s), "整治入河排污口")
        XCTAssertNotNil(s.tree.row(of: s.selectedNode ?? -1))
    }

    func testSearchInTheUnitView() {
        var s = Fixtures.state()
        press(&s, .char("2"), .char("/"))
        type(&s, "lyj")                        // 市林业局 by initials
        XCTAssertEqual(s.selectedUnit.map { s.library.units[$0].name }, "市林业局")
    }

    func testFilterByUnitShowsOnlyItsTasksAndTheirAncestors() {
        var s = Fixtures.state()
        press(&s, .char("f"))
        type(&s, "林业")
        guard case .filter(let picker) = s.mode else { return XCTFail("filter prompt not open") }
        XCTAssertEqual(picker.shown.count, 1)
        press(&s, .enter)
        XCTAssertEqual(s.filter, .unit("city.forestry"))
        let titles = s.tree.rows.map { nodeTitle(s, Int($0)) }
        XCTAssertEqual(titles, ["二、坚持系统观念,统筹谋划,全面提升黄河流域生态保护的整体效能", "二是 保障河道生态用水", "加强水土保持综合治理"])
        press(&s, .char("F"))
        XCTAssertNil(s.filter)
        // Everything shows again; the point the filter opened stays open (its two tasks show).
        XCTAssertEqual(s.tree.count, 11 + 2)
    }

    func testAStatusFilterKeepsTheCursorAndTheSearchWhenStatesChange() {
        var s = Fixtures.state()
        let past = ItemState(status: .inProgress, deadline: "2020-01-01")
        _ = update(&s, .statesChanged(["yr2020.t.study": past, "yr2020.t.soil": past, "yr2020.t.sewage": past]))
        press(&s, .char("f"))
        type(&s, "逾期")
        press(&s, .enter)
        press(&s, .char("4"), .char("j"), .char("j"))
        let row = s.statusCursor.selected
        let task = s.statusRows.position(row)
        XCTAssertNotNil(task)
        press(&s, .char("/"))
        type(&s, "排污")
        press(&s, .enter)
        let matches = s.matches
        XCTAssertFalse(matches.isEmpty)
        let selected = s.statusRows.position(s.statusCursor.selected)
        // A colleague's change to another task, the way a poll brings it.
        _ = update(&s, .statesChanged(["yr2020.t.duty": ItemState(status: .done)]))
        XCTAssertEqual(s.statusRows.position(s.statusCursor.selected), selected, "the cursor stays on its task")
        XCTAssertEqual(s.matches, matches, "the search stays")
        // A new filter starts from the top.
        setFilter(&s, .standing(.done))
        XCTAssertEqual(s.statusCursor.selected, 0)
        XCTAssertEqual(s.matches, [])
    }

    /// Found by the monkey (seed 2282707767): a status changed while the terminal was too small to
    /// draw the lists left the status view's selection one past its last row.
    func testAListThatShrinksWhileTheTerminalIsTooSmallStillBoundsItsSelection() {
        var s = Fixtures.state()
        _ = update(&s, .statesChanged(["yr2020.t.study": ItemState(status: .blocked)]))
        press(&s, .char("4"))
        let before = s.statusRows.count
        s.statusCursor.select(before - 1, count: before, height: 10)
        _ = update(&s, .resize(Size(width: 18, height: 4)))
        // The only blocked task is not started again: its group (header and row) leaves the list.
        _ = update(&s, .statesChanged(["yr2020.t.study": ItemState()]))
        XCTAssertLessThan(s.statusRows.count, before)
        XCTAssertLessThan(s.statusCursor.selected, s.statusRows.count, "the selection is inside the list")
        _ = update(&s, .resize(Size(width: 100, height: 30)))
        XCTAssertLessThan(s.statusCursor.selected, s.statusRows.count)
    }

    func testFilterByStatusAndBySection() {
        var s = Fixtures.state()
        press(&s, .char("f"))
        type(&s, "逾期")
        press(&s, .enter)
        XCTAssertEqual(s.filter, .standing(.overdue))
        XCTAssertEqual(s.tree.rows.compactMap { s.outline.item(Int($0)) }.filter { s.library.items[$0].kind == .task }.count, 1)
        press(&s, .char("4"))
        XCTAssertEqual(s.statusRows.count, 2, "one header, one task")
        press(&s, .char("f"))
        type(&s, "gfzr")                        // 四、压实各方责任 by initials
        press(&s, .enter)
        guard case .section? = s.filter else { return XCTFail("section filter expected, got \(String(describing: s.filter))") }
        XCTAssertEqual(s.statusRows.count, 2, "s4 has one task: header + task")
    }

    func testHelpScrollsToItsEndAndNoFurther() {
        var s = Fixtures.state(size: Size(width: 80, height: 24))
        press(&s, .char("?"), .char("G"))
        guard case .help(let end) = s.mode else { return XCTFail("G closed the help") }
        XCTAssertGreaterThan(end, 0, "the help is longer than 24 rows")
        let g = view(s)
        XCTAssertTrue((0..<24).contains { g.text(row: $0).contains("[x]") }, "its last line (the done marker) shows")
        press(&s, .char("j"), .char("j"))
        XCTAssertEqual(s.mode, .help(scroll: end), "no further than the end")
        press(&s, .char("k"))
        XCTAssertEqual(s.mode, .help(scroll: end - 1), "one k after the end moves one line")
    }

    func testHelpOpensAndAnyKeyClosesIt() {
        var s = Fixtures.state()
        press(&s, .char("?"))
        XCTAssertEqual(s.mode, .help(scroll: 0))
        press(&s, .char("j"))
        XCTAssertEqual(s.mode, .help(scroll: 1))
        press(&s, .char("q"))
        XCTAssertEqual(s.mode, .browse)
        XCTAssertFalse(s.quitting, "q closes the help first")
        press(&s, .char("q"))
        XCTAssertTrue(s.quitting)
    }

    func testQuitAndCtrlCReturnTheQuitEffect() {
        var s = Fixtures.state()
        XCTAssertEqual(update(&s, .key(.ctrl("c"))), [.quit])
        var t = Fixtures.state()
        XCTAssertEqual(update(&t, .key(.char("q"))), [.quit])
    }

    func testMouseToggleIsAnEffect() {
        var s = Fixtures.state()
        XCTAssertEqual(update(&s, .key(.char("M"))), [.setMouse(true)])
        XCTAssertEqual(update(&s, .key(.char("M"))), [.setMouse(false)])
    }

    func testMouseClickSelectsARowAndTheWheelMoves() {
        var s = Fixtures.state()
        let main = s.layout.main ?? Rect(x: 0, y: 0, width: 0, height: 0)
        _ = update(&s, .mouse(MouseEvent(kind: .press, x: main.x + 3, y: main.y + 1 + 4)))
        XCTAssertEqual(s.treeCursor.selected, 4)
        _ = update(&s, .mouse(MouseEvent(kind: .wheelDown, x: 0, y: 0)))
        XCTAssertEqual(s.treeCursor.selected, 5)
        let side = s.layout.side ?? main
        _ = update(&s, .mouse(MouseEvent(kind: .press, x: side.x + 2, y: side.y + 2)))
        XCTAssertEqual(s.focus, .side)
    }

    func testStoreMessagesUpdateTheCounts() {
        var s = Fixtures.state()
        XCTAssertEqual(s.book.counts[Standing.done.rawValue], 0)
        _ = update(&s, .statesChanged(["yr2020.t.soil": ItemState(status: .done, progress: 100)]))
        XCTAssertEqual(s.book.counts[Standing.done.rawValue], 1)
        // A poll's batch: several items at once, counted as a fresh book would count them.
        _ = update(&s, .statesChanged(["yr2020.t.sewage": ItemState(status: .done), "yr2020.t.duty": ItemState(status: .blocked)]))
        XCTAssertEqual(s.book.counts[Standing.done.rawValue], 2)
        XCTAssertEqual(s.book.counts[Standing.blocked.rawValue], 1)
        XCTAssertEqual(s.book.counts, StatusBook(library: s.library, outline: s.outline, states: s.states, today: s.today).counts)
        _ = update(&s, .statesLoaded(["yr2020.t.study": ItemState(status: .behind)]))
        XCTAssertEqual(s.book.counts[Standing.done.rawValue], 0)
        XCTAssertEqual(s.book.counts[Standing.behind.rawValue], 1)
        XCTAssertTrue(view(s).text.contains("[<]滞后 1"))
    }

    func testTheDateTurningMakesATaskOverdue() {
        var s = Fixtures.state()
        _ = update(&s, .tick(today: "2020-06-01"))
        XCTAssertEqual(s.book.counts[Standing.overdue.rawValue], 0)
        _ = update(&s, .tick(today: "2021-01-01"))
        XCTAssertEqual(s.book.counts[Standing.overdue.rawValue], 1)
    }

    func testIncrementalTreeRowsAgreeWithAFullRebuild() {
        let library = Fixtures.large(speeches: 4, sections: 3, points: 3, tasks: 4)
        var s = Fixtures.state(library)
        var rng = SystemRandomNumberGenerator()
        let keys: [Key] = [.char("j"), .char("k"), .char("l"), .char("h"), .enter, .pageDown, .pageUp, .char("G"), .char("g")]
        for _ in 0..<500 {
            press(&s, keys.randomElement(using: &rng) ?? .enter)
            var fresh = s.tree
            fresh.rebuild(s.outline)
            XCTAssertEqual(s.tree.rows, fresh.rows)
            XCTAssertLessThan(s.treeCursor.selected, max(1, s.tree.count))
        }
    }
}

final class StatusBookTests: XCTestCase {
    func testABookBuiltInRunsOnSeveralThreadsIsTheBookOfOnePass() {
        for library in [Fixtures.speech(), Fixtures.large(speeches: 3)] {
            var s = Fixtures.state(library)
            // Every status in turn (the fixture's one dated task, eco-flow, comes third: done), then
            // the same again past a deadline: every standing occurs.
            let n = Status.allCases.count
            for (k, it) in s.library.items.filter({ $0.kind == .task }).enumerated() {
                s.states[it.id] = ItemState(status: Status.allCases[k % n], deadline: k / n % 2 == 1 ? "2020-01-01" : nil)
            }
            assertCutBooksAgree(s)
        }
    }

    private func assertCutBooksAgree(_ s: AppState) {
        let whole = StatusBook(library: s.library, outline: s.outline, states: s.states, today: s.today, runLength: .max)
        XCTAssertEqual(whole.counts.filter { $0 > 0 }.count, Standing.allCases.count, "the states cover every standing")
        for runLength in [1, 3, 5] {
            let cut = StatusBook(library: s.library, outline: s.outline, states: s.states, today: s.today, runLength: runLength)
            XCTAssertEqual(cut.standing, whole.standing)
            XCTAssertEqual(cut.groups, whole.groups)
            XCTAssertEqual(cut.counts, whole.counts)
            XCTAssertEqual(cut.total, whole.total)
            XCTAssertEqual(cut.done, whole.done)
            XCTAssertEqual(cut.unitLeadDone, whole.unitLeadDone)
            XCTAssertEqual(cut.targetDone, whole.targetDone)
        }
    }

    func testIncrementalChangesAgreeWithARebuild() {
        var s = Fixtures.state()
        let tasks = s.library.items.filter { $0.kind == .task }.map(\.id)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let id = tasks.randomElement(using: &rng) ?? ""
            let st = ItemState(status: Status.allCases.randomElement(using: &rng) ?? .done,
                               deadline: Bool.random(using: &rng) ? "2020-01-01" : nil)
            _ = update(&s, .statesChanged([id: st]))
            let fresh = StatusBook(library: s.library, outline: s.outline, states: s.states, today: s.today)
            XCTAssertEqual(s.book.standing, fresh.standing)
            XCTAssertEqual(s.book.groups, fresh.groups)
            XCTAssertEqual(s.book.counts, fresh.counts)
            XCTAssertEqual(s.book.done, fresh.done)
            XCTAssertEqual(s.book.unitLeadDone, fresh.unitLeadDone)
            XCTAssertEqual(s.book.targetDone, fresh.targetDone)
        }
    }
}

final class SearchByTargetTests: XCTestCase {
    func testATaskIsFoundByTheTargetItServes() {
        var s = Fixtures.state()
        press(&s, .char("/"))
        type(&s, "水质持续")             // target 水质持续改善: served by 加强水土保持综合治理 and 整治入河排污口
        XCTAssertEqual(s.matches.count, 2)
        XCTAssertEqual(s.selectedNode.map { nodeTitle(s, $0) }, "加强水土保持综合治理")
    }
}
