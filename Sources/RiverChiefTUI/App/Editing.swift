import RiverChiefCore
import RiverChiefStore

// Recording progress from the dashboard: the status menu and direct status keys, progress and
// deadline forms, progress reports, undo and history. Every change is an `Effect.write` carrying the
// item's last event as the user saw it when the change was begun, so a colleague's change in between
// is reported (with who and when) instead of being overwritten.

/// The status menu (`s`): the five statuses, the cursor on one of them.
public struct StatusMenu: Sendable, Equatable {
    /// The task (position in `Library.items`).
    public var item: Int
    /// Its last event when the menu opened.
    public var base: Int64?
    /// Position in `Status.allCases`.
    public var cursor: Int
}

/// A form of one or more text fields: progress, a deadline, or a progress report's four parts.
public struct EditForm: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case progress, deadline, note }
    public var kind: Kind
    /// The task (position in `Library.items`).
    public var item: Int
    /// Its last event when the form opened.
    public var base: Int64?
    public var fields: [TextField]
    /// The field with the cursor.
    public var focus = 0
    /// Why the last Enter was refused (an invalid date, a number out of range).
    public var error: String?

    /// The fields' labels.
    public func labels(_ s: Settings) -> [String] {
        switch kind {
        case .progress: return [s.t("进度(0–100)", "Progress (0-100)")]
        case .deadline: return [s.t("截止日期", "Deadline")]
        case .note: return [s.t("已完成工作", "Work done"), s.t("下一步计划", "Next steps"),
                            s.t("存在问题", "Problems"), s.t("需要支持", "Support needed")]
        }
    }
}

/// The history panel (`H`): one task's events, newest last, as the store returned them.
public struct HistoryPanel: Sendable, Equatable {
    public var item: Int
    /// Nil while loading.
    public var events: [StateEvent]?
    public var error: String?
    public var scroll = 0
}

// MARK: Starting a change

/// Whether changes can be recorded; when not, the status line says why.
func storeWritable(_ state: inout AppState) -> Bool {
    guard let access = state.storeAccess, !access.canWrite else { return true }
    let s = state.settings
    if case .readOnly(_, let reason) = access {
        // The store's reason names the real cause: the file's mode, owner or group.
        state.message = s.t("只读,不能记录:", "read-only, nothing can be recorded: ") + reason
    } else {
        state.message = s.t("状态库不可用,不能记录(见 riverchief doctor)", "no state database: nothing can be recorded (see riverchief doctor)")
    }
    return false
}

/// Whether the role lets this person change task `i`; when not, the status line says why.
func mayChange(_ state: inout AppState, _ i: Int) -> Bool {
    guard let rights = state.rights else { return true }
    let id = state.library.items[i].id
    guard !rights.mayChange(id) else { return true }
    let why = rights.explain(id) ?? ("您的角色不能修改此任务", "your role may not change this task")
    state.message = state.settings.t(why.0, why.1)
    return false
}

/// The selected task; nil, with the status line saying why, when the selection is not a task.
func selectedTask(_ state: inout AppState) -> Int? {
    let s = state.settings
    guard let i = state.detailItem else {
        state.message = state.view == .units || state.view == .targets
            ? s.t("先按 Tab 到任务列表选一项任务", "press Tab and choose a task first")
            : s.t("先选一项任务", "choose a task first")
        return nil
    }
    let kind = state.library.items[i].kind
    guard kind == .task else {
        state.message = s.t("只能为任务记录进展;所选是\(kind == .point ? "要点" : "部分")",
                            "progress is recorded on tasks; this is a \(kind == .point ? "point" : "section")")
        return nil
    }
    return i
}

/// Progress one step of 10 up or down from `p`: 35 goes to 40 or 30, 30 to 40 or 20; within 0–100.
func progressStep(_ p: Int, up: Bool) -> Int {
    let next = up ? (p / 10 + 1) * 10 : (p % 10 == 0 ? p - 10 : p / 10 * 10)
    return min(100, max(0, next))
}

