import Foundation

// A validated Model to bytes and back, field by field, for the library cache. The order here is
// the file format: change it and bump `LibraryCache.formatVersion`.

enum ModelCoding {
    static let itemKinds = ItemKind.allCases
    static let roles = SectionRole.allCases
    static let bases = Basis.allCases
    static let unitKinds = UnitKind.allCases

    /// Where a model's parts are in the bytes `write` gave (for `LibraryPartIndex`).
    struct Layout {
        /// The speech's UTF-8 (after its length).
        var speech: Range<Int>
        /// Where the first item's record starts (just after the items' count).
        var itemsAt: Int
        /// Where each item's record starts.
        var records: [Int]
    }

    /// Writes `m`; gives where its speech and each item's record are in `s` (for `LibraryPartIndex`).
    @discardableResult
    static func write(_ m: Model, into s: inout ByteSink) -> Layout {
        let offsets = m.source.withUTF8(byteOffsets)
        s.string(m.id)
        let g = m.meeting
        s.string(g.title)
        s.string(g.speakerRole)
        s.string(g.kind)
        s.optional(g.date) { $0.string($1) }
        s.optional(g.sourceURL) { $0.string($1) }
        s.optional(g.sourceNote) { $0.string($1) }
        s.optional(g.titleSpan) { $0.span($1) }
        let speechStart = s.bytes.count + 8
        m.source.withUTF8 { s.utf8($0) }
        let speech = speechStart..<s.bytes.count
        // The speech's code point checkpoints, so reading it back does not scan it.
        s.int(m.source.scalars.count)
        s.array(m.source.scalars.checkpoints) { $0.u64(UInt64(UInt32(bitPattern: $1))) }
        // Ids that items repeat (a parent, a unit, a target) are written as a reference to the one
        // they name, so the library read back shares one String per id instead of one per mention.
        let unitRefs = Dictionary(m.units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let targetRefs = Dictionary(m.targets.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var itemRefs: [String: Int] = [:]
        itemRefs.reserveCapacity(m.items.count)
        s.array(m.units) { s, u in
            s.string(u.id)
            s.string(u.name)
            s.pick(u.kind, in: unitKinds)
            s.optional(u.shortName) { $0.string($1) }
        }
        s.array(m.targets) { s, t in
            s.string(t.id)
            s.string(t.title)
            s.text(t.text, at: t.span, in: m.source, offsets)
            s.span(t.span)
            let i = t.indicator
            s.optional(i.metric) { $0.string($1) }
            s.optional(i.unit) { $0.string($1) }
            s.optional(i.baseline) { $0.double($1) }
            s.optional(i.goal) { $0.double($1) }
            s.optional(i.deadline) { $0.string($1) }
        }
        var itemOffsets: [Int] = []
        itemOffsets.reserveCapacity(m.items.count)
        s.int(m.items.count)
        let itemsAt = s.bytes.count
        for it in m.items {
            itemOffsets.append(s.bytes.count)
            s.string(it.id)
            if itemRefs[it.id] == nil { itemRefs[it.id] = itemRefs.count }
            s.pick(it.kind, in: itemKinds)
            s.optional(it.parent) { $0.reference($1, itemRefs) }
            s.optional(it.marker) { $0.string($1) }
            s.optional(it.role) { $0.pick($1, in: roles) }
            s.string(it.title)
            s.text(it.text, at: it.span, in: m.source, offsets)
            s.span(it.span)
            s.optional(it.lead) { $0.assignment($1, unitRefs) }
            s.array(it.supporting) { $0.assignment($1, unitRefs) }
            s.array(it.territorial) { $0.assignment($1, unitRefs) }
            s.array(it.targets) { $0.reference($1, targetRefs) }
            s.optional(it.deadline) { $0.string($1) }
        }
        return Layout(speech: speech, itemsAt: itemsAt, records: itemOffsets)
    }

    /// A model's fields before its items: what every item's references are resolved against.
    struct Head {
        var id: String
        var meeting: Meeting
        var source: SourceText
        /// The speech's UTF-8 (also in `source`), which items' texts are read from.
        var speech: [UInt8]
        var units: [Unit]
        var targets: [Target]
        var unitIDs: [String]
        var targetIDs: [String]
        /// The model id and the unit and target ids the items name, which they hold positions in.
        var names: ItemNames
        /// The assignment and target lists the model's items have read so far: an item whose list
        /// equals an earlier one's shares its storage (most lists repeat: a model's items name a
        /// handful of territorial units and a few hundred supporting ones).
        let assignmentLists = ValuePool<[UnitRef]>()
        let targetLists = ValuePool<[Int32]>()

        /// The model with these items (`parents`: each one's parent as a position among them).
        func model(items: [Item], parents: [Int32]) -> Model {
            var model = Model(id: id, meeting: meeting, source: source, units: units, targets: targets, items: items)
            model.parentPositions = parents
            return model
        }
    }

    /// `outline`: items without their supporting and territorial units and their targets (left
    /// empty, their bytes passed over), for a listing that prints none of them.
    static func read(_ s: inout ByteSource, outline: Bool = false) throws -> Model {
        let head = try readHead(&s)
        var itemIDs: [String] = [], parents: [Int32] = []
        let items = try s.array { s -> Item in
            let (item, parentAt) = try readItem(&s, head, itemIDs: &itemIDs, at: nil, outline: outline)
            parents.append(parentAt)
            return item
        }
        return head.model(items: items, parents: parents)
    }

    /// The model's id and meeting, its first fields.
    static func readMeeting(_ s: inout ByteSource) throws -> (id: String, meeting: Meeting) {
        let id = try s.string()
        let meeting = Meeting(title: try s.string(), speakerRole: try s.string(), kind: try s.string(),
                              date: try s.optional { try $0.string() }, sourceURL: try s.optional { try $0.string() },
                              sourceNote: try s.optional { try $0.string() }, titleSpan: try s.optional { try $0.span() })
        return (id, meeting)
    }

    /// Everything up to the items; `s` is left at the items' count.
    static func readHead(_ s: inout ByteSource) throws -> Head {
        let (id, meeting) = try readMeeting(&s)
        // The speech stays bytes: an item's text is made a String when it is read.
        let speech = try s.utf8(), scalarCount = try s.int()
        let checkpoints = try s.array { Int32(truncatingIfNeeded: try $0.u64()) }
        guard let scalars = ScalarIndex(.bytes(speech), checkpoints: checkpoints, count: scalarCount) else { throw CacheCorrupt() }
        let source = SourceText(scalars: scalars)
        let units = try s.array { s in
            Unit(id: try s.string(), name: try s.string(), kind: try s.pick(unitKinds), shortName: try s.optional { try $0.string() })
        }
        let targets = try s.array { s in
            Target(id: try s.string(), modelID: id, title: try s.string(), text: try s.text(in: source), span: try s.span(),
                   indicator: Indicator(metric: try s.optional { try $0.string() }, unit: try s.optional { try $0.string() },
                                        baseline: try s.optional { try $0.double() }, goal: try s.optional { try $0.double() },
                                        deadline: try s.optional { try $0.string() }))
        }
        let unitIDs = units.map(\.id), targetIDs = targets.map(\.id)
        return Head(id: id, meeting: meeting, source: source, speech: speech, units: units, targets: targets,
                    unitIDs: unitIDs, targetIDs: targetIDs, names: ItemNames(modelID: id, units: unitIDs, targets: targetIDs))
    }

    /// One item's record, and its parent's position in the model (-1: none; -2: a parent written
    /// out, not a reference). Its id goes into `itemIDs` at `position` (nil: appended), which holds
    /// by position the ids of the items before it that it may name as its parent (the others may
    /// be placeholders).
    static func readItem(_ s: inout ByteSource, _ head: Head, itemIDs: inout [String], at position: Int?,
                         outline: Bool = false) throws -> (Item, Int32) {
        let itemID = try s.string()
        if let position { itemIDs[position] = itemID } else { itemIDs.append(itemID) }
        let kind = try s.pick(itemKinds)
        var parentAt: Int32 = -1
        let parent = try s.optional { s -> String in
            let (id, k) = try s.referenceAndPosition(itemIDs)
            parentAt = k.map { Int32(truncatingIfNeeded: $0) } ?? -2
            return id
        }
        let marker = try s.optional { try $0.string() }, role = try s.optional { try $0.pick(roles) }
        let title = try s.string(), text = try s.lazyText(), span = try s.span()
        // The closures capture these alone, not the whole `head` (copied for each closure made).
        let names = head.names, lists = head.assignmentLists
        let lead = try s.optional { try $0.unitRef(names) }
        let supporting: [UnitRef], territorial: [UnitRef], targets: [Int32]
        if outline {
            try s.skipArray { try $0.skipAssignment() }
            try s.skipArray { try $0.skipAssignment() }
            try s.skipArray { try $0.skipReference() }
            (supporting, territorial, targets) = ([], [], [])
        } else {
            supporting = try lists.shared(&s) { try $0.array { try $0.unitRef(names) } }
            territorial = try lists.shared(&s) { try $0.array { try $0.unitRef(names) } }
            targets = try head.targetLists.shared(&s) { try $0.array { try $0.targetRef(names) } }
        }
        let deadline = try s.optional { try $0.string() }
        var own: String?, bytes = 0..<0
        switch text {
        case .own(let t): own = t
        case .speech(let b): bytes = b // read from the speech when shown, not copied out of it now
        }
        guard let item = Item(id: itemID, names: names, kind: kind, parent: parent, marker: marker, role: role, title: title,
                              text: own, speech: head.speech, bytes: bytes, span: span, lead: lead, supporting: supporting,
                              territorial: territorial, targets: targets, deadline: deadline) else { throw CacheCorrupt() }
        return (item, parentAt)
    }

    /// The UTF-8 offset of every code point of `utf8`, and of its end.
    static func byteOffsets(_ utf8: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(utf8.count / 2)
        var k = 0
        for b in utf8 {
            if b & 0xC0 != 0x80 { offsets.append(k) }
            k += 1
        }
        offsets.append(k)
        return offsets
    }
}

/// Lists read from the cache, kept once per distinct encoding: `shared(&s, read)` reads a list
/// and gives the first list read from the same bytes (so equal lists share one buffer,
/// copy-on-write), or keeps this one when it is the first. The bytes are compared, not the
/// decoded values, in an open-addressing table probed from an FNV-1a hash of them: a few dozen
/// bytes hashed instead of the ids they name (`Hasher` over them cost a tenth of a start). Empty
/// lists hold no storage and are passed through. Used by one thread at a time (one model's
/// decoding), only while the bytes it was given are mapped.
final class ValuePool<T: Collection>: @unchecked Sendable {
    private var kept: [(bytes: UnsafeRawBufferPointer, value: T)] = []
    /// Index + 1 into `kept`, 0 for an empty slot; at most half full, a power of two long.
    private var slots = [Int32](repeating: 0, count: 256)

    func shared(_ s: inout ByteSource, _ read: (inout ByteSource) throws -> T) throws -> T {
        let start = s.offset
        let v = try read(&s)
        if v.isEmpty { return v }
        let bytes = UnsafeRawBufferPointer(rebasing: s.buffer[start..<s.offset])
        let mask = slots.count - 1
        var h = Self.hash(bytes) & mask
        while slots[h] != 0 {
            let k = Int(slots[h]) - 1
            if Self.same(kept[k].bytes, bytes) { return kept[k].value }
            h = (h + 1) & mask
        }
        kept.append((bytes, v))
        slots[h] = Int32(truncatingIfNeeded: kept.count)
        if kept.count * 2 > slots.count { grow() }
        return v
    }

    private func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for k in kept.indices {
            var h = Self.hash(kept[k].bytes) & mask
            while slots[h] != 0 { h = (h + 1) & mask }
            slots[h] = Int32(truncatingIfNeeded: k + 1)
        }
    }

    static func hash(_ b: UnsafeRawBufferPointer) -> Int {
        let h = FNV1a.hash(b)
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return memcmp(pa, pb, a.count) == 0
    }
}

extension ByteSink {
    mutating func span(_ v: Span) {
        int(v.start)
        int(v.end)
    }

