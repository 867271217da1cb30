import Foundation
import RiverChiefCore

/// Targets on the command line: `show TARGET-ID` (the target, its indicator, measured values and the
/// tasks serving it) and `list --kind target` (one line each).
struct TargetText {
    let input: ReportInput
    let width: Int

    func render(_ t: Target) -> String {
        let row = Ledger.targetRow(t, input: input)
        let lib = input.library
        var fields: [(String, [String])] = [
            ("编号 ID", [t.id]),
            ("类型 Kind", ["目标 target"]),
            ("原文 Text", [t.text]),
            ("进度 Progress", ["\(row.tally.progress)%（服务任务 \(row.tally.tasks) 项，已完成 \(row.tally.done)，"
                + "红灯 \(row.tally.count(.red))，黄灯 \(row.tally.count(.yellow))）"]),
        ]
        let i = row.indicator
        let unit = i.unit ?? ""
        var indicator: [String] = []
        if let m = i.metric { indicator.append("指标 \(m)") }
        if let u = i.unit { indicator.append("单位 \(u)") }
        if let b = i.baseline { indicator.append("基线 \(ReportText.number(b))\(unit)") }
        if let g = i.goal { indicator.append("目标值 \(ReportText.number(g))\(unit)") }
        if let d = i.deadline { indicator.append("期限 \(d)") }
        var source = row.indicatorSource
        if row.indicatorSetByOffice, let rec = input.targets[t.id] {
            source += "（\(rec.indicatorBy ?? "") \(ReportText.localTime(rec.indicatorMillis, timeZone: input.timeZone))）"
        }
        fields.append(("指标 Indicator", indicator.isEmpty ? ["(未设定 none) — riverchief set \(t.id) --metric … --unit … --baseline … --goal …"]
                                                         : [indicator.joined(separator: "，"), "来源：" + source]))
        fields.append(("实测 Measured", row.values.isEmpty ? ["(无 none) — riverchief set \(t.id) --value 86.5 --on 2026-11-30"]
                                                           : row.values.map { "\($0.on)  \(ReportText.number($0.value))\(unit)  \($0.by)" }))
        let tasks = lib.tasks(serving: t.id).map { lib.items[$0] }
        fields.append(("任务 Tasks", tasks.isEmpty ? ["(无 none)"] : tasks.map { item in
            let f = input.facts(of: item.id)
            let v = input.verdict(of: item)
            return "\(v.light.marker) \(f.state.status.chinese) \(f.state.progress)%  \(item.title)  \(item.id)"
        }))
        let labelWidth = fields.map { DisplayWidth.of($0.0) }.max() ?? 0
        let valueWidth = max(10, width - labelWidth - 2)
        var out = TextLayout.wrap("目标 " + Sanitize.forTerminal(t.title), width: width).joined(separator: "\n") + "\n"
        for (label, values) in fields {
            for (n, value) in values.enumerated() {
                for (k, line) in TextLayout.wrap(Sanitize.forTerminal(value), width: valueWidth).enumerated() {
                    let head = n == 0 && k == 0 ? TextLayout.pad(label, to: labelWidth) : String(repeating: " ", count: labelWidth)
                    out += head + "  " + line + "\n"
                }
            }
        }
        return out
    }

    /// `list --kind target`: progress, done/total, title, id.
    func list() -> String {
        input.library.targets.map { t in
            let row = Ledger.targetRow(t, input: input)
            let figure = TextLayout.pad("\(row.tally.progress)% \(row.tally.done)/\(row.tally.tasks)", to: 12)
            let line = figure + " " + Sanitize.forTerminal(t.title) + "  " + Sanitize.forTerminal(t.id)
            return TextLayout.truncate(line, to: width)
        }.joined(separator: "\n") + "\n"
    }

    func json(_ t: Target) -> JSONValue {
        let row = Ledger.targetRow(t, input: input)
        func s(_ v: String?) -> JSONValue { v.map { JSONValue(.string($0)) } ?? JSONValue(.null) }
        func d(_ v: Double?) -> JSONValue { v.map { JSONValue(.number(JSONNumber(double: $0, int: nil))) } ?? JSONValue(.null) }
        func n(_ v: Int) -> JSONValue { JSONValue(.number(JSONNumber(v))) }
        return JSONValue(.object([
            JSONMember(key: "id", value: s(t.id)), JSONMember(key: "kind", value: s("target")),
            JSONMember(key: "title", value: s(t.title)), JSONMember(key: "text", value: s(t.text)),
            JSONMember(key: "tasks", value: JSONValue(.array(input.library.tasks(serving: t.id).map { s(input.library.items[$0].id) }))),
            JSONMember(key: "done", value: n(row.tally.done)), JSONMember(key: "progress", value: n(row.tally.progress)),
            JSONMember(key: "indicator", value: JSONValue(.object([
                JSONMember(key: "metric", value: s(row.indicator.metric)), JSONMember(key: "unit", value: s(row.indicator.unit)),
                JSONMember(key: "baseline", value: d(row.indicator.baseline)), JSONMember(key: "goal", value: d(row.indicator.goal)),
                JSONMember(key: "set_by_office", value: JSONValue(.bool(row.indicatorSetByOffice)))]))),
            JSONMember(key: "values", value: JSONValue(.array(row.values.map { m in
                JSONValue(.object([JSONMember(key: "value", value: d(m.value)), JSONMember(key: "on", value: s(m.on)),
                                   JSONMember(key: "by", value: s(m.by))])) }))),
        ]))
    }
}
