// One speech's items written as `list --json` writes them, straight from their records in the
// library cache (the layout `ModelCoding.write` defines, read with `ModelCoding.readItem`'s checks).

/// Writes a speech's items into `out`, each after `,` and its indentation (see `CachedItemsJSON`).
/// Everything read per item is a plain value or a raw buffer (no reference counting in the loop).
/// Used by one thread at a time: checked by one worker, written by one worker, with the calls
/// that start and wait for them in between.
final class CachedItemWriter: @unchecked Sendable {
    let file: UnsafeRawBufferPointer
    let head: CachedExport.Head
    let units: ByteSliceTable, targets: ByteSliceTable
    let p: RawPieces
    /// Where the items go while writing: the caller's buffer.
    @exclusivity(unchecked) private var out = RawBytes(capacity: 0)
    private let speech: UnsafeBufferPointer<UInt8>
    /// Where the speech's record starts in the file (a reader within it counts from there).
    private let base: Int
    /// The speech's id as a JSON string, written once: the first bytes of `kept`.
    private let modelIDCount: Int
    /// The speech's units' and targets' ids.
    private let unitIDs: UnsafeMutableBufferPointer<Range<Int>>, targetIDs: UnsafeMutableBufferPointer<Range<Int>>
    /// Each item's id read so far, by position (for the parents: a reference names a position).
    private let ids: UnsafeMutableBufferPointer<Range<Int>>
    @exclusivity(unchecked) private var idCount = 0
    /// Assignments without a rule and target references already written, kept in `kept` (start
    /// and length; length 0: not yet), by (unit position, basis, in an array or not) and by target
    /// position in the speech.
    @exclusivity(unchecked) private var kept: RawBytes
    private let assignments: UnsafeMutableBufferPointer<(at: Int32, count: Int32)>
    private let targetRefs: UnsafeMutableBufferPointer<(at: Int32, count: Int32)>

