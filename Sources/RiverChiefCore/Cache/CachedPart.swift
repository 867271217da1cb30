// `riverchief list --unit`'s text tree straight from the library cache's bytes: the part index
// (checked whole) says which items the unit is named on and their ancestors; each speech's head is
// checked against its own checksums (not its speech, which the tree never prints) and each of
// those items' records against its own. Only those bytes are read; every string the tree prints
// is checked as UTF-8. No `Library`, `Item` or `String` per field.

/// The items some units are named on, with their ancestors, as the text tree's rows
/// (`CachedOutline`, parents as positions among these rows), and how the units answer for each.
public struct CachedPart: Sendable {
    public let outline: CachedOutline
    /// Per speech, per row: which roles the units have on it (bit 0: lead, 1: supporting,
    /// 2: territorial; 0 for an ancestor none of them is named on).
    public let roles: [[UInt8]]

    /// The bit of `role` in `roles`.
    public static func bit(_ role: UnitRole) -> UInt8 {
        switch role {
        case .lead: return 1
        case .supporting: return 2
        case .territorial: return 4
        }
    }
}

extension LibraryCache {
    /// The part of the library stored for exactly these model.json files that the units `name`
    /// names (as `Library.resolveUnits` resolves it) are named on; nil when there is no usable
    /// cache, the name matches no unit, an item names its parent by id, or anything read is
    /// damaged (load the library then: it gives the same answer, or the error).
    func part(models: [String], unit name: String) -> CachedPart? {
        guard let (file, after) = open(models: models) else { return nil }
        var s = after
        do {
            try Self.skipSection(&s)
            let index = try LibraryPartIndex(section: UnsafeRawBufferPointer(rebasing: s.buffer[CachedItemIDs.section(&s)]), models: models.count)
            guard try s.int() == s.remaining, let slices = try Self.slices(&s, count: models.count) else { return nil }
            let raw = file.bytes
            var heads: [CachedExport.Head] = []
            for k in 0..<models.count {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[slices[k].bytes])
                let layout = index.heads[k]
                guard layout.check(bytes, speech: false),
                      let head = try CachedExport.head(raw, slices[k].bytes, speech: false),
                      head.itemsAt - slices[k].bytes.lowerBound == layout.itemsAt, head.itemCount == index.itemCount(k),
                      head.speech == layout.speech.shifted(slices[k].bytes.lowerBound)
                else { return nil }
                heads.append(head)
            }
            guard let units = Self.unitIDs(named: name, heads, raw) else { return nil }
            let wanted = try index.positions(ofIDs: units)
            var rows: [[CachedOutline.Row]] = [], roles: [[UInt8]] = []
            for k in heads.indices {
                var reader = PartReader(file: raw, slice: slices[k].bytes, head: heads[k], units: units)
                var newPosition = [Int32](repeating: -1, count: index.itemCount(k))
                let bytes = UnsafeRawBufferPointer(rebasing: raw[slices[k].bytes])
                for i in wanted[k] {
                    let parent = index.item(k, i).parent
                    guard parent < i, parent >= -1, parent < 0 || newPosition[parent] >= 0,
                          let record = index.record(k, i, in: bytes),
                          try reader.row(record, position: i, parent: parent, row: parent < 0 ? -1 : newPosition[parent])
                    else { return nil }
                    newPosition[i] = Int32(truncatingIfNeeded: reader.rows.count - 1)
                }
                rows.append(reader.rows)
                roles.append(reader.roles)
            }
            return CachedPart(outline: CachedOutline(file: file, raw: raw, heads: heads, rows: rows), roles: roles)
        } catch {
            return nil
        }
    }

    /// The UTF-8 of the ids of the units `name` names, as `Library.resolveUnits` finds them among
    /// the merged library's units (each id from the first speech defining it); nil for none.
    static func unitIDs(named name: String, _ heads: [CachedExport.Head], _ file: UnsafeRawBufferPointer) -> [[UInt8]]? {
        // An exact id (unit ids are plain ASCII: the same bytes are the same id), without making
        // a String of any unit.
        let query = Array(name.utf8)
        for h in heads {
            for id in h.unitIDs where query.elementsEqual(UnsafeRawBufferPointer(rebasing: file[id])) { return [query] }
        }
        var seen: Set<String> = []
        var units: [(id: String, name: String, shortName: String?)] = []
        for h in heads {
            for k in h.unitIDs.indices {
                let id = String(decoding: file.utf8(h.unitIDs[k]), as: UTF8.self)
                guard seen.insert(id).inserted else { continue }
                units.append((id, String(decoding: file.utf8(h.unitNames[k]), as: UTF8.self),
                              h.unitShortNames[k].map { String(decoding: file.utf8($0), as: UTF8.self) }))
            }
        }
        if let u = units.first(where: { $0.id == name }) { return [Array(u.id.utf8)] }
        let found = Library.units(named: name, in: units, id: \.id, name: \.name, shortName: \.shortName)
        return found.isEmpty ? nil : found.map { Array($0.id.utf8) }
    }
}

