// Reading the library cache for `list --json` (`CachedItemsJSON`) and `list`'s text tree
// (`CachedOutline`): every speech's checksum, head and item records checked before anything is
// written, with the merged library's unit names and target titles found on the bytes (no String
// made for an id).

extension LibraryCache {
    /// `list --json`'s document of the library stored for exactly these model.json files; nil
    /// when there is no usable cache or any of it is damaged (all checked before it is given out).
    func itemsJSON(models: [String], under key: String) -> CachedItemsJSON? {
        export(models: models).flatMap { file, export in export.checked(file, under: key) }
    }

    /// The text tree's rows of the library stored for exactly these model.json files, read with
    /// the same checks as `itemsJSON`; nil when there is no usable cache or any of it is damaged.
    func outline(models: [String]) -> CachedOutline? {
        guard let (file, export) = export(models: models), let (heads, writers, pieces) = export.checkedWriters(recording: true)
        else { return nil }
        pieces.deallocate()
        return CachedOutline(file: file, raw: export.file, heads: heads, rows: writers.map(\.rows))
    }

    /// The cache's speeches for these model.json files, located (nothing of them checked yet).
    private func export(models: [String]) -> (MappedFile, CachedExport)? {
        guard let (file, after) = open(models: models) else { return nil }
        var s = after
        do {
            // What `read` checks: the ids' checksum, the part index's length, the body's length.
            _ = try CachedItemIDs.section(&s)
            try Self.skipSection(&s)
            guard try s.int() == s.remaining, let slices = try Self.slices(&s, count: models.count) else { return nil }
            return (file, CachedExport(file: s.buffer, slices: slices))
        } catch {
            return nil
        }
    }
}

/// The cache's speeches read for the export: their heads, then their items, each on every core.
struct CachedExport {
    let file: UnsafeRawBufferPointer
    let slices: [(bytes: Range<Int>, sum: UInt64)]

    /// Where a speech's fields are in the file (ranges of the file's bytes).
    struct Head {
        /// The speech's whole record.
        var bytes: Range<Int>
        var id: Range<Int>
        /// The meeting's title.
        var title: Range<Int>
        var speech: Range<Int>
        var unitIDs: [Range<Int>] = [], unitNames: [Range<Int>] = [], unitShortNames: [Range<Int>?] = []
        var targetIDs: [Range<Int>] = [], targetTitles: [Range<Int>] = []
        var itemCount = 0
        /// Where the first item's record starts.
        var itemsAt = 0
    }

    /// The document, once every speech's checksum, head and items were read and found sound.
    func checked(_ mapped: MappedFile, under key: String) -> CachedItemsJSON? {
        guard let (_, writers, pieces) = checkedWriters(under: key, recording: false) else { return nil }
        return CachedItemsJSON(file: mapped, writers: writers, pieces: pieces, under: key)
    }