/// Carries out an edit action in browse mode.
func performEdit(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .undo:
        guard storeWritable(&state) else { return [] }
        state.message = state.settings.t("正在撤销…", "undoing…")
        return [.undo]
    case .history:
        guard let i = selectedTask(&state) else { return [] }
        state.mode = .history(HistoryPanel(item: i))
        return [.loadHistory(id: state.library.items[i].id)]
    default:
        break
    }
    guard storeWritable(&state), let i = selectedTask(&state) else { return [] }
    guard mayChange(&state, i) else {
        return [.recordRefusal(id: state.library.items[i].id, attempted: "dashboard: \(action)")]
    }
    let current = state.state(of: i)
    let base = current.lastEventID
    switch action {
    case .setStatus:
        state.mode = .statusMenu(StatusMenu(item: i, base: base, cursor: Status.allCases.firstIndex(of: current.status) ?? 0))
    case .markInProgress: return setStatus(&state, i, .inProgress, base: base)
    case .markDone: return setStatus(&state, i, .done, base: base)
    case .markBlocked: return setStatus(&state, i, .blocked, base: base)
    case .progressUp, .progressDown:
        let p = progressStep(current.progress, up: action == .progressUp)
        guard p != current.progress else {
            state.message = state.settings.t("进度已是 \(p)%", "progress is already \(p)%")
            return []
        }
        return write(&state, i, Change(progress: p), base: base)
    case .setProgress:
        state.mode = .form(EditForm(kind: .progress, item: i, base: base, fields: [TextField(String(current.progress), limit: 8, selected: true)]))
    case .setDeadline:
        state.mode = .form(EditForm(kind: .deadline, item: i, base: base, fields: [TextField(state.deadline(of: i) ?? "", limit: 20, selected: true)]))
    case .addNote:
        let draft = state.drafts[state.library.items[i].id] ?? []
        let fields = (0..<4).map { k in TextField(k < draft.count ? draft[k] : "", limit: 2000) }
        state.mode = .form(EditForm(kind: .note, item: i, base: base, fields: fields))
        if !draft.isEmpty { state.message = state.settings.t("已打开未保存的草稿", "your unsaved draft is back") }
    default:
        break
    }
    return []
}

private func setStatus(_ state: inout AppState, _ i: Int, _ status: Status, base: Int64?) -> [Effect] {
    guard state.state(of: i).status != status else {
        state.message = state.settings.t("状态已是\(status.chinese)", "the status is already \(status.english)")
        return []
    }
    return write(&state, i, Change(status: status), base: base)
}

private func write(_ state: inout AppState, _ i: Int, _ change: Change, base: Int64?) -> [Effect] {
    state.message = state.settings.t("正在保存…", "saving…")
    return [.write(id: state.library.items[i].id, change: change, base: base)]
}

// MARK: Keys in the menu, the forms and the history

func statusMenuKey(_ state: inout AppState, _ key: Key, menu: StatusMenu) -> [Effect] {
    var m = menu
    let all = Status.allCases
    if case .char(let c) = key, let n = c.wholeNumberValue, (1...all.count).contains(n) {
        state.mode = .browse
        return setStatus(&state, m.item, all[n - 1], base: m.base)
    }
    switch keymap.action(for: key, in: .browse) {
    case .moveDown?: m.cursor = min(all.count - 1, m.cursor + 1)
    case .moveUp?: m.cursor = max(0, m.cursor - 1)
    case .top?: m.cursor = 0
    case .bottom?: m.cursor = all.count - 1
    case .toggle? where key == .enter, .expand?:
        state.mode = .browse
        return setStatus(&state, m.item, all[m.cursor], base: m.base)
    case .quit? where key == .ctrl("c"):
        return quit(&state)
    case .cancel?, .quit?, .setStatus?:
        state.mode = .browse
        return []
    default:
        return []
    }
    state.mode = .statusMenu(m)
    return []
}

