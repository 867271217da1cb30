// Writes a JSONValue: keys in the order given, non-ASCII text as UTF-8 (Chinese stays readable),
// only what JSON requires escaped.

public enum JSONWriter {
    /// The JSON text of `value`; `pretty` indents by two spaces, one member per line.
    public static func write(_ value: JSONValue, pretty: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out, pretty: pretty, indent: 0)
        if pretty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes `{"key": [elements…]}` exactly as `write(_:)` would (pretty), element by element,
    /// handing the bytes to `sink` whenever about `chunk` have gathered: a large array is never
    /// held whole, as a tree or as text.
    public static func streamArray<S: Sequence>(under key: String, _ elements: S, chunk: Int = 1 << 20,
                                                 sink: ([UInt8]) -> Void) where S.Element == JSONValue {
        streamArray(under: key, elements, chunk: chunk, element: { e, out in write(e, into: &out, pretty: true, indent: 2) },
                    sink: sink)
    }

    /// The same, with each element written by `element` straight into the output, at indentation
    /// level 2 (see `JSONByteEmitter`).
    public static func streamArray<S: Sequence>(under key: String, _ elements: S, chunk: Int = 1 << 20,
                                                 element: (S.Element, inout [UInt8]) -> Void,
                                                 sink: ([UInt8]) -> Void) {
        var prefix: [UInt8] = [0x7B]
        newline(&prefix, true, 1)
        appendString(key, into: &prefix)
        prefix.append(contentsOf: ": ".utf8)
        var suffix: [UInt8] = []
        newline(&suffix, true, 0)
        suffix.append(contentsOf: "}\n".utf8)
        withoutActuallyEscaping(sink) { sink in
            var stream = JSONArrayStream(prefix: prefix, indent: 2, chunk: chunk, sink: sink)
            for e in elements { stream.append { element(e, &$0) } }
            stream.finish(suffix: suffix)
        }
    }

    /// `s` as a JSON string literal, quotes included.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        appendString(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func write(_ v: JSONValue, into out: inout [UInt8], pretty: Bool, indent: Int) {
        switch v.kind {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            if let i = n.int {
                out.append(contentsOf: String(i).utf8)
            } else if n.double.rounded() == n.double && abs(n.double) < 1e15 {
                out.append(contentsOf: String(Int(n.double)).utf8)
            } else {
                out.append(contentsOf: "\(n.double)".utf8)
            }
        case .string(let s): appendString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(0x5B)
            for (k, e) in a.enumerated() {
                if k > 0 { out.append(0x2C) }
                newline(&out, pretty, indent + 1)
                write(e, into: &out, pretty: pretty, indent: indent + 1)
            }
            newline(&out, pretty, indent)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(0x7B)
            for (k, m) in members.enumerated() {
                if k > 0 { out.append(0x2C) }
                newline(&out, pretty, indent + 1)
                appendString(m.key, into: &out)
                out.append(0x3A)
                if pretty { out.append(0x20) }
                write(m.value, into: &out, pretty: pretty, indent: indent + 1)
            }
            newline(&out, pretty, indent)
            out.append(0x7D)
        }
    }

    static func newline(_ out: inout [UInt8], _ pretty: Bool, _ indent: Int) {
        guard pretty else { return }
        out.append(0x0A)
        if indent <= 8 {
            out.append(contentsOf: spaces[0..<(indent * 2)])
        } else {
            out.append(contentsOf: repeatElement(0x20, count: indent * 2))
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 16)

    static func appendString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendString(utf8: $0, into: &out) }
    }

    /// The string whose UTF-8 bytes these are, as a JSON string literal, quotes included.
    @inline(__always)
    static func appendString<O: JSONBytesOutput>(utf8: UnsafeBufferPointer<UInt8>, into out: inout O) {
        out.append(byte: 0x22)
        // Runs of bytes that need no escape are copied whole (almost all of Chinese text).
        var run = 0, k = 0
        let n = utf8.count
        if let base = UnsafeRawPointer(utf8.baseAddress) {
            while k < n {
                // Eight bytes at a time while none of them is ", \ or a control character.
                if k + 8 <= n && !needsEscape(base.loadUnaligned(fromByteOffset: k, as: UInt64.self)) {
                    k += 8
                    continue
                }
                let c = utf8[k]
                if c == 0x22 || c == 0x5C || c < 0x20 || c == 0x7F {
                    out.append(UnsafeBufferPointer(rebasing: utf8[run..<k]))
                    appendEscape(c, into: &out)
                    run = k + 1
                } else if let (scalar, length) = terminalControl(utf8, at: k) {
                    // Valid JSON raw, but a terminal reading the output would act on it.
                    out.append(UnsafeBufferPointer(rebasing: utf8[run..<k]))
                    out.append(bytes: Array("\\u".utf8) + Array(hex(scalar, 4).utf8))
                    run = k + length
                    k += length
                    continue
                }
                k += 1
            }
            out.append(UnsafeBufferPointer(rebasing: utf8[run..<n]))
        }
        out.append(byte: 0x22)
    }

    /// Whether any of the eight bytes of `w` may need an escape: below 0x20, a quote, a backslash,
    /// DEL, or the first byte of a C1 control (0xC2) or of a bidirectional override (0xE2). The
    /// classic "has a byte less than / equal to" bit tricks; a false alarm only sends the eight
    /// bytes through the exact check.
    @inline(__always)
    static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let control = (w &- ones &* 0x20) & ~w & highs
        @inline(__always) func has(_ b: UInt64) -> UInt64 {
            let x = w ^ (ones &* b)
            return (x &- ones) & ~x & highs
        }
        return control | has(0x22) | has(0x5C) | has(0x7F) | has(0xC2) | has(0xE2) != 0
    }

    /// A C1 control (U+0080–U+009F; a terminal takes U+009B as CSI) or a bidirectional override
    /// or isolate (U+202A–U+202E, U+2066–U+2069) starting at byte `k`: its scalar and length.
    @inline(__always)
    static func terminalControl(_ utf8: UnsafeBufferPointer<UInt8>, at k: Int) -> (UInt32, Int)? {
        let c = utf8[k], n = utf8.count
        if c == 0xC2, k + 1 < n, (0x80...0x9F).contains(utf8[k + 1]) {
            return (UInt32(utf8[k + 1]), 2)
        }
        if c == 0xE2, k + 2 < n {
            let b1 = utf8[k + 1], b2 = utf8[k + 2]
            if b1 == 0x80, (0xAA...0xAE).contains(b2) { return (0x2000 + UInt32(b2 - 0x80), 3) }
            if b1 == 0x81, (0xA6...0xA9).contains(b2) { return (0x2040 + UInt32(b2 - 0x80), 3) }
        }
        return nil
    }

    private static func appendEscape<O: JSONBytesOutput>(_ c: UInt8, into out: inout O) {
        switch c {
        case 0x22: out.append(byte: 0x5C); out.append(byte: 0x22)
        case 0x5C: out.append(byte: 0x5C); out.append(byte: 0x5C)
        case 0x0A: out.append(byte: 0x5C); out.append(byte: 0x6E)
        case 0x0D: out.append(byte: 0x5C); out.append(byte: 0x72)
        case 0x09: out.append(byte: 0x5C); out.append(byte: 0x74)
        default: out.append(bytes: Array("\\u00".utf8) + Array(hex(UInt32(c), 2).utf8))
        }
    }
}

