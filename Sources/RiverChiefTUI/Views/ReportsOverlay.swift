import RiverChiefCore

/// The reports panel: the unit scorecard (rank, unit, tasks led, done, on time, overdue, not
/// reported, red, score, grade) or the ledger's summary (lights, sections with a bar), and the
/// keys that write either to a file.
enum ReportsOverlay {
    static func box(_ size: Size) -> Rect { Rect.overlay(on: size, maxWidth: 110) }

    static func lines(_ state: AppState, panel: ReportsPanel, width: Int, _ g: Grid) -> [StyledLine] {
        let s = state.settings
        guard let sum = panel.summary else {
            if let e = panel.error { return [[Run(s.t("读不到报表:", "cannot build the report: ") + Sanitize.forTerminal(e), Style(.bad, bold: true))]] }
            return [[Run(s.t("正在统计…", "counting…"), Style(.muted))]]
        }
        var out: [StyledLine] = [[Run(s.t("截至 \(sum.asOf)  报送周期 \(sum.period)", "as of \(sum.asOf), reporting period \(sum.period)"), Style(.muted))]]
        func cell(_ text: String, _ w: Int, right: Bool = false) -> String {
            let t = TextLayout.fit(Sanitize.forTerminal(text), to: w, ellipsis: s.glyphs.ellipsis, ambiguous: g.ambiguous)
            return right ? TextLayout.padLeft(t, to: w, ambiguous: g.ambiguous) : TextLayout.pad(t, to: w, ambiguous: g.ambiguous)
        }
        switch panel.showing {
        case .scorecard:
            let figures = [("牵头", "led"), ("完成", "done"), ("按期", "on time"), ("逾期", "overdue"), ("未报送", "unrep."),
                           ("红灯", "red"), ("得分", "score"), ("等次", "grade")]
            let fw = 7
            let nameWidth = max(8, width - 4 - fw * figures.count)
            var head = cell(s.t("排名", "#"), 4) + cell(s.t("单位", "unit"), nameWidth)
            for f in figures { head += cell(s.t(f.0, f.1), fw, right: true) }
            out.append([Run(head, Style(bold: true))])
            for (k, l) in sum.scorecard.enumerated() {
                var line = cell(String(k + 1), 4) + cell(l.unit, nameWidth)
                for v in [l.led, l.done, l.doneOnTime, l.overdue, l.notReported, l.red] { line += cell(String(v), fw, right: true) }
                line += cell(ReportText.number(l.score), fw, right: true)
                let tone: Tone = l.grade == .fail ? .bad : l.grade == .pass ? .warn : .good
                out.append([Run(line), Run(cell(l.grade.chinese, fw, right: true), Style(tone, bold: true))])
            }
            let rule = s.t("得分 = 40×完成/牵头 + 10×按期完成/牵头 + 30×(1−逾期/牵头) + 20×(1−未报送/牵头);优秀≥90 良好≥75 合格≥60",
                           "score = 40×done/led + 10×on time/led + 30×(1−overdue/led) + 20×(1−not reported/led); 90 / 75 / 60")
            out += StyledText.wrap([Run(rule, Style(.muted))], width: width, ambiguous: g.ambiguous)
        case .ledger:
            let t = sum.total
            out.append([Run(s.t("任务 \(t.tasks)  已完成 \(t.done)  ", "tasks \(t.tasks)  done \(t.done)  ")),
                        Run("\(Light.red.marker)\(s.t("红灯", "red")) \(t.count(.red))  ", Style(.bad, bold: true)),
                        Run("\(Light.yellow.marker)\(s.t("黄灯", "yellow")) \(t.count(.yellow))  ", Style(.warn)),
                        Run("\(Light.green.marker)\(s.t("绿灯", "green")) \(t.count(.green))  ", Style(.good)),
                        Run(s.t("未报送 \(t.notReported)", "not reported \(t.notReported)"))])
            let barWidth = 12
            let bar = ProgressBar.percent(0, barWidth: barWidth, glyphs: s.glyphs)
            let bw = g.width(of: bar) + 1
            let fig = 16
            let nameWidth = max(8, width - bw - fig)
            for sec in sum.sections {
                let figures = s.t("红\(sec.count(.red)) 未报\(sec.notReported)", "R\(sec.count(.red)) unrep.\(sec.notReported)")
                out.append([Run(cell(sec.name, nameWidth)),
                            Run(ProgressBar.percent(sec.progress, barWidth: barWidth, glyphs: s.glyphs) + " ", Style(.good)),
                            Run(cell(figures, fig, right: true), Style(sec.count(.red) > 0 ? .bad : .muted))])
            }
        }
        return out
    }

    static func draw(_ state: AppState, panel: ReportsPanel, _ g: inout Grid) {
        let s = state.settings
        let box = box(state.size)
        let tabs = ReportKind.allCases.map { $0 == panel.showing ? "[\($0.title(s.lang))]" : $0.title(s.lang) }.joined(separator: " ")
        Frame.draw(box, title: s.t(" 报表 \(tabs)(Tab 切换) ", " Reports \(tabs) (Tab switches) "), glyphs: s.glyphs, &g)
        let inner = box.inset(dx: 2, dy: 1)
        guard inner.height >= 2 else { return }
        let body = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
        let all = lines(state, panel: panel, width: body.width, g)
        StyledText.draw(all, scrolledTo: panel.scroll, in: body, grid: &g)
        let keys = s.t("写出\(panel.showing.title(s.lang)):1 md  2 csv  3 html  4 json   j/k 滚动  Esc 关闭",
                       "write the \(panel.showing.title(s.lang)): 1 md  2 csv  3 html  4 json   up/down scroll  Esc close")
        g.line(keys, in: inner.row(inner.height - 1), style: Style(.accent, bold: true), ellipsis: s.glyphs.ellipsis)
    }
}