/// Reads a speech's item records as the text tree's rows, with `ModelCoding.readItem`'s checks.
private struct PartReader {
    let file: UnsafeRawBufferPointer
    let slice: Range<Int>
    let head: CachedExport.Head
    /// Per unit of the speech (by position): whether it is one of the units asked for.
    let named: [Bool]
    let units: [[UInt8]]
    var rows: [CachedOutline.Row] = []
    var roles: [UInt8] = []

    init(file: UnsafeRawBufferPointer, slice: Range<Int>, head: CachedExport.Head, units: [[UInt8]]) {
        self.file = file
        self.slice = slice
        self.head = head
        self.units = units
        named = head.unitIDs.map { id in units.contains { $0.elementsEqual(UnsafeRawBufferPointer(rebasing: file[id])) } }
    }

    /// Reads the record at `record` (a range of the speech's bytes, its checksum checked) as item
    /// `position`, whose parent the part index gives as `parent` (a position, or -1: none) and
    /// which is row `row` (-1: none); false when the record names its parent by id.
    mutating func row(_ record: Range<Int>, position: Int, parent: Int, row parentRow: Int32) throws -> Bool {
        // Within the speech's bytes (a count or position is bounded by them), to the record's end.
        var s = ByteSource(UnsafeRawBufferPointer(rebasing: file[slice]))
        s.offset = record.lowerBound
        let id = try string(&s)
        let kind = try s.u8()
        guard Int(kind) < ItemKind.allCases.count else { throw CacheCorrupt() }
        switch try s.u8() {
        case 0: guard parent == -1 else { throw CacheCorrupt() }
        case 1:
            switch try s.u8() {
            case 0: return false // by id: the library resolves it
            case 1: guard try s.int() == parent, parent < position else { throw CacheCorrupt() }
            default: throw CacheCorrupt()
            }
        default: throw CacheCorrupt()
        }
        let marker = try s.optional { s in try string(&s) }
        _ = try s.optional { try $0.pick(ModelCoding.roles) }
        let title = try string(&s)
        switch try s.u8() {
        case 0: try s.skipString()
        case 1:
            let a = try s.int(), b = try s.int()
            guard a <= b else { throw CacheCorrupt() }
        default: throw CacheCorrupt()
        }
        _ = try s.span()
        var role: UInt8 = 0
        var lead: Range<Int>?
        switch try s.u8() {
        case 0: break
        case 1:
            let (unit, isNamed) = try assignment(&s)
            lead = unit
            if isNamed { role |= CachedPart.bit(.lead) }
        default: throw CacheCorrupt()
        }
        for bit in [CachedPart.bit(.supporting), CachedPart.bit(.territorial)] {
            for _ in 0..<(try s.count()) where try assignment(&s).named { role |= bit }
        }
        for _ in 0..<(try s.count()) {
            switch try s.u8() {
            case 0: try s.skipString()
            case 1: guard try s.int() < head.targetIDs.count else { throw CacheCorrupt() }
            default: throw CacheCorrupt()
            }
        }
        _ = try s.optional { try $0.skipString() } // the deadline
        guard s.offset == record.upperBound else { throw CacheCorrupt() }
        rows.append(CachedOutline.Row(kind: kind, parent: parentRow, id: id, marker: marker, title: title, lead: lead))
        roles.append(role)
        return true
    }

    /// A stored string the tree may print, checked as UTF-8: its range in the file.
    private func string(_ s: inout ByteSource) throws -> Range<Int> {
        let r = try s.stringRange().shifted(slice.lowerBound)
        guard isValidUTF8(file.utf8(r)) else { throw CacheCorrupt() }
        return r
    }

    /// An assignment as `ByteSource.assignment` reads it: its unit's id (a range of the file), and
    /// whether it is one of the units asked for.
    private func assignment(_ s: inout ByteSource) throws -> (unit: Range<Int>, named: Bool) {
        let unit: Range<Int>, isNamed: Bool
        switch try s.u8() {
        case 0:
            unit = try string(&s)
            isNamed = units.contains { $0.elementsEqual(UnsafeRawBufferPointer(rebasing: file[unit])) }
        case 1:
            let k = try s.int()
            guard k < head.unitIDs.count else { throw CacheCorrupt() }
            (unit, isNamed) = (head.unitIDs[k], named[k])
        default: throw CacheCorrupt()
        }
        _ = try s.pick(ModelCoding.bases)
        _ = try s.optional { try $0.skipString() } // the rule
        return (unit, isNamed)
    }
}
