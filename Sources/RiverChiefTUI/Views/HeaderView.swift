import RiverChiefCore

/// The header: the meeting, overall progress (counts per status and a bar), the user, the library,
/// and the view tabs.
enum HeaderView {
    static func draw(_ state: AppState, _ l: Layout, _ g: inout Grid) {
        let s = state.settings
        let r = l.header
        guard r.height > 0 else { return }
        let bar = Style(.chrome, reverse: true)
        // Row 0: product, meeting title, user.
        let title: String
        if state.library.models.count == 1, let m = state.library.models.first {
            title = Sanitize.forTerminal(m.meeting.title)
        } else {
            title = s.t("\(state.library.models.count) 篇讲话", "\(state.library.models.count) speeches")
        }
        // With roles, the role follows the name: what this person may change.
        let role = state.rights.map { "  " + s.t("角色 ", "role ") + Sanitize.forTerminal(s.t($0.role, $0.roleEnglish)) } ?? ""
        // At most half the row, so the meeting's title keeps room (a liaison of several units).
        let user = TextLayout.truncate(s.t("用户 ", "user ") + Sanitize.forTerminal(s.user) + role, to: r.width / 2,
                                       ellipsis: s.glyphs.ellipsis, ambiguous: g.ambiguous)
        let userWidth = g.width(of: user) + 1
        g.fill(r.row(0), style: bar)
        var x = g.write(" RiverChief ", x: 0, y: r.y, style: bar.emboldened)
        x = g.write(String(s.glyphs.vertical) + " ", x: x, y: r.y, style: bar)
        let room = max(0, r.width - x - userWidth - 1)
        g.write(TextLayout.truncate(title, to: room, ellipsis: s.glyphs.ellipsis, ambiguous: g.ambiguous),
                x: x, y: r.y, style: bar.emboldened, limit: r.maxX)
        if r.width - userWidth > x + 8 { g.write(user, x: r.width - userWidth, y: r.y, style: bar, limit: r.maxX) }

        // Row 1: progress and counts; while the library loads (`AppState.starting`), that it is loading.
        g.fill(r.row(1))
        if state.starting {
            g.write(" " + s.t("正在载入", "loading") + s.glyphs.ellipsis, x: 0, y: r.y + 1, style: Style(.muted), limit: r.maxX)
        } else {
            progress(state, l, &g)
        }

        if let b = l.banner { banner(state, in: b, &g) }

        // Row 2 (row 1's end when compact): the view tabs and the filter.
        if l.kind == .compact { return }
        let y = r.y + 2
        g.fill(r.row(2))
        x = tabs(state, x: 1, y: y, &g)
        guard !state.starting else { return }
        let lightsX = lights(state, y: y, right: r.maxX, after: x, &g)
        if let f = state.filter {
            let text = "  " + s.t("筛选 ", "filter ") + filterLabel(f, state) + "  (F " + s.t("清除", "clears") + ")"
            g.write(text, x: x, y: y, style: Style(.accent, bold: true), limit: lightsX)
        }
    }

    /// Row 1: the progress bar and the counts, the library on the right.
    static func progress(_ state: AppState, _ l: Layout, _ g: inout Grid) {
        let s = state.settings
        let r = l.header
        let book = state.book
        let done = book.counts[Standing.done.rawValue]
        let y = r.y + 1
        var x = g.write(" " + s.t("进度 ", "progress "), x: 0, y: y, style: Style(.muted))
        let barWidth = l.kind == .compact ? 10 : 16
        x = g.write(ProgressBar.render(done: done, total: book.taskCount, barWidth: barWidth, glyphs: s.glyphs),
                    x: x, y: y, style: Style(.good, bold: true), limit: r.maxX)
        let library = " " + s.t("库 ", "library ") + Sanitize.forTerminal(s.libraryPath)
        // The counts come first: the library's path only where every count still fits.
        let counts = Standing.allCases.map { "  \($0.marker)\(s.t($0.chinese, $0.english)) \(book.counts[$0.rawValue])" }
        let countsWidth = counts.reduce(0) { $0 + g.width(of: $1) }
        let pathRoom = r.width - x - countsWidth - 1
        let libWidth = l.kind == .compact || pathRoom < 12 ? 0 : min(g.width(of: library), pathRoom)
        // Where not every count fits (80 columns, English), zero ones give way, the rightmost first.
        var shown = Array(Standing.allCases)
        var width = countsWidth
        while x + width > r.width, let k = shown.lastIndex(where: { book.counts[$0.rawValue] == 0 }) {
            width -= g.width(of: counts[shown[k].rawValue])
            shown.remove(at: k)
        }
        for st in shown {
            let part = counts[st.rawValue]
            if x + g.width(of: part) > r.width - libWidth { break }
            x = g.write(part, x: x, y: y, style: Style(book.counts[st.rawValue] > 0 ? st.tone : .muted))
        }
        if libWidth > 4 {
            let shown = TextLayout.truncate(library, to: libWidth, ellipsis: s.glyphs.ellipsis, ambiguous: g.ambiguous)
            g.write(shown, x: r.width - g.width(of: shown), y: y, style: Style(.muted))
        }
    }

