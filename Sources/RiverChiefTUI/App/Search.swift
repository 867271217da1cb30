import RiverChiefCore

// `/` incremental search and n/N. The matches are positions in the searched view's corpus (outline
// nodes for the tree and status views, units, targets); the index narrows from the previous
// keystroke's results, so typing stays cheap at 100,000 items.

/// The searched position under the cursor of the current view (nil when the list is empty).
func currentSearchPosition(_ state: AppState) -> Int? {
    switch state.view {
    case .tree: return state.selectedNode
    case .units: return state.selectedUnit
    case .targets: return state.selectedTarget
    case .status: return state.statusRows.count > 0 ? state.statusCursor.selected : nil
    }
}

func corpus(_ idx: SearchIndexes, _ view: ViewID) -> SearchIndex {
    switch view {
    case .tree, .status: return idx.nodes
    case .units: return idx.units
    case .targets: return idx.targets
    }
}

func startSearch(_ state: inout AppState, initial: String) -> [Effect] {
    if state.indexes == nil {
        // Normally built in the background just after start-up; if a search comes first, build now.
        state.indexes = SearchIndexes(library: state.library, outline: state.outline)
    }
    guard let idx = state.indexes else { return [] }
    state.focus = .main
    state.incremental = IncrementalSearch(index: corpus(idx, state.view))
    state.matchView = state.view
    state.matches = []
    let origin = currentSearchPosition(state) ?? 0
    state.mode = .search(query: "", origin: origin)
    if !initial.isEmpty { setQuery(&state, initial, origin: origin) }
    return []
}

func searchKey(_ state: inout AppState, _ key: Key, query: String, origin: Int) -> [Effect] {
    switch keymap.action(for: key, in: .prompt) {
    case .promptAccept?:
        state.mode = .browse
        state.lastQuery = query
        if !query.isEmpty {
            state.message = state.matches.isEmpty
                ? state.settings.t("没有找到:\(query)", "not found: \(query)")
                : state.settings.count(state.matches.count, zh: "个结果", one: "match", many: "matches")
                    + state.settings.t(",n 下一个,N 上一个", "; n next, N previous")
        }
    case .promptCancel?:
        state.mode = .browse
        state.matches = []
        state.lastQuery = ""
        restore(&state, origin)
    case .promptDelete?:
        if query.isEmpty {
            state.mode = .browse
        } else {
            setQuery(&state, String(query.dropLast()), origin: origin)
        }
    default:
        switch key {
        case .char(let c):
            setQuery(&state, query + String(c), origin: origin)
        case .up, .down:
            // Arrows step through the matches without leaving the prompt.
            jumpToMatch(&state, forward: key == .down, includeCurrent: false)
        default:
            break
        }
    }
    return []
}

/// Sets the query, searches (narrowing when it extends the last one) and moves to the first match
/// at or after where the search started.
func setQuery(_ state: inout AppState, _ query: String, origin: Int) {
    state.mode = .search(query: query, origin: origin)
    guard var inc = state.incremental else { return }
    var found = inc.update(query)
    state.incremental = inc
    if state.view == .tree, let mask = state.tree.mask { found = found.filter { mask[Int($0)] } }
    state.matches = found
    state.lastQuery = query
    if found.isEmpty {
        restore(&state, origin)
    } else {
        restore(&state, origin)
        jumpToMatch(&state, forward: true, includeCurrent: true)
    }
}

/// Puts the cursor back on the position a search started from.
func restore(_ state: inout AppState, _ origin: Int) {
    let h = state.layout.mainListHeight
    switch state.view {
    case .tree:
        if let r = state.tree.row(of: origin) { state.treeCursor.select(r, count: state.tree.count, height: h) }
    case .units: state.unitCursor.select(origin, count: state.library.units.count, height: h)
    case .targets: state.targetCursor.select(origin, count: state.library.targets.count, height: h)
    case .status: state.statusCursor.select(origin, count: state.statusRows.count, height: h)
    }
}

/// Moves to the next (or previous) match after the cursor, wrapping around.
func jumpToMatch(_ state: inout AppState, forward: Bool, includeCurrent: Bool) {
    guard !state.matches.isEmpty else {
        if !state.lastQuery.isEmpty { state.message = state.settings.t("没有找到:\(state.lastQuery)", "not found: \(state.lastQuery)") }
        return
    }
    guard state.matchView == state.view || (state.matchView == .tree && state.view == .status)
            || (state.matchView == .status && state.view == .tree) else {
        state.message = state.settings.t("请在本视图重新搜索(/)", "search again in this view (/)")
        return
    }
    let h = state.layout.mainListHeight
    let cur = currentSearchPosition(state) ?? -1
    if state.view == .status {
        // Matches are nodes; the status list orders tasks by standing: compare rows.
        var rows: [Int] = []
        for n in state.matches {
            if let i = state.outline.item(Int(n)), let r = state.statusRows.rowOfAscending(i) { rows.append(r) }
        }
        rows.sort()
        guard let target = pick(rows, after: cur, forward: forward, includeCurrent: includeCurrent) else {
            state.message = state.settings.t("状态视图中没有匹配的任务", "no matching task in the status view")
            return
        }
        state.statusCursor.select(target, count: state.statusRows.count, height: h)
        state.detailScroll = 0
        return
    }
    let positions = state.matches.map { Int($0) }
    guard let target = pick(positions, after: cur, forward: forward, includeCurrent: includeCurrent) else { return }
    switch state.view {
    case .tree:
        if let r = state.tree.reveal(target, state.outline) {
            state.treeCursor.select(r, count: state.tree.count, height: h)
            state.detailScroll = 0
        }
    case .units:
        state.unitCursor.select(target, count: state.library.units.count, height: h)
        state.unitTasksCursor = ListCursor()
    case .targets:
        state.targetCursor.select(target, count: state.library.targets.count, height: h)
        state.targetTasksCursor = ListCursor()
    case .status:
        break
    }
}

/// The first of the ascending `values` after `current` (or at it), wrapping; backwards likewise.
func pick(_ values: [Int], after current: Int, forward: Bool, includeCurrent: Bool) -> Int? {
    guard !values.isEmpty else { return nil }
    let lo = values.lowerBound(current)
    // values[lo] is the first >= current.
    if forward {
        var i = lo
        if i < values.count && values[i] == current && !includeCurrent { i += 1 }
        return values[i < values.count ? i : 0]
    }
    if lo < values.count && values[lo] == current && includeCurrent { return current }
    return values[lo > 0 ? lo - 1 : values.count - 1]
}