    /// Every speech's head and a writer for its items, once every checksum, head and item was read
    /// and found sound (the pieces are the caller's to free); with `recording`, each writer keeps
    /// its items' rows for the text tree (`CachedItemWriter.rows`).
    func checkedWriters(under key: String = "items", recording: Bool) -> (heads: [Head], writers: [CachedItemWriter], pieces: RawPieces)? {
        let count = slices.count
        let workers = min(Parallel.pieces(count, minimum: 1), 8)
        nonisolated(unsafe) let file = file
        let slices = slices
        func inOrder<T>(_ done: [[T]]) -> [T] {
            var all: [T?] = Array(repeating: nil, count: count)
            for w in done.indices {
                for (j, k) in stride(from: w, to: count, by: workers).enumerated() { all[k] = done[w][j] }
            }
            return all.compactMap { $0 }
        }
        // Worker w takes every workers-th speech, so big and small ones spread evenly.
        let heads = inOrder(Parallel.map(workers) { w in
            stride(from: w, to: count, by: workers).map { k -> Head? in
                guard checksum64(UnsafeRawBufferPointer(rebasing: file[slices[k].bytes])) == slices[k].sum else { return nil }
                return try? Self.head(file, slices[k].bytes)
            }
        }).compactMap { $0 }
        guard heads.count == count else { return nil }
        // The merged library's names: a unit's from the first speech defining it, a target's title
        // from the last.
        var units = ByteSliceTable(file: file, capacity: heads.reduce(0) { $0 + $1.unitIDs.count })
        var targets = ByteSliceTable(file: file, capacity: heads.reduce(0) { $0 + $1.targetIDs.count })
        for h in heads {
            for (id, name) in zip(h.unitIDs, h.unitNames) { units.insert(id, name, replacing: false) }
            for (id, title) in zip(h.targetIDs, h.targetTitles) { targets.insert(id, title, replacing: true) }
        }
        let pieces = RawPieces(ItemJSONPieces(indent: 2), between: ItemJSONPieces.array(under: key).between)
        let writers = inOrder(Parallel.map(workers) { [units, targets] w in
            stride(from: w, to: count, by: workers).map { k -> CachedItemWriter? in
                let writer = CachedItemWriter(file: file, head: heads[k], units: units, targets: targets, pieces: pieces)
                return (try? writer.check(recording: recording)) == nil ? nil : writer
            }
        }).compactMap { $0 }
        guard writers.count == count else {
            pieces.deallocate()
            return nil
        }
        return (heads, writers, pieces)
    }

    /// A speech's head as `ModelCoding.readHead` reads it, with the same checks, keeping where its
    /// strings are instead of making them; nil when a string the export copies is not valid UTF-8.
    /// Without `speech`, the speech's bytes are passed over, not read (nor checked: the caller
    /// prints nothing from them, nor from the targets' texts).
    static func head(_ file: UnsafeRawBufferPointer, _ range: Range<Int>, speech withSpeech: Bool = true) throws -> Head? {
        var s = ByteSource(UnsafeRawBufferPointer(rebasing: file[range]))
        let base = range.lowerBound
        func string() throws -> Range<Int> { try s.stringRange().shifted(base) }
        let id = try string()
        let title = try string()
        for _ in 0..<2 { _ = try string() } // the meeting's speaker and kind
        for _ in 0..<3 { _ = try s.optional { try $0.stringRange() } } // date, source URL, source note
        _ = try s.optional { try $0.span() }
        let speech = try string()
        let scalarCount = try s.int(), marks = try s.count(), at = s.offset
        guard marks <= s.remaining / 8 else { throw CacheCorrupt() }
        s.offset += marks * 8
        let checkpoints = (0..<marks).lazy.map {
            Int32(truncatingIfNeeded: UInt64(littleEndian: file.loadUnaligned(fromByteOffset: base + at + 8 * $0, as: UInt64.self)))
        }
        let speechBytes = file.utf8(speech)
        guard !withSpeech || ScalarIndex.plausible(checkpoints, count: scalarCount, in: speechBytes) else { throw CacheCorrupt() }
        var head = Head(bytes: range, id: id, title: title, speech: speech)
        for _ in 0..<(try s.count()) {
            head.unitIDs.append(try string())
            head.unitNames.append(try string())
            _ = try s.pick(ModelCoding.unitKinds)
            head.unitShortNames.append(try s.optional { try $0.stringRange() }?.shifted(base))
        }
        for _ in 0..<(try s.count()) {
            head.targetIDs.append(try string())
            head.targetTitles.append(try string())
            switch try s.u8() {
            case 0: _ = try s.stringRange()
            case 1:
                let a = try s.int(), b = try s.int()
                guard a <= b, !withSpeech || SpeechUTF8.fits(a..<b, in: speechBytes) else { throw CacheCorrupt() }
            default: throw CacheCorrupt()
            }
            _ = try s.span()
            _ = try s.optional { try $0.stringRange() } // metric
            _ = try s.optional { try $0.stringRange() } // unit
            _ = try s.optional { try $0.double() } // baseline
            _ = try s.optional { try $0.double() } // goal
            _ = try s.optional { try $0.stringRange() } // deadline
        }
        head.itemCount = try s.count()
        head.itemsAt = base + s.offset
        let copied = [id, title] + (withSpeech ? [speech] : []) + head.unitShortNames.compactMap { $0 } + head.unitIDs + head.unitNames + head.targetIDs + head.targetTitles
        return copied.allSatisfy { isValidUTF8(file.utf8($0)) } ? head : nil
    }
}

