import RiverChiefCore
import RiverChiefStore

/// The dashboard's one state transition: applies a message to the state and returns the effects
/// the runtime must carry out. Pure: no terminal, no files, no clock; every screen state can be
/// reached in a test by feeding messages.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .key(let key):
        return handleKey(&state, key)
    case .mouse(let m):
        return handleMouse(&state, m)
    case .resize(let size):
        state.size = size
        state.clampCursors()
        return []
    case .tick(let today):
        guard today != state.today else { return [] }
        state.today = today
        state.rebuildBook()
        state.countNotReported()
        return []
    case .searchReady(let idx):
        state.indexes = idx
        return []
    case .statesLoaded(let snapshot):
        state.states = ItemStates(snapshot, library: state.library)
        state.markChangedSinceLastLooked()
        state.rebuildBook()
        state.countNotReported()
        state.clampCursors()
        return []
    case .statesChanged(let all):
        let changed = all.filter { state.states[$0.key] != $0.value }
        guard !changed.isEmpty else { return [] }
        // A colleague's report (or its undo) changes the newest note: read the report times again.
        let notes = changed.contains { state.states[$0.key]?.latestNote != $0.value.latestNote }
        state.applyChanges(changed)
        state.markUnseen(changed.keys)
        state.markShownSeen()
        state.countNotReported()
        return followHistory(state, changed.keys) + (notes ? [.loadReportTimes] : [])
    case .written(let r):
        applyWritten(&state, r, undone: false)
        if let note = r.events.last(where: { $0.kind == .note }) {
            state.reportTimes?[r.itemID] = note.atMillis
        }
        state.countNotReported()
        return followHistory(state, [r.itemID])
    case .undone(let r):
        applyWritten(&state, r, undone: true)
        return followHistory(state, [r.itemID]) + (r.events.contains { $0.field == .note } ? [.loadReportTimes] : [])
    case .undoPreviewed(let events, let error):
        applyUndoPreview(&state, events: events, error: error)
        return []
    case .writeFailed(let id, let error, let text):
        applyWriteFailed(&state, itemID: id, error: error, text: text)
        return []
    case .historyLoaded(let id, let events, let error):
        if var p = state.historyPanel(showing: id) {
            p.events = events
            p.error = error
            state.mode = .history(p)
        }
        return []
    case .reportTimesLoaded(let times):
        state.reportTimes = times
        state.countNotReported()
        return []
    case .reportsLoaded(let summary, let error):
        if case .reports(var p) = state.mode {
            p.summary = summary
            p.error = error
            state.mode = .reports(p)
        }
        return []
    case .notice(let text):
        state.message = text
        return []
    case .keysRested:
        state.detailHeld = nil
        state.markShownSeen()
        return flushProgress(&state)
    }
}

let keymap = Keymap()

func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if state.mode != .browse { state.detailHeld = nil }
    // Ctrl-L redraws in every mode: it leaves a help box, a form or a menu open, as it leaves the
    // text typed in it (a garbled screen is repaired where the person is).
    if keymap.action(for: key, in: .browse) == .redraw { return [.redrawAll] }
    // +/- presses not yet recorded are recorded before any other key acts.
    if state.pendingProgress != nil {
        let action = state.mode == .browse ? keymap.action(for: key, in: .browse) : nil
        if action != .progressUp && action != .progressDown {
            let flushed = flushProgress(&state)
            return flushed + handleKey(&state, key)
        }
    }
    switch state.mode {
    case .messages(let scroll):
        return messagesKey(&state, key, scroll: scroll)
    case .confirmUndo(let preview):
        return confirmUndoKey(&state, key, preview: preview)
    case .drafts(let cursor):
        return draftsKey(&state, key, cursor: cursor)
    case .changes(let cursor):
        return changesKey(&state, key, cursor: cursor)
    case .help(let scroll):
        switch keymap.action(for: key, in: .browse) {
        // Only on the help's own keys: how far it scrolls (it wraps every line to find out).
        case .moveDown?: state.mode = .help(scroll: min(scroll + 1, HelpOverlay.maxScroll(state)))
        case .moveUp?: state.mode = .help(scroll: max(0, scroll - 1))
        case .pageDown?: state.mode = .help(scroll: min(scroll + max(1, state.size.height - 4), HelpOverlay.maxScroll(state)))
        case .pageUp?: state.mode = .help(scroll: max(0, scroll - max(1, state.size.height - 4)))
        case .top?: state.mode = .help(scroll: 0)
        case .bottom?: state.mode = .help(scroll: HelpOverlay.maxScroll(state))
        case .quit? where key == .ctrl("c"): return quit(&state)
        default: state.mode = .browse // ?, q, Esc and any other key close the help
        }
        return []
    case .search(let query, let origin):
        return searchKey(&state, key, query: query, origin: origin)
    case .filter(let picker):
        return filterKey(&state, key, picker: picker)
    case .statusMenu(let menu):
        return statusMenuKey(&state, key, menu: menu)
    case .form(let form):
        return formKey(&state, key, form: form)
    case .history(let panel):
        return historyKey(&state, key, panel: panel)
    case .reports(let panel):
        return reportsKey(&state, key, panel: panel)
    case .browse:
        guard let action = keymap.action(for: key, in: .browse) else {
            state.detailHeld = nil
            if case .char(let c) = key, !c.isASCII {
                // Chinese typed while browsing: start a search with it (an IME commits whole words).
                return startSearch(&state, initial: String(c))
            }
            return []
        }
        let shown = state.shownDetail
        let effects = perform(&state, action)
        holdDetail(&state, after: action, shown: shown)
        if state.detailHeld == nil { state.markShownSeen() }
        return effects
    }
}

