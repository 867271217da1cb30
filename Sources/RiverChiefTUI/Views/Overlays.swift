import RiverChiefCore

/// The help overlay (`?`): every key, generated from the action table, plus the status legend.
enum HelpOverlay {
    /// The help's lines for `lang`, wrapped to `width`: group titles, then "keys  help" per action,
    /// a long help text continuing under itself, not under the keys.
    static func lines(_ s: Settings, width: Int) -> [StyledLine] {
        lines(s).flatMap { line -> [StyledLine] in
            guard line.count == 2, width > 30 else { return StyledText.wrap(line, width: width, ambiguous: s.ambiguous) }
            let indent = DisplayWidth.of(line[0].text, ambiguous: s.ambiguous)
            let body = StyledText.wrap([line[1]], width: width - indent, ambiguous: s.ambiguous)
            let pad = Run(String(repeating: " ", count: indent))
            return body.enumerated().map { i, l in [i == 0 ? line[0] : pad] + l }
        }
    }

    /// The help's lines for `lang`, unwrapped: group titles, then "keys  help" per action.
    static func lines(_ s: Settings) -> [StyledLine] {
        var out: [StyledLine] = []
        out.append([Run(s.t("RiverChief 键位 (任意键关闭, j/k 滚动)", "RiverChief keys (any key closes, j/k scroll)"), Style(.accent, bold: true))])
        for g in Action.Group.allCases {
            out.append([])
            out.append([Run(g.title(s.lang), Style(.chrome, bold: true, underline: true))])
            for a in Action.allCases where a.group == g {
                let keys = TextLayout.pad(Keymap.keyList(a, ascii: s.asciiChrome), to: 16, ambiguous: s.ambiguous)
                out.append([Run("  " + keys, Style(bold: true)), Run(a.help(s.lang))])
            }
        }
        out.append([])
        out.append([Run(s.t("状态标记(无颜色也可辨认)", "Status markers (readable without colour)"), Style(.chrome, bold: true, underline: true))])
        for st in Standing.allCases {
            out.append([Run("  " + st.marker + "  ", Style(st.tone, bold: true)), Run(s.t(st.chinese, st.english))])
        }
        return out
    }

    static func box(_ size: Size) -> Rect {
        Rect.overlay(on: size, maxWidth: 96)
    }

    /// The furthest the help scrolls: its last line at the bottom of the box.
    static func maxScroll(_ state: AppState) -> Int {
        let inner = box(state.size).inset(dx: 2, dy: 1)
        return max(0, lines(state.settings, width: inner.width).count - inner.height)
    }

    static func draw(_ state: AppState, scroll: Int, _ g: inout Grid) {
        let s = state.settings
        let box = box(state.size)
        Frame.draw(box, title: s.t(" 帮助 ", " Help "), glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 2, dy: 1)
        let all = lines(s, width: inner.width)
        StyledText.draw(all, scrolledTo: scroll, in: inner, grid: &g)
    }
}

/// The filter prompt: what was typed, and the choices matching it.
enum FilterOverlay {
    static func box(_ size: Size) -> Rect {
        Rect.overlay(on: size, maxWidth: 70)
    }

    /// The choices' rows: the box less its frame, the prompt row and the list's title row.
    static func listRows(_ size: Size) -> Int { max(1, box(size).height - 4) }

    static func draw(_ state: AppState, picker: FilterPicker, _ g: inout Grid) {
        let s = state.settings
        let box = box(state.size)
        Frame.draw(box, title: s.t(" 筛选:输入单位、状态或部分(拼音亦可) ", " Filter: type a unit, status or section (pinyin works) "),
                   glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 1, dy: 1)
        let prompt = "> " + Sanitize.forTerminal(picker.query)
        g.line(prompt, in: inner.row(0), style: Style(bold: true))
        g.cursor = Point(x: inner.x + min(g.width(of: prompt), inner.width - 1), y: inner.y)
        let list = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        ListPane.draw(title: s.t(" \(picker.shown.count) 个选项  ↑↓ 选择  Enter 确定  Esc 取消",
                                 " \(picker.shown.count) choices  Up/Down select  Enter apply  Esc cancel"),
                      count: picker.shown.count, cursor: picker.cursor, focused: true, in: list, grid: &g,
                      empty: s.t("没有匹配的选项", "no matching choice")) { row, rr, style, g in
            let f = state.filterChoices[Int(picker.shown[row])]
            g.write(TextLayout.truncate(filterLabel(f, state), to: rr.width - 2, ellipsis: s.glyphs.ellipsis, ambiguous: g.ambiguous),
                    x: rr.x + 1, y: rr.y, style: style, limit: rr.maxX)
        }
    }
}

/// A box with a title on its top edge.
enum Frame {
    static func draw(_ r: Rect, title: String, glyphs: Glyphs, _ g: inout Grid) {
        guard r.width >= 4, r.height >= 3 else { return }
        let border = Style(.chrome, bold: true)
        g.fill(r)
        let h = String(glyphs.horizontal), v = glyphs.vertical
        let corner: Character = glyphs == .ascii ? "+" : "┼"
        let (tl, tr, bl, br): (Character, Character, Character, Character) =
            glyphs == .ascii ? (corner, corner, corner, corner) : ("┌", "┐", "└", "┘")
        g.put(tl, x: r.x, y: r.y, style: border)
        g.write(String(repeating: h, count: r.width - 2), x: r.x + 1, y: r.y, style: border)
        g.put(tr, x: r.maxX - 1, y: r.y, style: border)
        for y in (r.y + 1)..<(r.maxY - 1) {
            g.put(v, x: r.x, y: y, style: border)
            g.put(v, x: r.maxX - 1, y: y, style: border)
        }
        g.put(bl, x: r.x, y: r.maxY - 1, style: border)
        g.write(String(repeating: h, count: r.width - 2), x: r.x + 1, y: r.maxY - 1, style: border)
        g.put(br, x: r.maxX - 1, y: r.maxY - 1, style: border)
        g.write(TextLayout.truncate(title, to: r.width - 4, ambiguous: g.ambiguous), x: r.x + 2, y: r.y, style: border, limit: r.maxX - 2)
    }
}
