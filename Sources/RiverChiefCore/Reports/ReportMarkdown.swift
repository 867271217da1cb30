import Foundation

/// Markdown: a heading, the period, the counts, then tables. Cells are escaped so that a `|` or a
/// line break in a note cannot break the table, and `<`, `>`, `&` are written as entities (a
/// Markdown viewer renders HTML).
public enum ReportMarkdown {
    public static func cell(_ s: String) -> String {
        var s = s
        if s.withUTF8(isPlain) { return s }
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

    /// Appends a cell's escaped text: most cells need nothing and are copied as bytes.
    static func write(cell s: String, to out: ReportOutput) {
        var s = s
        let plain = s.withUTF8 { u -> Bool in
            guard isPlain(u) else { return false }
            out.write(bytes: u)
            return true
        }
        if !plain { out.write(cell(s)) }
    }

    /// True when `cell` leaves the text as it is: no `| \\ < > &`, no control character, no DEL,
    /// C1 control or bidi override (one pass over the bytes).
    static func isPlain(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in u.indices {
            let c = u[k]
            guard special[Int(c)] else { continue }
            if c == 0xC2 || c == 0xE2 {
                if JSONWriter.terminalControl(u, at: k) == nil { continue }
            }
            return false
        }
        return true
    }

    private static let special: [Bool] = (0..<256).map { b in
        b < 0x20 || b == 0x7C || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0x7F || b == 0xC2 || b == 0xE2
    }

    public static func table(_ t: ReportTable) -> String {
        let bytes = (try? ReportOutput.collect { write(headers: t.headers, rows: t.rows, to: $0) }) ?? []
        return String(decoding: bytes.dropLast(), as: UTF8.self) // the last line break: callers join with their own
    }

    /// Writes a table, one line per row as each row is made (a large ledger is never held as a
    /// table of strings or as text).
    static func write<S: Sequence>(headers: [String], rows: S, to out: ReportOutput) where S.Element == [String] {
        func line(_ cells: [String]) {
            out.write(byte: 0x7C)
            for c in cells {
                out.write(byte: 0x20)
                write(cell: c, to: out)
                out.write(bytes: " |".utf8)
            }
            out.write(byte: 0x0A)
        }
        line(headers)
        out.write("|" + String(repeating: " --- |", count: headers.count) + "\n")
        for r in rows { line(r) }
    }

    /// One ledger row as `write(headers:rows:to:)` writes `Ledger.cells`, without making the cells.
    static func writeRow(_ r: LedgerRow, timeZone: TimeZone, to out: ReportOutput) {
        func next() { out.write(bytes: " | ".utf8) }
        out.write(bytes: "| ".utf8)
        out.write(String(r.number)); next()
        write(cell: r.section, to: out); next()
        write(cell: r.point, to: out); next()
        write(cell: r.task, to: out); next()
        write(cell: r.id, to: out); next()
        write(cell: r.lead, to: out); next()
        write(list: r.supporting, to: out); next()
        write(list: r.territorial, to: out); next()
        write(cell: r.deadline ?? "", to: out); next()
        write(cell: ReportText.status(r.status), to: out); next()
        out.write(String(r.progress)); out.write(byte: 0x25); next()
        write(cell: ReportText.light(r.verdict), to: out); next()
        write(cell: r.verdict.reason.chinese, to: out); next()
        out.write(r.status == .done ? "—" : (r.notReported ? "未报送" : "已报送")); next()
        write(cell: r.report?.done ?? "", to: out); next()
        write(cell: r.report?.next ?? "", to: out); next()
        write(cell: r.report?.problems ?? "", to: out); next()
        write(cell: r.report?.support ?? "", to: out); next()
        write(cell: ReportText.localTime(r.reportMillis, timeZone: timeZone), to: out); next()
        write(cell: r.updatedBy ?? "", to: out); next()
        write(cell: ReportText.localTime(r.updatedMillis, timeZone: timeZone), to: out)
        out.write(bytes: " |\n".utf8)
    }

    /// `cell(ReportText.list(names))`: escaping goes character by character, so each name and the
    /// separator (、, which needs none) are escaped on their own.
    static func write(list names: [String], to out: ReportOutput) {
        for (k, n) in names.enumerated() {
            if k > 0 { out.write("、") }
            write(cell: n, to: out)
        }
    }

    /// The ledger, written to `out`.
    public static func write(_ l: Ledger, timeZone: TimeZone, to out: ReportOutput) {
        out.write(["# 河长制工作台账", "",
                   "截至 \(l.asOf)　报送周期 \(l.period)（\(l.rules.cadence.chinese)，每期截止 \(l.period.due)）"
                   + (l.scope.isEmpty ? "" : "　范围：\(cell(l.scope))"), "",
                   "任务 \(l.total.tasks) 项：已完成 \(l.total.done)，红灯 \(l.total.count(.red))，黄灯 \(l.total.count(.yellow))，"
                   + "绿灯 \(l.total.count(.green))，本期未报送 \(l.total.notReported)；平均进度 \(l.total.progress)%", ""]
            .joined(separator: "\n") + "\n")
        out.write("## 台账\n\n")
        write(headers: Ledger.headers, rows: [], to: out)
        out.writeRows(count: l.count) { range, _, piece in
            for k in range { writeRow(l.row(k), timeZone: timeZone, to: piece) }
        }
        out.write("\n## 各部分进度\n\n")
        write(headers: tallyHeaders(first: "部分"), rows: l.sections.lazy.map(tallyCells), to: out)
        out.write("\n## 各牵头单位进度\n\n")
        write(headers: tallyHeaders(first: "牵头单位"), rows: l.units.lazy.map(tallyCells), to: out)
        if !l.targets.isEmpty { out.write("\n## 目标\n\n" + table(targetTable(l.targets)) + "\n") }
    }

    public static func scorecard(_ s: Scorecard) -> String {
        ["# 河长制工作考核（牵头单位）", "", "截至 \(s.asOf)　报送周期 \(s.period)", "",
         "得分 = 40×完成数/牵头数 + 10×按期完成数/牵头数 + 30×(1−逾期数/牵头数) + 20×(1−未报送数/牵头数)；"
         + "优秀 ≥ 90，良好 ≥ 75，合格 ≥ 60，其余不合格。", "",
         table(s.table()), ""].joined(separator: "\n")
    }

    public static func tallyTable(_ tallies: [ProgressTally], first: String) -> ReportTable {
        ReportTable(headers: tallyHeaders(first: first), rows: tallies.map(tallyCells))
    }

    static func tallyHeaders(first: String) -> [String] { [first, "任务", "已完成", "平均进度", "红灯", "黄灯", "绿灯", "未报送"] }

    static func tallyCells(_ t: ProgressTally) -> [String] {
        [t.name, String(t.tasks), String(t.done), "\(t.progress)%", String(t.count(.red)), String(t.count(.yellow)),
         String(t.count(.green)), String(t.notReported)]
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
