// `list --json`'s items written straight into a `ByteBuffer`.

/// Bytes kept at a fixed place while they are written from: a piece of `RawPieces`, a copy.
struct RawPiece {
    let base: UnsafePointer<UInt8>
    let count: Int
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

/// `ItemJSONPieces` in one allocation, each a `RawPiece` (copied with no reference counting, in
/// a writer that copies a dozen of them per item). Lives until `deallocate()`.
struct RawPieces {
    let head, model, parent, marker, title, text, noRole, span, spanNext, spanEnd: RawPiece
    let lead, supporting, territorial, targets, deadline, element, firstElement, arrayEnd, close: RawPiece
    let null, emptyArray, between: RawPiece
    let level: Int
    private let storage: UnsafeMutablePointer<UInt8>
    /// Every piece, the kinds' and roles' last (a buffer, not an array: no reference counted).
    private let table: UnsafeMutableBufferPointer<RawPiece>
    private let kindCount: Int

    /// The `kind` member for the kind at this index of `ItemKind.allCases` (nil: none such).
    func kind(_ k: Int) -> RawPiece? { k < kindCount ? table[22 + k] : nil }
    /// The `role` member for the role at this index of `SectionRole.allCases` (nil: none such).
    func role(_ k: Int) -> RawPiece? { 22 + kindCount + k < table.count ? table[22 + kindCount + k] : nil }

    init(_ p: ItemJSONPieces, between separator: [UInt8]) {
        let all = [p.head, p.model, p.parent, p.marker, p.title, p.text, p.noRole, p.span, p.spanNext, p.spanEnd,
                   p.lead, p.supporting, p.territorial, p.targets, p.deadline, p.element, p.firstElement, p.arrayEnd, p.close,
                   ItemJSONPieces.null, ItemJSONPieces.emptyArray, separator] + p.kinds + p.roles
        storage = .allocate(capacity: max(1, all.reduce(0) { $0 + $1.count }))
        var at = 0, pieces: [RawPiece] = []
        for bytes in all {
            (storage + at).initialize(from: bytes, count: bytes.count)
            pieces.append(RawPiece(base: UnsafePointer(storage + at), count: bytes.count))
            at += bytes.count
        }
        (head, model, parent, marker, title, text, noRole, span, spanNext, spanEnd) =
            (pieces[0], pieces[1], pieces[2], pieces[3], pieces[4], pieces[5], pieces[6], pieces[7], pieces[8], pieces[9])
        (lead, supporting, territorial, targets, deadline, element, firstElement, arrayEnd, close) =
            (pieces[10], pieces[11], pieces[12], pieces[13], pieces[14], pieces[15], pieces[16], pieces[17], pieces[18])
        (null, emptyArray, between) = (pieces[19], pieces[20], pieces[21])
        table = .allocate(capacity: pieces.count)
        _ = table.initialize(from: pieces)
        kindCount = p.kinds.count
        level = p.level
    }

    func deallocate() {
        storage.deallocate()
        table.deallocate()
    }
}

/// Writes items as `Library.writeJSON(of:into:indent:)` writes them (the same bytes: tested), for
/// a command that writes thousands: every fixed piece (keys, punctuation, the indentation) is made
/// once, an assignment without a rule once per unit, basis and depth, a target reference once per
/// target, and each is then copied. `list --json` of 11,120 items writes 29,251 assignments, 5 MB
/// of its 12.
/// The fixed pieces of an item's JSON at one indentation level (keys with their punctuation and
/// indentation, the enums' values, the array's separators), made once and copied: what
/// `ItemJSONWriter` and `CachedItemsJSON` both write items with.
struct ItemJSONPieces {
    let head: [UInt8], model: [UInt8], parent: [UInt8], marker: [UInt8], title: [UInt8], text: [UInt8]
    let kinds: [[UInt8]], roles: [[UInt8]], noRole: [UInt8]
    let span: [UInt8], spanNext: [UInt8], spanEnd: [UInt8]
    let lead: [UInt8], supporting: [UInt8], territorial: [UInt8], targets: [UInt8], deadline: [UInt8]
    let element: [UInt8], firstElement: [UInt8], arrayEnd: [UInt8], close: [UInt8]
    static let null = Array("null".utf8), emptyArray: [UInt8] = [0x5B, 0x5D]
    /// The item's indentation level.
    let level: Int

