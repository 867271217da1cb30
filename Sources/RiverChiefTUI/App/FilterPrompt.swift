import RiverChiefCore

// `f`: filter the tree and status views by a unit, a status or a section. The choices are listed in
// a prompt that narrows as you type (Chinese or pinyin, through the same search index).

/// What a filter choice is called (the prompt, the header, the status line).
func filterLabel(_ f: Filter, _ state: AppState) -> String {
    let s = state.settings
    switch f {
    case .standing(let st):
        return s.t("状态", "status") + ": " + st.marker + " " + s.t(st.chinese, st.english)
    case .unit(let id):
        return s.t("单位", "unit") + ": " + Sanitize.forTerminal(state.library.unit(id)?.name ?? id)
    case .section(let node):
        return s.t("部分", "section") + ": " + nodeTitle(state, node)
    }
}

/// A node's title as rows show it: the speech's marker (一、 / 一是) and the title.
func nodeTitle(_ state: AppState, _ node: Int) -> String {
    switch state.outline.refs[node] {
    case .model(let m): return Sanitize.forTerminal(state.library.models[m].meeting.title)
    case .item(let i):
        let it = state.library.items[i]
        var marker = it.marker ?? ""
        if it.kind == .section, !marker.isEmpty { marker += "、" } else if !marker.isEmpty { marker += " " }
        return Sanitize.forTerminal(marker + it.title)
    }
}

func openFilter(_ state: inout AppState) {
    if state.filterChoices.isEmpty {
        var choices: [Filter] = Standing.allCases.map { .standing($0) }
        for n in 0..<state.outline.count where state.outline.depth[n] == 0 || isSection(state, n) {
            choices.append(.section(n))
        }
        choices.append(contentsOf: state.library.units.map { .unit($0.id) })
        state.filterChoices = choices
        state.filterIndex = SearchIndex(choices.map { filterLabel($0, state) })
    }
    state.mode = .filter(FilterPicker(shown: (0..<state.filterChoices.count).map { Int32($0) }))
}

func isSection(_ state: AppState, _ node: Int) -> Bool {
    if let i = state.outline.item(node) { return state.library.items[i].kind == .section }
    return false
}

func filterKey(_ state: inout AppState, _ key: Key, picker: FilterPicker) -> [Effect] {
    var p = picker
    let height = FilterOverlay.listRows(state.size)
    switch keymap.action(for: key, in: .prompt) {
    case .promptAccept?:
        state.mode = .browse
        if p.shown.indices.contains(p.cursor.selected) {
            setFilter(&state, state.filterChoices[Int(p.shown[p.cursor.selected])])
        }
        return []
    case .promptCancel?:
        state.mode = .browse
        return []
    case .promptDelete?:
        if !p.query.isEmpty { p.query.removeLast() }
        refine(&p, state)
    default:
        switch key {
        case .up: p.cursor.move(by: -1, count: p.shown.count, height: height)
        case .down: p.cursor.move(by: 1, count: p.shown.count, height: height)
        case .pageUp: p.cursor.move(by: -height, count: p.shown.count, height: height)
        case .pageDown: p.cursor.move(by: height, count: p.shown.count, height: height)
        case .char(let c):
            p.query.append(c)
            refine(&p, state)
        default: break
        }
    }
    state.mode = .filter(p)
    return []
}

private func refine(_ p: inout FilterPicker, _ state: AppState) {
    let q = SearchQuery(p.query)
    if q.isEmpty || state.filterIndex == nil {
        p.shown = (0..<state.filterChoices.count).map { Int32($0) }
    } else if let idx = state.filterIndex {
        p.shown = idx.search(q)
    }
    p.cursor = ListCursor()
}

/// Sets or clears the filter, re-flattens the tree once, and keeps the cursor near where it was.
func setFilter(_ state: inout AppState, _ f: Filter?) {
    state.filter = f
    state.applyFilterMask()
    state.statusCursor.select(0, count: state.statusRows.count, height: state.layout.mainListHeight)
    state.matches = []
    state.message = f.map { state.settings.t("筛选:", "filter: ") + filterLabel($0, state) }
        ?? state.settings.t("已清除筛选", "filter cleared")
}

extension AppState {
    /// Recomputes the tree's mask and the status rows from `filter`, the tree cursor kept on its
    /// node (or the next one shown). The status cursor and search matches are left as they are:
    /// `setFilter` resets them for a new filter; new states under the same filter keep them.
    mutating func applyFilterMask() {
        let keepNode = selectedNode ?? 0
        var mask: [Bool]?
        let keep = filteredTasks()
        if let f = filter {
            var m = Array(repeating: false, count: outline.count)
            func mark(_ node: Int) {
                var n = node
                while n >= 0 && !m[n] {
                    m[n] = true
                    n = Int(outline.parent[n])
                }
            }
            if case .section(let root) = f {
                for n in root..<Int(outline.end[root]) { m[n] = true }
                mark(root)
            } else {
                for i in keep ?? [] where outline.nodeOfItem[i] >= 0 { mark(Int(outline.nodeOfItem[i])) }
            }
            mask = m
        }
        tree.setMask(mask, outline)
        rebuildStatusRows(keeping: keep)
        treeCursor.select(tree.firstRow(atOrAfter: keepNode), count: tree.count, height: layout.mainListHeight)
    }
}
