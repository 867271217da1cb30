// What lets a command read only the items it prints (`riverchief list --unit`): where each
// model's head, speech and item records are in its bytes, with a checksum of each (so a part read
// checks what it reads, not the whole model), each item's parent, and which items every unit is
// named on. Read straight from the mapped cache file; nothing in it is trusted before its
// checksum (checked with the section) and its bounds (checked when used).
//
// In the file (its own length and checksum, as the ids'): the number of models; per model the
// length of its bytes, where its speech's UTF-8 starts and ends, where its first item record
// starts (after the items' count), the checksums of the bytes before the speech, of the speech
// and of those from the speech's end to the first record (all 32-bit offsets, 64-bit sums); then
// its number of items n, and n triples (the record's offset, 32 bits; the parent's position, 32
// bits: -1 none, -2 a parent the model does not have; the record's checksum, 64 bits; a record
// ends where the next one starts, the last one where the model's bytes end); then the number of
// units, and per unit, sorted by id: the id, the number m of items it is named on (lead,
// supporting or territorial, each item once), then m pairs of 32-bit values (model, item
// position), in reading order.

struct LibraryPartIndex {
    private let bytes: UnsafeRawBufferPointer
    /// Where each model's table of n triples starts in `bytes`, and n.
    private let tables: [(start: Int, count: Int)]
    /// Each model's layout.
    let heads: [Head]
    /// Where the units' part starts in `bytes`.
    private let unitsStart: Int
    static let entry = 16

    /// Where a model's parts are in its bytes, and their checksums.
    struct Head {
        var length: Int
        var speech: Range<Int>
        var itemsAt: Int
        var sums: (before: UInt64, speech: UInt64, after: UInt64)

        /// Whether `model` (the model's bytes) has this length and the checksums of its head: the
        /// bytes before the speech and after it up to the first record, and with `speech` the
        /// speech's too.
        func check(_ model: UnsafeRawBufferPointer, speech withSpeech: Bool) -> Bool {
            guard model.count == length, speech.lowerBound <= speech.upperBound, speech.upperBound <= itemsAt,
                  itemsAt <= length else { return false }
            return checksum64(UnsafeRawBufferPointer(rebasing: model[0..<speech.lowerBound])) == sums.before
                && checksum64(UnsafeRawBufferPointer(rebasing: model[speech.upperBound..<itemsAt])) == sums.after
                && (!withSpeech || checksum64(UnsafeRawBufferPointer(rebasing: model[speech])) == sums.speech)
        }
    }

    init(section bytes: UnsafeRawBufferPointer, models: Int) throws {
        var s = ByteSource(bytes)
        guard try s.int() == models else { throw CacheCorrupt() }
        var tables: [(start: Int, count: Int)] = [], heads: [Head] = []
        for _ in 0..<models {
            guard s.remaining >= 40 else { throw CacheCorrupt() }
            let length = Int(s.u32At(s.offset)), a = Int(s.u32At(s.offset + 4)), b = Int(s.u32At(s.offset + 8))
            let itemsAt = Int(s.u32At(s.offset + 12))
            s.offset += 16
            let sums = (try s.u64(), try s.u64(), try s.u64())
            guard a <= b else { throw CacheCorrupt() }
            heads.append(Head(length: length, speech: a..<b, itemsAt: itemsAt, sums: sums))
            let n = try s.int()
            guard n <= s.remaining / Self.entry else { throw CacheCorrupt() }
            tables.append((s.offset, n))
            s.offset += n * Self.entry
        }
        self.bytes = bytes
        self.tables = tables
        self.heads = heads
        unitsStart = s.offset
    }

