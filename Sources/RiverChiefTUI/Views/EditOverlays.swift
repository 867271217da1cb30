import RiverChiefCore
import RiverChiefStore

/// The status menu (`s`): five statuses, the current one marked, 1–5 or j/k and Enter.
enum StatusMenuOverlay {
    static func draw(_ state: AppState, menu: StatusMenu, _ g: inout Grid) {
        let s = state.settings
        let all = Status.allCases
        let box = Rect.overlay(on: state.size, maxWidth: 44, height: all.count + 4)
        Frame.draw(box, title: menu.offered ? s.t(" 反馈已提交。更新状态? ", " Report sent. Update the status? ")
                                            : s.t(" 设置状态 ", " Set status "), glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 1, dy: 1)
        g.line(" " + Sanitize.forTerminal(state.library.items[menu.item].title), in: inner.row(0), style: Style(.muted),
               ellipsis: s.glyphs.ellipsis)
        let current = state.state(of: menu.item).status
        for (k, st) in all.enumerated() {
            let rr = inner.row(k + 1)
            let standing = Standing(st)
            let selected = k == menu.cursor
            let style = selected ? Style(reverse: true) : .plain
            g.fill(rr, style: style)
            var x = g.write(" \(k + 1) ", x: rr.x, y: rr.y, style: style.emboldened)
            x = g.write(standing.marker + " ", x: x, y: rr.y, style: selected ? style : Style(standing.tone, bold: true))
            x = g.write(s.t(st.chinese, st.english), x: x, y: rr.y, style: style, limit: rr.maxX)
            if st == current { g.write(s.t("  (当前)", "  (now)"), x: x, y: rr.y, style: selected ? style : Style(.muted), limit: rr.maxX) }
        }
        g.line(menu.offered ? s.t(" 1–5 直接选  Enter 确定  Esc 不改", " 1-5 pick  Enter set  Esc leave it")
                            : s.t(" 1–5 直接选  Enter 确定  Esc 取消", " 1-5 pick  Enter set  Esc cancel"), in: inner.row(all.count + 1),
               style: Style(.muted))
    }
}

/// The progress, deadline and progress-report forms (and the reason asked for behind or blocked):
/// labelled fields, the one with the cursor highlighted, wrapped by display width (no row starts
/// with closing punctuation), scrolled to the cursor with ▲/▼ where text is hidden above or below,
/// the terminal cursor at the insertion point.
enum FormOverlay {
    /// The box's width for the form.
    static func width(_ state: AppState, form: EditForm) -> Int {
        min(state.size.width - 2, form.multiline ? 90 : 56)
    }

    /// The cells a field's text wraps at (the field's area less the column for the cursor and the
    /// scroll marks).
    static func fieldTextWidth(_ state: AppState, form: EditForm) -> Int {
        max(4, width(state, form: form) - 4) - 1
    }

    static func draw(_ state: AppState, form: EditForm, _ g: inout Grid) {
        let s = state.settings
        let labels = form.labels(s)
        let multiline = form.multiline
        let w = width(state, form: form)
        let fieldWidth = max(4, w - 4)
        // Rows per field: a report's fields grow to three rows each (a reason to four) when the terminal has room.
        // A refusal is read whole: the box grows by the rows its reason wraps to.
        let errorRows = form.error.map { e in
            TextLayout.wrap(Sanitize.forTerminal(e), width: max(1, w - 4), ambiguous: s.ambiguous).map { " " + $0 }
        } ?? []
        let extra = max(0, min(errorRows.count, 4) - 1)
        let room = state.size.height - 2 - 5 - extra - form.fields.count
        let rowsPerField = multiline ? max(1, min(form.fields.count == 1 ? 4 : 3, room / max(1, form.fields.count))) : 1
        let h = 5 + extra + form.fields.count * (1 + rowsPerField)
        let box = Rect.overlay(on: state.size, maxWidth: w, height: h)
        let title: String
        switch form.kind {
        case .progress: title = s.t(" 进度 ", " Progress ")
        case .deadline: title = s.t(" 截止日期 ", " Deadline ")
        case .note: title = s.t(" 进展反馈 ", " Progress report ")
        case .reason(let st): title = s.t(" 设为\(st.chinese) ", " Mark \(st.english) ")
        }
        Frame.draw(box, title: title, glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 1, dy: 1)
        g.line(" " + Sanitize.forTerminal(state.library.items[form.item].title), in: inner.row(0), style: Style(.muted),
               ellipsis: s.glyphs.ellipsis)
        var y = inner.y + 1
        // On a small terminal not every field fits: show a window of them that holds the focused one.
        let fitting = max(1, (inner.height - 2 - extra) / (1 + rowsPerField))
        let first = max(0, min(form.focus, form.fields.count - fitting))
        for (k, field) in form.fields.enumerated() where k >= first {
            guard y + 1 + rowsPerField <= inner.maxY - extra else { break }
            let focused = k == form.focus
            g.line(" " + labels[k], in: Rect(x: inner.x, y: y, width: inner.width, height: 1),
                   style: Style(focused ? .accent : .muted, bold: focused))
            y += 1
            let area = Rect(x: inner.x + 2, y: y, width: fieldWidth, height: rowsPerField)
            let laid = field.layout(width: area.width - 1, ambiguous: g.ambiguous)
            let top = max(0, laid.cursorRow - rowsPerField + 1)
            let fieldStyle = focused ? Style(underline: true) : Style(.muted)
            // A selected prefilled value shows reversed: typing replaces it.
            let textStyle = field.allSelected && focused ? Style(reverse: true) : fieldStyle
            for r in 0..<rowsPerField {
                let rr = area.row(r)
                g.fill(rr, style: fieldStyle)
                if top + r < laid.rows.count {
                    g.write(laid.rows[top + r], x: rr.x, y: rr.y, style: textStyle, limit: rr.maxX - 1)
                }
            }
            // Text hidden above or below the field's rows: a mark in its last column says so.
            let mark = Style(.accent, bold: true)
            if top > 0 { g.put(s.asciiChrome ? "^" : "▲", x: area.maxX - 1, y: area.y, style: mark) }
            if top + rowsPerField < laid.rows.count { g.put(s.asciiChrome ? "v" : "▼", x: area.maxX - 1, y: area.maxY - 1, style: mark) }
            if focused {
                g.cursor = Point(x: area.x + laid.cursorColumn, y: area.y + laid.cursorRow - top)
            }
            y += rowsPerField
        }
        let hintRow = Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
        if !errorRows.isEmpty {
            for (k, row) in errorRows.prefix(extra + 1).enumerated() {
                g.line(row, in: Rect(x: inner.x, y: inner.maxY - 1 - extra + k, width: inner.width, height: 1),
                       style: Style(.bad, bold: true), ellipsis: s.glyphs.ellipsis)
            }
        } else {
            let hint: String
            switch form.kind {
            case .note: hint = s.t(" Enter 保存  Tab 下一栏  Ctrl-O 换行  Esc 关闭(留草稿)", " Enter save  Tab next  Ctrl-O new line  Esc close (keeps a draft)")
            case .reason: hint = s.t(" Enter 保存  Ctrl-O 换行  Esc 取消(状态不变)", " Enter save  Ctrl-O new line  Esc cancel (status stays)")
            case .deadline: hint = s.t(" Enter 保存  空白或“无”清除  Esc 取消", " Enter save  empty or none clears  Esc cancel")
            case .progress: hint = s.t(" Enter 保存  Esc 取消", " Enter save  Esc cancel")
            }
            g.line(hint, in: hintRow, style: Style(.muted))
        }
    }
}

