// One speech's items written as `list --json` writes them, straight from their records in the
// library cache (the layout `ModelCoding.write` defines, read with `ModelCoding.readItem`'s checks).

/// Writes a speech's items into `out`, each after `,` and its indentation (see `CachedItemsJSON`).
struct CachedItemWriter {
    let file: UnsafeRawBufferPointer
    let head: CachedExport.Head
    let units: ByteSliceTable, targets: ByteSliceTable
    let p: ItemJSONPieces
    let out: ByteBuffer
    /// The speech's id as a JSON string, written once.
    private let modelID: [UInt8]
    /// Each item's id read so far, by position (for the parents: a reference names a position).
    private var ids: [Range<Int>] = []
    /// Assignments without a rule and target references already written, kept in `kept` (start
    /// and length; length 0: not yet), by (unit position, basis, in an array or not) and by target
    /// position in the speech.
    private let kept = ByteBuffer(capacity: 1 << 16)
    private var assignmentAt: [Int32], assignmentLength: [Int32]
    private var targetAt: [Int32], targetLength: [Int32]

    init(file: UnsafeRawBufferPointer, head: CachedExport.Head, units: ByteSliceTable, targets: ByteSliceTable,
         pieces: ItemJSONPieces, capacity: Int) {
        self.file = file
        self.head = head
        self.units = units
        self.targets = targets
        p = pieces
        out = ByteBuffer(capacity: capacity)
        var id: [UInt8] = []
        JSONWriter.appendString(utf8: file.utf8(head.id), into: &id)
        modelID = id
        let slots = head.unitIDs.count * Basis.allCases.count * 2
        assignmentAt = [Int32](repeating: 0, count: slots)
        assignmentLength = assignmentAt
        targetAt = [Int32](repeating: 0, count: head.targetIDs.count)
        targetLength = targetAt
        ids.reserveCapacity(head.itemCount)
    }

    /// Every item of the speech; throws at anything `ModelCoding.read` would refuse, and at a
    /// string that is not valid UTF-8.
    mutating func write() throws {
        // Read within the speech's own bytes, as `ModelCoding.read` reads them (a count or a
        // position is never more than they hold).
        var s = ByteSource(UnsafeRawBufferPointer(rebasing: file[head.bytes]))
        s.offset = head.itemsAt - head.bytes.lowerBound
        let between = ItemJSONPieces.array(under: "").between
        for _ in 0..<head.itemCount {
            out.append(between)
            try item(&s)
        }
        guard s.remaining == 0 else { throw CacheCorrupt() }
    }

    /// The next stored string, as a range of the file.
    private func stringRange(_ s: inout ByteSource) throws -> Range<Int> {
        try s.stringRange().shifted(head.bytes.lowerBound)
    }

    private mutating func item(_ s: inout ByteSource) throws {
        out.append(p.head)
        let id = try stringRange(&s)
        try string(id)
        ids.append(id)
        out.append(p.model)
        out.append(modelID)
        let kind = Int(try s.u8())
        guard kind < p.kinds.count else { throw CacheCorrupt() }
        out.append(p.kinds[kind])
        out.append(p.parent)
        switch try s.u8() {
        case 0: out.append(ItemJSONPieces.null)
        case 1:
            switch try s.u8() {
            case 0: try string(try stringRange(&s))
            case 1:
                let k = try s.int()
                guard k < ids.count else { throw CacheCorrupt() }
                try string(ids[k])
            default: throw CacheCorrupt()
            }
        default: throw CacheCorrupt()
        }
        out.append(p.marker)
        try optionalString(&s)
        switch try s.u8() {
        case 0: out.append(p.noRole)
        case 1:
            let role = Int(try s.u8())
            guard role < p.roles.count else { throw CacheCorrupt() }
            out.append(p.roles[role])
        default: throw CacheCorrupt()
        }
        out.append(p.title)
        try string(try stringRange(&s))
        out.append(p.text)
        switch try s.u8() {
        case 0: try string(try stringRange(&s))
        case 1:
            let a = try s.int(), b = try s.int()
            let speech = file.utf8(head.speech)
            guard a <= b, SpeechUTF8.fits(a..<b, in: speech) else { throw CacheCorrupt() }
            escape(UnsafeBufferPointer(rebasing: speech[a..<b])) // the speech was checked whole
        default: throw CacheCorrupt()
        }
        out.append(p.span)
        ItemJSONPieces.int(try s.int(), out)
        out.append(p.spanNext)
        ItemJSONPieces.int(try s.int(), out)
        out.append(p.spanEnd)
        out.append(p.lead)
        switch try s.u8() {
        case 0: out.append(ItemJSONPieces.null)
        case 1: try assignment(&s, inArray: false)
        default: throw CacheCorrupt()
        }
        out.append(p.supporting)
        try assignments(&s)
        out.append(p.territorial)
        try assignments(&s)
        out.append(p.targets)
        let n = try s.count()
        if n == 0 { out.append(ItemJSONPieces.emptyArray) }
        for k in 0..<n {
            out.append(k == 0 ? p.firstElement : p.element)
            try target(&s)
        }
        if n > 0 { out.append(p.arrayEnd) }
        out.append(p.deadline)
        try optionalString(&s)
        out.append(p.close)
    }

