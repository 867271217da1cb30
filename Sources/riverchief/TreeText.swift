import RiverChiefCore

/// The text of `riverchief list`: per model, an indented tree with the lead unit and the id in
/// aligned columns, measured in terminal cells so CJK and ASCII line up.
struct TreeText {
    let library: Library
    let width: Int
    /// Widest lead-unit column; longer names are cut with ….
    static let maxLeadWidth = 16
    static let minTitleWidth = 16

    func render(_ matched: [Item], withContext: Bool) -> String {
        // The matched items and, when filtering, their ancestors (so the tree still reads), by
        // position: every item's place and depth come from the library's parent positions.
        let parent = library.parentPosition
        var shown = [Bool](repeating: false, count: library.items.count)
        for it in matched {
            guard var i = library.itemIndex[it.id] else { continue }
            shown[i] = true
            while withContext, parent[i] >= 0, !shown[Int(parent[i])] {
                i = Int(parent[i])
                shown[i] = true
            }
        }
        let positions = shown.indices.filter { shown[$0] }
        let rows = positions.map { library.items[$0] }
        if rows.isEmpty { return "没有符合条件的条目 (no items match)\n" }
        func depth(_ i: Int) -> Int {
            var d = 0, at = i
            while parent[at] >= 0, d < 64 {
                at = Int(parent[at])
                d += 1
            }
            return d
        }

        let idWidth = max(DisplayWidth.of("编号 ID"), rows.map { DisplayWidth.of(Sanitize.forTerminal($0.id)) }.max() ?? 0)
        let leadWidth = min(TreeText.maxLeadWidth,
                            max(DisplayWidth.of("牵头单位"), rows.compactMap { $0.lead.map { DisplayWidth.of(leadName($0.unit)) } }.max() ?? 0))
        let titleWidth = max(TreeText.minTitleWidth, width - idWidth - leadWidth - 4)

        func line(_ title: String, _ lead: String, _ id: String) -> String {
            let s = TextLayout.fit(title, to: titleWidth) + "  " + TextLayout.fit(lead, to: leadWidth) + "  " + id
            var end = s.endIndex
            while end > s.startIndex, s[s.index(before: end)] == " " { end = s.index(before: end) }
            return String(s[..<end])
        }

        var out = ""
        var currentModel: String?
        for (it, at) in zip(rows, positions) {
            if it.modelID != currentModel {
                if currentModel != nil { out += "\n" }
                currentModel = it.modelID
                let title = library.model(it.modelID).map { Sanitize.forTerminal($0.meeting.title) } ?? ""
                out += TextLayout.truncate(Sanitize.forTerminal(it.modelID) + "  " + title, to: width) + "\n"
                out += line("标题 Title", "牵头单位", "编号 ID") + "\n"
            }
            let lead = it.lead.map { leadName($0.unit) } ?? ""
            out += line(String(repeating: "  ", count: depth(at)) + it.label, lead, Sanitize.forTerminal(it.id)) + "\n"
        }
        out += "\n" + summary(matched) + "\n"
        return out
    }

    /// The unit's name, or its short name when the name is wider than the column allows.
    func leadName(_ id: String) -> String {
        let name = library.unitName(id)
        guard DisplayWidth.of(name) > TreeText.maxLeadWidth, let short = library.unit(id)?.shortName else { return name }
        return Sanitize.forTerminal(short)
    }

    func summary(_ items: [Item]) -> String {
        let counts = ItemKind.allCases.map { k in (k, items.filter { $0.kind == k }.count) }
        return "共 \(items.count) 项 (" + counts.map { "\($0.0.chinese) \($0.1)" }.joined(separator: ", ") + ")"
    }
}
