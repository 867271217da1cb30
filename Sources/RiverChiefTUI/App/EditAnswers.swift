import RiverChiefCore
import RiverChiefStore

// The store's answers to the dashboard's writes and undos, and the undo that asks first. Messages
// put what the person must do first and quote a colleague's change last, cut short; `m` shows any
// message whole.

/// A change as the interface's language says it ("状态 推进中 → 已完成" / "status in progress → done").
func describe(_ e: StateEvent, _ s: Settings) -> String { e.changeDescription(english: s.lang == .en) }

/// A colleague's change quoted at the end of a message: short (the whole of it is in the history).
func quoteShort(_ e: StateEvent, _ s: Settings) -> String {
    TextLayout.truncate(describe(e, s), to: 30, ambiguous: s.ambiguous)
}

func applyWritten(_ state: inout AppState, _ r: WriteResult, undone: Bool) {
    state.applyChanges([r.itemID: r.after])
    state.inFlight[r.itemID] = nil
    let s = state.settings
    let title = shortTitle(state, r.itemID)
    if !undone && r.events.contains(where: { $0.kind == .note }) { state.drafts[r.itemID] = nil }
    if r.events.isEmpty {
        state.message = s.t("\(title):未改变", "\(title): unchanged")
        return
    }
    let what = r.events.filter { $0.kind != .note || r.events.count == 1 }.map { describe($0, s) }.joined(separator: ";")
    if undone {
        state.message = s.t("已撤销 \(title):\(what)", "undone on \(title): \(what)")
        return
    }
    // 100 % offers done (StatusRules): the offer first, it is what to do next.
    let offer = StatusRules.offersDone(r.after) && r.events.contains(where: { $0.field == .progress })
        ? s.t("进度已到 100%:按 x 标为已完成。", "progress is 100%: x marks it done. ") : ""
    state.message = offer + s.t("已记录 \(title):\(what)  (u 撤销)", "recorded on \(title): \(what)  (u undoes)")
}

extension AppState {
    /// The history panel, when one is open on item `id`.
    func historyPanel(showing id: String) -> HistoryPanel? {
        if case .history(let p) = mode, library.items[p.item].id == id { return p }
        return nil
    }
}

func applyWriteFailed(_ state: inout AppState, itemID: String?, error: StoreError?, text: String) {
    let s = state.settings
    let keptDraft = itemID.map { state.drafts[$0] != nil } ?? false
    let draftNote = keptDraft ? s.t("反馈已留作草稿,按 a 继续。", "Your report is kept as a draft: a reopens it. ") : ""
    let asked = itemID.flatMap { state.inFlight[$0] }
    if let id = itemID { state.inFlight[id] = nil }
    // The status line escapes what it shows (accounts and notes come from the store).
    switch error {
    case .conflict(let c)?:
        let title = shortTitle(state, c.itemID)
        // What the person chose is kept: the same key offers it again, on the colleague's change.
        var again = ""
        if let change = asked {
            state.refused[c.itemID] = RefusedChange(change: change, base: c.latest?.id ?? c.base)
            if let st = change.status {
                again = s.t("按 \(st == .done ? "x" : "s") 再确认“\(st.chinese)”。", "press \(st == .done ? "x" : "s") to confirm \(st.english) again. ")
            } else if let p = change.progress {
                again = s.t("按 p 再确认 \(p)%。", "press p to confirm \(p)% again. ")
            } else if change.deadline != nil {
                again = s.t("按 d 再确认截止日期。", "press d to confirm the deadline again. ")
            }
        }
        let head = s.t("未保存(同事刚改过 \(title)):", "not saved (a colleague just changed \(title)): ")
        if let e = c.latest {
            state.message = head + again + draftNote
                + s.t("\(e.account) \(shortTime(e.atMillis)) 改了 \(quoteShort(e, s))", "\(e.account) at \(shortTime(e.atMillis)): \(quoteShort(e, s))")
        } else {
            state.message = head + again + draftNote
        }
    case .undoRefused(let id, _, let since)?:
        state.message = s.t("不能撤销:\(shortTitle(state, id)) 之后又被 \(since.account) 于 \(shortTime(since.atMillis)) 改过(\(quoteShort(since, s)))",
                            "cannot undo: \(since.account) changed \(shortTitle(state, id)) since, at \(shortTime(since.atMillis)) (\(quoteShort(since, s)))")
    case .nothingToUndo?:
        state.message = s.t("没有可撤销的修改", "nothing of yours to undo")
    case .readOnly?:
        state.message = s.t("只读,未保存:您无权修改状态库。", "read-only, not saved: you cannot write the state database. ") + draftNote
    case .replaced?:
        state.message = s.t("未保存:状态库文件已被替换(恢复了备份?),现已改读新文件。请看过后再改。",
                            "not saved: the state database file was replaced (a backup restored?); the new file is open now. Look, then try again. ")
            + draftNote
    case .vanished(let path)?:
        state.message = s.t("未保存:状态库文件已被移走或删除,放回之前无法记录:\(Sanitize.forTerminal(path))",
                            "not saved: the state database was moved or deleted; nothing can be recorded until it is back: \(Sanitize.forTerminal(path))")
            + (draftNote.isEmpty ? "" : " " + draftNote)
    default:
        state.message = s.t("未保存:", "not saved: ") + draftNote + text
    }
}