/// A task's history (`H`): who, when (local time), from → to, and each report in full; undone
/// changes marked.
enum HistoryOverlay {
    static func lines(_ state: AppState, panel: HistoryPanel, width: Int) -> [StyledLine] {
        let s = state.settings
        let amb = s.ambiguous
        guard let events = panel.events else {
            if let e = panel.error { return [[Run(s.t("读不到历史:", "cannot read the history: ") + Sanitize.forTerminal(e), Style(.bad, bold: true))]] }
            return [[Run(s.t("正在读取…", "loading…"), Style(.muted))]]
        }
        if events.isEmpty { return [[Run(s.t("还没有任何记录", "nothing recorded yet"), Style(.muted))]] }
        var out: [StyledLine] = []
        for e in events.reversed() {
            let who = Sanitize.forTerminal(e.account) + (e.host.map { "@" + Sanitize.forTerminal($0) } ?? "")
            var head: [Run] = [Run(TimeText.local(millis: e.atMillis) + "  ", Style(.muted)), Run(who + "  ", Style(bold: true))]
            let what = Sanitize.forTerminal(e.field == .note && e.kind == .note ? s.t("反馈", "report") : describe(e, s))
            head.append(Run(what, Style(e.kind == .undo ? .warn : .normal)))
            if e.undoneByEventID != nil { head.append(Run(s.t("  (已撤销)", "  (undone)"), Style(.muted))) }
            out += StyledText.wrap(head, width: width, ambiguous: amb)
            if let n = e.note {
                let parts: [(String, String?)] = [(s.t("已完成", "done"), n.done), (s.t("下一步", "next"), n.next),
                                                  (s.t("问题", "problems"), n.problems), (s.t("需支持", "support"), n.support)]
                for (label, text) in parts {
                    guard let text else { continue }
                    out += StyledText.field("    " + label, [Run(Sanitize.forTerminal(text))], width: width, ambiguous: amb,
                                            labelWidth: s.lang == .zh ? 11 : 13)
                }
            }
        }
        return out
    }

    /// The overlay's box for a terminal size.
    static func box(_ size: Size) -> Rect {
        Rect.overlay(on: size, maxWidth: 100)
    }

    /// The furthest the history scrolls: its last line at the bottom.
    static func maxScroll(_ state: AppState, panel: HistoryPanel) -> Int {
        let inner = box(state.size).inset(dx: 2, dy: 1)
        return max(0, lines(state, panel: panel, width: inner.width).count - (inner.height - 1))
    }

    static func draw(_ state: AppState, panel: HistoryPanel, _ g: inout Grid) {
        let s = state.settings
        let box = box(state.size)
        let item = state.library.items[panel.item]
        Frame.draw(box, title: s.t(" 历史(最新在上;j/k 滚动,任意键关闭) ", " History (newest first; j/k scroll, any key closes) "),
                   glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 2, dy: 1)
        g.line(Sanitize.forTerminal(item.title) + "  " + Sanitize.forTerminal(item.id), in: inner.row(0),
               style: Style(.accent, bold: true), ellipsis: s.glyphs.ellipsis)
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        let all = lines(state, panel: panel, width: body.width)
        StyledText.draw(all, scrolledTo: panel.scroll, in: body, grid: &g)
    }
}

extension Standing {
    /// The standing a status shows as when nothing is overdue.
    init(_ status: Status) {
        self.init(ItemState(status: status), deadline: nil, today: "")
    }
}
