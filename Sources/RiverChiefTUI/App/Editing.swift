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
    /// Opened by the dashboard after a report was saved, offering to update the status.
    public var offered = false
}

/// A form of one or more text fields: progress, a deadline, or a progress report's four parts.
public struct EditForm: Sendable, Equatable {
    /// `reason`: why a task is marked behind or blocked (asked before that status is recorded).
    public enum Kind: Sendable, Equatable { case progress, deadline, note, reason(Status) }
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
        case .reason(let st): return [s.t("为什么\(st.chinese)?(必填,记入历史)", "Why is it \(st.english)? (required; kept in the history)")]
        }
    }

    /// Whether the fields hold several lines (a report, a reason).
    public var multiline: Bool {
        switch kind {
        case .note, .reason: return true
        case .progress, .deadline: return false
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
        // Shown first and asked: on a shared login the account's last change may be a colleague's.
        state.mode = .confirmUndo(UndoPreview())
        return [.previewUndo]
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
    let id = state.library.items[i].id
    let current = state.state(of: i)
    // A change refused by a colleague's is offered again by the same key, on the latest base.
    let refused = state.refused[id]
    let base = refused.map { max($0.base ?? 0, current.lastEventID ?? 0) } ?? current.lastEventID
    switch action {
    case .setStatus:
        let picked = refused?.change.status ?? current.status
        state.mode = .statusMenu(StatusMenu(item: i, base: base, cursor: Status.allCases.firstIndex(of: picked) ?? 0))
        if let st = refused?.change.status {
            state.message = state.settings.t("上次未保存的选择:\(st.chinese);Enter 确认", "your refused choice: \(st.english); Enter confirms it")
        }
    case .markInProgress: return setStatus(&state, i, .inProgress, base: base)
    case .markDone: return setStatus(&state, i, .done, base: base)
    case .markBlocked: return setStatus(&state, i, .blocked, base: base)
    case .progressUp, .progressDown:
        return stepProgress(&state, i, up: action == .progressUp, base: current.lastEventID)
    case .setProgress:
        let shown = refused?.change.progress ?? current.progress
        state.mode = .form(EditForm(kind: .progress, item: i, base: base, fields: [TextField(String(shown), limit: 8, selected: true)]))
    case .setDeadline:
        var shown = state.deadline(of: i) ?? ""
        switch refused?.change.deadline {
        case .set(let d)?: shown = d
        case .clear?: shown = ""
        case nil: break
        }
        state.mode = .form(EditForm(kind: .deadline, item: i, base: base, fields: [TextField(shown, limit: 20, selected: true)]))
    case .addNote:
        let draft = state.drafts[id] ?? []
        let fields = (0..<4).map { k in TextField(k < draft.count ? draft[k] : "", limit: EditForm.reportLimit, multiline: true) }
        state.mode = .form(EditForm(kind: .note, item: i, base: base, fields: fields))
        if !draft.isEmpty { state.message = state.settings.t("已打开未保存的草稿", "your unsaved draft is back") }
    default:
        break
    }
    return []
}

extension EditForm {
    /// The most characters a report's part (or a reason) takes.
    public static let reportLimit = 2000
}

/// Sets a status: behind and blocked ask for a reason first (it goes into the history with the
/// status); the others are recorded at once.
func setStatus(_ state: inout AppState, _ i: Int, _ status: Status, base: Int64?) -> [Effect] {
    guard state.state(of: i).status != status else {
        state.message = state.settings.t("状态已是\(status.chinese)", "the status is already \(status.english)")
        return []
    }
    if status == .behind || status == .blocked {
        let id = state.library.items[i].id
        let kept = state.refused[id]?.change.note?.problems ?? ""
        state.mode = .form(EditForm(kind: .reason(status), item: i, base: base,
                                    fields: [TextField(kept, limit: EditForm.reportLimit, multiline: true)]))
        return []
    }
    return write(&state, i, Change(status: status), base: base)
}

/// One +/- press: the progress shown moves at once; the change is recorded once the presses rest
/// (`Msg.keysRested`) or another key comes, so seven presses are one entry in the history.
private func stepProgress(_ state: inout AppState, _ i: Int, up: Bool, base: Int64?) -> [Effect] {
    var effects: [Effect] = []
    if let p = state.pendingProgress, p.item != i { effects = flushProgress(&state) }
    let current = state.state(of: i).progress
    let next = progressStep(current, up: up)
    guard next != current else {
        state.message = state.settings.t("进度已是 \(next)%", "progress is already \(next)%")
        return effects
    }
    var p = state.pendingProgress ?? PendingProgress(item: i, base: base, from: current, value: current)
    p.value = next
    state.pendingProgress = p
    state.message = state.settings.t("进度 \(p.from)% → \(p.value)%(停按后记录)", "progress \(p.from)% → \(p.value)% (recorded when you stop)")
    return effects
}

/// Records the +/- presses not yet recorded, as one change.
func flushProgress(_ state: inout AppState) -> [Effect] {
    guard let p = state.pendingProgress else { return [] }
    state.pendingProgress = nil
    guard p.value != p.from else {
        state.message = state.settings.t("进度未变(\(p.value)%)", "progress unchanged (\(p.value)%)")
        return []
    }
    return write(&state, p.item, Change(progress: p.value), base: p.base)
}

/// Sends a change to the store, completed by `StatusRules` (done sets 100 %, progress above 0
/// starts a task not started) against the state the dashboard shows.
private func write(_ state: inout AppState, _ i: Int, _ asked: Change, base: Int64?) -> [Effect] {
    let id = state.library.items[i].id
    let change = StatusRules.complete(asked, current: state.state(of: i))
    state.message = state.settings.t("正在保存…", "saving…")
    state.refused[id] = nil
    state.inFlight[id] = change
    return [.write(id: id, change: change, base: base)]
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
        if m.offered { state.message = state.settings.t("状态未改", "status left as it was") }
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
    let width = FormOverlay.fieldTextWidth(state, form: f)
    let amb = state.settings.ambiguous
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
    case .formLineDown?:
        // Down a line inside the field; from its last line to the next field.
        if !f.fields[f.focus].moveVertically(up: false, width: width, ambiguous: amb), f.focus + 1 < f.fields.count { f.focus += 1 }
    case .formLineUp?:
        if !f.fields[f.focus].moveVertically(up: true, width: width, ambiguous: amb), f.focus > 0 { f.focus -= 1 }
    case .formNewline?:
        if !f.fields[f.focus].insertNewline() {
            f.error = f.fields[f.focus].multiline ? limitText(state, f.fields[f.focus].limit) : nil
            state.mode = .form(f)
            return []
        }
    case .formLeft?: f.fields[f.focus].moveLeft()
    case .formRight?: f.fields[f.focus].moveRight()
    case .formStart?: f.fields[f.focus].moveToRowEdge(end: false, width: width, ambiguous: amb)
    case .formEnd?: f.fields[f.focus].moveToRowEdge(end: true, width: width, ambiguous: amb)
    case .formDeleteBackward?: f.fields[f.focus].deleteBackward()
    case .formDeleteForward?: f.fields[f.focus].deleteForward()
    case .formClearToStart?: f.fields[f.focus].deleteToStart()
    default:
        guard case .char(let c) = key else { return [] }
        return formInsert(&state, String(c), form: f)
    }
    f.error = nil
    state.mode = .form(f)
    return []
}