/// An item's title, cut to fit a status-line message.
func shortTitle(_ state: AppState, _ id: String) -> String {
    guard let i = state.library.itemIndex[id] else { return Sanitize.forTerminal(id) }
    let it = state.library.items[i]
    return "“" + TextLayout.truncate(Sanitize.forTerminal(it.title), to: 24, ambiguous: state.settings.ambiguous) + "”"
}

/// "11-29 10:32" in local time.
func shortTime(_ millis: Int64) -> String {
    let t = TimeText.local(millis: millis)
    return String(t.dropFirst(5).prefix(11))
}

// MARK: Undo, asked first

/// The store's answer to `Effect.previewUndo`: the question shows what would be undone.
func applyUndoPreview(_ state: inout AppState, events: [StateEvent]?, error: String?) {
    guard case .confirmUndo = state.mode else { return }
    if let events, events.isEmpty {
        state.mode = .browse
        state.message = state.settings.t("没有可撤销的修改", "nothing of yours to undo")
        return
    }
    state.mode = .confirmUndo(UndoPreview(events: events, error: error))
}

func confirmUndoKey(_ state: inout AppState, _ key: Key, preview: UndoPreview) -> [Effect] {
    switch keymap.action(for: key, in: .confirm) {
    case .confirmAccept?:
        guard let batch = preview.events?.first?.batchID else { return [] } // still loading
        state.mode = .browse
        state.message = state.settings.t("正在撤销…", "undoing…")
        return [.undo(batch: batch)]
    default:
        if key == .ctrl("c") { return quit(&state) }
        state.mode = .browse
        state.message = state.settings.t("未撤销", "nothing undone")
        return []
    }
}

// MARK: The last messages (m)

func messagesKey(_ state: inout AppState, _ key: Key, scroll: Int) -> [Effect] {
    let page = max(1, state.size.height - 6)
    let most = MessagesOverlay.maxScroll(state)
    switch keymap.action(for: key, in: .browse) {
    case .moveDown?: state.mode = .messages(scroll: min(most, scroll + 1))
    case .moveUp?: state.mode = .messages(scroll: max(0, scroll - 1))
    case .pageDown?: state.mode = .messages(scroll: min(most, scroll + page))
    case .pageUp?: state.mode = .messages(scroll: max(0, scroll - page))
    case .top?: state.mode = .messages(scroll: 0)
    case .bottom?: state.mode = .messages(scroll: most)
    case .quit? where key == .ctrl("c"): return quit(&state)
    default: state.mode = .browse
    }
    return []
}

// MARK: The drafts (D)

func draftsKey(_ state: inout AppState, _ key: Key, cursor: Int) -> [Effect] {
    let items = state.draftItems
    guard !items.isEmpty else {
        state.mode = .browse
        return []
    }
    let k = min(cursor, items.count - 1)
    switch keymap.action(for: key, in: .drafts) {
    case .draftOpen?:
        // To the task, and its report form with the draft.
        state.mode = .browse
        openInTree(&state, item: items[k])
        return perform(&state, .addNote)
    case .draftDiscard?:
        let id = state.library.items[items[k]].id
        state.drafts[id] = nil
        state.message = state.settings.t("已丢弃 \(shortTitle(state, id)) 的草稿", "draft for \(shortTitle(state, id)) discarded")
        state.mode = state.drafts.isEmpty ? .browse : .drafts(cursor: min(k, state.drafts.count - 1))
        return []
    default:
        break
    }
    switch keymap.action(for: key, in: .browse) {
    case .moveDown?: state.mode = .drafts(cursor: min(items.count - 1, k + 1))
    case .moveUp?: state.mode = .drafts(cursor: max(0, k - 1))
    case .quit? where key == .ctrl("c"): return quit(&state)
    default: state.mode = .browse
    }
    return []
}

// MARK: Colleagues' recent changes (C)

extension AppState {
    /// Tasks last changed by someone else, newest first (at most 200): from the states the
    /// dashboard already holds, no query.
    var recentChanges: [Int] {
        let me = settings.user
        var changed: [(Int, Double)] = []
        states.forEach { i, _, s in
            guard let by = s.updatedBy, by != me, let i else { return }
            changed.append((i, s.updatedAt ?? 0))
        }
        return changed.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(200).map(\.0)
    }
}

func changesKey(_ state: inout AppState, _ key: Key, cursor: Int) -> [Effect] {
    let items = state.recentChanges
    guard !items.isEmpty else {
        state.mode = .browse
        return []
    }
    let k = min(cursor, items.count - 1)
    switch keymap.action(for: key, in: .browse) {
    case .moveDown?: state.mode = .changes(cursor: min(items.count - 1, k + 1))
    case .moveUp?: state.mode = .changes(cursor: max(0, k - 1))
    case .toggle? where key == .enter:
        // To the task in the tree (seen there).
        state.mode = .browse
        openInTree(&state, item: items[k])
        state.markShownSeen()
    case .quit? where key == .ctrl("c"): return quit(&state)
    default: state.mode = .browse
    }
    return []
}