    /// The record's offset and the parent's position of model `m`'s item `i`.
    func item(_ m: Int, _ i: Int) -> (offset: Int, parent: Int) {
        let at = tables[m].start + i * Self.entry
        return (Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))),
                Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: Int32.self))))
    }

    /// Model `m`'s item `i`'s record in `model` (the model's bytes, checked against its head),
    /// once its checksum matches; nil when the index contradicts itself or the bytes are damaged.
    func record(_ m: Int, _ i: Int, in model: UnsafeRawBufferPointer) -> Range<Int>? {
        let start = item(m, i).offset
        let end = i + 1 < tables[m].count ? item(m, i + 1).offset : heads[m].length
        guard start >= heads[m].itemsAt, start < end, end <= model.count else { return nil }
        let sum = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: tables[m].start + i * Self.entry + 8, as: UInt64.self))
        return checksum64(UnsafeRawBufferPointer(rebasing: model[start..<end])) == sum ? start..<end : nil
    }

    func itemCount(_ m: Int) -> Int { tables[m].count }

    /// Per model, the positions of the items one of `units` is named on, with their ancestors,
    /// ascending; nil when the index contradicts itself (a position or parent out of range).
    func positions(of units: Set<String>) throws -> [[Int]] {
        try positions(ofIDs: units.map { Array($0.utf8) })
    }

    /// `positions(of:)` for the units with these ids' UTF-8 (unit ids are plain ASCII: the same
    /// bytes are the same id).
    func positions(ofIDs units: [[UInt8]]) throws -> [[Int]] {
        var wanted = [[Bool]](tables.map { [Bool](repeating: false, count: $0.count) })
        var s = ByteSource(bytes)
        s.offset = unitsStart
        let unitCount = try s.int()
        // A few units (the usual answer to a name) are compared one by one; more in a set.
        let many: Set<[UInt8]> = units.count > 16 ? Set(units) : []
        for _ in 0..<unitCount {
            let n = try s.int()
            guard n <= s.remaining else { throw CacheCorrupt() }
            let id = UnsafeRawBufferPointer(rebasing: bytes[s.offset..<(s.offset + n)])
            let named = units.count > 16 ? many.contains(Array(id)) : units.contains { $0.elementsEqual(id) }
            s.offset += n
            let m = try s.int()
            guard m <= s.remaining / 8 else { throw CacheCorrupt() }
            if named {
                for k in 0..<m {
                    let at = s.offset + k * 8
                    let model = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                    var i = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)))
                    guard model < tables.count, i < tables[model].count else { throw CacheCorrupt() }
                    // The item and every ancestor not yet marked (a parent always comes first).
                    while !wanted[model][i] {
                        wanted[model][i] = true
                        let p = item(model, i).parent
                        guard p < i else { throw CacheCorrupt() }
                        if p < 0 { break }
                        i = p
                    }
                }
            }
            s.offset += m * 8
        }
        return wanted.map { marks in marks.indices.filter { marks[$0] } }
    }

    /// The section for `models`, written as `bodies` (their bytes, as `ModelCoding.write` laid
    /// them out: `layouts`).
    static func blob(_ models: [Model], bodies: [[UInt8]], layouts: [ModelCoding.Layout]) -> [UInt8] {
        var s = ByteSink()
        s.int(models.count)
        var named: [String: [(UInt32, UInt32)]] = [:]
        for (k, m) in models.enumerated() {
            let layout = layouts[k]
            bodies[k].withUnsafeBytes { body in
                func sum(_ r: Range<Int>) -> UInt64 { checksum64(UnsafeRawBufferPointer(rebasing: body[r])) }
                for v in [body.count, layout.speech.lowerBound, layout.speech.upperBound, layout.itemsAt] {
                    s.u32(UInt32(truncatingIfNeeded: v))
                }
                s.u64(sum(0..<layout.speech.lowerBound))
                s.u64(sum(layout.speech))
                s.u64(sum(layout.speech.upperBound..<layout.itemsAt))
                s.int(m.items.count)
                let parents = Library.parentPositions(m)
                for (i, it) in m.items.enumerated() {
                    let end = i + 1 < layout.records.count ? layout.records[i + 1] : body.count
                    s.u32(UInt32(truncatingIfNeeded: layout.records[i]))
                    s.u32(UInt32(bitPattern: parents[i]))
                    s.u64(sum(layout.records[i]..<end))
                    var seen: Set<String> = []
                    for a in (it.lead.map { [$0] } ?? []) + it.supporting + it.territorial where seen.insert(a.unit).inserted {
                        named[a.unit, default: []].append((UInt32(truncatingIfNeeded: k), UInt32(truncatingIfNeeded: i)))
                    }
                }
            }
        }
        let units = named.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        s.int(units.count)
        for u in units {
            s.string(u)
            let list = named[u] ?? []
            s.int(list.count)
            for (m, i) in list {
                s.u32(m)
                s.u32(i)
            }
        }
        return s.bytes
    }
}

extension ByteSink {
    mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

extension ByteSource {
    /// The 32-bit value at `at` (the caller checked the bounds).
    func u32At(_ at: Int) -> UInt32 { UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
}