func formKey(_ state: inout AppState, _ key: Key, form: EditForm) -> [Effect] {
    var f = form
    let id = state.library.items[f.item].id
    switch keymap.action(for: key, in: .form) {
    case .formSave?:
        return save(&state, f)
    case .formCancel?:
        state.mode = .browse
        if f.kind == .note {
            let texts = f.fields.map(\.text)
            if texts.contains(where: { !$0.trimmingWhitespace.isEmpty }) {
                state.drafts[id] = texts
                state.message = state.settings.t("反馈未保存,已留作草稿;再按 a 继续", "report not saved: kept as a draft (a reopens it)")
            } else {
                state.drafts[id] = nil
            }
        }
        return []
    case .formNextField?: f.focus = (f.focus + 1) % f.fields.count
    case .formPreviousField?: f.focus = (f.focus + f.fields.count - 1) % f.fields.count
    case .formLeft?: f.fields[f.focus].moveLeft()
    case .formRight?: f.fields[f.focus].moveRight()
    case .formStart?: f.fields[f.focus].moveToStart()
    case .formEnd?: f.fields[f.focus].moveToEnd()
    case .formDeleteBackward?: f.fields[f.focus].deleteBackward()
    case .formDeleteForward?: f.fields[f.focus].deleteForward()
    case .formClearToStart?: f.fields[f.focus].deleteToStart()
    default:
        guard case .char(let c) = key else { return [] }
        f.fields[f.focus].insert(String(c))
    }
    f.error = nil
    state.mode = .form(f)
    return []
}

/// Enter in a form: check what was typed, then write it (the form stays open with a message when
/// the input is refused).
private func save(_ state: inout AppState, _ form: EditForm) -> [Effect] {
    var f = form
    let s = state.settings
    let item = state.library.items[f.item]
    let current = state.state(of: f.item)
    switch f.kind {
    case .progress:
        let text = TypedInput.normalizeDigits(f.fields[0].text)
        guard let p = try? Validation.progress(text: text) else {
            f.error = s.t("进度须为 0 到 100 的整数,不是“\(f.fields[0].text)”",
                          "progress must be a whole number from 0 to 100, not \"\(f.fields[0].text)\"")
            state.mode = .form(f)
            return []
        }
        state.mode = .browse
        guard p != current.progress else {
            state.message = s.t("进度未变(\(p)%)", "progress unchanged (\(p)%)")
            return []
        }
        return write(&state, f.item, Change(progress: p), base: f.base)
    case .deadline:
        let change: DeadlineChange
        switch EditInput.deadline(f.fields[0].text) {
        case .failure(let reason):
            f.error = reason.text(s)
            state.mode = .form(f)
            return []
        case .success(let date):
            change = date.map(DeadlineChange.set) ?? .clear
        }
        state.mode = .browse
        // Compared with the deadline in force (the store's, else the speech's): setting the
        // speech's own date again records nothing.
        if case .set(let d) = change, d == state.deadline(of: f.item) {
            state.message = s.t("截止日期未变", "deadline unchanged")
            return []
        }
        if change == .clear && current.deadline == nil {
            state.message = item.deadline == nil ? s.t("本来就没有截止日期", "there was no deadline")
                : s.t("讲话定的截止日期不能清除,只能改为其他日期", "the speech's own deadline cannot be cleared, only changed")
            return []
        }
        return write(&state, f.item, Change(deadline: change), base: f.base)
    case .note:
        let texts = f.fields.map(\.text)
        let note = ProgressNote(done: texts[0], next: texts[1], problems: texts[2], support: texts[3])
        guard !note.isEmpty else {
            f.error = s.t("反馈是空的:至少填一栏,或按 Esc 关闭", "the report is empty: fill in a field, or Esc to close")
            state.mode = .form(f)
            return []
        }
        // Kept until the store confirms it, so a refused write loses nothing.
        state.drafts[item.id] = texts
        state.mode = .browse
        return write(&state, f.item, Change(note: note), base: f.base)
    }
}