/// A cursor step in the tree or status list keeps the detail pane on what it showed (until the
/// keys rest); anything else lets it follow the selection at once.
private func holdDetail(_ state: inout AppState, after action: Action, shown: DetailSubject?) {
    let steps: Set<Action> = [.moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom]
    guard state.holdsDetail, state.mode == .browse, state.focus == .main, state.view == .tree || state.view == .status,
          steps.contains(action) else {
        state.detailHeld = nil
        return
    }
    if state.detailHeld == nil, shown != state.detailSubject { state.detailHeld = shown }
}

func quit(_ state: inout AppState) -> [Effect] {
    state.quitting = true
    return [.quit]
}

/// Carries out a browse-mode action.
func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
    state.message = nil
    switch action {
    case .quit: return quit(&state)
    case .help:
        state.mode = .help(scroll: 0)
    case .messages:
        // The newest at the bottom, in view.
        state.mode = .messages(scroll: MessagesOverlay.maxScroll(state))
    case .cancel:
        state.matches = []
        state.lastQuery = ""
    case .redraw:
        return [.redrawAll]
    case .toggleMouse:
        state.settings.mouse.toggle()
        state.message = state.settings.t(state.settings.mouse ? "鼠标已打开" : "鼠标已关闭",
                                         state.settings.mouse ? "mouse on" : "mouse off")
        return [.setMouse(state.settings.mouse)]
    case .viewTree, .viewUnits, .viewTargets, .viewStatus:
        let v: ViewID = action == .viewTree ? .tree : action == .viewUnits ? .units : action == .viewTargets ? .targets : .status
        if v != state.view {
            state.view = v
            state.focus = .main
            state.detailScroll = 0
            state.clampCursors()
            if v == .status && state.statusCursor.selected == 0 && state.statusRows.position(0) == nil {
                // Start on the first task, not on the group header.
                state.statusCursor.select(1, count: state.statusRows.count, height: state.layout.mainListHeight)
            }
        }
    case .nextPane, .previousPane:
        if state.focus == .main { state.focusSide() } else { state.focus = .main }
        state.detailScroll = 0
    case .search:
        return startSearch(&state, initial: "")
    case .nextMatch, .previousMatch:
        jumpToMatch(&state, forward: action == .nextMatch, includeCurrent: false)
    case .reports:
        return openReports(&state)
    case .filter:
        openFilter(&state)
    case .clearFilter:
        setFilter(&state, nil)
    case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom, .collapse, .expand, .toggle:
        navigate(&state, action)
    case .setStatus, .markInProgress, .markDone, .markBlocked, .setProgress, .progressUp, .progressDown,
         .setDeadline, .addNote, .undo, .history:
        return performEdit(&state, action)
    case .sortByDeadline:
        state.sortByDeadline.toggle()
        let followed = state.view == .status ? state.statusRows.position(state.statusCursor.selected) : nil
        state.rebuildStatusRows()
        if let i = followed, let r = state.statusRow(of: i) {
            state.statusCursor.select(r, count: state.statusRows.count, height: state.layout.mainListHeight)
        }
        state.clampCursors()
        state.message = state.sortByDeadline ? state.settings.t("按截止日期排序(近者在前);再按 o 恢复", "by next deadline; o again for the speech's order")
            : state.settings.t("按讲话顺序", "in the speech's order")
    case .recentChanges:
        if state.recentChanges.isEmpty {
            state.message = state.settings.t("同事还没有记录任何修改", "no changes by colleagues yet")
        } else {
            state.mode = .changes(cursor: 0)
        }
    case .setMyUnit:
        guard state.view == .units, let u = state.selectedUnit else {
            state.message = state.settings.t("先在单位视图(2)中选一个单位,再按 U", "choose a unit in the unit view (2), then press U")
            return []
        }
        let unit = state.library.units[u]
        if state.myUnit == unit.id {
            state.myUnit = nil
            state.message = state.settings.t("已取消我的单位", "my unit unset")
        } else {
            state.myUnit = unit.id
            state.message = state.settings.t("我的单位:\(Sanitize.forTerminal(unit.name));下次启动先显示其任务",
                                             "my unit: \(Sanitize.forTerminal(unit.name)); the next dashboard opens on its tasks")
        }
    case .drafts:
        if state.drafts.isEmpty {
            state.message = state.settings.t("没有未保存的反馈草稿", "no unsaved report drafts")
        } else {
            state.mode = .drafts(cursor: 0)
        }
    case .promptAccept, .promptCancel, .promptDelete, .formSave, .formCancel, .formNextField, .formPreviousField,
         .formLineUp, .formLineDown, .formNewline,
         .formLeft, .formRight, .formStart, .formEnd, .formDeleteBackward, .formDeleteForward, .formClearToStart,
         .confirmAccept, .confirmCancel, .draftOpen, .draftDiscard,
         .reportSwitch, .exportMarkdown, .exportCSV, .exportHTML, .exportJSON, .reportScrollUp, .reportScrollDown, .reportClose:
        break
    }
    return []
}

