import RiverChiefCore

/// The unit view (every unit with its counts; the tasks it leads, supports or answers for), the
/// target view (each target, the tasks serving it, how far they are) and the status view (tasks
/// grouped by status, overdue and behind first).
enum UnitsView {
    static func draw(_ state: AppState, _ l: Layout, _ g: inout Grid) {
        let s = state.settings
        let units = state.library.units
        // One width for every row's counts (the widest count's digits), so the figures line up and
        // every row shows the same ones.
        let digits = max(3, String(state.library.mostTasksOfAUnit).count)
        func pad(_ n: Int) -> String { TextLayout.padLeft(String(n), to: digits) }
        if let r = l.main {
            ListPane.draw(title: " 2 " + ViewID.units.title(s.lang) + s.t("  \(units.count) 个单位", "  \(units.count) units"),
                          count: units.count, cursor: state.unitCursor, focused: state.focus == .main, in: r, grid: &g,
                          empty: s.t("没有单位", "no units")) { row, rr, style, g in
                let u = units[row]
                let leads = state.library.leads.count(row)
                let supports = state.library.supports.count(row)
                let terr = state.library.territorial.count(row)
                let done = state.book.leadDone(unit: row)
                // The full labels where the pane is wide; one-character labels at 80 columns; only
                // what it leads and has done where even those do not fit.
                let variants = [
                    s.t("牵头\(pad(leads)) 配合\(pad(supports)) 属地\(pad(terr)) 完成\(pad(done))",
                        "lead\(pad(leads)) sup\(pad(supports)) terr\(pad(terr)) done\(pad(done))"),
                    s.t("牵\(pad(leads)) 配\(pad(supports)) 属\(pad(terr)) 成\(pad(done))",
                        "L\(pad(leads)) S\(pad(supports)) T\(pad(terr)) D\(pad(done))"),
                    s.t("牵\(pad(leads)) 成\(pad(done))", "L\(pad(leads)) D\(pad(done))"),
                ]
                var fs = style
                fs.tone = .muted
                ListRow.draw(unitNames(state, u.id), figures: variants, figureStyle: fs, in: rr, style: style,
                             glyphs: s.glyphs, &g)
            }
        }
        if let r = l.side {
            let name = state.selectedUnit.map { Sanitize.forTerminal(units[$0].name) } ?? ""
            TaskList.draw(state, title: " " + name + s.t(" 的任务", ": tasks"), list: state.unitTasks,
                          cursor: state.unitTasksCursor, focused: state.focus == .side, in: r, &g) { tag in
                [s.t("牵头", "Leads"), s.t("配合", "Supports"), s.t("属地负责", "Answers for (territorial)")][min(tag, 2)]
            }
        }
    }
}

enum TargetsView {
    static func draw(_ state: AppState, _ l: Layout, _ g: inout Grid) {
        let s = state.settings
        let targets = state.library.targets
        if let r = l.main {
            ListPane.draw(title: " 3 " + ViewID.targets.title(s.lang) + s.t("  \(targets.count) 个目标", "  \(targets.count) targets"),
                          count: targets.count, cursor: state.targetCursor, focused: state.focus == .main, in: r, grid: &g,
                          empty: s.t("没有目标", "no targets")) { row, rr, style, g in
                let t = targets[row]
                let total = state.library.servedBy.count(row)
                let done = state.book.done(target: row)
                var bs = style
                bs.tone = total > 0 && done == total ? .good : .muted
                ListRow.draw([Sanitize.forTerminal(t.title)], figures: [ProgressBar.render(done: done, total: total, barWidth: 6, glyphs: s.glyphs)],
                             figureStyle: bs, in: rr, style: style, glyphs: s.glyphs, &g)
            }
        }
        if let r = l.side {
            let name = state.selectedTarget.map { Sanitize.forTerminal(targets[$0].title) } ?? ""
            TaskList.draw(state, title: " " + name + s.t(" 的任务", ": tasks serving it"), list: state.targetTasks,
                          cursor: state.targetTasksCursor, focused: state.focus == .side, in: r, &g) { _ in "" }
        }
    }
}

enum StatusView {
    static func draw(_ state: AppState, _ l: Layout, _ g: inout Grid) {
        let s = state.settings
        if let r = l.main {
            var title = " 4 " + ViewID.status.title(s.lang) + s.t("  按状态分组", "  by status")
            if state.sortByDeadline { title += s.t(",截止日期近者在前", ", next deadline first") }
            if state.filter != nil { title += s.t("(已筛选)", " (filtered)") }
            TaskList.draw(state, title: title, list: state.statusRows, cursor: state.statusCursor,
                          focused: state.focus == .main, in: r, &g) { tag in
                let st = Standing(rawValue: tag) ?? .notStarted
                return st.marker + " " + s.t(st.chinese, st.english)
            }
        }
        if let r = l.side { DetailView.draw(state, in: r, focused: state.focus == .side, &g) }
    }
}

