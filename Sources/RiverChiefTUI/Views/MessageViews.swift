import RiverChiefCore
import RiverChiefStore

/// A message in the status line, read whole: one row when it fits, else wrapped over two rows (the
/// row above the status line is lent to it); a message longer than that ends with a pointer to `m`,
/// which shows every recent message in full.
enum MessageLine {
    /// The rows the message takes at `width` cells (each already fitted).
    static func rows(_ message: String, width: Int, s: Settings) -> [String] {
        let text = " " + Sanitize.forTerminal(message)
        let w = max(1, width - 1)
        let wrapped = TextLayout.wrap(text, width: w, ambiguous: s.ambiguous)
        if wrapped.count <= 1 { return wrapped }
        if wrapped.count == 2 { return [wrapped[0], " " + wrapped[1]] }
        // Longer than two rows: the second row ends with where to read the rest.
        let more = s.t("…(m 看全文)", "… (m: all of it)")
        let room = w - 1 - DisplayWidth.of(more, ambiguous: s.ambiguous)
        let rest = wrapped.dropFirst().joined()
        return [wrapped[0], " " + TextLayout.truncate(rest, to: max(0, room), ellipsis: "", ambiguous: s.ambiguous) + more]
    }

    static func draw(_ state: AppState, _ message: String, footer r: Rect, _ g: inout Grid) {
        let rows = rows(message, width: r.width, s: state.settings)
        let style = Style(.accent, bold: true)
        let top = r.y - (rows.count - 1)
        for (k, row) in rows.enumerated() {
            let rr = Rect(x: r.x, y: top + k, width: r.width, height: 1)
            g.fill(rr, style: style)
            g.write(row, x: rr.x, y: rr.y, style: style, limit: rr.maxX)
        }
    }
}

/// The last messages, whole (`m`): newest at the bottom, wrapped.
enum MessagesOverlay {
    static func box(_ size: Size) -> Rect { Rect.overlay(on: size, maxWidth: 100) }

    static func lines(_ state: AppState, width: Int) -> [StyledLine] {
        let s = state.settings
        guard !state.messageLog.isEmpty else { return [[Run(s.t("还没有消息", "no messages yet"), Style(.muted))]] }
        var out: [StyledLine] = []
        for (k, m) in state.messageLog.enumerated() {
            let style = k == state.messageLog.count - 1 ? Style(bold: true) : Style.plain
            out += StyledText.wrap([Run("· ", Style(.muted)), Run(Sanitize.forTerminal(m), style)], width: width, ambiguous: s.ambiguous)
        }
        return out
    }

    static func maxScroll(_ state: AppState) -> Int {
        let inner = box(state.size).inset(dx: 2, dy: 1)
        return max(0, lines(state, width: inner.width).count - inner.height)
    }

    static func draw(_ state: AppState, scroll: Int, _ g: inout Grid) {
        let s = state.settings
        let box = box(state.size)
        Frame.draw(box, title: s.t(" 最近的消息(最新在下;j/k 滚动,任意键关闭) ", " Last messages (newest last; j/k scroll, any key closes) "),
                   glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 2, dy: 1)
        let all = lines(state, width: inner.width)
        StyledText.draw(all, scrolledTo: scroll, in: inner, grid: &g)
    }
}

/// Undo, asked first: what would be undone, when and from where it was recorded.
enum UndoConfirmOverlay {
    static func draw(_ state: AppState, preview: UndoPreview, _ g: inout Grid) {
        let s = state.settings
        let box = Rect.overlay(on: state.size, maxWidth: 76, height: 11)
        Frame.draw(box, title: s.t(" 撤销这次修改? ", " Undo this change? "), glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 2, dy: 1)
        var lines: [StyledLine] = []
        if let events = preview.events, let first = events.first {
            lines.append([Run(shortTitle(state, first.itemID), Style(.accent, bold: true))])
            for e in events { lines += StyledText.wrap([Run("  " + Sanitize.forTerminal(describe(e, s)))], width: inner.width, ambiguous: s.ambiguous) }
            var whereFrom = Sanitize.forTerminal(first.account)
            if let h = first.host { whereFrom += "@" + Sanitize.forTerminal(h) }
            if let c = first.sshClient { whereFrom += s.t(",来自 ", ", from ") + Sanitize.forTerminal(c) }
            lines += StyledText.wrap([Run(s.t("记录于 ", "recorded ") + TimeText.local(millis: first.atMillis) + "  " + whereFrom, Style(.muted))],
                                     width: inner.width, ambiguous: s.ambiguous)
            lines.append([Run(s.t("同一账号的修改都可撤销,可能是共用此账号的同事所改。", "Any change of this account can be undone: on a shared login it may be a colleague's."),
                              Style(.warn))])
        } else if let e = preview.error {
            lines.append([Run(s.t("读不到要撤销的修改:", "cannot read what would be undone: ") + Sanitize.forTerminal(e), Style(.bad, bold: true))])
        } else {
            lines.append([Run(s.t("正在读取…", "loading…"), Style(.muted))])
        }
        let body = inner.height - 1
        let wrapped = lines.flatMap { StyledText.wrap($0, width: inner.width, ambiguous: s.ambiguous) }
        for i in 0..<body {
            let rr = inner.row(i)
            if i < wrapped.count { StyledText.draw(wrapped[i], in: rr, grid: &g) } else { g.fill(rr) }
        }
        g.line(s.t("y 撤销   n 或 Esc 不撤销", "y undo   n or Esc keep it"), in: inner.row(inner.height - 1), style: Style(bold: true))
    }
}

