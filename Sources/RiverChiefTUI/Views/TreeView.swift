import RiverChiefCore

/// The directive tree: sections → points → tasks, only the visible rows drawn. Each row: the expand
/// mark, the status marker (tasks) or done/total (sections, points), the title, the lead unit and
/// the deadline, in columns that line up whatever mix of Chinese and ASCII the titles hold.
enum TreeView {
    static func draw(_ state: AppState, in r: Rect, focused: Bool, _ g: inout Grid) {
        let s = state.settings
        var title = " 1 " + ViewID.tree.title(s.lang)
        if state.starting {
            title += s.t("  正在载入", "  loading") + s.glyphs.ellipsis
        } else if state.filter != nil {
            // The status view's rows hold exactly the tasks the filter lets through.
            let shown = state.statusRows.segments.reduce(0) { $0 + $1.items.count }
            title += s.t("  \(shown)/\(state.book.taskCount) 项任务(已筛选)", "  \(shown) of \(state.book.taskCount) tasks (filtered)")
        } else {
            title += s.t("  \(state.book.taskCount) 项任务", "  \(state.book.taskCount) tasks")
        }
        ListPane.draw(title: title, count: state.tree.count, cursor: state.treeCursor, focused: focused, in: r, grid: &g,
                      empty: state.filter == nil ? s.t("库中没有条目", "the library has no items")
                                                           : s.t("没有符合筛选的项", "nothing matches the filter")) { row, rr, style, g in
            drawRow(state, node: Int(state.tree.rows[row]), in: rr, base: style, &g)
        }
    }

    /// Widths of the right-hand columns for a pane `width` wide: (lead, deadline).
    static func columns(_ width: Int) -> (lead: Int, deadline: Int) {
        // The unit column holds every short name of ten cells (领导小组办, 自然资源局) whole.
        if width >= 70 { return (14, 11) }
        if width >= 40 { return (11, 0) }
        return (0, 0)
    }

    static func drawRow(_ state: AppState, node: Int, in r: Rect, base: Style, _ g: inout Grid) {
        let o = state.outline
        let s = state.settings
        let glyphs = s.glyphs
        let indent = min(Int(o.depth[node]) * 2, max(0, r.width / 3))
        var x = r.x + 1 + indent
        // While the library loads, a speech's items are not read yet: it is shown closed, as it opens.
        let closed = state.starting && o.item(node) == nil
        let mark = o.hasChildren(node) ? (state.tree.expanded[node] ? glyphs.expanded : glyphs.collapsed) : closed ? glyphs.collapsed : glyphs.leaf
        x = g.write(mark + " ", x: x, y: r.y, style: base, limit: r.maxX)
        let cols = columns(r.width)
        let rightWidth = cols.lead + cols.deadline
        let isMatch = isSearchMatch(state, node)
        // The cursor's row is one even bar (`Style.inRow`), which also keeps a cursor move to the
        // two rows' text and one attribute each.
        var titleStyle = base
        if isMatch { titleStyle = base.reverse ? Style(reverse: true, underline: true) : Style(.match, bold: true, underline: true) }
        let item = o.item(node)
        if let i = item, state.library.items[i].kind == .task {
            let st = state.book.standing[i]
            var ms = base
            ms.tone = st.tone
            ms.bold = st != .notStarted
            x = lightMarker(state, i, x: x, y: r.y, base: base, limit: r.maxX, &g)
            x = g.write(st.marker + state.draftMark(i), x: x, y: r.y, style: ms.inRow(base), limit: r.maxX)
            // One cell between the title and the unit column, always (a cut title never touches it).
            let titleWidth = max(0, r.maxX - x - rightWidth - (rightWidth > 0 ? 1 : 0))
            let t = TextLayout.fit(nodeTitle(state, node), to: titleWidth, ellipsis: glyphs.ellipsis, ambiguous: g.ambiguous)
            x = g.write(t, x: x, y: r.y, style: titleStyle, limit: r.maxX - rightWidth)
            let it = state.library.items[i]
            if cols.lead > 0 {
                let lead = it.leadUnit.map { fitName(unitNames(state, $0), to: cols.lead - 1, ellipsis: glyphs.ellipsis, ambiguous: g.ambiguous) } ?? "—"
                g.write(TextLayout.pad(lead, to: cols.lead - 1, ambiguous: g.ambiguous),
                        x: r.maxX - rightWidth, y: r.y, style: base, limit: r.maxX)
            }
            if cols.deadline > 0 {
                let d = state.deadline(of: i) ?? ""
                var ds = base
                if st == .overdue { ds.tone = .bad; ds.bold = true }
                g.write(TextLayout.fit(Sanitize.forTerminal(d), to: cols.deadline - 1, ambiguous: g.ambiguous),
                        x: r.maxX - cols.deadline, y: r.y, style: ds.inRow(base), limit: r.maxX)
            }
        } else {
            let total = Int(state.book.total[node]), done = Int(state.book.done[node])
            let figures = total > 0 ? " \(done)/\(total)" : ""
            let fw = g.width(of: figures)
            let titleWidth = max(0, r.maxX - x - fw - 1)
            var ts = titleStyle
            if !isMatch { ts.bold = true }
            let t = TextLayout.truncate(nodeTitle(state, node), to: titleWidth, ellipsis: glyphs.ellipsis, ambiguous: g.ambiguous)
            g.write(t, x: x, y: r.y, style: isMatch ? ts : ts.inRow(base), limit: r.maxX - fw - 1)
            if fw > 0 {
                var fs = base
                fs.tone = total > 0 && done == total ? .good : .muted
                g.write(figures, x: r.maxX - fw - 1, y: r.y, style: fs.inRow(base), limit: r.maxX)
            }
        }
    }

