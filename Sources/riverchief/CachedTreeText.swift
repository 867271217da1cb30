import RiverChiefCore

// `riverchief list` (every item, as text) straight from the library cache's bytes: the rows the
// cache's checked pass kept (`CachedOutline`), laid out as `TreeText.render(positions: every
// item, withContext: false)` lays out the loaded library (the same bytes: tested). Plain ids,
// markers and titles go from the cache's bytes to the output; anything else through the same
// `String` paths as `TreeText` (`Sanitize`, `TextLayout`).

extension TreeText {
    /// The whole library's tree from the cache's rows, at `width`; nil when the outline has no
    /// item or names a parent by id (load the library then: it resolves those).
    static func render(_ o: CachedOutline, width: Int) -> [UInt8]? {
        var total = 0
        for sp in o.speeches {
            total += sp.rows.count
            if sp.rows.contains(where: { $0.parent < -1 }) { return nil }
        }
        guard total > 0 else { return nil }
        // The merged library's units (the first speech defining an id) and meetings (the last).
        var units: [String: CachedOutline.Unit] = [:]
        for u in o.units where units[o.string(u.id)] == nil { units[o.string(u.id)] = u }
        var titles: [String: String] = [:]
        let speechIDs = o.speeches.map { o.string($0.id) }
        for (k, sp) in o.speeches.enumerated() { titles[speechIDs[k]] = Sanitize.forTerminal(o.string(sp.title)) }

        // Each row's id when it is not plain (sanitised), and its lead, as `render` finds them.
        var leadByRange: [Range<Int>: Int32] = [:], leadIndex: [String: Int32] = [:]
        var leadNames: [(name: String, width: Int)] = []
        var oddIDs: [Int: [UInt8]] = [:]
        var leads: [Int32] = []
        leads.reserveCapacity(total)
        var idWidth = PlainBytes.width("编号 ID"), widestLead = PlainBytes.width("牵头单位")
        var n = 0
        for sp in o.speeches {
            for row in sp.rows {
                defer { n += 1 }
                if let w = PlainBytes.plainWidth(bytes: o.bytes(row.id)) {
                    idWidth = max(idWidth, w)
                } else {
                    let id = PlainBytes.sanitized(o.string(row.id))
                    oddIDs[n] = Array(id.utf8)
                    idWidth = max(idWidth, PlainBytes.width(id))
                }
                guard let unit = row.lead else {
                    leads.append(-1)
                    continue
                }
                let k: Int32
                if let known = leadByRange[unit] {
                    k = known
                } else {
                    let id = o.string(unit)
                    if let known = leadIndex[id] {
                        k = known
                    } else {
                        let name = leadName(id, units[id], o)
                        k = Int32(leadNames.count)
                        leadNames.append((name, PlainBytes.width(name)))
                        leadIndex[id] = k
                    }
                    leadByRange[unit] = k
                }
                leads.append(k)
                widestLead = max(widestLead, leadNames[Int(k)].width)
            }
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
        out.reserveCapacity(total * (width + 16))
        func end(_ start: Int, _ id: UnsafeBufferPointer<UInt8>) {
            out.append(0x20)
            out.append(0x20)
            out.append(contentsOf: id)
            while out.count > start, out[out.count - 1] == 0x20 { out.removeLast() }
            out.append(0x0A)
        }
        var currentModel: String?
        var scratch: [UInt8] = [], depth: [Int] = []
        var counts = [Int](repeating: 0, count: ItemKind.allCases.count)
        n = 0
        for (s, sp) in o.speeches.enumerated() {
            depth.removeAll(keepingCapacity: true)
            for row in sp.rows {
                defer { n += 1 }
                let modelID = speechIDs[s]
                if modelID != currentModel {
                    if currentModel != nil { out.append(0x0A) }
                    currentModel = modelID
                    out.append(contentsOf: TextLayout.truncate(Sanitize.forTerminal(modelID) + "  " + (titles[modelID] ?? ""), to: width).utf8)
                    out.append(0x0A)
                    let start = out.count
                    PlainBytes.appendFitted("标题 Title", indent: 0, width: titleWidth, into: &out)
                    out.append(0x20)
                    out.append(0x20)
                    out.append(contentsOf: fitted("牵头单位", leadWidth))
                    Array("编号 ID".utf8).withUnsafeBufferPointer { end(start, $0) }
                }
                // Within 64 levels, as `render` counts them.
                let d = row.parent < 0 ? 0 : min(depth[Int(row.parent)] + 1, 64)
                depth.append(d)
                let kind = Int(row.kind) < ItemKind.allCases.count ? ItemKind.allCases[Int(row.kind)] : .task
                counts[Int(row.kind) < counts.count ? Int(row.kind) : counts.count - 1] += 1
                let start = out.count
                appendLabel(row, kind: kind, o, indent: 2 * d, width: titleWidth, into: &out, scratch: &scratch)
                out.append(0x20)
                out.append(0x20)
                if leads[n] >= 0 {
                    out.append(contentsOf: leadColumns[Int(leads[n])])
                } else {
                    out.append(contentsOf: noLead)
                }
                if let odd = oddIDs[n] {
                    odd.withUnsafeBufferPointer { end(start, $0) }
                } else {
                    end(start, o.bytes(row.id))
                }
            }
        }
        out.append(0x0A)
        let words = ItemKind.allCases.enumerated().map { "\($1.chinese) \(counts[$0])" }.joined(separator: ", ")
        out.append(contentsOf: "共 \(total) 项 (\(words))".utf8)
        out.append(0x0A)
        return out
    }

    /// `appendLabel` of the item this row is: its marker and title straight from the cache's
    /// bytes when they are plain, else as `Item.label` makes them.
    private static func appendLabel(_ row: CachedOutline.Row, kind: ItemKind, _ o: CachedOutline, indent: Int, width: Int,
                                    into out: inout [UInt8], scratch: inout [UInt8]) {
        // `Item.labelPrefix`: a section's marker and 、, a point's marker and a space unless the
        // title starts with it (as `String.hasPrefix` says), a task's dash.
        var marker: UnsafeBufferPointer<UInt8>?, separator: StaticString?
        let m = row.marker.map { o.bytes($0) }
        switch kind {
        case .section:
            if let m, !m.isEmpty { (marker, separator) = (m, "、") }
        case .point:
            if let m, !m.isEmpty, let r = row.marker, !o.string(row.title).hasPrefix(o.string(r)) { (marker, separator) = (m, " ") }
        case .task:
            separator = "- "
        }
        scratch.removeAll(keepingCapacity: true)
        if let marker { scratch.append(contentsOf: marker) }
        if let separator { separator.withUTF8Buffer { scratch.append(contentsOf: $0) } }
        scratch.append(contentsOf: o.bytes(row.title))
        let done = scratch.withUnsafeBufferPointer { PlainBytes.appendFitted(bytes: $0, indent: indent, width: width, into: &out) }
        if done { return }
        var label = PlainBytes.sanitized(o.string(row.title))
        if let separator {
            label = (marker.map { Sanitize.forTerminal(String(decoding: $0, as: UTF8.self)) } ?? "") + separator.description + label
        }
        PlainBytes.appendFitted(label, indent: indent, width: width, into: &out)
    }

    /// `leadName` in the merged library: the unit's name (its id when unknown), or its short name
    /// when the name is wider than the column allows.
    private static func leadName(_ id: String, _ unit: CachedOutline.Unit?, _ o: CachedOutline) -> String {
        let name = PlainBytes.sanitized(unit.map { o.string($0.name) } ?? id)
        guard PlainBytes.width(name) > TreeText.maxLeadWidth, let short = unit?.shortName else { return name }
        return Sanitize.forTerminal(o.string(short))
    }
}