/// A list of tasks in segments with headers: status marker, title, lead unit.
enum TaskList {
    static func draw(_ state: AppState, title: String, list: SegmentedList, cursor: ListCursor, focused: Bool,
                     in r: Rect, _ g: inout Grid, header: (Int) -> String) {
        let s = state.settings
        ListPane.draw(title: title, count: list.count, cursor: cursor, focused: focused, in: r, grid: &g,
                      empty: s.t("没有任务", "no tasks")) { row, rr, style, g in
            switch list.row(row) {
            case .header(let tag, let count)?:
                var hs = style
                hs.bold = true
                hs.tone = .accent
                g.write(header(tag) + "  (\(count))", x: rr.x + 1, y: rr.y, style: hs, limit: rr.maxX)
            case .item(_, let i)?:
                let st = state.book.standing[i]
                var ms = style
                ms.tone = st.tone
                var x = TreeView.lightMarker(state, i, x: rr.x + 2, y: rr.y, base: style, limit: rr.maxX, &g)
                x = g.write(st.marker + state.draftMark(i), x: x, y: rr.y, style: ms.inRow(style), limit: rr.maxX)
                // Progress and deadline columns where the pane has room (the full date from 64 cells).
                let figures = TaskList.figures(state, i, width: rr.width)
                let figuresWidth = figures.isEmpty ? 0 : g.width(of: figures) + 1
                // The tree's unit column, so a unit has the same name in both views; below 64
                // cells the progress and deadline take its place.
                let leadWidth = rr.width >= 64 || figures.isEmpty ? TreeView.columns(rr.width).lead : 0
                let node = Int(state.outline.nodeOfItem[i])
                let t = node >= 0 ? nodeTitle(state, node) : Sanitize.forTerminal(state.library.items[i].title)
                let right = leadWidth + figuresWidth
                x = g.write(TextLayout.fit(t, to: max(0, rr.maxX - x - right - 1), ellipsis: s.glyphs.ellipsis, ambiguous: g.ambiguous),
                            x: x, y: rr.y, style: style, limit: rr.maxX - right)
                if figuresWidth > 0 {
                    var fs = style
                    fs.tone = .muted
                    g.write(figures, x: rr.maxX - right, y: rr.y, style: fs.inRow(style), limit: rr.maxX - leadWidth)
                }
                if leadWidth > 0, let lead = state.library.items[i].leadUnit {
                    g.write(TextLayout.pad(fitName(unitNames(state, lead), to: leadWidth - 1, ellipsis: s.glyphs.ellipsis, ambiguous: g.ambiguous),
                                           to: leadWidth - 1, ambiguous: g.ambiguous),
                            x: rr.maxX - leadWidth, y: rr.y, style: style, limit: rr.maxX)
                }
            case nil:
                break
            }
        }
    }
}

extension TaskList {
    /// "100% 2026-06-30" (64 cells and more, beside the lead unit), " 40% 06-30" (44 and more, in
    /// the lead unit's place), nothing below: the task's progress and the deadline in force ("—" for none).
    static func figures(_ state: AppState, _ i: Int, width: Int) -> String {
        guard width >= 44 else { return "" }
        let p = TextLayout.padLeft("\(state.state(of: i).progress)%", to: 4)
        let d = state.deadline(of: i).map(Sanitize.forTerminal)
        if width >= 64 { return p + " " + TextLayout.pad(d ?? "—", to: 10) }
        return p + " " + TextLayout.pad(d.map { String($0.suffix(5)) } ?? "—", to: 5)
    }
}

/// A list row of a name and, right-aligned, its figures: the first of `figures` (widest first) that
/// leaves the name at least 12 cells, or none. The name is the first of `names` (longest first: a
/// unit's name, then its short name) that fits, by `fitName`'s rule.
enum ListRow {
    static func draw(_ names: [String], figures: [String], figureStyle: Style, in rr: Rect, style: Style, glyphs: Glyphs,
                     _ g: inout Grid) {
        let shown = figures.first { rr.width >= g.width(of: $0) + 12 }
        let fw = shown.map { g.width(of: $0) } ?? 0
        let nameWidth = max(0, rr.width - 2 - (shown == nil ? 0 : fw + 1))
        let name = fitName(names, to: nameWidth, ellipsis: glyphs.ellipsis, ambiguous: g.ambiguous)
        g.write(TextLayout.pad(name, to: nameWidth, ambiguous: g.ambiguous),
                x: rr.x + 1, y: rr.y, style: style, limit: rr.maxX)
        if let shown { g.write(shown, x: rr.maxX - fw - 1, y: rr.y, style: figureStyle.inRow(style), limit: rr.maxX) }
    }
}
