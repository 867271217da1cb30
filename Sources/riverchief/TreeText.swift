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
        let columns = Columns(width: width, idWidth: idWidth, widestLead: widestLead, leadNames: leadNames.map(\.name))

        var out: [UInt8] = []
        out.reserveCapacity(positions.count * (width + 16))

        var currentModel: String?
        var scratch: [UInt8] = []
        for (k, at) in positions.enumerated() {
            let it = library.items[at]
            if it.modelID != currentModel {
                if currentModel != nil { out.append(0x0A) }
                currentModel = it.modelID
                columns.appendHead(modelID: it.modelID, title: library.model(it.modelID)?.meeting.title ?? "", width: width, into: &out)
            }
            let start = out.count
            appendLabel(it, indent: 2 * depth(at), width: columns.titleWidth, into: &out, scratch: &scratch)
            columns.appendLead(leads[k], into: &out)
            var id = ids[k]
            id.withUTF8 { Self.end(&out, start, $0) }
        }
        var counts = [Int](repeating: 0, count: ItemKind.allCases.count)
        for i in matched { counts[ItemKind.allCases.firstIndex(of: library.items[i].kind) ?? 0] += 1 }
        out.append(contentsOf: Self.summary(counts: counts).utf8)
        return out
    }

    /// The columns every row shares: the title's and the lead's widths, each lead's name fitted
    /// to its column once, and the header row under each speech's line.
    struct Columns {
        let titleWidth: Int
        let leads: [[UInt8]], noLead: [UInt8]
        let header: [UInt8]

        /// For `width` cells, the widest id and the widest lead name (each at least its heading's).
        init(width: Int, idWidth: Int, widestLead: Int, leadNames: [String]) {
            let leadWidth = min(TreeText.maxLeadWidth, widestLead)
            titleWidth = max(TreeText.minTitleWidth, width - idWidth - leadWidth - 4)
            func fitted(_ s: String, _ width: Int) -> [UInt8] {
                var b: [UInt8] = []
                PlainBytes.appendFitted(s, indent: 0, width: width, into: &b)
                return b
            }
            leads = leadNames.map { fitted($0, leadWidth) }
            noLead = fitted("", leadWidth)
            var h: [UInt8] = []
            PlainBytes.appendFitted("标题 Title", indent: 0, width: titleWidth, into: &h)
            h += [0x20, 0x20] + fitted("牵头单位", leadWidth)
            Array("编号 ID".utf8).withUnsafeBufferPointer { TreeText.end(&h, 0, $0) }
            header = h
        }

        /// A speech's line (its id and meeting's title, cut to `width`) and the header row.
        func appendHead(modelID: String, title: String, width: Int, into out: inout [UInt8]) {
            out.append(contentsOf: TextLayout.truncate(Sanitize.forTerminal(modelID) + "  " + Sanitize.forTerminal(title), to: width).utf8)
            out.append(0x0A)
            out.append(contentsOf: header)
        }

        /// Two spaces and the lead column (`lead`: an index into the names, or -1 for none).
        func appendLead(_ lead: Int32, into out: inout [UInt8]) {
            out.append(0x20)
            out.append(0x20)
            out.append(contentsOf: lead >= 0 ? leads[Int(lead)] : noLead)
        }
    }

    /// Two spaces and the id after a row's columns, the row's trailing spaces dropped, a newline.
    static func end(_ out: inout [UInt8], _ start: Int, _ id: UnsafeBufferPointer<UInt8>) {
        out.append(0x20)
        out.append(0x20)
        out.append(contentsOf: id)
        while out.count > start, out[out.count - 1] == 0x20 { out.removeLast() }
        out.append(0x0A)
    }

    /// The closing line, after a blank one: how many items of each kind (`counts` by
    /// `ItemKind.allCases`).
    static func summary(counts: [Int]) -> String {
        "\n共 \(counts.reduce(0, +)) 项 (" + ItemKind.allCases.enumerated().map { "\($1.chinese) \(counts[$0])" }.joined(separator: ", ") + ")\n"
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
}