/// Whether `u` is valid UTF-8: a short string (ids, names, titles) by `UTF8Check`, a sequence at a
/// time (the standard library's validation costs about 200 instructions a call before its first
/// byte); a long one (a speech) by the standard library. No String made.
func isValidUTF8(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let b = u.baseAddress else { return true }
    guard u.count <= 256 else { return (try? UTF8Span(validating: Swift.Span(_unsafeElements: u))) != nil }
    var k = 0
    while k < u.count {
        if b[k] < 0x80 {
            k += 1
            continue
        }
        let n = UTF8Check.sequenceLength(b, u.count, at: k)
        if n == 0 { return false }
        k += n
    }
    return true
}

extension ByteSource {
    /// Where the string `string()` would read is, passed over.
    mutating func stringRange() throws -> Range<Int> {
        let n = try int()
        guard n <= remaining else { throw CacheCorrupt() }
        defer { offset += n }
        return offset..<(offset + n)
    }

    /// An array's length as `array` reads it (each element takes at least a byte).
    mutating func count() throws -> Int {
        let n = try int()
        guard n <= remaining else { throw CacheCorrupt() }
        return n
    }
}

extension Range<Int> {
    func shifted(_ by: Int) -> Range<Int> { (lowerBound + by)..<(upperBound + by) }
}

extension UnsafeRawBufferPointer {
    /// The bytes at `range` as UTF-8 code units.
    func utf8(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeRawBufferPointer(rebasing: self[range]).assumingMemoryBound(to: UInt8.self)
    }
}

/// Byte ranges of the cache file (ids) to byte ranges (names, titles), compared on their bytes in
/// an open-addressing table probed from an FNV-1a hash: no String made for any id.
struct ByteSliceTable: @unchecked Sendable {
    let file: UnsafeRawBufferPointer
    private var keys: [Range<Int>] = [], values: [Range<Int>] = []
    /// Index + 1 into `keys`, 0 for an empty slot; at most half full, a power of two long.
    private var slots: [Int32]

    init(file: UnsafeRawBufferPointer, capacity: Int) {
        self.file = file
        var n = 16
        while n < capacity * 2 { n *= 2 }
        slots = [Int32](repeating: 0, count: n)
    }

    private func slot(_ key: UnsafeRawBufferPointer) -> (at: Int, found: Int?) {
        let mask = slots.count - 1
        let h = FNV1a.hash(key)
        var at = Int(truncatingIfNeeded: h ^ (h >> 32)) & mask
        while slots[at] != 0 {
            let k = Int(slots[at]) - 1
            if ValuePool<[Int]>.same(UnsafeRawBufferPointer(rebasing: file[keys[k]]), key) { return (at, k) }
            at = (at + 1) & mask
        }
        return (at, nil)
    }

    /// Adds `key` → `value`; a key already there keeps its value unless `replacing`.
    mutating func insert(_ key: Range<Int>, _ value: Range<Int>, replacing: Bool) {
        let (at, found) = slot(UnsafeRawBufferPointer(rebasing: file[key]))
        if let found {
            if replacing { values[found] = value }
            return
        }
        keys.append(key)
        values.append(value)
        slots[at] = Int32(truncatingIfNeeded: keys.count)
        if keys.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for k in keys.indices { slots[slot(UnsafeRawBufferPointer(rebasing: file[keys[k]])).at] = Int32(truncatingIfNeeded: k + 1) }
    }

    /// The value stored for the key with these bytes.
    func value(_ key: UnsafeRawBufferPointer) -> Range<Int>? { slot(key).found.map { values[$0] } }
    func value(_ key: Range<Int>) -> Range<Int>? { value(UnsafeRawBufferPointer(rebasing: file[key])) }
}