    init(file: UnsafeRawBufferPointer, head: CachedExport.Head, units: ByteSliceTable, targets: ByteSliceTable,
         pieces: RawPieces) {
        self.file = file
        self.head = head
        self.units = units
        self.targets = targets
        p = pieces
        speech = file.utf8(head.speech)
        base = head.bytes.lowerBound
        // Exactly as long as the array: a reference is checked against `count`.
        func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: a.count)
            _ = b.initialize(from: a)
            return b
        }
        unitIDs = copy(head.unitIDs)
        targetIDs = copy(head.targetIDs)
        ids = .allocate(capacity: max(1, head.itemCount))
        assignments = copy([(at: Int32, count: Int32)](repeating: (0, 0), count: head.unitIDs.count * Basis.allCases.count * 2))
        targetRefs = copy([(at: Int32, count: Int32)](repeating: (0, 0), count: head.targetIDs.count))
        kept = RawBytes(capacity: 1 << 16)
        JSONWriter.appendString(utf8: file.utf8(head.id), into: &kept)
        modelIDCount = kept.count
    }

    deinit {
        out.deallocate()
        kept.deallocate()
        for b in [unitIDs, targetIDs, ids] { b.deallocate() }
        assignments.deallocate()
        targetRefs.deallocate()
    }

    /// Whether this pass checks (every record as `ModelCoding.read` would, every stored string's
    /// UTF-8; no item's JSON made) or writes (trusting what the check found: nothing can fail).
    @exclusivity(unchecked) private var checking = true

    /// Reads every item and checks everything a full read would refuse (`ModelCoding.read`), and
    /// every stored string the export copies is valid UTF-8; what is written once per unit and
    /// target is kept for `write(into:)`.
    func check(recording: Bool = false) throws {
        checking = true
        self.recording = recording
        rows = []
        if recording { rows.reserveCapacity(head.itemCount) }
        defer { self.recording = false }
        try items()
    }

    /// Whether the check keeps each item's row for the text tree (`rows`).
    @exclusivity(unchecked) private var recording = false
    /// The items' rows the last check kept (with `recording`), in order.
    @exclusivity(unchecked) private(set) var rows: [CachedOutline.Row] = []
    /// The unit of the last assignment read (for the lead's row).
    @exclusivity(unchecked) private var lastUnit: Range<Int>?

    /// Appends every item to `bytes`, after `check()` passed; whenever `bytes` holds `chunk` or
    /// more, hands them to `full`, which gives them back emptied or replaced.
    func write(into bytes: inout RawBytes, chunk: Int = .max, full: (inout RawBytes) -> Void = { _ in }) throws {
        checking = false
        swap(&out, &bytes)
        defer { swap(&out, &bytes) }
        try items(chunk: chunk, full: full)
    }

    private func items(chunk: Int = .max, full: (inout RawBytes) -> Void = { _ in }) throws {
        // Read within the speech's own bytes, as `ModelCoding.read` reads them (a count or a
        // position is never more than they hold).
        var s = ByteSource(UnsafeRawBufferPointer(rebasing: file[head.bytes]))
        s.offset = head.itemsAt - head.bytes.lowerBound
        idCount = 0
        for _ in 0..<head.itemCount {
            put(p.between)
            try item(&s)
            if out.count >= chunk { full(&out) }
        }
        guard s.remaining == 0 else { throw CacheCorrupt() }
    }

    /// The next stored string, as a range of the file.
    private func stringRange(_ s: inout ByteSource) throws -> Range<Int> {
        try s.stringRange().shifted(base)
    }

    private func item(_ s: inout ByteSource) throws {
        put(p.head)
        let id = try stringRange(&s)
        try string(id)
        ids[idCount] = id
        idCount += 1
        put(p.model)
        put(kept.base, count: modelIDCount)
        let kindIndex = try s.u8()
        guard let kind = p.kind(Int(kindIndex)) else { throw CacheCorrupt() }
        put(kind)
        put(p.parent)
        var parentAt: Int32 = -1
        switch try s.u8() {
        case 0: put(p.null)
        case 1:
            switch try s.u8() {
            case 0:
                try string(try stringRange(&s))
                parentAt = -2
            case 1:
                let k = try s.int()
                guard k < idCount else { throw CacheCorrupt() }
                try string(ids[k])
                parentAt = Int32(truncatingIfNeeded: k)
            default: throw CacheCorrupt()
            }
        default: throw CacheCorrupt()
        }
        put(p.marker)
        var marker: Range<Int>?
        switch try s.u8() {
        case 0: put(p.null)
        case 1:
            let m = try stringRange(&s)
            marker = m
            try string(m)
        default: throw CacheCorrupt()
        }
        switch try s.u8() {
        case 0: put(p.noRole)
        case 1:
            guard let role = p.role(Int(try s.u8())) else { throw CacheCorrupt() }
            put(role)
        default: throw CacheCorrupt()
        }
        put(p.title)
        let title = try stringRange(&s)
        try string(title)
        put(p.text)
        switch try s.u8() {
        case 0: try string(try stringRange(&s))
        case 1:
            let a = try s.int(), b = try s.int()
            guard a <= b, SpeechUTF8.fits(a..<b, in: speech) else { throw CacheCorrupt() }
            if !checking { escape(UnsafeBufferPointer(rebasing: speech[a..<b])) } // the speech was checked whole
        default: throw CacheCorrupt()
        }
        put(p.span)
        ItemJSONPieces.int(try s.int(), &out)
        put(p.spanNext)
        ItemJSONPieces.int(try s.int(), &out)
        put(p.spanEnd)
        put(p.lead)
        var lead: Range<Int>?
        switch try s.u8() {
        case 0: put(p.null)
        case 1:
            try assignment(&s, inArray: false)
            lead = lastUnit
        default: throw CacheCorrupt()
        }
        if recording {
            rows.append(CachedOutline.Row(kind: kindIndex, parent: parentAt, id: id, marker: marker, title: title, lead: lead))
        }
        put(p.supporting)
        try assignments(&s)
        put(p.territorial)
        try assignments(&s)
        put(p.targets)
        let n = try s.count()
        if n == 0 { put(p.emptyArray) }
        for k in 0..<n {
            put(k == 0 ? p.firstElement : p.element)
            try target(&s)
        }
        if n > 0 { put(p.arrayEnd) }
        put(p.deadline)
        try optionalString(&s)
        put(p.close)
    }

    /// Appends to `out` while writing; nothing while checking (the items' JSON is not kept).
    @inline(__always)
    private func put(_ piece: RawPiece) {
        if !checking { out.append(piece) }
    }

    @inline(__always)
    private func put(_ base: UnsafePointer<UInt8>, count n: Int) {
        if !checking { out.append(base, count: n) }
    }

    private func escape(_ u: UnsafeBufferPointer<UInt8>) {
        JSONWriter.appendString(utf8: u, into: &out)
    }

    /// An item's stored string: checked as UTF-8 by the check, escaped by the write.
    private func string(_ r: Range<Int>) throws {
        let u = file.utf8(r)
        if checking {
            guard isValidUTF8(u) else { throw CacheCorrupt() }
        } else {
            escape(u)
        }
    }

    /// A stored string written into `kept`: checked, and escaped.
    private func keptString(_ r: Range<Int>) throws {
        let u = file.utf8(r)
        guard isValidUTF8(u) else { throw CacheCorrupt() }
        JSONWriter.appendString(utf8: u, into: &kept)
    }

    private func optionalString(_ s: inout ByteSource) throws {
        switch try s.u8() {
        case 0: put(p.null)
        case 1: try string(try stringRange(&s))
        default: throw CacheCorrupt()
        }
    }

    private func assignments(_ s: inout ByteSource) throws {
        let n = try s.count()
        if n == 0 { return put(p.emptyArray) }
        for k in 0..<n {
            put(k == 0 ? p.firstElement : p.element)
            try assignment(&s, inArray: true)
        }
        put(p.arrayEnd)
    }

    /// `{unit, name, basis, rule}` at the lead's depth or an array element's (as
    /// `Library.emit(_:name:into:)` writes it): from `kept` when this unit, basis and depth were
    /// written before without a rule.
    private func assignment(_ s: inout ByteSource, inArray: Bool) throws {
        let (unit, local) = try reference(&s, unitIDs)
        lastUnit = unit
        let b = Int(try s.u8())
        guard b < Basis.allCases.count else { throw CacheCorrupt() }
        var rule: Range<Int>?
        switch try s.u8() {
        case 0: rule = nil
        case 1: rule = try stringRange(&s)
        default: throw CacheCorrupt()
        }
        guard let basis = p.assignmentBasis(b, inArray: inArray) else { throw CacheCorrupt() }
        let slot = local.map { ($0 * Basis.allCases.count + b) * 2 + (inArray ? 1 : 0) }
        if rule == nil, let slot, assignments[slot].count > 0 { return copyKept(assignments[slot]) }
        // Made in `kept`, then copied: kept for next time when it has no rule.
        let start = kept.count
        kept.append(p.assignmentOpen(inArray: inArray))
        try keptString(unit)
        kept.append(p.assignmentName(inArray: inArray))
        // The name the merged library gives the unit (checked as UTF-8 with the speech's head).
        if let name = units.value(unit) { JSONWriter.appendString(utf8: file.utf8(name), into: &kept) } else { kept.append(p.null) }
        kept.append(basis)
        if let rule { try keptString(rule) } else { kept.append(p.null) }
        kept.append(p.assignmentClose(inArray: inArray))
        let made = kept(from: start)
        copyKept(made)
        if rule == nil, let slot { assignments[slot] = made } else { kept.truncate(to: start) }
    }

    /// `{id, title}` of a target the item serves, the title from the library's target of that id.
    private func target(_ s: inout ByteSource) throws {
        let (id, local) = try reference(&s, targetIDs)
        if let local, targetRefs[local].count > 0 { return copyKept(targetRefs[local]) }
        let start = kept.count
        kept.append(p.targetOpen)
        try keptString(id)
        kept.append(p.targetTitle)
        if let title = targets.value(id) { JSONWriter.appendString(utf8: file.utf8(title), into: &kept) } else { kept.append(p.null) }
        kept.append(p.targetClose)
        let made = kept(from: start)
        copyKept(made)
        if let local { targetRefs[local] = made } else { kept.truncate(to: start) }
    }

    /// An id written by `ByteSink.reference`: its bytes, and its position among the speech's own
    /// (`table`) when it was written as one.
    private func reference(_ s: inout ByteSource, _ table: UnsafeMutableBufferPointer<Range<Int>>) throws -> (Range<Int>, Int?) {
        switch try s.u8() {
        case 0: return (try stringRange(&s), nil)
        case 1:
            let k = try s.int()
            guard k < table.count else { throw CacheCorrupt() }
            return (table[k], k)
        default: throw CacheCorrupt()
        }
    }

    /// What was made in `kept` since `start`.
    private func kept(from start: Int) -> (at: Int32, count: Int32) {
        (Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: kept.count - start))
    }

    private func copyKept(_ k: (at: Int32, count: Int32)) {
        put(kept.base + Int(k.at), count: Int(k.count))
    }
}
