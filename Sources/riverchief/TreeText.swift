import RiverChiefCore

/// The text of `riverchief list`: per model, an indented tree with the lead unit and the id in
/// aligned columns, measured in terminal cells so CJK and ASCII line up.
///
/// Written straight into UTF-8 bytes: a line of plain text (CJK, ASCII, common punctuation: almost
/// every title, unit name and id) is measured, cut and padded in one pass over its bytes
/// (`PlainBytes`); anything else goes through `TextLayout` and `Sanitize` as before. Same bytes
/// either way (tested against the `String` layout).
struct TreeText {
    let library: Library
    let width: Int
    /// Widest lead-unit column; longer names are cut with ….
    static let maxLeadWidth = 16
    static let minTitleWidth = 16

    /// The text for the items at these positions of `library.items`.
    func render(positions matched: [Int], withContext: Bool) -> [UInt8] {
        // The matched items and, when filtering, their ancestors (so the tree still reads), by
        // position: every item's place and depth come from the library's parent positions.
        let parent = library.parentPosition
        var shown = [Bool](repeating: false, count: library.items.count)
        for var i in matched {
            shown[i] = true
            while withContext, parent[i] >= 0, !shown[Int(parent[i])] {
                i = Int(parent[i])
                shown[i] = true
            }
        }
        let positions = shown.indices.filter { shown[$0] }
        if positions.isEmpty { return Array("没有符合条件的条目 (no items match)\n".utf8) }
        func depth(_ i: Int) -> Int {
            var d = 0, at = i
            while parent[at] >= 0, d < 64 {
                at = Int(parent[at])
                d += 1
            }
            return d
        }

        // Each row's id and lead name as shown, and their widths; unit names once per unit.
        var leadNames: [String: (name: String, width: Int)] = [:]
        var ids: [String] = [], leads: [(name: String, width: Int)?] = []
        ids.reserveCapacity(positions.count)
        leads.reserveCapacity(positions.count)
        var idWidth = PlainBytes.width("编号 ID"), widestLead = PlainBytes.width("牵头单位")
        for at in positions {
            let it = library.items[at]
            let id = PlainBytes.sanitized(it.id)
            ids.append(id)
            idWidth = max(idWidth, PlainBytes.width(id))
            if let unit = it.lead?.unit {
                let lead: (name: String, width: Int)
                if let known = leadNames[unit] {
                    lead = known
                } else {
                    let name = leadName(unit)
                    lead = (name, PlainBytes.width(name))
                    leadNames[unit] = lead
                }
                leads.append(lead)
                widestLead = max(widestLead, lead.width)
            } else {
                leads.append(nil)
            }
        }
        let leadWidth = min(TreeText.maxLeadWidth, widestLead)
        let titleWidth = max(TreeText.minTitleWidth, width - idWidth - leadWidth - 4)

        var out: [UInt8] = []
        out.reserveCapacity(positions.count * (width + 16))
        func line(indent: Int, _ title: String, _ lead: String, _ id: String) {
            let start = out.count
            PlainBytes.appendFitted(title, indent: indent, width: titleWidth, into: &out)
            out.append(contentsOf: [0x20, 0x20])
            PlainBytes.appendFitted(lead, indent: 0, width: leadWidth, into: &out)
            out.append(contentsOf: [0x20, 0x20])
            out.append(contentsOf: id.utf8)
            while out.count > start, out[out.count - 1] == 0x20 { out.removeLast() }
            out.append(0x0A)
        }

        var currentModel: String?
        for (k, at) in positions.enumerated() {
            let it = library.items[at]
            if it.modelID != currentModel {
                if currentModel != nil { out.append(0x0A) }
                currentModel = it.modelID
                let title = library.model(it.modelID).map { Sanitize.forTerminal($0.meeting.title) } ?? ""
                out.append(contentsOf: TextLayout.truncate(Sanitize.forTerminal(it.modelID) + "  " + title, to: width).utf8)
                out.append(0x0A)
                line(indent: 0, "标题 Title", "牵头单位", "编号 ID")
            }
            line(indent: 2 * depth(at), it.label, leads[k]?.name ?? "", ids[k])
        }
        out.append(0x0A)
        out.append(contentsOf: summary(matched.map { library.items[$0].kind }).utf8)
        out.append(0x0A)
        return out
    }

    /// The unit's name, or its short name when the name is wider than the column allows.
    func leadName(_ id: String) -> String {
        let name = library.unitName(id)
        guard PlainBytes.width(name) > TreeText.maxLeadWidth, let short = library.unit(id)?.shortName else { return name }
        return Sanitize.forTerminal(short)
    }

    func summary(_ kinds: [ItemKind]) -> String {
        var counts = [Int](repeating: 0, count: ItemKind.allCases.count)
        for k in kinds { counts[ItemKind.allCases.firstIndex(of: k) ?? 0] += 1 }
        return "共 \(kinds.count) 项 (" + ItemKind.allCases.enumerated().map { "\($1.chinese) \(counts[$0])" }.joined(separator: ", ") + ")"
    }
}
