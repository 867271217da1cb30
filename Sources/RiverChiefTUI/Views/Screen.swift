import RiverChiefCore

/// Draws the whole frame for `state`: a pure function of the state (the runtime diffs it against
/// the previous frame and sends only the changes).
public func view(_ state: AppState) -> Grid {
    var g = Grid(size: state.size, ambiguous: state.settings.ambiguous)
    let l = state.layout
    if l.kind == .tooSmall {
        tooSmall(state, &g)
        return g
    }
    HeaderView.draw(state, l, &g)
    switch state.view {
    case .tree:
        if let r = l.main { TreeView.draw(state, in: r, focused: state.focus == .main, &g) }
        if let r = l.side { DetailView.draw(state, in: r, focused: state.focus == .side, &g) }
    case .units: UnitsView.draw(state, l, &g)
    case .targets: TargetsView.draw(state, l, &g)
    case .status: StatusView.draw(state, l, &g)
    }
    if let x = l.separatorX {
        for y in l.body.y..<l.body.maxY { g.put(state.settings.glyphs.vertical, x: x, y: y, style: Style(.chrome)) }
    }
    FooterView.draw(state, l, &g)
    switch state.mode {
    case .help(let scroll): HelpOverlay.draw(state, scroll: scroll, &g)
    case .filter(let picker): FilterOverlay.draw(state, picker: picker, &g)
    case .statusMenu(let menu): StatusMenuOverlay.draw(state, menu: menu, &g)
    case .form(let form): FormOverlay.draw(state, form: form, &g)
    case .history(let panel): HistoryOverlay.draw(state, panel: panel, &g)
    case .messages(let scroll): MessagesOverlay.draw(state, scroll: scroll, &g)
    case .confirmUndo(let preview): UndoConfirmOverlay.draw(state, preview: preview, &g)
    case .drafts(let cursor): DraftsOverlay.draw(state, cursor: cursor, &g)
    case .changes(let cursor): ChangesOverlay.draw(state, cursor: cursor, &g)
    case .reports(let panel): ReportsOverlay.draw(state, panel: panel, &g)
    case .browse, .search: break
    }
    return g
}

/// The message for a terminal below the minimum, centred as far as it fits.
func tooSmall(_ state: AppState, _ g: inout Grid) {
    let need = Layout.minimum
    let s = state.settings
    let one = s.t("终端太小:至少需要 \(need.width)×\(need.height),当前 \(state.size.width)×\(state.size.height)",
                  "terminal too small: need \(need.width)×\(need.height), have \(state.size.width)×\(state.size.height)")
    let lines = g.width(of: one) <= state.size.width ? [one] : [s.t("终端太小", "terminal too small:"),
                 s.t("至少需要 \(need.width)×\(need.height)", "need \(need.width)×\(need.height),"),
                 s.t("当前 \(state.size.width)×\(state.size.height)", "have \(state.size.width)×\(state.size.height)")]
    let top = max(0, (state.size.height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
        let x = max(0, (state.size.width - g.width(of: line)) / 2)
        g.write(TextLayout.truncate(line, to: state.size.width, ambiguous: g.ambiguous), x: x, y: top + i, style: Style(bold: true))
    }
}

/// The status line: the search prompt, a message, or key hints from the action table.
enum FooterView {
    static func draw(_ state: AppState, _ l: Layout, _ g: inout Grid) {
        let s = state.settings
        let r = l.footer
        if case .search(let query, _) = state.mode {
            let count = query.isEmpty ? "" : "  (" + s.count(state.matches.count, zh: "个结果", one: "match", many: "matches") + ")"
            g.fill(r)
            let x = g.write("/" + Sanitize.forTerminal(query), x: 0, y: r.y, style: Style(bold: true))
            g.write(count + s.t("   Enter 确定  Esc 取消", "   Enter accept  Esc cancel"), x: x + 1, y: r.y, style: Style(.muted))
            // The terminal's own cursor at the insertion point: an input method opens its window there.
            g.cursor = Point(x: min(x, r.maxX - 1), y: r.y)
            return
        }
        if let m = state.message {
            // Messages quote data (a colleague's account, a note, a store error): escaped there, once.
            MessageLine.draw(state, m, footer: r, &g)
            return
        }
        let hints: [Action] = [.help, .quit, .search, .filter, .setStatus, .addNote, .undo, .history, .messages,
                               .viewTree, .viewUnits, .viewTargets, .viewStatus, .nextPane, .toggle]
        var x = 1
        g.fill(r, style: Style(.chrome))
        for a in hints {
            let key = a.keys[0].asciiName
            let part = key + " " + a.label(s.lang) + "  "
            if x + g.width(of: part) > r.width { break }
            let kx = g.write(key, x: x, y: r.y, style: Style(.chrome, bold: true, reverse: true))
            x = g.write(" " + a.label(s.lang) + "  ", x: kx, y: r.y, style: Style(.chrome))
        }
    }
}