    /// A task's light, "(R) " in its tone: readable without colour. Returns the next column.
    static func lightMarker(_ state: AppState, _ i: Int, x: Int, y: Int, base: Style, limit: Int, _ g: inout Grid) -> Int {
        guard let light = state.book.light(of: i) else { return x }
        var ls = base
        ls.tone = light == .red ? .bad : light == .yellow ? .warn : .good
        ls.bold = light == .red
        return g.write(light.marker + " ", x: x, y: y, style: ls.inRow(base), limit: limit)
    }

    static func isSearchMatch(_ state: AppState, _ node: Int) -> Bool {
        guard !state.matches.isEmpty, state.matchView == .tree || state.matchView == .status else { return false }
        return state.matches.sortedContains(node)
    }
}

/// A unit's names, sanitized, longest first: its name, then its short name (简称) if it has one.
func unitNames(_ state: AppState, _ id: String) -> [String] {
    guard let u = state.library.unit(id) else { return [Sanitize.forTerminal(id)] }
    return [Sanitize.forTerminal(u.name)] + (u.shortName.map { [Sanitize.forTerminal($0)] } ?? [])
}

/// The one rule for a name where space is tight (every view's unit column, the unit list): the
/// first of `names` that fits `width` cells whole, else the last (the shortest) cut with an
/// ellipsis. So a unit shows its full name where there is room, else its short name, which tells
/// it apart from every other unit (领导小组 and 领导小组办, not two 市黄河流域生态保护工…).
func fitName(_ names: [String], to width: Int, ellipsis: String, ambiguous: AmbiguousWidth) -> String {
    if let whole = names.first(where: { DisplayWidth.of($0, ambiguous: ambiguous) <= width }) { return whole }
    return TextLayout.truncate(names.last ?? "", to: width, ellipsis: ellipsis, ambiguous: ambiguous)
}

/// A unit's full name, sanitized.
func unitName(_ state: AppState, _ id: String) -> String {
    Sanitize.forTerminal(state.library.unit(id)?.name ?? id)
}
