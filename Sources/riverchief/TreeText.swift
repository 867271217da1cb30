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

        // Each row's id as shown, and its lead: unit names looked up, measured and sanitised once
        // per unit, then fitted to the lead column once per unit.
        var leadIndex: [String: Int32] = [:]
        var leadNames: [(name: String, width: Int)] = []
        var ids: [String] = [], leads: [Int32] = []
        ids.reserveCapacity(positions.count)
        leads.reserveCapacity(positions.count)
        var idWidth = PlainBytes.width("编号 ID"), widestLead = PlainBytes.width("牵头单位")
        for at in positions {
            let it = library.items[at]
            if let w = PlainBytes.plainWidth(it.id) {
                ids.append(it.id) // plain: nothing to sanitise
                idWidth = max(idWidth, w)
            } else {
                let id = PlainBytes.sanitized(it.id)
                ids.append(id)
                idWidth = max(idWidth, PlainBytes.width(id))
            }
            guard let unit = it.lead?.unit else {
                leads.append(-1)
                continue
            }
            let k: Int32
            if let known = leadIndex[unit] {
                k = known
            } else {
                let name = leadName(unit)
                k = Int32(leadNames.count)
                leadNames.append((name, PlainBytes.width(name)))
                leadIndex[unit] = k
            }
            leads.append(k)
            widestLead = max(widestLead, leadNames[Int(k)].width)
        }
        let leadWidth = min(TreeText.maxLeadWidth, widestLead)
        let titleWidth = max(TreeText.minTitleWidth, width - idWidth - leadWidth - 4)
        func fitted(_ s: String, _ width: Int) -> [UInt8] {
            var b: [UInt8] = []
            PlainBytes.appendFitted(s, indent: 0, width: width, into: &b)
            return b
        }
        let leadColumns = leadNames.map { fitted($0.name, leadWidth) }
        let noLead = fitted("", leadWidth)

        var out: [UInt8] = []
        out.reserveCapacity(positions.count * (width + 16))
        func end(_ start: Int, _ id: String) {
            out.append(0x20)
            out.append(0x20)
            out.append(contentsOf: id.utf8)
            while out.count > start, out[out.count - 1] == 0x20 { out.removeLast() }
            out.append(0x0A)
        }

        var currentModel: String?
        var scratch: [UInt8] = []
        for (k, at) in positions.enumerated() {
            let it = library.items[at]
            if it.modelID != currentModel {
                if currentModel != nil { out.append(0x0A) }
                currentModel = it.modelID
                let title = library.model(it.modelID).map { Sanitize.forTerminal($0.meeting.title) } ?? ""
                out.append(contentsOf: TextLayout.truncate(Sanitize.forTerminal(it.modelID) + "  " + title, to: width).utf8)
                out.append(0x0A)
                let start = out.count
                PlainBytes.appendFitted("标题 Title", indent: 0, width: titleWidth, into: &out)
                out.append(0x20)
                out.append(0x20)
                out.append(contentsOf: fitted("牵头单位", leadWidth))
                end(start, "编号 ID")
            }
            let start = out.count
            appendLabel(it, indent: 2 * depth(at), width: titleWidth, into: &out, scratch: &scratch)
            out.append(0x20)
            out.append(0x20)
            out.append(contentsOf: leads[k] >= 0 ? leadColumns[Int(leads[k])] : noLead)
            end(start, ids[k])
        }
        out.append(0x0A)
        out.append(contentsOf: summary(matched.map { library.items[$0].kind }).utf8)
        out.append(0x0A)
        return out
    }

    /// Appends the item's `label` after `indent` spaces, fitted to `width`, as
    /// `PlainBytes.appendFitted(item.label, …)` does: straight from the marker's and the title's
    /// bytes when they are plain (nothing to sanitise, no `String` made), else through `label`.
    func appendLabel(_ it: Item, indent: Int, width: Int, into out: inout [UInt8], scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        if let (marker, separator) = it.labelPrefix {
            if let marker { scratch.append(contentsOf: marker.utf8) }
            scratch.append(contentsOf: separator.utf8)
        }
        var title = it.title
        title.withUTF8 { scratch.append(contentsOf: $0) }
        let done = scratch.withUnsafeBufferPointer { PlainBytes.appendFitted(bytes: $0, indent: indent, width: width, into: &out) }
        if !done { PlainBytes.appendFitted(it.label, indent: indent, width: width, into: &out) }
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
