import RiverChiefCore

/// Moving, paging, expanding and opening, for whichever list has the keyboard.
func navigate(_ state: inout AppState, _ action: Action) {
    let l = state.layout
    switch (state.view, state.focus) {
    case (.tree, .main):
        treeAction(&state, action, height: l.mainListHeight)
    case (.tree, .side), (.status, .side):
        scrollDetail(&state, action, height: l.sideListHeight)
    case (.units, _):
        masterDetail(&state, action, main: \.unitCursor, side: \.unitTasksCursor,
                     count: state.library.units.count, list: \.unitTasks, layout: l)
    case (.targets, _):
        masterDetail(&state, action, main: \.targetCursor, side: \.targetTasksCursor,
                     count: state.library.targets.count, list: \.targetTasks, layout: l)
    case (.status, .main):
        let before = state.statusCursor.selected
        if move(&state.statusCursor, action, count: state.statusRows.count, height: l.mainListHeight) {
            stepOverHeader(&state.statusCursor, in: state.statusRows, after: action, height: l.mainListHeight)
        } else {
            if action == .toggle, let item = state.statusRows.position(state.statusCursor.selected) {
                openInTree(&state, item: item)
            } else if action == .expand {
                state.focus = .side
            }
        }
        if state.statusCursor.selected != before { state.detailScroll = 0 }
    }
}

/// The unit and target views: a list on the left, its tasks on the right. Moving on the left
/// starts the right list afresh; Enter on a task opens it in the tree.
func masterDetail(_ state: inout AppState, _ action: Action, main: WritableKeyPath<AppState, ListCursor>,
                  side: WritableKeyPath<AppState, ListCursor>, count: Int, list: KeyPath<AppState, SegmentedList>,
                  layout l: Layout) {
    if state.focus == .main {
        let before = state[keyPath: main].selected
        if !move(&state[keyPath: main], action, count: count, height: l.mainListHeight) {
            if action == .toggle || action == .expand { state.focusSide() }
        }
        if state[keyPath: main].selected != before { state[keyPath: side] = ListCursor() }
        return
    }
    let tasks = state[keyPath: list]
    if move(&state[keyPath: side], action, count: tasks.count, height: l.sideListHeight) {
        stepOverHeader(&state[keyPath: side], in: tasks, after: action, height: l.sideListHeight)
    } else {
        if action == .collapse { state.focus = .main }
        if action == .toggle || action == .expand {
            if let item = tasks.position(state[keyPath: side].selected) {
                openInTree(&state, item: item)
            } else {
                state[keyPath: side].move(by: 1, count: tasks.count, height: l.sideListHeight) // a header: step onto its first task
            }
        }
    }
}

/// Group headers of a task list are not stops: a move that lands on one goes on to the task beyond
/// it (before it, going up), or to the first task when the header is the list's first row.
func stepOverHeader(_ c: inout ListCursor, in list: SegmentedList, after action: Action, height: Int) {
    let n = list.count
    guard list.position(c.selected) == nil else { return }
    let up = action == .moveUp || action == .pageUp
    let next = c.selected + (up ? -1 : 1)
    if next >= 0, next < n, list.position(next) != nil {
        c.select(next, count: n, height: height)
    } else if c.selected + 1 < n, list.position(c.selected + 1) != nil {
        c.select(c.selected + 1, count: n, height: height)
    }
}

/// Up/down/page/top/bottom on a plain list; false when the action is not a movement.
func move(_ c: inout ListCursor, _ action: Action, count: Int, height: Int) -> Bool {
    switch action {
    case .moveUp: c.move(by: -1, count: count, height: height)
    case .moveDown: c.move(by: 1, count: count, height: height)
    case .pageUp: c.move(by: -max(1, height - 1), count: count, height: height)
    case .pageDown: c.move(by: max(1, height - 1), count: count, height: height)
    case .top: c.select(0, count: count, height: height)
    case .bottom: c.select(count - 1, count: count, height: height)
    default: return false
    }
    return true
}

