// The fixed pieces of `list --json`'s items: keys with their punctuation and indentation, made
// once and copied by the writers (`ItemJSONWriter` from `Item`s, `CachedItemWriter` from the cache).

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

/// Bytes kept at a fixed place while they are written from: a piece of `RawPieces`.
struct RawPiece {
    let base: UnsafePointer<UInt8>
    let count: Int
}

/// `ItemJSONPieces` in one allocation, each a `RawPiece` (copied with no reference counting, in a
/// writer that copies a dozen of them per item), and the pieces around an assignment's and a
/// target reference's values. Lives until `deallocate()`.
struct RawPieces {
    let level: Int
    private let storage: UnsafeMutablePointer<UInt8>
    /// Every piece, in the order of `init`'s list (a buffer, not an array: no reference counting).
    private let table: UnsafeMutableBufferPointer<RawPiece>
    private let kindCount: Int, roleCount: Int

    var head: RawPiece { table[0] }
    var model: RawPiece { table[1] }
    var parent: RawPiece { table[2] }
    var marker: RawPiece { table[3] }
    var title: RawPiece { table[4] }
    var text: RawPiece { table[5] }
    var noRole: RawPiece { table[6] }
    var span: RawPiece { table[7] }
    var spanNext: RawPiece { table[8] }
    var spanEnd: RawPiece { table[9] }
    var lead: RawPiece { table[10] }
    var supporting: RawPiece { table[11] }
    var territorial: RawPiece { table[12] }
    var targets: RawPiece { table[13] }
    var deadline: RawPiece { table[14] }
    var element: RawPiece { table[15] }
    var firstElement: RawPiece { table[16] }
    var arrayEnd: RawPiece { table[17] }
    var close: RawPiece { table[18] }
    var null: RawPiece { table[19] }
    var emptyArray: RawPiece { table[20] }
    /// Before each item of the array: `,` and the item's indentation.
    var between: RawPiece { table[21] }
    /// `{unit, name, basis, rule}` around its values, at the lead's depth (`inArray` false) or an
    /// array element's: up to the unit's value, from it to the name's, from there to the rule's
    /// (with the basis), and the close.
    func assignmentOpen(inArray: Bool) -> RawPiece { table[inArray ? 23 : 22] }
    func assignmentName(inArray: Bool) -> RawPiece { table[inArray ? 25 : 24] }
    func assignmentClose(inArray: Bool) -> RawPiece { table[inArray ? 27 : 26] }
    /// `{id, title}` of a target reference around its values.
    var targetOpen: RawPiece { table[28] }
    var targetTitle: RawPiece { table[29] }
    var targetClose: RawPiece { table[30] }
    private static let fixed = 31

    /// The `kind` member for the kind at this index of `ItemKind.allCases` (nil: none such).
    func kind(_ k: Int) -> RawPiece? { k < kindCount ? table[Self.fixed + k] : nil }
    /// The `role` member for the role at this index of `SectionRole.allCases` (nil: none such).
    func role(_ k: Int) -> RawPiece? { k < roleCount ? table[Self.fixed + kindCount + k] : nil }
    /// From the name's value to the rule's, for the basis at this index of `Basis.allCases`.
    func assignmentBasis(_ b: Int, inArray: Bool) -> RawPiece? {
        b < Basis.allCases.count ? table[Self.fixed + kindCount + roleCount + b * 2 + (inArray ? 1 : 0)] : nil
    }

    init(_ p: ItemJSONPieces, between: [UInt8]) {
        func nl(_ l: Int) -> [UInt8] { [0x0A] + [UInt8](repeating: 0x20, count: 2 * l) }
        func key(_ k: String, at depth: Int, first: Bool) -> [UInt8] {
            var b: [UInt8] = first ? [0x7B] : [0x2C]
            b += nl(depth + 1)
            JSONWriter.appendString(k, into: &b)
            return b + [0x3A, 0x20]
        }
        // As `JSONByteEmitter` writes `Library.emit(_:name:into:)` and `emitTarget` at these depths.
        let depths = [p.level + 1, p.level + 2], t = p.level + 2
        let fixed: [[UInt8]] = [p.head, p.model, p.parent, p.marker, p.title, p.text, p.noRole, p.span, p.spanNext, p.spanEnd,
                                p.lead, p.supporting, p.territorial, p.targets, p.deadline, p.element, p.firstElement,
                                p.arrayEnd, p.close, ItemJSONPieces.null, ItemJSONPieces.emptyArray, between]
            + depths.map { key("unit", at: $0, first: true) } + depths.map { key("name", at: $0, first: false) }
            + depths.map { nl($0) + [0x7D] }
            + [key("id", at: t, first: true), key("title", at: t, first: false), nl(t) + [0x7D]]
        let bases = Basis.allCases.flatMap { b in
            depths.map { d in
                var quoted: [UInt8] = []
                JSONWriter.appendString(b.rawValue, into: &quoted)
                return key("basis", at: d, first: false) + quoted + key("rule", at: d, first: false)
            }
        }
        let all = fixed + p.kinds + p.roles + bases
        storage = .allocate(capacity: max(1, all.reduce(0) { $0 + $1.count }))
        table = .allocate(capacity: all.count)
        var at = 0
        for (k, bytes) in all.enumerated() {
            (storage + at).initialize(from: bytes, count: bytes.count)
            table.initializeElement(at: k, to: RawPiece(base: UnsafePointer(storage + at), count: bytes.count))
            at += bytes.count
        }
        kindCount = p.kinds.count
        roleCount = p.roles.count
        level = p.level
    }

    func deallocate() {
        storage.deallocate()
        table.deallocate()
    }
}
