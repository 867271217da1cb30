import Foundation

/// One self-contained HTML page (no script, no network: styles inline, bars drawn with CSS) that
/// prints on A4. Every text from data goes through `escape`, so a note holding `<script>` shows as
/// text; nothing from data is ever placed in a tag or attribute unescaped.
public enum ReportHTML {
    /// `& < > " '` as entities; control characters other than tab and line breaks dropped.
    public static func escape(_ s: String) -> String {
        // Most texts need nothing: one pass over the bytes decides.
        var s = s
        if s.withUTF8(isPlain) { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        s.withUTF8 { appendEscaped($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the escaped UTF-8 of `u`, byte by byte: every character `escape` changes is ASCII
    /// or a C1 control (0xC2 then 0x80–0x9F), so the rest is copied in runs as it is.
    static func appendEscaped(_ u: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var run = 0  // start of the bytes not yet copied
        var k = 0
        while k < u.count {
            let c = u[k]
            guard special[Int(c)] else {
                k += 1
                continue
            }
            if run < k { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<k])) }
            switch c {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            case 0x0A, 0x09: out.append(c)
            case 0xC2:
                if k + 1 < u.count, (0x80...0x9F).contains(u[k + 1]) {
                    k += 2  // a C1 control: dropped
                    run = k
                    continue
                }
                out.append(c)
            default: break  // another control character or DEL: dropped
            }
            k += 1
            run = k
        }
        if run < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count])) }
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:16px;color:#222;font-size:13px}
        h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:18px 0 6px;border-bottom:1px solid #999}
        .meta{color:#555;margin-bottom:8px} .counts span{margin-right:14px}
        table{border-collapse:collapse;width:100%;margin-bottom:10px} th,td{border:1px solid #bbb;padding:3px 5px;vertical-align:top;text-align:left}
        th{background:#eef1f5} td.num{text-align:right;white-space:nowrap}
        .bar{position:relative;background:#e4e4e4;height:14px;min-width:120px;border:1px solid #aaa}
        .bar>i{position:absolute;left:0;top:0;bottom:0;background:#3a7bd5;-webkit-print-color-adjust:exact;print-color-adjust:exact}
        .bar>b{position:relative;font-weight:normal;font-size:11px;padding-left:4px}
        .light{white-space:nowrap;font-weight:bold} .red{color:#c00} .yellow{color:#a60} .green{color:#070}
        tr.row-red td:first-child{border-left:4px solid #c00} tr.row-yellow td:first-child{border-left:4px solid #e0a000}
        tr.row-green td:first-child{border-left:4px solid #3a3} td.nowrap{white-space:nowrap}
        .note{white-space:pre-wrap;max-width:26em} .flag{color:#c00;font-weight:bold}
        @page{size:A4 landscape;margin:12mm}
        @media print{body{margin:0;font-size:10px} h2{break-after:avoid} tr{break-inside:avoid} thead{display:table-header-group}
          .bar{min-width:80px}}
        """

    /// True when `escape` leaves the text as it is: none of `& < > " '`, no control character, no DEL
    /// and no 0xC2 byte (the lead byte of a C1 control).
    static func isPlain(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in u where special[Int(c)] { return false }
        return true
    }

    private static let special: [Bool] = (0..<256).map { b in
        b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 || b < 0x20 || b == 0x7F || b == 0xC2
    }

    static func page(title: String, body: [String]) -> String {
        String(decoding: (try? ReportOutput.collect { out in writePage(title: title, to: out) { line in body.forEach(line) } }) ?? [],
               as: UTF8.self)
    }

    /// The page's head, then what `body` hands to `line` (each on a line of its own), then its end.
    static func writePage(title: String, to out: ReportOutput, body: (_ line: (String) -> Void) -> Void) {
        out.write(["<!DOCTYPE html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                   "<title>\(escape(title))</title>", "<style>\(style)</style></head><body>"].joined(separator: "\n"))
        body { element in
            out.write(byte: 0x0A)
            out.write(element)
        }
        out.write("\n</body></html>\n")
    }

    static func bar(_ percent: Int) -> String {
        let p = min(100, max(0, percent))
        return "<div class=\"bar\" role=\"img\" aria-label=\"\(p)%\"><i style=\"width:\(p)%\"></i><b>\(p)%</b></div>"
    }

    static func table(_ headers: [String], _ rows: [String]) -> String {
        tableHead(headers) + rows.joined(separator: "\n") + tableEnd
    }

    static func tableHead(_ headers: [String]) -> String {
        "<table><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
    }

    static let tableEnd = "\n</tbody></table>"

    static func td(_ s: String, _ cls: String? = nil) -> String {
        "<td\(cls.map { " class=\"\($0)\"" } ?? "")>\(escape(s))</td>"
    }

    static func tallies(_ ts: [ProgressTally], first: String) -> String {
        table([first, "任务", "已完成", "进度", "红灯", "黄灯", "未报送"], ts.map { t in
            "<tr>" + td(t.name) + td(String(t.tasks), "num") + td(String(t.done), "num") + "<td>\(bar(t.progress))</td>"
                + td(String(t.count(.red)), "num") + td(String(t.count(.yellow)), "num") + td(String(t.notReported), "num") + "</tr>"
        })
    }

    /// Writes `escape(s)`, straight into the output.
    static func write(escaped s: String, to out: ReportOutput) {
        var s = s
        s.withUTF8 { u in out.withBuffer { appendEscaped(u, to: &$0) } }
    }

    /// Writes `td(parts.joined(separator: separator), cls)` without joining: escaping is done
    /// character by character, so escaping the parts and the separator is the same.
    static func writeTD(_ parts: [String], separator: String = "", _ cls: String? = nil, to out: ReportOutput) {
        openTD(cls, to: out)
        for (k, p) in parts.enumerated() {
            if k > 0 { write(escaped: separator, to: out) }
            write(escaped: p, to: out)
        }
        out.write("</td>")
    }

    /// `writeTD([text], cls)` without the array.
    static func writeTD(_ text: String, _ cls: String? = nil, to out: ReportOutput) {
        openTD(cls, to: out)
        write(escaped: text, to: out)
        out.write("</td>")
    }

    static func openTD(_ cls: String?, to out: ReportOutput) {
        if let cls {
            out.write("<td class=\"")
            out.write(cls)
            out.write("\">")
        } else {
            out.write("<td>")
        }
    }

    /// One task's line of the page's task table, written to `out`.
    static func writeRow(_ r: LedgerRow, timeZone: TimeZone, to out: ReportOutput) {
        let light = r.verdict.light.english
        out.write("<tr class=\"row-")
        out.write(light)
        out.write("\">")
        writeTD(String(r.number), "num", to: out)
        openTD(nil, to: out)
        write(escaped: r.section, to: out)
        if !r.point.isEmpty {
            out.write(" / ")
            write(escaped: r.point, to: out)
        }
        out.write("</td>")
        writeTD(r.task, to: out)
        writeTD(r.lead, to: out)
        writeTD(r.supporting, separator: "、", to: out)
        writeTD(r.territorial, separator: "、", to: out)
        writeTD(r.deadline ?? "", "nowrap", to: out)
        writeTD(ReportText.status(r.status), "nowrap", to: out)
        out.write("<td>")
        out.write(bar(r.progress))
        out.write("</td><td class=\"light ")
        out.write(light)
        out.write("\">")
        write(escaped: ReportText.light(r.verdict), to: out)
        out.write("<br><small>")
        write(escaped: r.verdict.reason.chinese, to: out)
        out.write("</small></td>")
        if r.status == .done {
            writeTD("—", to: out)
        } else if r.notReported {
            out.write("<td class=\"flag\">未报送</td>")
        } else {
            writeTD("已报送", to: out)
        }
        // The report's parts, each after its label, a line apart (labels and line breaks need no escaping).
        openTD("note", to: out)
        if let p = r.report {
            var first = true
            for (label, value) in [("已完成：", p.done), ("下一步：", p.next), ("问题：", p.problems), ("需支持：", p.support)] {
                guard let value else { continue }
                if !first { out.write(byte: 0x0A) }
                first = false
                out.write(label)
                write(escaped: value, to: out)
            }
        }
        out.write("</td>")
        let updated = ReportText.localTime(r.updatedMillis, timeZone: timeZone)
        writeTD([r.updatedBy ?? "", updated].filter { !$0.isEmpty }, separator: " ", to: out)
        out.write("</tr>")
    }

    /// The ledger's page, written to `out`, the task table row by row, red rows first.
    public static func write(_ l: Ledger, timeZone: TimeZone, to out: ReportOutput) {
        writePage(title: "河长制工作台账 \(l.asOf)", to: out) { line in
            line("<h1>河长制工作台账</h1>")
            line("<div class=\"meta\">截至 \(escape(l.asOf.description))　报送周期 \(escape(l.period.description))（\(escape(l.rules.cadence.chinese))）"
                 + (l.scope.isEmpty ? "" : "　范围：\(escape(l.scope))") + "</div>")
            line("<div class=\"counts\"><span>任务 \(l.total.tasks)</span><span>已完成 \(l.total.done)</span>"
                 + "<span class=\"red\">(R) 红灯 \(l.total.count(.red))</span><span class=\"yellow\">(Y) 黄灯 \(l.total.count(.yellow))</span>"
                 + "<span class=\"green\">(G) 绿灯 \(l.total.count(.green))</span><span>未报送 \(l.total.notReported)</span></div>")
            line("<div>总体进度 \(bar(l.total.progress))</div>")
            line("<h2>各部分进度</h2>")
            line(tallies(l.sections, first: "部分"))
            line("<h2>各牵头单位进度（红灯多者在前）</h2>")
            line(tallies(l.units, first: "牵头单位"))
            line("<h2>任务台账（红灯在前）</h2>")
            let headers = ["序号", "部分 / 要点", "任务", "牵头单位", "配合单位", "属地单位", "完成期限", "状态", "进度", "灯号",
                           "本期报送", "最新反馈", "最后更新"]
            line(tableHead(headers))
            let order = l.redFirstOrder
            out.writeRows(count: order.count) { range, _, piece in
                for k in range {
                    if k > 0 { piece.write(byte: 0x0A) }
                    writeRow(l.row(order[k]), timeZone: timeZone, to: piece)
                }
            }
            out.write(tableEnd)
            if !l.targets.isEmpty {
                line("<h2>目标</h2>")
                line(table(["目标", "服务任务", "进度", "指标", "基线", "目标值", "最新实测", "指标来源"], l.targets.map { t in
                    let unit = t.indicator.unit ?? ""
                    return "<tr>" + td(t.target.title) + td("\(t.tally.done)/\(t.tally.tasks)", "num") + "<td>\(bar(t.tally.progress))</td>"
                        + td(t.indicator.metric ?? "") + td(ReportText.number(t.indicator.baseline) + unit)
                        + td(ReportText.number(t.indicator.goal) + unit)
                        + td(t.values.last.map { ReportText.number($0.value) + unit + "（\($0.on)）" } ?? "") + td(t.indicatorSource) + "</tr>"
                }))
            }
        }
    }

    public static func scorecard(_ s: Scorecard) -> String {
        var body = ["<h1>河长制工作考核（牵头单位）</h1>",
                    "<div class=\"meta\">截至 \(escape(s.asOf.description))　报送周期 \(escape(s.period.description))</div>",
                    "<div class=\"meta\">得分 = 40×完成数/牵头数 + 10×按期完成数/牵头数 + 30×(1−逾期数/牵头数) + 20×(1−未报送数/牵头数)；优秀 ≥ 90，良好 ≥ 75，合格 ≥ 60，其余不合格。</div>"]
        let t = s.table()
        body.append(table(t.headers + ["完成进度"], zip(s.lines, t.rows).map { line, cells in
            "<tr class=\"row-\(line.grade == .fail ? "red" : (line.grade == .pass ? "yellow" : "green"))\">"
                + cells.enumerated().map { k, c in td(c, k == 1 || k == cells.count - 1 ? nil : "num") }.joined()
                + "<td>\(bar(Int((line.completionRate * 100).rounded())))</td></tr>"
        }))
        return page(title: "河长制工作考核 \(s.asOf)", body: body)
    }
}
