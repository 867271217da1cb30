import XCTest
import RiverChiefCore
import RiverChiefStore
@testable import RiverChiefTUI

/// view() rendered into a Grid, and the runtime's diff through the TestBackend, no terminal.
final class ViewTests: XCTestCase {
    /// The column where `needle` starts on row `y` (in cells), or nil.
    func column(of needle: String, row y: Int, in g: Grid) -> Int? {
        let first = needle.first ?? " "
        for x in 0..<g.size.width where g[x, y].char == first && !g[x, y].isContinuation {
            var cx = x
            var ok = true
            for c in needle {
                if g[cx, y].char != c { ok = false; break }
                cx += g.width(of: c)
            }
            if ok { return x }
        }
        return nil
    }

    func openAll(_ s: inout AppState) {
        for n in 0..<s.outline.count where s.outline.hasChildren(n) { s.tree.expand(n, s.outline) }
    }

    func testTreeColumnsLineUpInMixedTextAt80And120() {
        for width in [80, 120] {
            var s = Fixtures.state(size: Size(width: width, height: 30))
            openAll(&s)
            let g = view(s)
            var leadColumns = Set<Int>()
            var markerColumns = Set<Int>()
            for y in 0..<g.size.height {
                let line = g.text(row: y)
                guard line.contains("[ ]") || line.contains("[!]") else { continue }
                // Full names where they fit, short names where not (市生态环境局 at 80 columns).
                for lead in ["市河长办", "市水利局", "市林业局", "市生态环境局", "生态环境局", "各县(市、"] {
                    if let x = column(of: lead, row: y, in: g), x < (s.layout.separatorX ?? width) {
                        leadColumns.insert(x)
                        break
                    }
                }
                if let x = column(of: "[", row: y, in: g) { markerColumns.insert(x) }
            }
            XCTAssertEqual(leadColumns.count, 1, "lead units start in one column at \(width): \(leadColumns)")
            XCTAssertGreaterThan(markerColumns.count, 0)
            XCTAssertTrue(g.text.contains("定期召开联席会议"))
        }
    }

    func testLongTitlesAreCutWithAnEllipsisInsideTheirColumn() {
        let s = Fixtures.state(size: Size(width: 80, height: 30))
        let g = view(s)
        let sep = s.layout.separatorX ?? 0
        var sawEllipsis = false
        for y in 0..<g.size.height {
            let line = g.text(row: y)
            if line.contains("二、坚持系统观念") {
                sawEllipsis = line.contains("…")
                // The separator stays in its column: nothing spilled over it.
                XCTAssertEqual(g[sep, y].char, "│")
            }
        }
        XCTAssertTrue(sawEllipsis)
    }

    func testHeaderShowsMeetingCountsUserAndLibrary() {
        let s = Fixtures.state(size: Size(width: 120, height: 30))
        let text = view(s).text
        XCTAssertTrue(text.contains("某市委书记在全市黄河流域生态保护工作推进会上的讲话"))
        XCTAssertTrue(text.contains("[!]逾期 1"), text)
        XCTAssertTrue(text.contains("[ ]未启动 6"), text)
        XCTAssertTrue(text.contains("0/7 0%"), text)
        XCTAssertTrue(text.contains("用户 tester"))
        XCTAssertTrue(text.contains("/tmp/Data"))
    }

