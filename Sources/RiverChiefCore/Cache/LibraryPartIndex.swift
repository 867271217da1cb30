// What lets a command decode only the items it prints (`riverchief list --unit`): where each
// item's record starts in its model's bytes, each item's parent, and which items every unit is
// named on. Read straight from the mapped cache file; nothing in it is trusted before its
// checksum (checked with the section) and its bounds (checked when used).
//
// In the file (its own length and checksum, as the ids'): the number of models; per model its
// number of items n, then n pairs of 32-bit values (the record's offset in the model's bytes, the
// parent's position: -1 none, -2 a parent the model does not have); then the number of units, and
// per unit, sorted by id: the id, the number m of items it is named on (lead, supporting or
// territorial, each item once), then m pairs of 32-bit values (model, item position), in reading
// order.

struct LibraryPartIndex {
    private let bytes: UnsafeRawBufferPointer
    /// Where each model's table of n pairs starts in `bytes`, and n.
    private let tables: [(start: Int, count: Int)]
    /// Where the units' part starts in `bytes`.
    private let unitsStart: Int

    init(section bytes: UnsafeRawBufferPointer, models: Int) throws {
        var s = ByteSource(bytes)
        guard try s.int() == models else { throw CacheCorrupt() }
        var tables: [(start: Int, count: Int)] = []
        for _ in 0..<models {
            let n = try s.int()
            guard n <= s.remaining / 8 else { throw CacheCorrupt() }
            tables.append((s.offset, n))
            s.offset += n * 8
        }
        self.bytes = bytes
        self.tables = tables
        unitsStart = s.offset
    }

    /// The record's offset and the parent's position of model `m`'s item `i`.
    func item(_ m: Int, _ i: Int) -> (offset: Int, parent: Int) {
        let at = tables[m].start + i * 8
        return (Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))),
                Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: Int32.self))))
    }

    func itemCount(_ m: Int) -> Int { tables[m].count }

    /// Per model, the positions of the items one of `units` is named on, with their ancestors,
    /// ascending; nil when the index contradicts itself (a position or parent out of range).
    func positions(of units: Set<String>) throws -> [[Int]] {
        var wanted = [[Bool]](tables.map { [Bool](repeating: false, count: $0.count) })
        var s = ByteSource(bytes)
        s.offset = unitsStart
        let unitCount = try s.int()
        // A few units (the usual answer to a name) are compared on their bytes: no String made
        // and hashed for each of the library's units.
        let few: [[UInt8]]? = units.count <= 16 ? units.map { Array($0.utf8) } : nil
        for _ in 0..<unitCount {
            let named: Bool
            if let few {
                let n = try s.int()
                guard n <= s.remaining else { throw CacheCorrupt() }
                let id = UnsafeRawBufferPointer(rebasing: bytes[s.offset..<(s.offset + n)])
                named = few.contains { $0.elementsEqual(id) }
                s.offset += n
            } else {
                named = units.contains(try s.string())
            }
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

    /// The section for `models` (each with its items' record offsets, as `ModelCoding.write` gave them).
    static func blob(_ models: [Model], recordOffsets: [[Int]]) -> [UInt8] {
        var s = ByteSink()
        s.int(models.count)
        var named: [String: [(UInt32, UInt32)]] = [:]
        for (k, m) in models.enumerated() {
            s.int(m.items.count)
            let parents = Library.parentPositions(m)
            for (i, it) in m.items.enumerated() {
                s.u32(UInt32(truncatingIfNeeded: recordOffsets[k][i]))
                s.u32(UInt32(bitPattern: parents[i]))
                var seen: Set<String> = []
                for a in (it.lead.map { [$0] } ?? []) + it.supporting + it.territorial where seen.insert(a.unit).inserted {
                    named[a.unit, default: []].append((UInt32(truncatingIfNeeded: k), UInt32(truncatingIfNeeded: i)))
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