/// Text typed or pasted into the form's field; when the field's limit cuts it, the form says so.
func formInsert(_ state: inout AppState, _ text: String, form: EditForm) -> [Effect] {
    var f = form
    let cut = f.fields[f.focus].insert(text)
    f.error = cut > 0 ? limitText(state, f.fields[f.focus].limit) + state.settings.t("(少了 \(cut) 字)", " (\(cut) characters left out)") : nil
    state.mode = .form(f)
    return []
}

private func limitText(_ state: AppState, _ limit: Int?) -> String {
    let n = limit ?? 0
    return state.settings.t("粘贴内容超出 \(n) 字,已截断", "the text is longer than \(n) characters and was cut")
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
        let effects = write(&state, f.item, Change(note: note), base: f.base)
        // Saving a report offers to update the status (Esc leaves it). A report is appended, so
        // the status written from this menu does not conflict with it.
        state.mode = .statusMenu(StatusMenu(item: f.item, base: f.base, cursor: Status.allCases.firstIndex(of: current.status) ?? 0,
                                            offered: true))
        return effects
    case .reason(let status):
        let reason = f.fields[0].text.trimmingWhitespace
        guard !reason.isEmpty else {
            f.error = s.t("请写明原因(Esc 取消,状态不变)", "say why (Esc cancels; the status stays)")
            state.mode = .form(f)
            return []
        }
        state.mode = .browse
        return write(&state, f.item, Change(status: status, note: ProgressNote(problems: reason)), base: f.base)
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