    func testEnglishLabels() {
        let s = Fixtures.state(lang: .en)
        let text = view(s).text
        XCTAssertTrue(text.contains("1 Tree"), text)
        XCTAssertTrue(text.contains("? help"), text)
        XCTAssertEqual(Lang.fromEnvironment(["LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(Lang.fromEnvironment(["LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"]), .en)
        XCTAssertEqual(Lang.fromEnvironment([:]), .en)
    }

    func testDetailShowsUnitsBasisTargetsAndThePassage() {
        var s = Fixtures.state(size: Size(width: 120, height: 40))
        press(&s, .char("/"))
        type(&s, "生态流量")
        press(&s, .enter)
        let text = view(s).text
        XCTAssertTrue(text.contains("牵头  市水利局(推断)"), text)
        XCTAssertTrue(text.contains("配合  市生态环境局(推断)"), text)
        XCTAssertTrue(text.contains("目标  确保生态流量"), text)
        XCTAssertTrue(text.contains("截止  2020-12-31"), text)
        XCTAssertTrue(text.contains("出处"), text)
        // The item's own span is highlighted inside the passage.
        let g = view(s)
        var highlighted = ""
        let side = s.layout.side ?? g.bounds
        for y in side.y..<side.maxY {
            if g.text(row: y).contains("出处") {
                for yy in (y + 1)..<side.maxY {
                    for x in side.x..<side.maxX where g[x, yy].style.underline && !g[x, yy].isContinuation { highlighted.append(g[x, yy].char) }
                }
                break
            }
        }
        XCTAssertTrue(highlighted.hasPrefix("要科学调度水资源确保生态流量"), highlighted)
    }

    func testDetailWrapsWithoutStartingALineWithClosingPunctuation() {
        var s = Fixtures.state(size: Size(width: 100, height: 40))
        press(&s, .char("/"))
        type(&s, "联席")
        press(&s, .enter)
        let lines = DetailView.lines(s, width: 13).map { $0.map(\.text).joined() }
        XCTAssertFalse(lines.isEmpty)
        for l in lines {
            XCTAssertLessThanOrEqual(DisplayWidth.of(l), 13, l)
            if let f = l.first { XCTAssertFalse(TextLayout.noLineStart.contains(f), "line starts with \(f): \(l)") }
        }
    }

    func testCompactLayoutShowsOnePaneAndTabSwitches() {
        var s = Fixtures.state(size: Size(width: 70, height: 20))
        XCTAssertEqual(s.layout.kind, .compact)
        var g = view(s)
        for y in s.layout.body.y..<s.layout.body.maxY { XCTAssertFalse(g.text(row: y).contains("│"), "no separator: one pane") }
        XCTAssertTrue(g.text.contains("开场白"))
        press(&s, .char("j"), .tab)
        g = view(s)
        XCTAssertTrue(g.text.contains("详情"), g.text)
        XCTAssertTrue(g.text.contains("原文"), g.text)
    }

    func testTooSmallSaysSoAndRecovers() {
        var s = Fixtures.state(size: Size(width: 60, height: 8), lang: .en)
        XCTAssertTrue(view(s).text.contains("terminal too small: need 40×10, have 60×8"), view(s).text)
        _ = update(&s, .resize(Size(width: 30, height: 6)))
        let small = view(s).text
        XCTAssertTrue(small.contains("terminal too small"), small)
        XCTAssertTrue(small.contains("have 30×6"), small)
        press(&s, .char("j"), .char("?"), .escape) // keys while too small do not crash
        _ = update(&s, .resize(Size(width: 100, height: 30)))
        XCTAssertTrue(view(s).text.contains("开场白"))
        _ = update(&s, .resize(Size(width: 0, height: 0)))
        XCTAssertEqual(view(s).text, "")
    }

    func testAmbiguousWideUsesASCIIChromeAndTheFrameHolds() {
        let s = Fixtures.state(size: Size(width: 100, height: 30), ambiguous: .wide)
        let g = view(s)
        XCTAssertTrue(s.settings.asciiChrome)
        for ch in ["│", "─", "█", "░", "▸", "▾"] { XCTAssertFalse(g.text.contains(ch), "chrome \(ch) under wide ambiguous") }
        let sep = s.layout.separatorX ?? 0
        for y in s.layout.body.y..<s.layout.body.maxY { XCTAssertEqual(g[sep, y].char, "|") }
    }

    func testHelpListsEveryActionFromTheTable() {
        for lang in Lang.allCases {
            let settings = Settings(lang: lang)
            let text = HelpOverlay.lines(settings).map { $0.map(\.text).joined() }.joined(separator: "\n")
            for a in Action.allCases {
                XCTAssertTrue(text.contains(a.help(lang)), "help lacks \(a)")
                XCTAssertTrue(text.contains(Keymap.keyList(a)), "help lacks keys of \(a)")
            }
        }
        var s = Fixtures.state(size: Size(width: 100, height: 60))
        press(&s, .char("?"))
        let shown = view(s).text
        XCTAssertTrue(shown.contains(Action.search.help(.zh)), shown)
    }

    func testEveryKeyHasOneActionPerContext() {
        for c in Action.Context.allCases {
            var seen: [Key: Action] = [:]
            for a in Action.allCases where a.context == c {
                for k in a.keys {
                    XCTAssertNil(seen[k], "\(k) bound to \(seen[k].map { "\($0)" } ?? "") and \(a)")
                    seen[k] = a
                }
            }
        }
    }

    // MARK: The runtime's diff

    func makeRuntime(size: Size) -> (Runtime, TestBackend) {
        let backend = TestBackend(size: size)
        let rt = Runtime(state: Fixtures.state(size: size), backend: backend, clock: { "2021-01-15" })
        rt.render()
        return (rt, backend)
    }

    func testCursorMoveRepaintsTwoRowsAndAnIdenticalFrameNothing() {
        // Compact: only the tree shows, so a cursor move changes the old and the new row only.
        let (rt, backend) = makeRuntime(size: Size(width: 70, height: 20))
        let before = backend.writes.count
        rt.render()
        XCTAssertEqual(backend.writes.count, before, "an identical frame writes nothing")
        rt.handle(.key(.char("j")))
        rt.render()
        let changes = backend.writes.last ?? []
        XCTAssertEqual(FrameDiff.rows(changes), [3, 4], "the old and new cursor rows")
        XCTAssertLessThanOrEqual(changes.count, 2 * 70)
        XCTAssertEqual(backend.screen.text, view(rt.state).text)
    }

    func testCursorMoveWithDetailPaneTouchesTwoTreeRows() {
        let (rt, backend) = makeRuntime(size: Size(width: 100, height: 30))
        rt.handle(.key(.char("j")))
        rt.render()
        let sep = rt.state.layout.separatorX ?? 0
        let treeRows = Set((backend.writes.last ?? []).filter { $0.x < sep }.map(\.y))
        XCTAssertEqual(treeRows.sorted(), [4, 5])
    }

    func testAt80ColumnsTheCountsThatMatterAndUnitFiguresShow() {
        var s = Fixtures.state(size: Size(width: 80, height: 24))
        _ = update(&s, .statesLoaded(["yr2020.t.soil": ItemState(status: .blocked), "yr2020.t.sewage": ItemState(status: .inProgress)]))
        let header = view(s).text(row: 1)
        XCTAssertTrue(header.contains("[#]受阻 1") && header.contains("[~]推进中 1"), header)
        XCTAssertLessThanOrEqual(DisplayWidth.of(header), 80)
        press(&s, .char("2"))
        let row = view(s).text(row: 4)
        XCTAssertTrue(row.contains("市河长办") && row.contains("牵  2"), row)
    }

    func testTheStatusViewsCursorStepsOverGroupHeaders() {
        var s = Fixtures.state()
        _ = update(&s, .statesLoaded(["yr2020.t.soil": ItemState(status: .inProgress), "yr2020.t.eco-flow": ItemState(status: .done)]))
        press(&s, .char("4"))
        XCTAssertEqual(s.detailItem.map { s.library.items[$0].id }, "yr2020.t.soil", "starts on the first task")
        press(&s, .char("j"))
        XCTAssertNotNil(s.detailItem, "j went over the 未启动 header onto its first task")
        XCTAssertNotEqual(s.detailItem.map { s.library.items[$0].id }, "yr2020.t.soil")
        press(&s, .char("k"))
        XCTAssertEqual(s.detailItem.map { s.library.items[$0].id }, "yr2020.t.soil", "and k back over it")
        press(&s, .char("k"))
        XCTAssertEqual(s.detailItem.map { s.library.items[$0].id }, "yr2020.t.soil", "the first header is not a stop either")
        press(&s, .char("G"), .char("g"))
        XCTAssertEqual(s.detailItem.map { s.library.items[$0].id }, "yr2020.t.soil")
    }

    func testTheSearchAndFilterPromptsPutTheTerminalCursorWhereTheNextCharacterGoes() {
        var s = Fixtures.state()
        press(&s, .char("/"))
        type(&s, "生态")
        var g = view(s)
        XCTAssertEqual(g.cursor, Point(x: 5, y: s.size.height - 1), "after / and two wide characters")
        XCTAssertTrue(g.text(row: s.size.height - 1).hasPrefix("/生态 "), g.text(row: s.size.height - 1))
        press(&s, .escape, .char("f"))
        type(&s, "水利")
        g = view(s)
        guard let c = g.cursor else { return XCTFail("the filter prompt shows no cursor") }
        XCTAssertTrue(g.text(row: c.y).contains("> 水利"), g.text(row: c.y))
        XCTAssertEqual(DisplayWidth.of(Substring(g.text(row: c.y).components(separatedBy: "> 水利")[0])) + 6, c.x)
        press(&s, .escape)
        XCTAssertNil(view(s).cursor, "no cursor while browsing")
    }

    func testASpeechsDetailKeepsItsLabelsApartFromTheirValues() {
        let s = Fixtures.state(Fixtures.large(speeches: 2))
        let g = view(s)
        let rows = (0..<s.size.height).map { g.text(row: $0) }
        let speaker = rows.first { $0.contains("讲话人") }
        XCTAssertNotNil(speaker, rows.joined(separator: "\n"))
        let after = speaker?.components(separatedBy: "讲话人").last ?? ""
        XCTAssertTrue(after.hasPrefix("  "), "a gap after the label: \(speaker ?? "")")
        XCTAssertFalse(after.trimmingCharacters(in: .whitespaces).isEmpty, "and the speaker after it: \(speaker ?? "")")
    }

    func testEveryUnitShowsItsCountsInOneColumnEvenWithThousandsOfTasks() {
        // 13 speeches × 200 tasks: 市水利局 and the counties lead 1,300 each (four digits).
        for width in [80, 100, 120] {
            var s = Fixtures.state(Fixtures.large(speeches: 13), size: Size(width: width, height: 24))
            press(&s, .char("2"))
            let g = view(s)
            // The unit list is the main pane, left of the divider.
            let rows = (4..<8).map { g.text(row: $0).components(separatedBy: "│")[0] }
                .filter { $0.contains("水利局") || $0.contains("各县") }
            XCTAssertEqual(rows.count, 2, "both units listed at \(width): \(rows)")
            for row in rows {
                XCTAssertTrue(row.contains("1300"), "the count shows at \(width): \(row)")
            }
            let ends = rows.map { row -> Int in
                let before = row.components(separatedBy: "1300")[0]
                return DisplayWidth.of(Substring(before), ambiguous: .narrow)
            }
            XCTAssertEqual(Set(ends).count, 1, "the lead counts line up at \(width): \(rows)")
        }
    }

    func testAUnitsTaskListStepsOverItsHeadersToo() {
        var s = Fixtures.state()
        press(&s, .char("2"))
        guard let water = s.library.units.firstIndex(where: { $0.id == "city.water" }) else { return XCTFail("no city.water") }
        for _ in 0..<water { press(&s, .char("j")) }
        press(&s, .tab)
        var seen: [String] = []
        for _ in 0..<6 {
            guard let i = s.detailItem else { return XCTFail("the cursor stopped on a header") }
            seen.append(s.library.items[i].id)
            press(&s, .char("j"))
        }
        XCTAssertEqual(Set(seen), ["yr2020.t.eco-flow", "yr2020.t.four-chaos", "yr2020.t.joint-meetings", "yr2020.t.soil"],
                       "leads then supports, every stop a task")
    }

    func testWhileKeysRunTheDetailPaneWaitsThenCatchesUp() {
        let size = Size(width: 100, height: 30)
        let backend = TestBackend(size: size)
        var state = Fixtures.state(size: size)
        state.holdsDetail = true
        let rt = Runtime(state: state, backend: backend, clock: { "2021-01-15" })
        rt.render()
        let detailBefore = (0..<30).map { backend.screen.text(row: $0).dropFirst(rt.state.layout.separatorX ?? 0) }
        for _ in 0..<3 { rt.handle(.key(.char("j"))) }
        rt.render()
        let sep = rt.state.layout.separatorX ?? 0
        XCTAssertTrue((backend.writes.last ?? []).allSatisfy { $0.x < sep }, "only the tree's rows are repainted")
        XCTAssertEqual((0..<30).map { backend.screen.text(row: $0).dropFirst(sep) }, detailBefore)
        // The keys rest: the pane shows the selected item.
        rt.dispatch(.keysRested)
        rt.render()
        XCTAssertEqual(backend.screen.text, view(rt.state).text)
        XCTAssertTrue((backend.writes.last ?? []).contains { $0.x > sep }, "now the detail pane changes")
        var fresh = rt.state
        fresh.holdsDetail = false
        XCTAssertEqual(view(rt.state).text, view(fresh).text, "and shows what it would without holding")
        // Any other key lets the pane follow at once (an edit acts on what the pane shows).
        rt.handle(.key(.char("j")))
        XCTAssertNotNil(rt.state.detailHeld)
        rt.handle(.key(.char("s")))
        XCTAssertNil(rt.state.detailHeld)
    }

    func testResizeToCompactAndBackLeavesNothingBroken() {
        let (rt, backend) = makeRuntime(size: Size(width: 100, height: 30))
        rt.handle(.key(.char("j")))
        for size in [Size(width: 80, height: 24), Size(width: 50, height: 12), Size(width: 20, height: 5), Size(width: 100, height: 30)] {
            backend.resize(to: size)
            while let e = backend.read(timeoutMilliseconds: 0) { rt.handle(e) }
            rt.render()
            XCTAssertEqual(backend.screen.text, view(rt.state).text, "at \(size)")
        }
        XCTAssertEqual(rt.state.treeCursor.selected, 1, "the selection survives resizing")
    }

    func testBackgroundSearchIndexArrivesAsAMessage() {
        let backend = TestBackend(size: Size(width: 100, height: 30))
        var state = Fixtures.state()
        state.indexes = nil
        let rt = Runtime(state: state, backend: backend, clock: { "2021-01-15" })
        rt.execute(.buildSearchIndexes)
        rt.settle()
        XCTAssertNotNil(rt.state.indexes)
    }

    func testStoreHooksFeedSnapshotsBack() {
        let backend = TestBackend(size: Size(width: 100, height: 30))
        let hooks = StoreHooks(loadStates: { ["yr2020.t.soil": ItemState(status: .done, progress: 100)] })
        let rt = Runtime(state: Fixtures.state(), backend: backend, store: hooks, clock: { "2021-01-15" })
        rt.execute(.loadStates)
        rt.settle()
        XCTAssertEqual(rt.state.book.counts[Standing.done.rawValue], 1)
        rt.execute(.write(id: "yr2020.t.soil", change: Change(status: .blocked), base: nil))
        XCTAssertEqual(rt.state.message, "未保存:状态库未连接,无法记录", "no writer wired: said so, nothing lost silently")
    }

    /// Two units whose names share a long prefix, as in the real catalogue.
    func twoLeadingGroups() -> Library {
        var b = FixtureBuilder()
        b.unit("city.yr-leading-group", "市黄河流域生态保护工作领导小组", short: "领导小组", kind: .leadingGroup)
        b.unit("city.yr-leading-group-office", "市黄河流域生态保护工作领导小组办公室", short: "领导小组办", kind: .office)
        b.unit("city.water", "市水利局", short: "水利局")
        let s1 = b.section("s1", marker: "一", title: "加强组织领导")
        let p1 = b.point("s1.p1", parent: s1, marker: "一是", title: "健全机制")
        b.task("group", parent: p1, title: "建立健全领导小组工作机制并定期研究部署黄河流域生态保护重大事项", lead: "city.yr-leading-group")
        b.task("office", parent: p1, title: "领导小组办公室统筹协调督促检查各项任务落实", lead: "city.yr-leading-group-office")
        b.task("water", parent: p1, title: "节水", lead: "city.water")
        return Library(models: [b.model()])
    }

    func testAt80ColumnsEveryUnitCanBeToldApartAndHasOneNameInEveryView() {
        var s = Fixtures.state(twoLeadingGroups(), size: Size(width: 80, height: 24))
        openAll(&s)
        let tree = view(s).text
        XCTAssertTrue(tree.contains("领导小组办 "), tree)
        // In the unit column (after a space: a task title cut after 领导小组 is not a unit name).
        XCTAssertFalse(tree.contains(" 领导小组…"), "a cut short name looks like the other unit:\n\(tree)")
        press(&s, .char("2"))
        let units = view(s).text
        XCTAssertTrue(units.contains(" 领导小组 ") && units.contains(" 领导小组办 "), units)
        XCTAssertTrue(units.contains(" 市水利局 "), "a name that fits stays whole:\n\(units)")
        XCTAssertFalse(units.contains("市黄河流域生态…"), units)
        // The status view at 120 columns has a unit column: the same names by the same rule.
        var wide = Fixtures.state(twoLeadingGroups(), size: Size(width: 120, height: 30))
        press(&wide, .char("4"))
        let status = view(wide).text
        XCTAssertTrue(status.contains("领导小组办") && status.contains("领导小组 "), status)
        XCTAssertEqual(fitName(["市黄河流域生态保护工作领导小组办公室", "领导小组办"], to: 8, ellipsis: "…", ambiguous: .narrow), "领导小…")
        XCTAssertEqual(fitName(["市水利局"], to: 20, ellipsis: "…", ambiguous: .narrow), "市水利局")
    }

    func testACutTaskTitleNeverTouchesTheUnitColumn() {
        for width in [80, 120] {
            var s = Fixtures.state(twoLeadingGroups(), size: Size(width: width, height: 24))
            openAll(&s)
            let g = view(s)
            for y in 0..<g.size.height {
                let row = g.text(row: y)
                let found = ["领导小组办", "领导小组 "].compactMap { self.column(of: $0, row: y, in: g) }
                guard let lead = found.first, row.contains("…") else { continue }
                XCTAssertEqual(g[lead - 1, y].char, " ", "\(width) columns, row \(y): \(row)")
                XCTAssertFalse(g[lead - 1, y].isContinuation, row)
            }
        }
    }

    func testOneMatchIsSingular() {
        for (lang, word) in [(Lang.en, "1 match;"), (Lang.zh, "1 个结果")] {
            var s = Fixtures.state(lang: lang)
            press(&s, .char("/"))
            type(&s, "排污口")
            XCTAssertTrue(view(s).text.contains(lang == .en ? "(1 match)" : "(1 个结果)"), view(s).text)
            press(&s, .enter)
            XCTAssertTrue((s.message ?? "").hasPrefix(word), s.message ?? "")
        }
    }

    func testAnOverdueTasksDetailShowsTheStatusRecordedForIt() {
        var s = Fixtures.state(size: Size(width: 120, height: 30), lang: .en)
        _ = update(&s, .statesLoaded(["yr2020.t.eco-flow": ItemState(status: .inProgress)]))
        press(&s, .char("/"))
        type(&s, "生态流量")
        press(&s, .enter)
        let text = view(s).text
        XCTAssertTrue(text.contains("[!] overdue (recorded: [~] in progress)"), text)
    }

    func testAtEightyColumnsTheHelpBoxLeavesNoSliverOfTheScreenBeside() {
        var s = Fixtures.state(size: Size(width: 80, height: 24))
        press(&s, .char("?"))
        let g = view(s)
        for y in 1..<(g.size.height - 1) {
            XCTAssertTrue("┌│└".contains(g[0, y].char), "row \(y) column 0: \(g.text(row: y))")
            XCTAssertTrue("┐│┘".contains(g[79, y].char), "row \(y) column 79: \(g.text(row: y))")
        }
    }
}

final class EmptyLibraryTests: XCTestCase {
    func testAnEmptyLibraryShowsEveryViewWithoutCrashing() {
        var s = Fixtures.state(Library(models: []), lang: .en)
        XCTAssertTrue(view(s).text.contains("the library has no items"))
        for k in ["j", "G", "l", "h", " ", "2", "j", "3", "k", "4", "n", "/", "x", "f"] { press(&s, .char(Character(k))) }
        press(&s, .escape, .tab, .enter, .char("1"), .char("?"))
        XCTAssertTrue(view(s).text.contains("Help"))
    }
}

final class HostileTextTests: XCTestCase {
    func testAStatusLineMessageQuotingDataIsEscaped() {
        var s = Fixtures.state()
        // As a conflict message quoting a note written with `riverchief set --note` would.
        _ = update(&s, .notice("未保存:反馈 坏\u{1B}[2J\u{07}"))
        let footer = view(s).text(row: s.size.height - 1)
        XCTAssertTrue(footer.contains("反馈 坏\\e[2J\\x07"), footer)
        XCTAssertFalse(view(s).cells.contains { $0.char.unicodeScalars.contains { $0.value < 0x20 } })
    }

    func testControlCharactersInDataNeverReachTheGrid() {
        var b = FixtureBuilder()
        b.unit("u.evil", "坏\u{1B}[2J单位\u{202E}", short: "坏\u{07}")
        let sec = b.section("s1", marker: "一", title: "标题\u{1B}]0;pwned\u{07}后")
        b.task("t", parent: sec, title: "任务\u{0}\u{1B}[31m红", lead: "u.evil")
        var s = Fixtures.state(Library(models: [b.model(title: "会议\u{1B}c")]), size: Size(width: 120, height: 30))
        press(&s, .char("j"), .char("j"))
        for v in ["1", "2", "3", "4"] {
            press(&s, .char(Character(v)))
            let g = view(s)
            for cell in g.cells {
                for u in cell.char.unicodeScalars {
                    XCTAssertFalse(Sanitize.needsEscape(u), "raw U+\(String(u.value, radix: 16)) in view \(v)")
                }
            }
        }
        press(&s, .char("1"))
        XCTAssertTrue(view(s).text.contains("任务\\x00\\e[31m红"), view(s).text)
    }
}