    init(indent: Int) {
        level = indent
        func nl(_ l: Int) -> [UInt8] { [0x0A] + [UInt8](repeating: 0x20, count: 2 * l) }
        func member(_ key: String, first: Bool = false) -> [UInt8] {
            var b: [UInt8] = first ? [0x7B] : [0x2C]
            b += nl(indent + 1)
            JSONWriter.appendString(key, into: &b)
            return b + [0x3A, 0x20]
        }
        func quoted(_ s: String) -> [UInt8] {
            var b: [UInt8] = []
            JSONWriter.appendString(s, into: &b)
            return b
        }
        head = member("id", first: true)
        model = member("model")
        kinds = ItemKind.allCases.map { member("kind") + quoted($0.rawValue) }
        parent = member("parent")
        marker = member("marker")
        roles = SectionRole.allCases.map { member("role") + quoted($0.rawValue) }
        noRole = member("role") + Self.null
        title = member("title")
        text = member("text")
        span = member("span") + [0x5B] + nl(indent + 2)
        spanNext = [0x2C] + nl(indent + 2)
        spanEnd = nl(indent + 1) + [0x5D]
        lead = member("lead")
        supporting = member("supporting")
        territorial = member("territorial")
        targets = member("targets")
        deadline = member("deadline")
        firstElement = [0x5B] + nl(indent + 2)
        element = [0x2C] + nl(indent + 2)
        arrayEnd = nl(indent + 1) + [0x5D]
        close = nl(indent) + [0x7D]
    }

    /// `{"KEY": [` as `JSONWriter.streamArray(under:…)` opens it; before each item (`between`
    /// is `,` then `first`); after the last, when there was one; and the close with its newline.
    static func array(under key: String) -> (open: [UInt8], first: [UInt8], between: [UInt8], end: [UInt8], close: [UInt8]) {
        var prefix: [UInt8] = [0x7B]
        JSONWriter.newline(&prefix, true, 1)
        JSONWriter.appendString(key, into: &prefix)
        var first: [UInt8] = [], end: [UInt8] = [], suffix: [UInt8] = [0x5D]
        JSONWriter.newline(&first, true, 2)
        JSONWriter.newline(&end, true, 1)
        JSONWriter.newline(&suffix, true, 0)
        return (prefix + Array(": [".utf8), first, [0x2C] + first, end, suffix + Array("}\n".utf8))
    }

    /// `i` in decimal.
    static func int<O: JSONBytesOutput>(_ i: Int, _ out: inout O) {
        guard i >= 0 else { return out.append(bytes: Array(String(i).utf8)) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes: any Int's digits
        withUnsafeMutableBytes(of: &digits) { buf in
            var v = i, at = buf.count
            repeat {
                at -= 1
                buf[at] = UInt8(0x30 + v % 10)
                v /= 10
            } while v > 0
            if let p = buf.baseAddress {
                out.append(UnsafeBufferPointer(start: (p + at).assumingMemoryBound(to: UInt8.self), count: buf.count - at))
            }
        }
    }
}

/// Writes items as `Library.writeJSON(of:into:indent:)` writes them (the same bytes: tested), for
/// a command that writes thousands: every fixed piece (keys, punctuation, the indentation) is made
/// once, an assignment without a rule once per unit, basis and depth, a target reference once per
/// target, and each is then copied. `list --json` of 11,120 items writes 29,251 assignments, 5 MB
/// of its 12.
public final class ItemJSONWriter {
    public let library: Library
    private let p: ItemJSONPieces
    /// Written assignments without a rule, by (unit position, basis, in an array or not).
    @exclusivity(unchecked) private var assignments: [[UInt8]]
    /// Written target references, by target position.
    @exclusivity(unchecked) private var targetRefs: [[UInt8]]

    /// For items at indentation level `indent` (2 in `list --json`: `{"items": [ item, … ]}`).
    public init(library: Library, indent: Int) {
        self.library = library
        p = ItemJSONPieces(indent: indent)
        assignments = [[UInt8]](repeating: [], count: library.units.count * Basis.allCases.count * 2)
        targetRefs = [[UInt8]](repeating: [], count: library.targets.count)
    }

    /// Appends `item`'s JSON (no newline before or after it).
    public func write(_ item: Item, into out: ByteBuffer) {
        out.append(p.head)
        string(item.id, out)
        out.append(p.model)
        string(item.modelID, out)
        out.append(p.kinds[ItemKind.allCases.firstIndex(of: item.kind) ?? 0])
        out.append(p.parent)
        string(item.parent, out)
        out.append(p.marker)
        string(item.marker, out)
        out.append(item.role.flatMap { SectionRole.allCases.firstIndex(of: $0) }.map { p.roles[$0] } ?? p.noRole)
        out.append(p.title)
        string(item.title, out)
        out.append(p.text)
        text(of: item, out)
        out.append(p.span)
        var o = out
        ItemJSONPieces.int(item.span.start, &o)
        out.append(p.spanNext)
        ItemJSONPieces.int(item.span.end, &o)
        out.append(p.spanEnd)
        out.append(p.lead)
        if let a = item.lead { assignment(a, inArray: false, out) } else { out.append(ItemJSONPieces.null) }
        out.append(p.supporting)
        assignments(item.supporting, out)
        out.append(p.territorial)
        assignments(item.territorial, out)
        out.append(p.targets)
        if item.targets.isEmpty {
            out.append(ItemJSONPieces.emptyArray)
        } else {
            for (k, id) in item.targets.enumerated() {
                out.append(k == 0 ? p.firstElement : p.element)
                target(id, out)
            }
            out.append(p.arrayEnd)
        }
        out.append(p.deadline)
        string(item.deadline, out)
        out.append(p.close)
    }