/// An open history follows its item: read again when the item changed (here or elsewhere).
private func followHistory<S: Sequence>(_ state: AppState, _ changed: S) -> [Effect] where S.Element == String {
    guard case .history(let p) = state.mode else { return [] }
    let id = state.library.items[p.item].id
    return changed.contains(id) ? [.loadHistory(id: id)] : []
}

extension AppState {
    /// Gives the side pane the keyboard; a task list starts on its first task, not on a header.
    mutating func focusSide() {
        focus = .side
        switch view {
        case .units where unitTasksCursor.selected == 0 && unitTasks.position(0) == nil:
            unitTasksCursor.select(1, count: unitTasks.count, height: layout.sideListHeight)
        default:
            break
        }
    }

    /// Keeps every cursor inside its list after the lists or the size changed.
    mutating func clampCursors() {
        let l = layout
        guard l.kind != .tooSmall else {
            // Nothing shows: keep the scroll positions, but a list that changed under the
            // selection (a status changed while the terminal was too small) still bounds it.
            treeCursor.clamp(count: tree.count)
            unitCursor.clamp(count: library.units.count)
            targetCursor.clamp(count: library.targets.count)
            statusCursor.clamp(count: statusRows.count)
            if view == .units { unitTasksCursor.clamp(count: unitTasks.count) }
            if view == .targets { targetTasksCursor.clamp(count: targetTasks.count) }
            return
        }
        treeCursor.select(treeCursor.selected, count: tree.count, height: l.mainListHeight)
        unitCursor.select(unitCursor.selected, count: library.units.count, height: l.mainListHeight)
        targetCursor.select(targetCursor.selected, count: library.targets.count, height: l.mainListHeight)
        statusCursor.select(statusCursor.selected, count: statusRows.count, height: l.mainListHeight)
        // A view's side list only while it shows (and again when it is switched to): these need the
        // library's indexes by id, which the first screen does not wait for.
        if view == .units { unitTasksCursor.select(unitTasksCursor.selected, count: unitTasks.count, height: l.sideListHeight) }
        if view == .targets {
            targetTasksCursor.select(targetTasksCursor.selected, count: targetTasks.count, height: l.sideListHeight)
        }
    }

}