    private func escape(_ u: UnsafeBufferPointer<UInt8>) {
        var o = out
        JSONWriter.appendString(utf8: u, into: &o)
    }

    /// A stored string, escaped; throws unless it is valid UTF-8.
    private func string(_ r: Range<Int>) throws {
        let u = file.utf8(r)
        guard isValidUTF8(u) else { throw CacheCorrupt() }
        escape(u)
    }

    private func optionalString(_ s: inout ByteSource) throws {
        switch try s.u8() {
        case 0: out.append(ItemJSONPieces.null)
        case 1: try string(try stringRange(&s))
        default: throw CacheCorrupt()
        }
    }

    private mutating func assignments(_ s: inout ByteSource) throws {
        let n = try s.count()
        if n == 0 { return out.append(ItemJSONPieces.emptyArray) }
        for k in 0..<n {
            out.append(k == 0 ? p.firstElement : p.element)
            try assignment(&s, inArray: true)
        }
        out.append(p.arrayEnd)
    }

    /// `{unit, name, basis, rule}` at the lead's depth or an array element's: from `kept` when
    /// this unit, basis and depth were written before without a rule.
    private mutating func assignment(_ s: inout ByteSource, inArray: Bool) throws {
        var unit: Range<Int>, local: Int?
        switch try s.u8() {
        case 0: (unit, local) = (try stringRange(&s), nil)
        case 1:
            let k = try s.int()
            guard k < head.unitIDs.count else { throw CacheCorrupt() }
            (unit, local) = (head.unitIDs[k], k)
        default: throw CacheCorrupt()
        }
        let b = Int(try s.u8())
        guard b < Basis.allCases.count else { throw CacheCorrupt() }
        var rule: Range<Int>?
        switch try s.u8() {
        case 0: rule = nil
        case 1: rule = try stringRange(&s)
        default: throw CacheCorrupt()
        }
        let slot = local.map { ($0 * Basis.allCases.count + b) * 2 + (inArray ? 1 : 0) }
        if rule == nil, let slot, assignmentLength[slot] > 0 { return copyKept(assignmentAt[slot], assignmentLength[slot]) }
        let strings = [unit] + (rule.map { [$0] } ?? [])
        guard strings.allSatisfy({ isValidUTF8(file.utf8($0)) }) else { throw CacheCorrupt() }
        func text(_ r: Range<Int>) -> String { String(decoding: file.utf8(r), as: UTF8.self) }
        var e = JSONByteEmitter(indent: p.level + (inArray ? 2 : 1))
        Library.emit(Assignment(unit: text(unit), basis: Basis.allCases[b], rule: rule.map(text)), name: units.value(unit).map(text), into: &e)
        out.append(e.out)
        if rule == nil, let slot { (assignmentAt[slot], assignmentLength[slot]) = keep(e.out) }
    }

    /// `{id, title}` of a target the item serves, the title from the library's target of that id.
    private mutating func target(_ s: inout ByteSource) throws {
        var id: Range<Int>, local: Int?
        switch try s.u8() {
        case 0: (id, local) = (try stringRange(&s), nil)
        case 1:
            let k = try s.int()
            guard k < head.targetIDs.count else { throw CacheCorrupt() }
            (id, local) = (head.targetIDs[k], k)
        default: throw CacheCorrupt()
        }
        if let local, targetLength[local] > 0 { return copyKept(targetAt[local], targetLength[local]) }
        guard isValidUTF8(file.utf8(id)) else { throw CacheCorrupt() }
        func text(_ r: Range<Int>) -> String { String(decoding: file.utf8(r), as: UTF8.self) }
        var e = JSONByteEmitter(indent: p.level + 2)
        Library.emitTarget(id: text(id), title: targets.value(id).map(text), into: &e)
        out.append(e.out)
        if let local { (targetAt[local], targetLength[local]) = keep(e.out) }
    }

    private func keep(_ bytes: [UInt8]) -> (Int32, Int32) {
        let at = Int32(truncatingIfNeeded: kept.count)
        kept.append(bytes)
        return (at, Int32(truncatingIfNeeded: bytes.count))
    }

    private func copyKept(_ at: Int32, _ n: Int32) {
        if let base = kept.bytes.baseAddress { out.append(base + Int(at), count: Int(n)) }
    }
}
