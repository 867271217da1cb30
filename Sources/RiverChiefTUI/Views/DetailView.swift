import RiverChiefCore
import RiverChiefStore

/// The detail pane: the selected item's full text, status and progress, deadline, lead, supporting
/// and territorial units (stated or inferred), targets, and the passage of the speech it comes from
/// with the item's own span highlighted. Wrapped by width; scrolls when it has the keyboard.
enum DetailView {
    static func draw(_ state: AppState, in r: Rect, focused: Bool, _ g: inout Grid) {
        guard !r.isEmpty else { return }
        let s = state.settings
        g.line(" " + s.t("详情", "Detail") + (focused ? s.t("  (j/k 滚动, Tab 返回)", "  (j/k scroll, Tab back)") : ""),
               in: r.row(0), style: Style(.chrome, bold: true, underline: !focused))
        let body = Rect(x: r.x + 1, y: r.y + 1, width: r.width - 1, height: r.height - 1)
        // Only what the pane can show is wrapped: a section's text may run to hundreds of lines.
        let lines = self.lines(state, width: body.width, maxLines: state.detailScroll + body.height)
        let scroll = min(state.detailScroll, max(0, lines.count - body.height))
        for i in 0..<body.height {
            let rr = body.row(i)
            if scroll + i < lines.count {
                StyledText.draw(lines[scroll + i], in: rr, grid: &g)
            } else {
                g.fill(rr)
            }
        }
    }

    /// The pane's line count, or at least `maxLines` when it has that many or more.
    static func lineCount(_ state: AppState, width: Int, maxLines: Int = .max) -> Int {
        lines(state, width: width - 1, maxLines: maxLines).count
    }

    /// The pane's content for the current selection, wrapped to `width`: its first `maxLines`
    /// lines, or a few more.
    static func lines(_ state: AppState, width: Int, maxLines: Int = .max) -> [StyledLine] {
        guard width > 4 else { return [] }
        switch state.shownDetail {
        case .node(let node)?:
            if let i = state.outline.item(node) { return itemLines(state, i, node: node, width: width, maxLines: maxLines) }
            if case .model(let m) = state.outline.refs[node] { return modelLines(state, m, node: node, width: width) }
            return []
        case .item(let i)?:
            return itemLines(state, i, node: Int(state.outline.nodeOfItem[i]), width: width, maxLines: maxLines)
        case nil:
            return []
        }
    }