    mutating func assignment(_ a: Assignment, _ units: [String: Int]) {
        reference(a.unit, units)
        pick(a.basis, in: ModelCoding.bases)
        optional(a.rule) { $0.string($1) }
    }

    /// An id as the position of the one it names in `table` (1, then the position), or written out
    /// (0, then the string) when the table does not have it.
    mutating func reference(_ id: String, _ table: [String: Int]) {
        if let k = table[id] {
            u8(1)
            int(k)
        } else {
            u8(0)
            string(id)
        }
    }
}

extension ByteSink {
    /// A text that is the source at its span (as validation made sure) is stored as the byte range
    /// it takes in the source: half the file, and no UTF-8 to check again when it is read back.
    mutating func text(_ text: String, at span: Span, in source: SourceText, _ offsets: [Int]) {
        if span.start >= 0, span.start <= span.end, span.end < offsets.count {
            let a = offsets[span.start], b = offsets[span.end]
            if source.withUTF8({ text.utf8.elementsEqual($0[a..<b]) }) {
                u8(1)
                int(a)
                int(b)
                return
            }
        }
        u8(0)
        string(text)
    }
}

extension ByteSource {
    mutating func text(in source: SourceText) throws -> String {
        switch try u8() {
        case 0: return try string()
        case 1:
            let a = try int(), b = try int()
            guard a <= b, let t = source.withUTF8({ SpeechUTF8.text($0, a..<b) }) else { throw CacheCorrupt() }
            return t
        default: throw CacheCorrupt()
        }
    }