    /// `{"KEY": [items…]}` and a newline, as `JSONWriter.streamArray(under:…)` writes it with each
    /// item by `Library.writeJSON(of:into:indent: 2)`; the bytes go to `sink` whenever about
    /// `chunk` have gathered (the whole array is never held).
    public static func stream<S: Sequence>(under key: String, _ items: S, library: Library, chunk: Int = 1 << 22,
                                           sink: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows where S.Element == Item {
        let writer = ItemJSONWriter(library: library, indent: 2)
        let out = ByteBuffer(capacity: chunk + (1 << 16))
        let array = ItemJSONPieces.array(under: key)
        out.append(array.open)
        var empty = true
        for item in items {
            out.append(empty ? array.first : array.between)
            empty = false
            writer.write(item, into: out)
            if out.count >= chunk {
                try sink(out.bytes)
                out.removeAll()
            }
        }
        if !empty { out.append(array.end) }
        out.append(array.close)
        try sink(out.bytes)
    }

    private func string(_ s: String?, _ out: ByteBuffer) {
        guard var s else { return out.append(ItemJSONPieces.null) }
        var o = out
        s.withUTF8 { JSONWriter.appendString(utf8: $0, into: &o) }
    }

    /// The item's text, from the speech's bytes when it is a range of a speech that is valid
    /// UTF-8 (checked once per speech): the bytes `text` would make, without making it.
    private func text(of item: Item, _ out: ByteBuffer) {
        if let (speech, bytes) = item.textSlice {
            let written = speech.withUnsafeBufferPointer { all -> Bool in
                guard let base = all.baseAddress, SpeechUTF8.fits(bytes, in: all),
                      isValidUTF8(all, at: SpeechKey(base: base, count: all.count)) else { return false }
                var o = out
                JSONWriter.appendString(utf8: UnsafeBufferPointer(rebasing: all[bytes]), into: &o)
                return true
            }
            if written { return }
        }
        string(item.text, out)
    }

    private struct SpeechKey: Hashable {
        var base: UnsafePointer<UInt8>
        var count: Int
    }

    /// Whether each speech (held by the library's items while this writer lives) is valid UTF-8;
    /// the last one asked about, and its answer, beside (items come speech by speech).
    @exclusivity(unchecked) private var validSpeeches: [SpeechKey: Bool] = [:]
    @exclusivity(unchecked) private var lastSpeech: (key: SpeechKey, valid: Bool)?

    private func isValidUTF8(_ speech: UnsafeBufferPointer<UInt8>, at key: SpeechKey) -> Bool {
        if let lastSpeech, lastSpeech.key == key { return lastSpeech.valid }
        let valid = validSpeeches[key] ?? (String(validating: speech, as: UTF8.self) != nil)
        validSpeeches[key] = valid
        lastSpeech = (key, valid)
        return valid
    }

    private func assignments(_ list: [Assignment], _ out: ByteBuffer) {
        if list.isEmpty { return out.append(ItemJSONPieces.emptyArray) }
        for (k, a) in list.enumerated() {
            out.append(k == 0 ? p.firstElement : p.element)
            assignment(a, inArray: true, out)
        }
        out.append(p.arrayEnd)
    }

    /// `{unit, name, basis, rule}` at the lead's depth or an array element's.
    private func assignment(_ a: Assignment, inArray: Bool, _ out: ByteBuffer) {
        let unit = library.unitIndex[a.unit]
        guard a.rule == nil, let unit, let b = Basis.allCases.firstIndex(of: a.basis) else {
            return out.append(written(a, inArray: inArray))
        }
        let slot = (unit * Basis.allCases.count + b) * 2 + (inArray ? 1 : 0)
        if assignments[slot].isEmpty { assignments[slot] = written(a, inArray: inArray) }
        out.append(assignments[slot])
    }

    private func written(_ a: Assignment, inArray: Bool) -> [UInt8] {
        var e = JSONByteEmitter(indent: p.level + (inArray ? 2 : 1))
        library.emit(a, into: &e)
        return e.out
    }

    /// `{id, title}` of a target the item serves (title null when the library has no such target).
    private func target(_ id: String, _ out: ByteBuffer) {
        let k = library.targetIndex[id]
        if let k, !targetRefs[k].isEmpty { return out.append(targetRefs[k]) }
        var e = JSONByteEmitter(indent: p.level + 2)
        Library.emitTarget(id: id, title: k.map { library.targets[$0].title }, into: &e)
        if let k { targetRefs[k] = e.out }
        out.append(e.out)
    }
}