    static func itemLines(_ state: AppState, _ i: Int, node: Int, width: Int, maxLines: Int = .max) -> [StyledLine] {
        let s = state.settings
        let amb = state.settings.ambiguous
        let it = state.library.items[i]
        let lw = s.lang == .zh ? 6 : 13
        var out: [StyledLine] = []
        out += StyledText.wrap([Run(nodeTitle(state, node), Style(.accent, bold: true))], width: width, ambiguous: amb)
        let kind: String
        switch it.kind {
        case .section: kind = s.t("部分", "section")
        case .point: kind = s.t("要点", "point")
        case .task: kind = s.t("任务", "task")
        }
        out += StyledText.wrap([Run(kind + "  " + Sanitize.forTerminal(it.id), Style(.muted))], width: width, ambiguous: amb)
        out.append([])
        if it.kind == .task {
            let st = state.book.standing[i]
            let itemState = state.state(of: i)
            var status = [Run(st.marker + " " + s.t(st.chinese, st.english), Style(st.tone, bold: true))]
            if st == .overdue {
                // Overdue is derived from the deadline; the status someone recorded still matters.
                let recorded = Standing(itemState, deadline: nil, today: state.today)
                status.append(Run(s.t("(记录为 ", " (recorded: ") + recorded.marker + " " + s.t(recorded.chinese, recorded.english)
                                  + s.t(")", ")"), Style(recorded.tone)))
            }
            out += StyledText.field(s.t("状态", "Status"), status, width: width, ambiguous: amb, labelWidth: lw)
            if let light = state.book.light(of: i) {
                var runs = [Run(light.marker + " " + s.t(light.chinese, light.english),
                                Style(light == .red ? .bad : light == .yellow ? .warn : .good, bold: true))]
                if let unreported = state.isNotReported(i) {
                    runs.append(Run(unreported ? s.t("  本期未报送", "  not reported this period") : s.t("  本期已报送", "  reported this period"),
                                    Style(unreported ? .warn : .muted)))
                }
                out += StyledText.field(s.t("灯号", "Light"), runs, width: width, ambiguous: amb, labelWidth: lw)
            }
            let bar = ProgressBar.percent(itemState.progress, barWidth: 10, glyphs: s.glyphs)
            out += StyledText.field(s.t("进度", "Progress"), [Run(bar)], width: width, ambiguous: amb, labelWidth: lw)
            out += StyledText.field(s.t("截止", "Deadline"), [Run(state.deadline(of: i).map(Sanitize.forTerminal) ?? s.t("未定", "none set"))],
                                    width: width, ambiguous: amb, labelWidth: lw)
            if let by = itemState.updatedBy {
                let when = itemState.updatedAt.map { "  " + TimeText.local(millis: Int64($0 * 1000)).prefix(16) } ?? ""
                out += StyledText.field(s.t("更新", "Updated by"), [Run(Sanitize.forTerminal(by) + when)], width: width, ambiguous: amb, labelWidth: lw)
            }
            if let summary = itemState.latestNote {
                // The latest report's parts, each under its label as the history (H) shows them.
                let note = ProgressNote(summary: summary)
                let parts: [(String, String?)] = [(s.t("已完成", "Done"), note.done), (s.t("下一步", "Next"), note.next),
                                                  (s.t("问题", "Problems"), note.problems), (s.t("需支持", "Support"), note.support)]
                for (label, text) in parts {
                    guard let text else { continue }
                    out += StyledText.field(label, [Run(sanitizeKeepingNewlines(text))], width: width, ambiguous: amb,
                                            labelWidth: s.lang == .zh ? 8 : 13)
                }
            }
            out += StyledText.field(s.t("牵头", "Lead"), assignments(state, it.lead.map { [$0] } ?? []),
                                    width: width, ambiguous: amb, labelWidth: lw)
            out += StyledText.field(s.t("配合", "Supporting"), assignments(state, it.supporting),
                                    width: width, ambiguous: amb, labelWidth: lw)
            out += StyledText.field(s.t("属地", "Territorial"), assignments(state, it.territorial),
                                    width: width, ambiguous: amb, labelWidth: lw)
            let targets = it.targets.map { Sanitize.forTerminal(state.library.target($0)?.title ?? $0) }
            out += StyledText.field(s.t("目标", "Targets"), [Run(targets.isEmpty ? "—" : targets.joined(separator: "、"))],
                                    width: width, ambiguous: amb, labelWidth: lw)
        } else if node >= 0 {
            let total = Int(state.book.total[node]), done = Int(state.book.done[node])
            out += StyledText.field(s.t("任务", "Tasks"),
                                    [Run(ProgressBar.render(done: done, total: total, barWidth: 10, glyphs: s.glyphs))],
                                    width: width, ambiguous: amb, labelWidth: lw)
        }
        out.append([])
        out.append(rule(s.t("原文", "Text"), width: width, glyphs: s.glyphs, ambiguous: amb))
        // The text and the passage, the long parts, only as far as the pane shows.
        var reach = StyledText.Reach(width: width, ambiguous: amb, maxLines: max(0, maxLines - out.count))
        out += StyledText.wrap([Run(sanitizeKeepingNewlines(it.text, reach: &reach))], width: width, ambiguous: amb,
                               maxLines: max(0, maxLines - out.count))
        if out.count < maxLines, let model = state.library.model(of: it) {
            out.append([])
            out.append(rule(s.t("出处", "In the speech") + " \(it.span)", width: width, glyphs: s.glyphs, ambiguous: amb))
            var reach = StyledText.Reach(width: width, ambiguous: amb, maxLines: max(0, maxLines - out.count))
            out += StyledText.wrap(passage(model.source, it.span, reach: &reach), width: width, ambiguous: amb,
                                   maxLines: max(0, maxLines - out.count))
        }
        return out
    }

    static func modelLines(_ state: AppState, _ m: Int, node: Int, width: Int) -> [StyledLine] {
        let s = state.settings
        let model = state.library.models[m]
        let amb = s.ambiguous
        let lw = s.lang == .zh ? 8 : 13        // 讲话人 and two cells
        var out = StyledText.wrap([Run(Sanitize.forTerminal(model.meeting.title), Style(.accent, bold: true))], width: width, ambiguous: amb)
        out.append([])
        out += StyledText.field(s.t("讲话人", "Speaker"), [Run(Sanitize.forTerminal(model.meeting.speakerRole))], width: width, ambiguous: amb, labelWidth: lw)
        out += StyledText.field(s.t("会议", "Meeting"), [Run(Sanitize.forTerminal(model.meeting.kind))], width: width, ambiguous: amb, labelWidth: lw)
        if let d = model.meeting.date {
            out += StyledText.field(s.t("日期", "Date"), [Run(Sanitize.forTerminal(d))], width: width, ambiguous: amb, labelWidth: lw)
        }
        guard !state.starting else { return out }
        let total = Int(state.book.total[node]), done = Int(state.book.done[node])
        out += StyledText.field(s.t("任务", "Tasks"), [Run(ProgressBar.render(done: done, total: total, barWidth: 10, glyphs: s.glyphs))],
                                width: width, ambiguous: amb, labelWidth: lw)
        return out
    }

