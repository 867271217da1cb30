import RiverChiefCore

// `riverchief list` (every item, as text) straight from the library cache's bytes: the rows the
// cache's checked pass kept (`CachedOutline`), laid out as `TreeText.render(positions: every
// item, withContext: false)` lays out the loaded library (the same bytes: tested). Plain ids,
// markers and titles go from the cache's bytes to the output; anything else through the same
// `String` paths as `TreeText` (`Sanitize`, `TextLayout`).

extension TreeText {
    /// What one speech's rows need from the rest: the widest id, the ids that are not plain
    /// (sanitised, by row), each row's lead as an index into `leadIDs`, the count of each kind.
    private struct Scan {
        var idWidth = 0
        var oddIDs: [Int: [UInt8]] = [:]
        var leads: [Int32] = []
        var leadIDs: [String] = []
        var counts = [Int](repeating: 0, count: ItemKind.allCases.count)
    }

    /// The whole library's tree from the cache's rows, at `width`, in pieces to write in order
    /// (each speech's lines made on a spare core); nil when the outline has no item or names a
    /// parent by id (load the library then: it resolves those).
    /// `counts`: the summary's count of each kind (by `ItemKind.allCases`; nil: every row's).
    static func render(_ o: CachedOutline, width: Int, counts matchedCounts: [Int]? = nil) -> [[UInt8]]? {
        var total = 0
        for sp in o.speeches {
            total += sp.rows.count
            if sp.rows.contains(where: { $0.parent < -1 }) { return nil }
        }
        guard total > 0 else { return nil }
        let speeches = o.speeches
        // Each speech's ids and leads, side by side; unit ids made into strings once per speech.
        let scans = Parallel.map(speeches.count) { s -> Scan in
            var scan = Scan()
            var byRange: [Range<Int>: Int32] = [:], byID: [String: Int32] = [:]
            byRange.reserveCapacity(min(speeches[s].rows.count, 1_024))
            scan.leads.reserveCapacity(speeches[s].rows.count)
            for (n, row) in speeches[s].rows.enumerated() {
                scan.counts[Int(row.kind) < scan.counts.count ? Int(row.kind) : scan.counts.count - 1] += 1
                if let w = PlainBytes.plainWidth(bytes: o.bytes(row.id)) {
                    scan.idWidth = max(scan.idWidth, w)
                } else {
                    let id = PlainBytes.sanitized(o.string(row.id))
                    scan.oddIDs[n] = Array(id.utf8)
                    scan.idWidth = max(scan.idWidth, PlainBytes.width(id))
                }
                guard let unit = row.lead else {
                    scan.leads.append(-1)
                    continue
                }
                if let k = byRange[unit] {
                    scan.leads.append(k)
                    continue
                }
                let id = o.string(unit)
                let k = byID[id] ?? Int32(scan.leadIDs.count)
                if k == scan.leadIDs.count {
                    scan.leadIDs.append(id)
                    byID[id] = k
                }
                byRange[unit] = k
                scan.leads.append(k)
            }
            return scan
        }
        // The merged library's units (the first speech defining an id) and meetings (the last);
        // each lead's name measured, sanitised and fitted once, as `render` does.
        let units = o.units(for: Array(Set(scans.flatMap(\.leadIDs))))
        var titles: [String: String] = [:]
        let speechIDs = speeches.map { o.string($0.id) }
        for (k, sp) in speeches.enumerated() { titles[speechIDs[k]] = o.string(sp.title) }
        var leadIndex: [String: Int32] = [:], leadNames: [String] = []
        var idWidth = PlainBytes.width("编号 ID"), widestLead = PlainBytes.width("牵头单位")
        let global = scans.map { scan in
            idWidth = max(idWidth, scan.idWidth)
            return scan.leadIDs.map { id -> Int32 in
                if let k = leadIndex[id] { return k }
                let name = leadName(id, units[id], o)
                leadNames.append(name)
                widestLead = max(widestLead, PlainBytes.width(name))
                leadIndex[id] = Int32(leadNames.count - 1)
                return Int32(leadNames.count - 1)
            }
        }
        let columns = Columns(width: width, idWidth: idWidth, widestLead: widestLead, leadNames: leadNames)
        // A speech's header comes before its first row when its id is not the previous rows'.
        var header = [Bool](repeating: false, count: speeches.count), after = [Bool](repeating: false, count: speeches.count)
        var currentModel: String?
        for (s, sp) in speeches.enumerated() where !sp.rows.isEmpty && speechIDs[s] != currentModel {
            header[s] = true
            after[s] = currentModel != nil
            currentModel = speechIDs[s]
        }
        var pieces = Parallel.map(speeches.count) { s -> [UInt8] in
            let sp = speeches[s], scan = scans[s]
            var out: [UInt8] = []
            guard !sp.rows.isEmpty else { return out }
            out.reserveCapacity(sp.rows.count * (width + 16))
            if header[s] {
                if after[s] { out.append(0x0A) }
                columns.appendHead(modelID: speechIDs[s], title: titles[speechIDs[s]] ?? "", width: width, into: &out)
            }
            var scratch: [UInt8] = [], depth: [Int] = []
            depth.reserveCapacity(sp.rows.count)
            for (n, row) in sp.rows.enumerated() {
                // Within 64 levels, as `render` counts them.
                let d = row.parent < 0 ? 0 : min(depth[Int(row.parent)] + 1, 64)
                depth.append(d)
                let kind = Int(row.kind) < ItemKind.allCases.count ? ItemKind.allCases[Int(row.kind)] : .task
                let start = out.count
                appendLabel(row, kind: kind, o, indent: 2 * d, width: columns.titleWidth, into: &out, scratch: &scratch)
                let lead = scan.leads[n]
                columns.appendLead(lead >= 0 ? global[s][Int(lead)] : -1, into: &out)
                if let odd = scan.oddIDs[n] {
                    odd.withUnsafeBufferPointer { end(&out, start, $0) }
                } else {
                    end(&out, start, o.bytes(row.id))
                }
            }
            return out
        }
        var counts = [Int](repeating: 0, count: ItemKind.allCases.count)
        for scan in scans { for k in counts.indices { counts[k] += scan.counts[k] } }
        if let matchedCounts { counts = matchedCounts }
        pieces.append(Array(summary(counts: counts).utf8))
        return pieces
    }

    /// `appendLabel` of the item this row is: its marker and title straight from the cache's
    /// bytes when they are plain, else as `Item.label` makes them.
    private static func appendLabel(_ row: CachedOutline.Row, kind: ItemKind, _ o: CachedOutline, indent: Int, width: Int,
                                    into out: inout [UInt8], scratch: inout [UInt8]) {
        let m = row.marker.map { o.bytes($0) }
        let rule = Item.labelRule(kind, hasMarker: !(m?.isEmpty ?? true), titleStartsWithMarker: {
            row.marker.map { o.string(row.title).hasPrefix(o.string($0)) } ?? false
        })
        let marker = rule?.showsMarker == true ? m : nil, separator = rule?.separator
        scratch.removeAll(keepingCapacity: true)
        if let marker { scratch.append(contentsOf: marker) }
        if let separator { scratch.append(contentsOf: separator.utf8) }
        scratch.append(contentsOf: o.bytes(row.title))
        let done = scratch.withUnsafeBufferPointer { PlainBytes.appendFitted(bytes: $0, indent: indent, width: width, into: &out) }
        if done { return }
        let label = Item.label(title: o.string(row.title),
                               prefix: separator.map { (marker.map { String(decoding: $0, as: UTF8.self) }, $0) })
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
