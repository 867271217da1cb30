import RiverChiefCore

/// How `show` marks the item's own words in the passage.
enum Highlight {
    /// 【…】, for pipes and files.
    case brackets
    /// Reverse video, on a terminal.
    case reverseVideo
}

/// The text of `riverchief show`: labelled fields aligned by display width, values wrapped with
/// a hanging indent, then the passage of the speech with the item's span marked.
struct ItemText {
    let library: Library
    let width: Int
    let highlight: Highlight
    /// The library's duty table, when it has one: an inferred unit's rule is shown with its duty.
    var duties: DutyTable? = nil

    func render(_ item: Item) -> String {
        var fields: [(String, [String])] = []
        fields.append(("编号 ID", [Sanitize.forTerminal(item.id)]))
        var kind = item.kind.chinese + " " + item.kind.rawValue
        if let role = item.role { kind += ", " + role.chinese + " " + role.rawValue }
        fields.append(("类型 Kind", [kind]))
        if let m = item.marker { fields.append(("序号 Marker", [Sanitize.forTerminal(m)])) }
        let ancestors = library.ancestors(of: item)
        if !ancestors.isEmpty {
            fields.append(("所属 Parent", ancestors.map { $0.label + "  " + Sanitize.forTerminal($0.id) }))
        }
        if item.kind == .task {
            fields.append(("牵头 Lead", item.lead.map { [assignment($0)] } ?? ["(无 none)"]))
            fields.append(("配合 Support", item.supporting.isEmpty ? ["(无 none)"] : item.supporting.map(assignment)))
            fields.append(("属地 Local", item.territorial.isEmpty ? ["(无 none)"] : item.territorial.map(assignment)))
            fields.append(("目标 Targets", item.targets.isEmpty ? ["(无 none)"] : item.targets.map { id in
                (library.target(id).map { Sanitize.forTerminal($0.title) + "  " } ?? "") + Sanitize.forTerminal(id)
            }))
            fields.append(("期限 Deadline", [item.deadline.map(Sanitize.forTerminal) ?? "(未定 none)"]))
        }
        fields.append(("原文 Span", ["\(item.span), \(item.span.length) 字 (code points into the speech)"]))
        let children = library.children(of: item.id)
        if !children.isEmpty {
            fields.append(("下级 Children", children.map { $0.label + "  " + Sanitize.forTerminal($0.id) }))
        }

        let labelWidth = fields.map { DisplayWidth.of($0.0) }.max() ?? 0
        let valueWidth = max(10, width - labelWidth - 2)
        var out = TextLayout.wrap(item.label, width: width).joined(separator: "\n") + "\n"
        for (label, values) in fields {
            var first = true
            for value in values {
                for (k, line) in TextLayout.wrap(value, width: valueWidth).enumerated() {
                    let head = first && k == 0 ? TextLayout.pad(label, to: labelWidth) : String(repeating: " ", count: labelWidth)
                    out += head + "  " + line + "\n"
                }
                first = false
            }
        }
        if let model = library.model(of: item), let passage = Passage(source: model.source, span: item.span) {
            out += "原文 Passage\n"
            out += PassageText(highlight: highlight, width: width - 2, indent: "  ").render(passage)
        }
        return out
    }

    /// `市水利局  city.water  (按职责推定 inferred; 规则 rule lead.water.resources: 市水利局的职责包括…)`.
    func assignment(_ a: Assignment) -> String {
        var s = library.unitName(a.unit) + "  " + Sanitize.forTerminal(a.unit) + "  (" + a.basis.chinese + " " + a.basis.rawValue
        if let rule = a.rule {
            s += "; 规则 rule " + Sanitize.forTerminal(rule)
            if let duty = duties?.duty(of: rule) { s += ": " + Sanitize.forTerminal(duty) }
        }
        return s + ")"
    }
}

/// A passage wrapped to a width with the marked part in 【】 or reverse video. Nothing splits a
/// character, and the escape codes never count toward the width.
struct PassageText {
    let highlight: Highlight
    let width: Int
    let indent: String

    func render(_ p: Passage) -> String {
        // The passage as (character, marked) pairs, sanitised character by character.
        var stream: [(Character, Bool)] = []
        func add(_ s: String, marked: Bool) {
            for ch in s {
                if ch == "\n" { stream.append(("\n", false)); continue }
                for c in Sanitize.forTerminal(String(ch)) { stream.append((c, marked)) }
            }
        }
        add(p.before, marked: false)
        if highlight == .brackets { stream.append(("【", false)) }
        add(p.marked, marked: true)
        if highlight == .brackets { stream.append(("】", false)) }
        add(p.after, marked: false)

        let plain = String(stream.map(\.0))
        var out = ""
        var j = 0
        for line in TextLayout.wrap(plain, width: max(1, width)) {
            var rendered = indent
            var on = false
            for c in line {
                // Wrapping drops spaces at breaks and the line breaks themselves: skip them here too.
                while j < stream.count && stream[j].0 != c { j += 1 }
                let marked = j < stream.count && stream[j].1
                j += 1
                if highlight == .reverseVideo && marked != on {
                    rendered += marked ? "\u{1B}[7m" : "\u{1B}[27m"
                    on = marked
                }
                rendered.append(c)
            }
            if on { rendered += "\u{1B}[27m" }
            out += rendered + "\n"
        }
        return out
    }
}