    /// The banner under the header when changes cannot be recorded: read-only, or no database.
    static func banner(_ state: AppState, in r: Rect, _ g: inout Grid) {
        let s = state.settings
        let text: String
        switch state.storeAccess {
        case .readOnly(let path, _)?:
            // What it means first, the path last (it may be long).
            text = s.t(" 只读:只能查看,不能记录。请联系河长办开通写权限(状态库 \(Sanitize.forTerminal(path)))",
                       " READ-ONLY: you can look but not record; ask the office for write access (\(Sanitize.forTerminal(path)))")
        case .unavailable(let reason)?:
            text = s.t(" 状态库不可用,只能浏览讲话:", " NO STATE DATABASE, browsing only: ") + Sanitize.forTerminal(reason)
        default:
            return
        }
        g.line(text, in: r, style: Style(.warn, bold: true, reverse: true), ellipsis: s.glyphs.ellipsis)
    }

    /// The count of each light, right-aligned: "(R)红灯 3 (Y)黄灯 5 (G)绿灯 42" (each marker reads
    /// without colour); "(R)3 (Y)5 (G)42" where that does not fit. Returns where it starts.
    static func lights(_ state: AppState, y: Int, right: Int, after: Int, _ g: inout Grid) -> Int {
        let s = state.settings
        let counts = state.book.lightCounts
        func parts(long: Bool) -> [String] {
            Light.allCases.map { "\($0.marker)" + (long ? s.t($0.chinese, $0.english) + " " : "") + "\(counts[$0.rawValue])" }
        }
        var chosen = parts(long: true)
        let unreported = state.notReportedCount.map { s.t("未报送 \($0)", "unreported \($0)") }
        func width(_ p: [String]) -> Int { p.reduce(0) { $0 + g.width(of: $1) + 2 } }
        if right - after - width(chosen) < 2 { chosen = parts(long: false) }
        guard right - after - width(chosen) >= 1 else { return right }
        var start = right - width(chosen)
        if let unreported, start - after - g.width(of: unreported) - 2 >= 1 {
            start -= g.width(of: unreported) + 2
            g.write(unreported + "  ", x: start, y: y, style: Style((state.notReportedCount ?? 0) > 0 ? .warn : .muted))
        }
        var x = right - width(chosen)
        for (light, part) in zip(Light.allCases, chosen) {
            let n = counts[light.rawValue]
            let tone: Tone = n == 0 ? .muted : (light == .red ? .bad : light == .yellow ? .warn : .good)
            x = g.write(part, x: x, y: y, style: Style(tone, bold: light == .red && n > 0))
            x = g.write("  ", x: x, y: y)
        }
        return start
    }

    /// "1 Tree  2 Units  3 Targets  4 Status", the current one reversed. Returns the next column.
    static func tabs(_ state: AppState, x start: Int, y: Int, _ g: inout Grid) -> Int {
        var x = start
        for v in ViewID.allCases {
            let text = " \(v.rawValue + 1) \(v.title(state.settings.lang)) "
            x = g.write(text, x: x, y: y, style: v == state.view ? Style(.accent, bold: true, reverse: true) : Style(.muted))
            x = g.write(" ", x: x, y: y)
        }
        return x
    }
}