    /// A text written by `ByteSink.text`: its own string, or the byte range it takes in the speech.
    enum StoredText {
        case own(String)
        case speech(Range<Int>)
    }

    mutating func lazyText() throws -> StoredText {
        switch try u8() {
        case 0: return .own(try string())
        case 1:
            let a = try int(), b = try int()
            guard a <= b else { throw CacheCorrupt() }
            return .speech(a..<b)
        default: throw CacheCorrupt()
        }
    }

    mutating func span() throws -> Span { Span(start: try int(), end: try int()) }
    /// Passes over what `assignment` reads.
    mutating func skipAssignment() throws {
        try skipReference()
        _ = try pick(ModelCoding.bases)
        _ = try optional { try $0.skipString() }
    }

    /// Passes over what `reference` reads.
    mutating func skipReference() throws {
        switch try u8() {
        case 0: try skipString()
        case 1: _ = try int()
        default: throw CacheCorrupt()
        }
    }

    /// An assignment written by `ByteSink.assignment`, its unit as a position in `names` (a unit
    /// written out is added to them).
    mutating func unitRef(_ names: ItemNames) throws -> UnitRef {
        UnitRef(unit: try position(names.units.count) { names.unit($0) }, basis: try pick(ModelCoding.bases),
                rule: try optional { try $0.string() })
    }

    /// A target id written by `ByteSink.reference`, as a position in `names`.
    mutating func targetRef(_ names: ItemNames) throws -> Int32 {
        try position(names.targets.count) { names.target($0) }
    }

    /// A reference as a position: the one written, when below `count`; a written-out id through `add`.
    private mutating func position(_ count: Int, _ add: (String) -> Int32) throws -> Int32 {
        switch try u8() {
        case 0: return add(try string())
        case 1:
            let k = try int()
            guard k >= 0, k < count else { throw CacheCorrupt() }
            return Int32(truncatingIfNeeded: k)
        default: throw CacheCorrupt()
        }
    }

    /// The id, and its position in `table` when it was written as a reference.
    mutating func referenceAndPosition(_ table: [String]) throws -> (String, Int?) {
        switch try u8() {
        case 0: return (try string(), nil)
        case 1:
            let k = try int()
            guard k >= 0, k < table.count else { throw CacheCorrupt() }
            return (table[k], k)
        default: throw CacheCorrupt()
        }
    }
}