func treeAction(_ state: inout AppState, _ action: Action, height: Int) {
    let before = state.selectedNode
    defer { if state.selectedNode != before { state.detailScroll = 0 } }
    if move(&state.treeCursor, action, count: state.tree.count, height: height) { return }
    guard let node = state.selectedNode else { return }
    let o = state.outline
    let row = state.treeCursor.selected
    switch action {
    case .collapse:
        if o.hasChildren(node) && state.tree.expanded[node] {
            state.tree.collapse(node, o)
        } else if o.parent[node] >= 0, let r = state.tree.row(of: Int(o.parent[node])) {
            state.treeCursor.select(r, count: state.tree.count, height: height)
        }
    case .expand:
        if o.hasChildren(node) && !state.tree.expanded[node] {
            state.tree.expand(node, o)
        } else if o.hasChildren(node), row + 1 < state.tree.count, Int(state.tree.rows[row + 1]) < Int(o.end[node]) {
            state.treeCursor.select(row + 1, count: state.tree.count, height: height)
        } else if !o.hasChildren(node) {
            state.focus = .side
        }
    case .toggle:
        if o.hasChildren(node) {
            if state.tree.expanded[node] { state.tree.collapse(node, o) } else { state.tree.expand(node, o) }
        } else {
            state.focus = .side
        }
    default:
        break
    }
    state.treeCursor.select(state.treeCursor.selected, count: state.tree.count, height: height)
}

func scrollDetail(_ state: inout AppState, _ action: Action, height: Int) {
    var wanted = state.detailScroll
    switch action {
    case .moveUp: wanted -= 1
    case .moveDown: wanted += 1
    case .pageUp: wanted -= max(1, height - 1)
    case .pageDown: wanted += max(1, height - 1)
    case .top: wanted = 0
    case .bottom: wanted = .max
    case .collapse: state.focus = .main
    default: break
    }
    wanted = max(0, wanted)
    // The pane's text wrapped only as far as the new position needs: a long text is not wrapped
    // whole on every scroll key (`.bottom` needs it all).
    let width = state.layout.side?.width ?? state.size.width
    let total = DetailView.lineCount(state, width: width, maxLines: wanted == .max ? .max : wanted + height)
    state.detailScroll = min(wanted, max(0, total - height))
}

/// Shows `item` in the tree view: its ancestors expanded, the cursor on it. A filter that hides it
/// is cleared (and the status line says so).
func openInTree(_ state: inout AppState, item: Int) {
    let node = Int(state.outline.nodeOfItem[item])
    guard node >= 0 else { return }
    state.view = .tree
    state.focus = .main
    state.detailScroll = 0
    if !state.tree.visible(node) {
        setFilter(&state, nil)
        state.message = state.settings.t("已清除筛选以显示该项", "filter cleared to show the item")
    }
    guard let r = state.tree.reveal(node, state.outline) else { return }
    let h = state.layout.mainListHeight
    state.treeCursor.select(r, count: state.tree.count, height: h)
    // Put the opened item a few rows below the top when it had to scroll.
    if state.treeCursor.top == r - h + 1 { state.treeCursor.top = max(0, r - h / 3) }
}

func handleMouse(_ state: inout AppState, _ m: MouseEvent) -> [Effect] {
    guard state.mode == .browse else { return [] }
    let l = state.layout
    switch m.kind {
    case .wheelUp: navigate(&state, .moveUp)
    case .wheelDown: navigate(&state, .moveDown)
    case .press:
        if let main = l.main, m.x >= main.x, m.x < main.maxX, m.y > main.y, m.y < main.maxY {
            state.focus = .main
            let offset = m.y - main.y - 1
            let h = l.mainListHeight
            switch state.view {
            case .tree:
                let top = state.treeCursor.visibleTop(count: state.tree.count, height: h)
                state.treeCursor.select(top + offset, count: state.tree.count, height: h)
                state.detailScroll = 0
            case .units:
                let top = state.unitCursor.visibleTop(count: state.library.units.count, height: h)
                state.unitCursor.select(top + offset, count: state.library.units.count, height: h)
                state.unitTasksCursor = ListCursor()
            case .targets:
                let top = state.targetCursor.visibleTop(count: state.library.targets.count, height: h)
                state.targetCursor.select(top + offset, count: state.library.targets.count, height: h)
                state.targetTasksCursor = ListCursor()
            case .status:
                let top = state.statusCursor.visibleTop(count: state.statusRows.count, height: h)
                state.statusCursor.select(top + offset, count: state.statusRows.count, height: h)
            }
        } else if let side = l.side, m.x >= side.x, m.y >= side.y, m.y < side.maxY {
            state.focus = .side
        }
    }
    return []
}