/// Where JSON text is written: an array of bytes, or a `ByteBuffer`.
protocol JSONBytesOutput {
    mutating func append(byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension JSONBytesOutput {
    @inline(__always)
    mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }
}

extension Array: JSONBytesOutput where Element == UInt8 {
    @inline(__always)
    mutating func append(byte: UInt8) { append(byte) }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A JSON array written element by element, its bytes handed to `sink` whenever about `chunk` have
/// gathered: `[`, each element on its own line, `]`, as `JSONWriter.write` lays an array out.
public struct JSONArrayStream {
    private var out: [UInt8]
    private var empty = true
    private let indent: Int, chunk: Int
    private let sink: ([UInt8]) -> Void

    /// A top-level array (its elements at indentation level 1).
    public init(chunk: Int = 1 << 20, sink: @escaping ([UInt8]) -> Void) {
        self.init(prefix: [], indent: 1, chunk: chunk, sink: sink)
    }

    init(prefix: [UInt8], indent: Int, chunk: Int, sink: @escaping ([UInt8]) -> Void) {
        out = prefix
        out.reserveCapacity(chunk + 4096)
        out.append(0x5B)
        self.indent = indent
        self.chunk = chunk
        self.sink = sink
    }

    public mutating func append(_ value: JSONValue) {
        let level = indent
        append { JSONWriter.write(value, into: &$0, pretty: true, indent: level) }
    }

    mutating func append(_ write: (inout [UInt8]) -> Void) {
        if !empty { out.append(0x2C) }
        empty = false
        JSONWriter.newline(&out, true, indent)
        write(&out)
        if out.count >= chunk {
            sink(out)
            out.removeAll(keepingCapacity: true)
        }
    }

    /// Closes the array (then `suffix`, a newline by default) and hands over the rest.
    public mutating func finish(suffix: [UInt8] = [0x0A]) {
        if !empty { JSONWriter.newline(&out, true, indent - 1) }
        out.append(0x5D)
        out.append(contentsOf: suffix)
        sink(out)
        out.removeAll()
    }
}
