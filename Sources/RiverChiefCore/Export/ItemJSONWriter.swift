// `list --json`'s items written straight into a `ByteBuffer`.

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
        assignments(item.supportingIDs, out)
        out.append(p.territorial)
        assignments(item.territorialIDs, out)
        out.append(p.targets)
        let targets = item.targetIDs
        if targets.isEmpty {
            out.append(ItemJSONPieces.emptyArray)
        } else {
            for (k, id) in targets.enumerated() {
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

    private func assignments(_ list: ItemAssignments, _ out: ByteBuffer) {
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
