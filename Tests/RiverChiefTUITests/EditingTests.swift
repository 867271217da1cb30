import Foundation
import RiverChiefCore
import RiverChiefStore
@testable import RiverChiefTUI
import XCTest

/// Recording progress from the dashboard, against a real SQLite state store in a temporary file:
/// every key goes through the runtime, the writes through the store, and the checks read the store
/// back (or what the screen shows).
final class EditingTests: XCTestCase {
    var dir: URL!
    var store: Store!
    var colleague: Store!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("state.db").path
        store = try Store(path: path, origin: Origin(account: "tester", uid: 1000, host: "office1"))
        colleague = try Store(path: path, origin: Origin(account: "lisi", uid: 1001, host: "office2"))
    }

    override func tearDownWithError() throws {
        store = nil
        colleague = nil
        try? FileManager.default.removeItem(at: dir)
    }

    /// A dashboard on the fixture speech, wired to the store, with `id` selected in the tree.
    func dashboard(selecting id: String = "yr2020.t.soil", size: Size = Size(width: 100, height: 30), lang: Lang = .zh) -> (Runtime, TestBackend) {
        let hooks = StoreHooks.connect(store)
        var state = Fixtures.state(size: size, lang: lang)
        state.storeAccess = hooks.access
        let backend = TestBackend(size: size)
        let rt = Runtime(state: state, backend: backend, store: hooks, clock: { "2021-01-15" })
        rt.execute(.loadStates)
        rt.settle()
        select(rt, id)
        return (rt, backend)
    }

    func select(_ rt: Runtime, _ id: String) {
        guard let item = rt.state.library.itemIndex[id] else { return XCTFail("no item \(id)") }
        let node = Int32(rt.state.outline.nodeOfItem[item])
        // As a person would: down the tree, opening whatever holds the item.
        for _ in 0..<200 {
            guard let sel = rt.state.selectedNode, Int32(sel) != node else { break }
            rt.handle(.key(rt.state.outline.contains(sel, Int(node)) ? .right : .down))
        }
        XCTAssertEqual(rt.state.detailItem, item, "\(id) selected")
    }

    func keys(_ rt: Runtime, _ keys: Key...) {
        for k in keys { rt.handle(.key(k)) }
        rt.settle()
    }

    func typeText(_ rt: Runtime, _ text: String) {
        for c in text { rt.handle(.key(.char(c))) }
    }

    func testTheStatusMenuWritesTheChosenStatusWithTheAccount() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("s"))
        guard case .statusMenu = rt.state.mode else { return XCTFail("s opens the status menu") }
        XCTAssertTrue(view(rt.state).text.contains("设置状态"))
        keys(rt, .char("j"), .enter) // 未启动 → 推进中
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .inProgress)
        keys(rt, .char("s"), .char("3")) // direct: 已完成, which sets the progress to 100 % (StatusRules)
        let history = try store.history(itemID: "yr2020.t.soil")
        XCTAssertEqual(history.map(\.newValue), ["in-progress", "done", "100"])
        XCTAssertEqual(Set(history.map(\.account)), ["tester"])
        XCTAssertEqual(rt.state.state(of: rt.state.library.itemIndex["yr2020.t.soil"]!).status, .done)
        XCTAssertTrue(rt.state.message?.contains("已记录") ?? false, rt.state.message ?? "no message")
        XCTAssertEqual(rt.state.book.counts[Standing.done.rawValue], 1, "the header's counts follow")
    }

    func testDirectKeysAndProgressSteps() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("x"))
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .done)
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").progress, 100, "done sets 100 %")
        // Blocked asks why first; the reason goes into the history with the status.
        keys(rt, .char("b"))
        guard case .form(let f) = rt.state.mode, f.kind == .reason(.blocked) else { return XCTFail("b asks for a reason") }
        keys(rt, .enter)
        guard case .form(let g) = rt.state.mode else { return XCTFail("an empty reason is refused") }
        XCTAssertNotNil(g.error)
        typeText(rt, "等待资金下达")
        keys(rt, .enter)
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .blocked)
        let last = try XCTUnwrap(try store.history(itemID: "yr2020.t.soil").last)
        XCTAssertEqual(last.note?.problems, "等待资金下达")
        keys(rt, .char("w"), .char("-"), .char("-"), .char("-"), .char("+"))
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").progress, 100, "presses wait until they rest")
        rt.dispatch(.keysRested)
        rt.settle()
        let s = try store.state(of: "yr2020.t.soil")
        XCTAssertEqual(s.status, .inProgress)
        XCTAssertEqual(s.progress, 80)
        XCTAssertEqual(try store.history(itemID: "yr2020.t.soil").filter { $0.kind == .progress }.map(\.newValue), ["100", "80"],
                       "four presses, one change")
    }

    func testProgressAboveZeroStartsATaskAndAHundredOffersDone() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("+"))
        rt.dispatch(.keysRested)
        rt.settle()
        var s = try store.state(of: "yr2020.t.soil")
        XCTAssertEqual(s.status, .inProgress, "progress above 0 moves 未启动 to 推进中")
        XCTAssertEqual(s.progress, 10)
        keys(rt, .char("p"), .ctrl("u"))
        typeText(rt, "100")
        keys(rt, .enter)
        s = try store.state(of: "yr2020.t.soil")
        XCTAssertEqual(s.progress, 100)
        XCTAssertEqual(s.status, .inProgress, "100 % does not mark it done by itself")
        XCTAssertTrue(rt.state.message?.hasPrefix("进度已到 100%:按 x 标为已完成") ?? false, rt.state.message ?? "")
        keys(rt, .char("x"))
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .done)
    }

    func testSavingAReportOffersToUpdateTheStatus() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("a"))
        typeText(rt, "完成排查")
        keys(rt, .enter)
        guard case .statusMenu(let m) = rt.state.mode, m.offered else { return XCTFail("the status menu is offered") }
        XCTAssertEqual(try store.history(itemID: "yr2020.t.soil").last?.note?.done, "完成排查", "the report is saved first")
        keys(rt, .char("2"))
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .inProgress)
        // Esc leaves the status as it is.
        keys(rt, .char("a"))
        typeText(rt, "下周验收")
        keys(rt, .enter, .escape)
        XCTAssertEqual(rt.state.mode, .browse)
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .inProgress)
    }

    func testTwoKeysInOneBurstAreNotAConflictWithOneself() throws {
        let (rt, _) = dashboard()
        // Both keys arrive before the first write's answer: the second is based on the first.
        rt.feed([.key(.char("x")), .key(.char("w"))])
        rt.settle()
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .inProgress)
        XCTAssertFalse(rt.state.message?.contains("未保存") ?? false, rt.state.message ?? "")
    }

    func testProgressFormRefusesOutOfRangeAndKeepsTheFormOpen() throws {
        let (rt, backend) = dashboard()
        keys(rt, .char("p"))
        typeText(rt, "150")
        keys(rt, .enter)
        guard case .form(let f) = rt.state.mode else { return XCTFail("the form stays open") }
        XCTAssertTrue(f.error?.contains("0 到 100") ?? false, f.error ?? "no error")
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("进度须为 0 到 100 的整数"), "the reason is on the screen")
        keys(rt, .backspace, .backspace, .backspace)
        typeText(rt, "４５") // full-width, as an input method may send
        keys(rt, .enter)
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").progress, 45)
        XCTAssertEqual(rt.state.mode, .browse)
    }

    func testDeadlineFormRejectsAnImpossibleDateWithAMessage() throws {
        let (rt, backend) = dashboard()
        keys(rt, .char("d"))
        typeText(rt, "2026-02-30")
        keys(rt, .enter)
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("2026 年 2 月只有 28 天"), backend.screen.text)
        XCTAssertNil(try store.state(of: "yr2020.t.soil").deadline, "nothing written")
        keys(rt, .ctrl("u"))
        typeText(rt, "2026年6月30日")
        keys(rt, .enter)
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").deadline, "2026-06-30")
    }

    func testAChineseReportIsRecordedWithEachPart() throws {
        let (rt, backend) = dashboard()
        keys(rt, .char("a"))
        typeText(rt, "完成堤防加固3公里")
        rt.render()
        // The terminal cursor sits after the text: the input method's window opens there.
        let cursor = try XCTUnwrap(backend.cursor)
        let row = backend.screen.text(row: cursor.y)
        XCTAssertTrue(row.contains("完成堤防加固3公里"))
        keys(rt, .tab)
        typeText(rt, "下月验收")
        keys(rt, .tab, .tab)
        typeText(rt, "资金缺口")
        keys(rt, .enter)
        let note = try XCTUnwrap(try store.history(itemID: "yr2020.t.soil").last?.note)
        XCTAssertEqual(note, ProgressNote(done: "完成堤防加固3公里", next: "下月验收", support: "资金缺口"))
        XCTAssertNil(rt.state.drafts["yr2020.t.soil"], "a recorded report leaves no draft")
        rt.render()
        XCTAssertNil(backend.cursor, "the cursor hides again after the form")
    }

    func testAPastedReportOfSeveralLinesStaysOneReport() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("a"))
        let pasted: [InputEvent] = "第一段".map { .key(.char($0)) } + [.key(.enter), .key(.enter)] + "第二段".map { .key(.char($0)) }
        rt.feed(pasted)
        guard case .form(let f) = rt.state.mode else { return XCTFail("the paste must not save the form") }
        XCTAssertEqual(f.fields[0].text, "第一段\n第二段", "a report keeps the paste's lines")
        // A paste ending in a line break does not save either.
        rt.feed("第三段".map { .key(.char($0)) } + [.key(.enter)])
        guard case .form(let g) = rt.state.mode else { return XCTFail("a trailing line break must not save the form") }
        XCTAssertEqual(g.fields[0].text, "第一段\n第二段第三段")
        rt.feed([.key(.enter)])
        rt.settle()
        XCTAssertEqual(try store.history(itemID: "yr2020.t.soil").last?.note?.done, "第一段\n第二段第三段")
    }

    func testAColleaguesChangeIsReportedAndNothingIsOverwritten() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("s"))               // the menu opens on what the user sees now
        try colleague.write(Change(status: .blocked), to: "yr2020.t.soil")
        keys(rt, .char("3"))
        let message = rt.state.message ?? ""
        XCTAssertTrue(message.contains("lisi"), "says who: \(message)")
        XCTAssertTrue(message.contains("受阻"), "and what: \(message)")
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .blocked, "the colleague's change stands")
        XCTAssertEqual(try store.history(itemID: "yr2020.t.soil").count, 1)
    }

    func testALongPasteIsCutWithAWord() throws {
        let (rt, backend) = dashboard()
        keys(rt, .char("a"))
        rt.feed(String(repeating: "长", count: 2100).map { .key(.char($0)) })
        guard case .form(let f) = rt.state.mode else { return XCTFail("still in the form") }
        XCTAssertEqual(f.fields[0].text.count, 2000)
        XCTAssertEqual(f.error, "粘贴内容超出 2000 字,已截断(少了 100 字)")
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("粘贴内容超出 2000 字,已截断"), backend.screen.text)
    }

    func testALongMessageWrapsOverTwoRowsAndMShowsItWhole() throws {
        let (rt, backend) = dashboard(size: Size(width: 80, height: 24))
        let long = "未保存(同事刚改过):按 s 再确认“推进中”。lisi 11-29 10:32 改了 状态 未启动 → 受阻" + String(repeating: "还有很多字", count: 20)
        rt.dispatch(.notice(long))
        rt.render()
        let rows = (0..<24).map { backend.screen.text(row: $0) }
        XCTAssertTrue(rows[22].hasPrefix(" 未保存(同事刚改过):按 s 再确认"), rows[22])
        XCTAssertTrue(rows[23].hasSuffix("…(m 看全文)") || rows[23].contains("(m 看全文)"), rows[23])
        keys(rt, .char("m"))
        guard case .messages = rt.state.mode else { return XCTFail("m shows the messages") }
        rt.render()
        let all = backend.screen.text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "│", with: "")
            .replacingOccurrences(of: "\n", with: "")
        XCTAssertTrue(all.contains(String(repeating: "还有很多字", count: 8)), backend.screen.text)
        keys(rt, .escape)
        XCTAssertEqual(rt.state.mode, .browse)
    }

    func testEnglishLabelsInChangeLines() throws {
        let (rt, _) = dashboard(lang: .en)
        keys(rt, .char("x"))
        XCTAssertEqual(rt.state.message, "recorded on “加强水土保持综合治理”: status not started → done;progress 0% → 100%  (u undoes)")
    }

    func testDraftsAreMarkedListedOpenedAndDiscarded() throws {
        let (rt, backend) = dashboard()
        keys(rt, .char("a"))
        typeText(rt, "写了一半的反馈")
        keys(rt, .escape)
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("[!]✎") || backend.screen.text.contains("[ ]✎"), "the task is marked in the tree:\n\(backend.screen.text)")
        keys(rt, .char("4"))
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("✎加强水土保持"), "and in the status view:\n\(backend.screen.text)")
        keys(rt, .char("D"))
        guard case .drafts = rt.state.mode else { return XCTFail("D lists the drafts") }
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("未保存的反馈草稿") && backend.screen.text.contains("写了一半的反馈"), backend.screen.text)
        // Enter goes to the task and opens its draft.
        keys(rt, .enter)
        guard case .form(let f) = rt.state.mode else { return XCTFail("Enter opens the draft") }
        XCTAssertEqual(f.fields[0].text, "写了一半的反馈")
        XCTAssertEqual(rt.state.view, .tree)
        keys(rt, .escape, .char("D"), .char("d"))
        XCTAssertNil(rt.state.drafts["yr2020.t.soil"], "d discards it")
        XCTAssertEqual(rt.state.mode, .browse, "the list closes when it is empty")
        XCTAssertTrue(rt.state.message?.hasPrefix("已丢弃") ?? false, rt.state.message ?? "")
        XCTAssertEqual(try store.eventCount(), 0)
    }

    func testMyUnitOpensFirstAndColleaguesChangesAreMarkedUntilSeen() throws {
        let settingsFile = UserSettingsFile(path: dir.appendingPathComponent("state/riverchief/settings.json").path)
        // Yesterday's dashboard: U on 市水利局 in the unit view, then quit.
        do {
            let (rt, _) = dashboard()
            keys(rt, .char("2"))
            let water = try XCTUnwrap(rt.state.library.units.firstIndex { $0.id == "city.water" })
            while rt.state.selectedUnit != water { keys(rt, .char("j")) }
            keys(rt, .char("U"))
            XCTAssertEqual(rt.state.myUnit, "city.water")
            XCTAssertNil(settingsFile.save(rt.state.userSettingsToKeep))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: settingsFile.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "the person's own file")
        // Meanwhile a colleague changes one of 市水利局's tasks.
        try colleague.write(Change(status: .blocked), to: "yr2020.t.eco-flow")
        // Today's dashboard opens on my unit's tasks, the colleague's change marked.
        let saved = settingsFile.load().settings
        XCTAssertEqual(saved.myUnit, "city.water")
        var state = Fixtures.state()
        state.states = ItemStates(try store.snapshotWithLastID().1, library: state.library)
        state.lastLooked = saved.lastLooked
        state.markChangedSinceLastLooked()
        state.rebuildBook()
        XCTAssertNotNil(state.openOnMyUnit(saved.myUnit ?? ""))
        XCTAssertEqual(state.view, .status)
        XCTAssertEqual(state.filter, .unit("city.water"))
        XCTAssertEqual(state.userSettingsToKeep.unseen, ["yr2020.t.eco-flow"])
        XCTAssertEqual(state.unseen.count, 1)
        let backend = TestBackend(size: state.size)
        let rt = Runtime(state: state, backend: backend, store: StoreHooks.connect(store), clock: { "2021-01-15" })
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("•科学调度水资源"), backend.screen.text)
        // C lists it; Enter goes to it, and it is seen.
        keys(rt, .char("C"))
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("同事最近的修改") && backend.screen.text.contains("lisi"), backend.screen.text)
        keys(rt, .enter)
        XCTAssertEqual(rt.state.detailItem, rt.state.library.itemIndex["yr2020.t.eco-flow"])
        XCTAssertTrue(rt.state.unseen.isEmpty, "seen")
        XCTAssertEqual(rt.state.userSettingsToKeep.unseen, [])
    }

    func testAReportSavesWhileAColleagueChangesTheStatus() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("a"))
        typeText(rt, "已完成排查")
        // The colleague marks the task while the report is being written: a report is appended,
        // so it does not conflict with that.
        try colleague.write(Change(status: .blocked), to: "yr2020.t.soil")
        try colleague.write(Change(progress: 30), to: "yr2020.t.soil")
        keys(rt, .enter, .escape)
        XCTAssertTrue(rt.state.message?.contains("已记录") ?? false, rt.state.message ?? "")
        let h = try store.history(itemID: "yr2020.t.soil")
        XCTAssertEqual(h.map(\.kind), [.status, .progress, .note])
        XCTAssertEqual(h.last?.note?.done, "已完成排查")
        XCTAssertEqual(h.last?.account, "tester")
        XCTAssertNil(rt.state.drafts["yr2020.t.soil"], "saved: no draft left")
        let s = try store.state(of: "yr2020.t.soil")
        XCTAssertEqual(s.status, .blocked, "the colleague's status stands")
        XCTAssertEqual(s.progress, 30)
    }

    func testARefusedStatusIsOfferedAgainAndConfirmed() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("s"))
        try colleague.write(Change(status: .blocked), to: "yr2020.t.soil")
        keys(rt, .char("2"))
        let message = rt.state.message ?? ""
        XCTAssertTrue(message.hasPrefix("未保存(同事刚改过"), message)
        XCTAssertTrue(message.contains("按 s 再确认“推进中”"), message)
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .blocked)
        // s opens the menu on what was chosen; Enter confirms it over the colleague's change.
        keys(rt, .char("s"))
        guard case .statusMenu(let m) = rt.state.mode else { return XCTFail("s opens the menu") }
        XCTAssertEqual(Status.allCases[m.cursor], .inProgress, "the choice is kept")
        keys(rt, .enter)
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .inProgress)
        XCTAssertNil(rt.state.refused["yr2020.t.soil"])
    }

    func testEscapeKeepsADraftAndEmptyReportsAreRefused() throws {
        let (rt, _) = dashboard()
        keys(rt, .char("a"), .enter)
        guard case .form(let f) = rt.state.mode else { return XCTFail("an empty report keeps the form open") }
        XCTAssertNotNil(f.error)
        typeText(rt, "草稿内容")
        keys(rt, .escape)
        XCTAssertEqual(rt.state.mode, .browse)
        XCTAssertEqual(try store.eventCount(), 0)
        keys(rt, .char("a"))
        guard case .form(let g) = rt.state.mode else { return XCTFail("a reopens") }
        XCTAssertEqual(g.fields[0].text, "草稿内容")
    }

    func testUndoShowsWhatItWouldUndoAndAsksFirst() throws {
        let (rt, backend) = dashboard()
        keys(rt, .char("x"))
        keys(rt, .char("u"))
        guard case .confirmUndo(let p) = rt.state.mode else { return XCTFail("u asks first") }
        XCTAssertEqual(p.events?.map(\.field), [.status, .progress])
        rt.render()
        let text = backend.screen.text
        XCTAssertTrue(text.contains("撤销这次修改?") && text.contains("状态 未启动 → 已完成") && text.contains("tester@office1"), text)
        keys(rt, .char("n"))
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .done, "n undoes nothing")
        keys(rt, .char("u"))
        keys(rt, .char("y"))
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .notStarted)
        XCTAssertEqual(try store.history(itemID: "yr2020.t.soil").map(\.kind), [.status, .progress, .undo, .undo])
        XCTAssertTrue(rt.state.message?.contains("已撤销") ?? false, rt.state.message ?? "")
        keys(rt, .char("u"))
        XCTAssertEqual(rt.state.message, "没有可撤销的修改")
        XCTAssertEqual(rt.state.mode, .browse)
    }

    func testHistoryShowsWhoWhenAndWhat() throws {
        let (rt, backend) = dashboard()
        try colleague.write(Change(status: .inProgress, note: ProgressNote(done: "完成清淤", problems: "设备不足")), to: "yr2020.t.soil")
        rt.execute(.loadStates)
        rt.settle()
        keys(rt, .char("H"))
        guard case .history(let p) = rt.state.mode else { return XCTFail("H opens the history") }
        XCTAssertEqual(p.events?.count, 2)
        rt.render()
        let text = backend.screen.text
        XCTAssertTrue(text.contains("lisi@office2"), text)
        XCTAssertTrue(text.contains("状态 未启动 → 推进中"), text)
        XCTAssertTrue(text.contains("完成清淤") && text.contains("设备不足"), text)
        // A change made while it is open shows in it.
        keys(rt, .char("q"))
        keys(rt, .char("H"))
        try colleague.write(Change(progress: 50), to: "yr2020.t.soil")
        rt.dispatch(.statesChanged(["yr2020.t.soil": try store.state(of: "yr2020.t.soil")]))
        rt.settle()
        guard case .history(let q) = rt.state.mode else { return XCTFail("still open") }
        XCTAssertEqual(q.events?.count, 3, "status, report, and the progress made while it was open")
    }

    func testALongHistoryScrollsToItsEndAndBackOneLineAtATime() throws {
        for p in 1...40 { try colleague.write(Change(progress: p), to: "yr2020.t.soil") }
        let (rt, backend) = dashboard()
        keys(rt, .char("H"))
        keys(rt, .char("G"))
        guard case .history(let end) = rt.state.mode else { return XCTFail("H opens the history") }
        XCTAssertGreaterThan(end.scroll, 0)
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("进度 0% → 1%"), "the oldest change at the bottom:\n\(backend.screen.text)")
        keys(rt, .char("k"))
        guard case .history(let up) = rt.state.mode else { return XCTFail("still open") }
        XCTAssertEqual(up.scroll, end.scroll - 1, "one k after G moves one line")
    }

    func testADashboardThatCannotReadItsColleaguesSaysSoOnce() throws {
        struct Gone: Error, CustomStringConvertible { var description: String { "the database is gone" } }
        let failing = Failing()
        var hooks = StoreHooks.connect(store)
        hooks.pollChanges = { if failing.on { throw Gone() }; return [:] }
        let rt = Runtime(state: Fixtures.state(), backend: TestBackend(size: Size(width: 100, height: 30)), store: hooks,
                         clock: { "2021-01-15" })
        failing.on = true
        XCTAssertTrue(rt.pollColleagues())
        XCTAssertEqual(rt.state.message, "无法读取同事的更新:the database is gone")
        XCTAssertFalse(rt.pollColleagues(), "said once, not every 0.4 s: nothing new dispatched")
        failing.on = false
        // Back (a database server restarted, issue 14): said once, then quiet again.
        XCTAssertTrue(rt.pollColleagues(), "back: it says so")
        XCTAssertEqual(rt.state.message, "已重新连接状态库,同事的更新已载入")
        XCTAssertFalse(rt.pollColleagues(), "then nothing new to show")
        failing.on = true
        XCTAssertTrue(rt.pollColleagues(), "a new failure is said again")
    }

    func testAReadOnlyStoreShowsABannerAndRefusesEdits() throws {
        // The same database opened read-only, wired the way the dashboard wires any store.
        let hooks = StoreHooks.connect(try Store(path: store.path, readOnly: true))
        var state = Fixtures.state()
        state.storeAccess = hooks.access
        let backend = TestBackend(size: state.size)
        let ro = Runtime(state: state, backend: backend, store: hooks, clock: { "2021-01-15" })
        ro.execute(.loadStates)
        ro.settle()
        select(ro, "yr2020.t.soil")
        ro.render()
        XCTAssertTrue(backend.screen.text.contains("只读:只能查看,不能记录"), backend.screen.text)
        // The path comes last (it may be long and is cut at the edge).
        XCTAssertTrue(backend.screen.text.contains("(状态库 " + store.path.prefix(20)), backend.screen.text)
        ro.handle(.key(.char("x")))
        ro.settle()
        XCTAssertTrue(ro.state.message?.contains("只读") ?? false, ro.state.message ?? "")
        XCTAssertEqual(try store.eventCount(), 0, "nothing reached the database")
    }

    func testStatesReadWhileTheLibraryLoadsAreThereForTheFirstFrame() throws {
        try colleague.write(Change(status: .done), to: "yr2020.t.soil")
        try colleague.write(Change(note: ProgressNote(done: "完成清淤")), to: "yr2020.t.sewage")
        let hooks = StoreHooks.connect(store)
        let preload = try XCTUnwrap(hooks.preload())
        guard case .success(let states)? = preload.wait() else { return XCTFail("the states are read") }
        XCTAssertEqual(states["yr2020.t.soil"]?.status, .done)
        // Beside them, when each item's newest report was filed (未报送), once.
        guard case .success(let times)? = preload.takeReportTimes(timeout: 10) else { return XCTFail("the report times are read") }
        XCTAssertEqual(Array(times.keys), ["yr2020.t.sewage"])
        XCTAssertNil(preload.takeReportTimes(), "handed over")
        // The poll then starts after that snapshot: only later changes come.
        XCTAssertEqual(try hooks.pollChanges?().count, 0)
        try colleague.write(Change(progress: 20), to: "yr2020.t.soil")
        XCTAssertEqual(try hooks.pollChanges?().keys.sorted(), ["yr2020.t.soil"])
        XCTAssertNil(StoreHooks.none.preload(), "no store, nothing to wait for")
    }

    func testPointsAndSectionsAreNotEdited() throws {
        let (rt, _) = dashboard(selecting: "yr2020.s2.p2")
        keys(rt, .char("x"))
        XCTAssertTrue(rt.state.message?.contains("只能为任务记录进展") ?? false, rt.state.message ?? "")
        XCTAssertEqual(try store.eventCount(), 0)
    }
}

/// A switch a test flips while a hook reads it.
final class Failing: @unchecked Sendable {
    var on = false
}