/// A framed list with a cursor and a footer line, scrolled to keep the cursor on screen: the
/// drafts (`D`) and the recent changes (`C`). `row` draws row `k` in its rectangle and style.
enum CursorListOverlay {
    static func draw(_ state: AppState, title: String, count: Int, cursor: Int, maxWidth: Int, footer: String, _ g: inout Grid,
                     row: (_ k: Int, _ rect: Rect, _ style: Style, _ g: inout Grid) -> Void) {
        let box = Rect.overlay(on: state.size, maxWidth: maxWidth, height: min(state.size.height - 2, count + 4))
        Frame.draw(box, title: title, glyphs: state.settings.glyphs, &g)
        let inner = box.inset(dx: 1, dy: 1)
        let rows = inner.height - 2
        let top = max(0, min(cursor - rows + 1, count - rows))
        for r in 0..<max(0, rows) {
            let rr = inner.row(r)
            let k = top + r
            guard k < count else { g.fill(rr); continue }
            let style = k == cursor ? Style(reverse: true) : .plain
            g.fill(rr, style: style)
            row(k, rr, style, &g)
        }
        g.line(footer, in: inner.row(inner.height - 1), style: Style(.muted))
    }
}

/// The unsaved report drafts (`D`): each task and the start of what was typed.
enum DraftsOverlay {
    static func draw(_ state: AppState, cursor: Int, _ g: inout Grid) {
        let s = state.settings
        let items = state.draftItems
        CursorListOverlay.draw(state, title: s.t(" 未保存的反馈草稿 ", " Unsaved report drafts "), count: items.count, cursor: cursor,
                               maxWidth: 90, footer: s.t(" Enter 打开继续写  d 丢弃  Esc 关闭", " Enter open and go on  d discard  Esc close"),
                               &g) { k, rr, style, g in
            let it = state.library.items[items[k]]
            let typed = (state.drafts[it.id] ?? []).first { !$0.trimmingWhitespace.isEmpty } ?? ""
            let head = " " + TextLayout.truncate(Sanitize.forTerminal(it.title), to: max(8, rr.width / 2), ambiguous: s.ambiguous) + "  "
            let x = g.write(head, x: rr.x, y: rr.y, style: style.emboldened, limit: rr.maxX)
            g.write(TextLayout.truncate(Sanitize.forTerminal(typed.replacingOccurrences(of: "\n", with: " ")), to: max(0, rr.maxX - x - 1),
                                        ambiguous: s.ambiguous), x: x, y: rr.y, style: style, limit: rr.maxX)
        }
    }
}

/// Colleagues' recent changes (`C`): newest first, who and when, the status and progress now;
/// those since this person last looked marked • until seen.
enum ChangesOverlay {
    static func draw(_ state: AppState, cursor: Int, _ g: inout Grid) {
        let s = state.settings
        let items = state.recentChanges
        CursorListOverlay.draw(state, title: s.t(" 同事最近的修改(最新在上) ", " Colleagues' recent changes (newest first) "),
                               count: items.count, cursor: cursor, maxWidth: 100,
                               footer: s.t(" Enter 到该任务  Esc 关闭", " Enter go to the task  Esc close"), &g) { k, rr, style, g in
            let i = items[k]
            let it = state.library.items[i]
            let st = state.state(of: i)
            let mark = state.unseen.contains(i) ? (s.asciiChrome ? "+" : "•") : " "
            let when = st.updatedAt.map { String(TimeText.local(millis: Int64($0 * 1000)).dropFirst(5).prefix(11)) } ?? ""
            let who = Sanitize.forTerminal(st.updatedBy ?? "")
            let standing = state.book.standing[i]
            let right = "  " + standing.marker + " \(st.progress)%  " + who + " " + when + " "
            let rw = g.width(of: right)
            var x = g.write(mark + " ", x: rr.x, y: rr.y, style: Style(.accent, bold: true).inRow(style), limit: rr.maxX)
            x = g.write(TextLayout.fit(Sanitize.forTerminal(it.title), to: max(0, rr.maxX - x - rw), ambiguous: s.ambiguous),
                        x: x, y: rr.y, style: style, limit: rr.maxX - rw)
            g.write(right, x: rr.maxX - rw, y: rr.y, style: style, limit: rr.maxX)
        }
    }
}
