import Foundation

/// Markdown: a heading, the period, the counts, then tables. Cells are escaped so that a `|` or a
/// line break in a note cannot break the table, and `<`, `>`, `&` are written as entities (a
/// Markdown viewer renders HTML).
public enum ReportMarkdown {
    public static func cell(_ s: String) -> String {
        // Most cells hold nothing to escape: one pass over the bytes decides.
        if !s.utf8.contains(where: { $0 == 0x7C || $0 == 0x5C || $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 < 0x20 || $0 == 0x7F })
            && !s.unicodeScalars.contains(where: Sanitize.needsEscape) {
            return s
        }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for u in s.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u {
            case "|": out.append(contentsOf: "\\|".unicodeScalars)
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "\n": if !previousCR { out.append(contentsOf: "<br>".unicodeScalars) }
            case "\r": out.append(contentsOf: "<br>".unicodeScalars)
            default: out.append(u)
            }
        }
        return Sanitize.forTerminal(String(out))
    }

    public static func table(_ t: ReportTable) -> String {
        var out = ""
        append(headers: t.headers, rows: t.rows, into: &out)
        out.removeLast() // the last line break: callers join with their own
        return out
    }

    /// Appends a table, one line per row as each row is made (a large ledger is never held as a
    /// table of strings and then as lines as well).
    static func append<S: Sequence>(headers: [String], rows: S, into out: inout String) where S.Element == [String] {
        func line(_ cells: [String]) {
            out += "|"
            for c in cells {
                out += " "
                out += cell(c)
                out += " |"
            }
            out += "\n"
        }
        line(headers)
        out += "|" + String(repeating: " --- |", count: headers.count) + "\n"
        for r in rows { line(r) }
    }

    public static func ledger(_ l: Ledger, timeZone: TimeZone) -> String {
        var out = ["# 河长制工作台账", "",
                   "截至 \(l.asOf)　报送周期 \(l.period)（\(l.rules.cadence.chinese)，每期截止 \(l.period.due)）"
                   + (l.scope.isEmpty ? "" : "　范围：\(cell(l.scope))"), "",
                   "任务 \(l.total.tasks) 项：已完成 \(l.total.done)，红灯 \(l.total.count(.red))，黄灯 \(l.total.count(.yellow))，"
                   + "绿灯 \(l.total.count(.green))，本期未报送 \(l.total.notReported)；平均进度 \(l.total.progress)%", ""]
        var text = out.joined(separator: "\n") + "\n"
        text.reserveCapacity(text.utf8.count + l.rows.count * 400)
        text += "## 台账\n\n"
        append(headers: Ledger.headers, rows: l.rows.lazy.map { l.cells($0, timeZone: timeZone) }, into: &text)
        text += "\n## 各部分进度\n\n" + table(tallyTable(l.sections, first: "部分")) + "\n"
        text += "\n## 各牵头单位进度\n\n" + table(tallyTable(l.units, first: "牵头单位")) + "\n"
        if !l.targets.isEmpty { text += "\n## 目标\n\n" + table(targetTable(l.targets)) + "\n" }
        return text
    }

    public static func scorecard(_ s: Scorecard) -> String {
        ["# 河长制工作考核（牵头单位）", "", "截至 \(s.asOf)　报送周期 \(s.period)", "",
         "得分 = 40×完成数/牵头数 + 10×按期完成数/牵头数 + 30×(1−逾期数/牵头数) + 20×(1−未报送数/牵头数)；"
         + "优秀 ≥ 90，良好 ≥ 75，合格 ≥ 60，其余不合格。", "",
         table(s.table()), ""].joined(separator: "\n")
    }

    public static func tallyTable(_ tallies: [ProgressTally], first: String) -> ReportTable {
        ReportTable(headers: [first, "任务", "已完成", "平均进度", "红灯", "黄灯", "绿灯", "未报送"], rows: tallies.map { t in
            [t.name, String(t.tasks), String(t.done), "\(t.progress)%", String(t.count(.red)), String(t.count(.yellow)),
             String(t.count(.green)), String(t.notReported)]
        })
    }

    public static func targetTable(_ targets: [TargetRow]) -> ReportTable {
        ReportTable(headers: ["目标", "目标编号", "服务任务", "已完成", "平均进度", "指标", "计量单位", "基线", "目标值", "指标来源", "最新实测", "实测日期"],
                    rows: targets.map { t in
            [t.target.title, t.target.id, String(t.tally.tasks), String(t.tally.done), "\(t.tally.progress)%",
             t.indicator.metric ?? "", t.indicator.unit ?? "", ReportText.number(t.indicator.baseline),
             ReportText.number(t.indicator.goal), t.indicatorSource,
             ReportText.number(t.values.last?.value), t.values.last?.on ?? ""]
        })
    }
}
