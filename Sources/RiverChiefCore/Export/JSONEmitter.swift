// One description of a JSON document, two outputs: a `JSONValue` tree (`JSONTreeEmitter`) or the
// pretty-printed bytes `JSONWriter` would give for that tree (`JSONByteEmitter`), written straight
// out with no tree in between. `list --json` writes 100,000 items this way.

/// Receives a JSON document as a sequence of events.
public protocol JSONEmitter {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// The key of the next member of the open object.
    mutating func key(_ k: String)
    /// A string, or null for nil.
    mutating func string(_ s: String?)
    mutating func int(_ i: Int)
}

/// Builds the `JSONValue` of the emitted document.
public struct JSONTreeEmitter: JSONEmitter {
    private enum Open {
        case object([JSONMember], key: String)
        case array([JSONValue])
    }
    private var open: [Open] = []
    /// The document, once its outermost value is complete.
    public private(set) var value: JSONValue = .null

    public init() {}

    private mutating func add(_ v: JSONValue) {
        guard let top = open.popLast() else { value = v; return }
        switch top {
        case .object(var members, let key):
            members.append(JSONMember(key: key, value: v))
            open.append(.object(members, key: ""))
        case .array(var elements):
            elements.append(v)
            open.append(.array(elements))
        }
    }

    public mutating func beginObject() { open.append(.object([], key: "")) }
    public mutating func beginArray() { open.append(.array([])) }

    public mutating func endObject() {
        guard case .object(let members, _)? = open.popLast() else { return }
        add(JSONValue(.object(members)))
    }

    public mutating func endArray() {
        guard case .array(let elements)? = open.popLast() else { return }
        add(JSONValue(.array(elements)))
    }

    public mutating func key(_ k: String) {
        guard case .object(let members, _)? = open.popLast() else { return }
        open.append(.object(members, key: k))
    }

    public mutating func string(_ s: String?) { add(.string(s)) }
    public mutating func int(_ i: Int) { add(.int(i)) }
}

/// Appends the document to `out` exactly as `JSONWriter.write(_:pretty: true)` writes its tree,
/// the outermost value starting at indentation level `indent` (no trailing newline).
public struct JSONByteEmitter: JSONEmitter {
    public var out: [UInt8] = []
    private let indent: Int
    /// Members or elements written so far, per open object or array.
    private var counts: [Int] = []
    private var afterKey = false

    public init(indent: Int = 0) { self.indent = indent }

    private mutating func next() {
        if counts.isEmpty { return }
        if counts[counts.count - 1] > 0 { out.append(0x2C) }
        counts[counts.count - 1] += 1
        JSONWriter.newline(&out, true, indent + counts.count)
    }

    private mutating func beforeValue() {
        if afterKey { afterKey = false } else { next() }
    }

    private mutating func close(_ byte: UInt8) {
        let n = counts.popLast() ?? 0
        if n > 0 { JSONWriter.newline(&out, true, indent + counts.count) }
        out.append(byte)
    }

    public mutating func beginObject() { beforeValue(); out.append(0x7B); counts.append(0) }
    public mutating func endObject() { close(0x7D) }
    public mutating func beginArray() { beforeValue(); out.append(0x5B); counts.append(0) }
    public mutating func endArray() { close(0x5D) }

    public mutating func key(_ k: String) {
        next()
        JSONWriter.appendString(k, into: &out)
        out.append(0x3A)
        out.append(0x20)
        afterKey = true
    }

    public mutating func string(_ s: String?) {
        beforeValue()
        if let s { JSONWriter.appendString(s, into: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    public mutating func int(_ i: Int) {
        beforeValue()
        out.append(contentsOf: String(i).utf8)
    }

    public mutating func bool(_ b: Bool) {
        beforeValue()
        out.append(contentsOf: (b ? "true" : "false").utf8)
    }

    public mutating func null() {
        beforeValue()
        out.append(contentsOf: "null".utf8)
    }
}
