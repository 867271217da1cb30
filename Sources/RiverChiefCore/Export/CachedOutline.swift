// What `riverchief list`'s text tree shows of a whole library, straight from the library cache's
// bytes: per speech its id and meeting title, per item its kind, parent, id, marker, title and
// lead unit, as ranges of the mapped cache file. Read by `CachedExport`'s checked pass (every
// checksum, head and item as `list --json` checks them), so a damaged cache gives nil.

/// A whole library's outline as the cache holds it, every string valid UTF-8 (checked).
public final class CachedOutline: @unchecked Sendable {
    /// An item: its kind (index in `ItemKind.allCases`), its parent's position in its speech
    /// (-1: none; -2: written out by id, not by position), and where its strings are.
    public struct Row: Sendable {
        public let kind: UInt8
        public let parent: Int32
        public let id: Range<Int>
        public let marker: Range<Int>?
        public let title: Range<Int>
        public let lead: Range<Int>?
    }

    /// A speech: its id, its meeting's title and its items' rows.
    public struct Speech: Sendable {
        public let id: Range<Int>
        public let title: Range<Int>
        public let rows: [Row]
    }

    /// A unit a speech defines: id, name and short name.
    public struct Unit: Sendable {
        public let id: Range<Int>, name: Range<Int>, shortName: Range<Int>?
    }

    /// Keeps the cache's bytes mapped while the rows are read.
    private let mapped: MappedFile
    private let file: UnsafeRawBufferPointer
    public let speeches: [Speech]
    /// Every speech's units, speech by speech in order (the merged library takes a unit from the
    /// first speech defining its id).
    public let units: [Unit]

    init(file mapped: MappedFile, raw: UnsafeRawBufferPointer, heads: [CachedExport.Head], rows: [[Row]]) {
        self.mapped = mapped
        file = raw
        speeches = zip(heads, rows).map { Speech(id: $0.id, title: $0.title, rows: $1) }
        units = heads.flatMap { h in h.unitIDs.indices.map { Unit(id: h.unitIDs[$0], name: h.unitNames[$0], shortName: h.unitShortNames[$0]) } }
    }

    private init(mapped: MappedFile, file: UnsafeRawBufferPointer, speeches: [Speech], units: [Unit]) {
        self.mapped = mapped
        self.file = file
        self.speeches = speeches
        self.units = units
    }

    /// This outline with only the rows `keep` marks (per speech, per row; a kept row's parent must
    /// be kept too), their parents renumbered among them.
    public func keeping(_ keep: [[Bool]]) -> CachedOutline {
        let kept = zip(speeches, keep).map { sp, keep -> Speech in
            var newPosition = [Int32](repeating: -1, count: sp.rows.count), rows: [Row] = []
            for (n, row) in sp.rows.enumerated() where keep[n] {
                newPosition[n] = Int32(truncatingIfNeeded: rows.count)
                rows.append(Row(kind: row.kind, parent: row.parent >= 0 ? newPosition[Int(row.parent)] : row.parent, id: row.id,
                                marker: row.marker, title: row.title, lead: row.lead))
            }
            return Speech(id: sp.id, title: sp.title, rows: rows)
        }
        return CachedOutline(mapped: mapped, file: file, speeches: kept, units: units)
    }

    /// The merged library's unit for each of `ids` a speech defines (from the first speech
    /// defining it), found on the bytes: no String made for the other units.
    public func units(for ids: [String]) -> [String: Unit] {
        // The ids in an open-addressing table (index + 1, 0 empty; at most half full), probed
        // from an FNV-1a hash of the bytes.
        let keys = ids.map { Array($0.utf8) }
        var size = 16
        while size < keys.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        func hash(_ b: UnsafeRawBufferPointer) -> Int {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in b { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return Int(truncatingIfNeeded: h ^ (h >> 32)) & (size - 1)
        }
        for (k, key) in keys.enumerated() {
            var at = key.withUnsafeBytes(hash)
            while slots[at] != 0 { at = (at + 1) & (size - 1) }
            slots[at] = Int32(truncatingIfNeeded: k + 1)
        }
        var found: [String: Unit] = [:]
        for u in units {
            let id = UnsafeRawBufferPointer(rebasing: file[u.id])
            var at = hash(id)
            while slots[at] != 0 {
                let k = Int(slots[at]) - 1
                if keys[k].elementsEqual(id) {
                    if found[ids[k]] == nil { found[ids[k]] = u }
                    break
                }
                at = (at + 1) & (size - 1)
            }
            if found.count == ids.count { break }
        }
        return found
    }

    /// The UTF-8 bytes at `range` (valid only while this outline lives).
    public func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { file.utf8(range) }

    /// The string at `range`.
    public func string(_ range: Range<Int>) -> String { String(decoding: file.utf8(range), as: UTF8.self) }
}