    /// "市水利局(讲话明确)、市林业局(推断:support.forestry)": an inferred unit with the duty-table rule that gave it.
    static func assignments(_ state: AppState, _ list: [Assignment]) -> [Run] {
        guard !list.isEmpty else { return [Run("—", Style(.muted))] }
        var runs: [Run] = []
        for (k, a) in list.enumerated() {
            if k > 0 { runs.append(Run("、")) }
            runs.append(Run(unitName(state, a.unit)))
            let basis = a.basis == .stated ? state.settings.t("(讲话明确)", " (stated)")
                : a.rule.map { state.settings.t("(推断:\(Sanitize.forTerminal($0)))", " (inferred: \(Sanitize.forTerminal($0)))") }
                ?? state.settings.t("(推断)", " (inferred)")
            runs.append(Run(basis, Style(a.basis == .stated ? .good : .muted)))
        }
        return runs
    }

    /// A titled rule: "── 出处 ────".
    static func rule(_ title: String, width: Int, glyphs: Glyphs, ambiguous: AmbiguousWidth) -> StyledLine {
        let h = String(glyphs.horizontal)
        let head = TextLayout.truncate(h + h + " " + title + " ", to: width, ambiguous: ambiguous)
        let rest = max(0, width - DisplayWidth.of(head, ambiguous: ambiguous))
        return [Run(head + String(repeating: glyphs.horizontal, count: min(rest, 200)), Style(.chrome))]
    }

    /// The paragraph of the speech around `span` (cut to a window of context), the span itself
    /// highlighted (reverse and underline, so it shows without colour); only as much of it as
    /// the lines `reach` counts need.
    static func passage(_ source: SourceText, _ span: Span, reach: inout StyledText.Reach) -> [Run] {
        let n = source.count
        guard span.start >= 0, span.end <= n, span.start <= span.end else { return [] }
        let context = 160
        var a = span.start
        while a > 0 && span.start - a < context && source.scalars[a - 1] != "\n" { a -= 1 }
        var b = span.end
        while b < n && b - span.end < context && source.scalars[b] != "\n" { b += 1 }
        let before = source.slice(Span(start: a, end: span.start)) ?? ""
        let inside = source.slice(span) ?? ""
        let after = source.slice(Span(start: span.end, end: b)) ?? ""
        var runs: [Run] = []
        if a > 0 && source.scalars[a - 1] != "\n" { runs.append(Run("…", Style(.muted))) }
        for (text, style) in [(before, Style(.muted)), (inside, Style(.match, bold: true, underline: true)), (after, Style(.muted))] {
            if reach.reached { return runs }
            runs.append(Run(sanitizeKeepingNewlines(text, reach: &reach), style))
        }
        if b < n && source.scalars[b] != "\n" { runs.append(Run("…", Style(.muted))) }
        return runs
    }
}

/// Text from data for a wrapped block: control characters escaped, line breaks kept as breaks,
/// carriage returns left out.
func sanitizeKeepingNewlines(_ s: Substring) -> String {
    let text = s.unicodeScalars.contains("\r") ? Substring(s.unicodeScalars.filter { $0 != "\r" }) : s
    return text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { Sanitize.forTerminal(String($0)) }
        .joined(separator: "\n")
}

func sanitizeKeepingNewlines(_ s: String) -> String { sanitizeKeepingNewlines(s[...]) }

/// The same for the start of `s` that the lines `reach` counts need (what a pane shows of a long
/// text; the reach goes on over the text that follows). The text is measured before it is
/// escaped: an escape is never narrower than what it replaces (a control counts nothing), and a
/// carriage return left out only makes the text read longer, so the lines wrapped from this start
/// are the whole text's first ones.
func sanitizeKeepingNewlines(_ s: String, reach: inout StyledText.Reach) -> String {
    var bytes = 0
    for c in s {
        bytes += c.utf8.count
        if reach.enough(after: c) { break }
    }
    return sanitizeKeepingNewlines(s[..<s.utf8.index(s.utf8.startIndex, offsetBy: bytes)])
}