func historyKey(_ state: inout AppState, _ key: Key, panel: HistoryPanel) -> [Effect] {
    var p = panel
    let page = max(1, state.size.height - 6)
    switch keymap.action(for: key, in: .browse) {
    case .moveDown?: p.scroll += 1
    case .moveUp?: p.scroll = max(0, p.scroll - 1)
    case .pageDown?: p.scroll += page
    case .pageUp?: p.scroll = max(0, p.scroll - page)
    case .top?: p.scroll = 0
    case .bottom?: p.scroll = Int.max / 2
    case .quit? where key == .ctrl("c"): return quit(&state)
    default:
        state.mode = .browse // Esc, q, H and any other key close it
        return []
    }
    p.scroll = min(p.scroll, HistoryOverlay.maxScroll(state, panel: p))
    state.mode = .history(p)
    return []
}

// MARK: The store's answers

func applyWritten(_ state: inout AppState, _ r: WriteResult, undone: Bool) {
    state.applyChanges([r.itemID: r.after])
    let s = state.settings
    let title = shortTitle(state, r.itemID)
    if !undone && r.events.contains(where: { $0.kind == .note }) { state.drafts[r.itemID] = nil }
    if r.events.isEmpty {
        state.message = s.t("\(title):未改变", "\(title): unchanged")
        return
    }
    let what = r.events.map(\.changeDescription).joined(separator: ";")
    state.message = undone
        ? s.t("已撤销 \(title):\(what)", "undone on \(title): \(what)")
        : s.t("已记录 \(title):\(what)  (u 撤销)", "recorded on \(title): \(what)  (u undoes)")
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
    let draftNote = keptDraft ? s.t(" 反馈已留作草稿,按 a 继续。", " Your report is kept as a draft (a).") : ""
    // The status line escapes what it shows (accounts and notes come from the store).
    switch error {
    case .conflict(let c)?:
        let title = shortTitle(state, c.itemID)
        if let e = c.latest {
            state.message = s.t("未保存:\(title) 已被 \(e.account) 于 \(shortTime(e.atMillis)) 修改(\(e.changeDescription))。请看过后再改。",
                                "not saved: \(e.account) changed \(title) at \(shortTime(e.atMillis)) (\(e.changeDescription)). Look, then try again.")
                + draftNote
        } else {
            state.message = s.t("未保存:\(title) 已被他人修改,请看过后再改。", "not saved: \(title) was changed by someone else.") + draftNote
        }
    case .undoRefused(let id, _, let since)?:
        state.message = s.t("不能撤销:\(since.account) 于 \(shortTime(since.atMillis)) 又改了 \(shortTitle(state, id))(\(since.changeDescription))",
                            "cannot undo: \(since.account) changed \(shortTitle(state, id)) since, at \(shortTime(since.atMillis))")
    case .nothingToUndo?:
        state.message = s.t("没有可撤销的修改", "nothing of yours to undo")
    case .readOnly?:
        state.message = s.t("只读:您无权修改状态库,未保存", "read-only: you cannot write the state database; not saved") + draftNote
    case .replaced?:
        state.message = s.t("未保存:状态库文件已被替换(恢复了备份?),现已改读新文件。请看过后再改。",
                            "not saved: the state database file was replaced (a backup restored?); the new file is open now. Look, then try again.")
            + draftNote
    case .vanished(let path)?:
        state.message = s.t("未保存:状态库文件已被移走或删除,放回之前无法记录:\(Sanitize.forTerminal(path))",
                            "not saved: the state database was moved or deleted; nothing can be recorded until it is back: \(Sanitize.forTerminal(path))")
            + draftNote
    default:
        state.message = s.t("未保存:", "not saved: ") + text + draftNote
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
