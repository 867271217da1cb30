// A strict JSON parser (RFC 8259) over UTF-8 bytes that keeps each value's byte offset.
// One pass, no per-character String work: strings without escapes become a String straight from
// their bytes. Errors inside a string (invalid UTF-8, bad escapes, raw control characters),
// duplicate keys and out-of-range numbers are recorded and parsing goes on, so one run reports
// them all; a structural error (unexpected character, unterminated string, missing comma) stops
// the parse at the first one, reported precisely.

/// A syntax error: where (byte offset), what, and for duplicates where the first one was.
public struct JSONSyntaxError: Sendable, Equatable {
    public var offset: Int
    public var message: String
    /// For a duplicate key: the offset of the first occurrence.
    public var firstOffset: Int?
    public init(offset: Int, message: String, firstOffset: Int? = nil) {
        self.offset = offset
        self.message = message
        self.firstOffset = firstOffset
    }
}

/// What `JSONParser.parse` found: the tree (nil when a structural error stopped the parse) and
/// every error, in file order.
public struct JSONParseResult: Sendable {
    public var value: JSONValue?
    public var errors: [JSONSyntaxError]
}

public enum JSONParser {
    /// Nesting deeper than this is an error (and keeps the recursion off the stack's edge).
    public static let maximumDepth = 512

    public static func parse(_ bytes: [UInt8]) -> JSONParseResult {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> JSONParseResult {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            return JSONParseResult(value: nil, errors: [JSONSyntaxError(offset: 0, message: "the file is empty: expected a JSON value")])
        }
        var p = Parser(base, buffer.count)
        var root: JSONValue?
        do {
            p.skipByteOrderMark()
            p.skipWhitespace()
            root = try p.value(depth: 0)
            p.skipWhitespace()
            if p.i < p.n {
                p.error(p.i, "unexpected \(p.describeByte(at: p.i)) after the JSON value")
            }
        } catch {
            root = nil
        }
        return JSONParseResult(value: root, errors: p.errors)
    }
}

/// Thrown to unwind after a structural error (already recorded).
private struct Stop: Error {}

private struct Parser {
    let b: UnsafePointer<UInt8>
    let n: Int
    var i = 0
    var errors: [JSONSyntaxError] = []
    private var scratch: [UInt8] = []
    private var memberStack: [JSONMember] = []
    private var elementStack: [JSONValue] = []

    init(_ base: UnsafePointer<UInt8>, _ count: Int) {
        b = base
        n = count
    }

    mutating func error(_ offset: Int, _ message: String, first: Int? = nil) {
        errors.append(JSONSyntaxError(offset: offset, message: message, firstOffset: first))
    }

    mutating func fail(_ offset: Int, _ message: String) -> Stop {
        error(offset, message)
        return Stop()
    }

    mutating func skipByteOrderMark() {
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
            error(0, "the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM")
            i = 3
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < n {
            let c = b[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    /// `"x"`, `end of input`, or `invalid UTF-8 byte 0xFF`, for messages.
    func describeByte(at k: Int) -> String {
        guard k < n else { return "end of input" }
        let c = b[k]
        if c >= 0x20 && c < 0x7F { return "character '\(Character(Unicode.Scalar(c)))'" }
        if c < 0x80 { return "control character U+\(hex(UInt32(c), 4))" }
        if let (scalar, _) = UTF8Check.decode(b, n, at: k) {
            return "character '\(Character(scalar))' (U+\(hex(scalar.value, 4)))"
        }
        return "invalid UTF-8 byte 0x\(hex(UInt32(c), 2))"
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard i < n else { throw fail(i, "unexpected end of input: expected a value") }
        let start = i
        switch b[i] {
        case 0x7B: // {
            return JSONValue(.object(try object(depth: depth + 1)), offset: start)
        case 0x5B: // [
            return JSONValue(.array(try array(depth: depth + 1)), offset: start)
        case 0x22: // "
            return JSONValue(.string(try string()), offset: start)
        case 0x74: try literal("true"); return JSONValue(.bool(true), offset: start)
        case 0x66: try literal("false"); return JSONValue(.bool(false), offset: start)
        case 0x6E: try literal("null"); return JSONValue(.null, offset: start)
        case 0x2D, 0x30...0x39:
            return JSONValue(.number(try number()), offset: start)
        default:
            throw fail(i, "unexpected \(describeByte(at: i)): expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let len = word.utf8CodeUnitCount
        let w = word.utf8Start
        for k in 0..<len where i + k >= n || b[i + k] != w[k] {
            throw fail(i, "invalid literal: expected \(word)")
        }
        i += len
    }

    mutating func object(depth: Int) throws -> [JSONMember] {
        let open = i
        guard depth <= JSONParser.maximumDepth else { throw fail(open, "nesting deeper than \(JSONParser.maximumDepth) levels") }
        i += 1
        skipWhitespace()
        if i < n && b[i] == 0x7D { i += 1; return [] }
        // Members collect on a stack shared by all objects (nested ones push and pop above ours),
        // so each object costs one exactly-sized array.
        let base = memberStack.count
        defer { memberStack.removeSubrange(base...) }
        // Large objects look keys up in a dictionary; the small ones a model has, linearly.
        var keyIndex: [String: Int]?
        while true {
            guard i < n else { throw fail(i, "unterminated object (opened at byte \(open)): expected a key") }
            guard b[i] == 0x22 else {
                if b[i] == 0x7D && memberStack.count > base { throw fail(i, "trailing comma before \"}\"") }
                throw fail(i, "unexpected \(describeByte(at: i)): expected a string key")
            }
            let keyOffset = i
            let key = try string()
            skipWhitespace()
            guard i < n, b[i] == 0x3A else { throw fail(i, "unexpected \(describeByte(at: i)): expected \":\" after key") }
            i += 1
            skipWhitespace()
            let v = try value(depth: depth)
            let first = keyIndex.map { $0[key] } ?? firstDuplicate(of: key, from: base)
            if let first {
                error(keyOffset, "duplicate key \"\(key)\"", first: first)
            } else {
                memberStack.append(JSONMember(key: key, keyOffset: keyOffset, value: v))
                if keyIndex != nil {
                    keyIndex?[key] = keyOffset
                } else if memberStack.count - base == 16 {
                    keyIndex = Dictionary(memberStack[base...].map { ($0.key, $0.keyOffset) }, uniquingKeysWith: { a, _ in a })
                }
            }
            skipWhitespace()
            guard i < n else { throw fail(i, "unexpected end of input: expected \",\" or \"}\"") }
            if b[i] == 0x2C { i += 1; skipWhitespace(); continue }
            if b[i] == 0x7D { i += 1; return Array(memberStack[base...]) }
            throw fail(i, "unexpected \(describeByte(at: i)): expected \",\" or \"}\"")
        }
    }

    func firstDuplicate(of key: String, from base: Int) -> Int? {
        for k in base..<memberStack.count where memberStack[k].key == key { return memberStack[k].keyOffset }
        return nil
    }

    mutating func array(depth: Int) throws -> [JSONValue] {
        guard depth <= JSONParser.maximumDepth else { throw fail(i, "nesting deeper than \(JSONParser.maximumDepth) levels") }
        i += 1
        skipWhitespace()
        if i < n && b[i] == 0x5D { i += 1; return [] }
        let base = elementStack.count
        defer { elementStack.removeSubrange(base...) }
        while true {
            if i < n && b[i] == 0x5D && elementStack.count > base { throw fail(i, "trailing comma before \"]\"") }
            let v = try value(depth: depth)
            elementStack.append(v)
            skipWhitespace()
            guard i < n else { throw fail(i, "unexpected end of input: expected \",\" or \"]\"") }
            if b[i] == 0x2C { i += 1; skipWhitespace(); continue }
            if b[i] == 0x5D { i += 1; return Array(elementStack[base...]) }
            throw fail(i, "unexpected \(describeByte(at: i)): expected \",\" or \"]\"")
        }
    }

    /// A string starting at the opening quote. Fast path: no escapes, so the String is made
    /// straight from the bytes.
    mutating func string() throws -> String {
        let open = i
        i += 1
        var segment = i
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        while true {
            // The common run: printable ASCII other than quote and backslash, and well-formed
            // three-byte sequences (CJK) that need no further checks.
            while i < n {
                let c = b[i]
                if c >= 0x20 && c < 0x80 {
                    if c == 0x22 || c == 0x5C { break }
                    i += 1
                } else if c >= 0xE1 && c <= 0xEC && i + 2 < n && b[i + 1] & 0xC0 == 0x80 && b[i + 2] & 0xC0 == 0x80 {
                    i += 3
                } else {
                    break
                }
            }
            guard i < n else { throw fail(open, "unterminated string: no closing quote before the end of input") }
            let c = b[i]
            if c == 0x22 {
                let s: String
                if escaped {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: b + segment, count: i - segment))
                    s = String(decoding: scratch, as: UTF8.self)
                } else {
                    s = String(decoding: UnsafeBufferPointer(start: b + segment, count: i - segment), as: UTF8.self)
                }
                i += 1
                return s
            } else if c == 0x5C {
                scratch.append(contentsOf: UnsafeBufferPointer(start: b + segment, count: i - segment))
                escaped = true
                escape()
                segment = i
            } else if c >= 0x80 {
                let len = UTF8Check.sequenceLength(b, n, at: i)
                if len == 0 {
                    error(i, "invalid UTF-8 byte 0x\(hex(UInt32(c), 2)) at byte offset \(i)")
                    // One report for the whole bad sequence: skip its continuation bytes.
                    i += 1
                    while i < n && b[i] & 0xC0 == 0x80 { i += 1 }
                } else {
                    i += len
                }
            } else if c == 0x0A || c == 0x0D {
                throw fail(open, "unterminated string: line break before the closing quote")
            } else {
                error(i, "control character U+\(hex(UInt32(c), 4)) in a string must be escaped")
                i += 1
            }
        }
    }

    /// One escape sequence at `i` (the backslash), appended to `scratch`. Bad escapes are
    /// recorded and skipped.
    mutating func escape() {
        let at = i
        guard i + 1 < n else { i += 1; return }
        let e = b[i + 1]
        i += 2
        switch e {
        case 0x22: scratch.append(0x22)
        case 0x5C: scratch.append(0x5C)
        case 0x2F: scratch.append(0x2F)
        case 0x62: scratch.append(0x08)
        case 0x66: scratch.append(0x0C)
        case 0x6E: scratch.append(0x0A)
        case 0x72: scratch.append(0x0D)
        case 0x74: scratch.append(0x09)
        case 0x75:
            guard let u = hex4(at: i) else {
                error(at, "invalid \\u escape: expected four hex digits")
                return
            }
            i += 4
            var scalar: UInt32 = u
            if u >= 0xD800 && u <= 0xDBFF {
                if i + 1 < n, b[i] == 0x5C, b[i + 1] == 0x75, let low = hex4(at: i + 2), low >= 0xDC00 && low <= 0xDFFF {
                    i += 6
                    scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    error(at, "lone surrogate \\u\(hex(u, 4)): a high surrogate must be followed by a low one")
                    scalar = 0xFFFD
                }
            } else if u >= 0xDC00 && u <= 0xDFFF {
                error(at, "lone surrogate \\u\(hex(u, 4)): a low surrogate without a high one")
                scalar = 0xFFFD
            }
            if let s = Unicode.Scalar(scalar), let bytes = UTF8.encode(s) { scratch.append(contentsOf: bytes) }
        default:
            error(at, "invalid escape \"\\\(e >= 0x20 && e < 0x7F ? String(Character(Unicode.Scalar(e))) : "?")\"")
        }
    }

    func hex4(at k: Int) -> UInt32? {
        guard k + 4 <= n else { return nil }
        var v: UInt32 = 0
        for j in k..<(k + 4) {
            let c = b[j]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// A number per the JSON grammar. Integers are accumulated directly; anything else goes
    /// through the standard library's decimal conversion. Grammar errors are recorded and the
    /// number-like run skipped, so parsing continues.
    mutating func number() throws -> JSONNumber {
        let start = i
        var negative = false
        if b[i] == 0x2D { negative = true; i += 1 }
        guard i < n, isDigit(b[i]) else { return badNumber(start, "invalid number: expected a digit after \"-\"") }
        var integer = 0
        var overflow = false
        if b[i] == 0x30 {
            i += 1
            if i < n && isDigit(b[i]) { return badNumber(start, "invalid number: leading zero") }
        } else {
            while i < n, isDigit(b[i]) {
                let d = Int(b[i] - 0x30)
                let (m, o1) = integer.multipliedReportingOverflow(by: 10)
                let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                if o1 || o2 { overflow = true } else { integer = a }
                i += 1
            }
        }
        var isInteger = true
        if i < n && b[i] == 0x2E {
            isInteger = false
            i += 1
            guard i < n, isDigit(b[i]) else { return badNumber(start, "invalid number: expected a digit after \".\"") }
            while i < n, isDigit(b[i]) { i += 1 }
        }
        if i < n && (b[i] == 0x65 || b[i] == 0x45) {
            isInteger = false
            i += 1
            if i < n && (b[i] == 0x2B || b[i] == 0x2D) { i += 1 }
            guard i < n, isDigit(b[i]) else { return badNumber(start, "invalid number: expected a digit in the exponent") }
            while i < n, isDigit(b[i]) { i += 1 }
        }
        if isInteger && !overflow { return JSONNumber(double: Double(integer), int: integer) }
        let text = String(decoding: UnsafeBufferPointer(start: b + start, count: i - start), as: UTF8.self)
        let d = Double(text) ?? .infinity
        if !d.isFinite {
            error(start, "number \(text) is out of range")
            return JSONNumber(double: 0, int: nil)
        }
        return JSONNumber(double: d, int: nil)
    }

    mutating func badNumber(_ start: Int, _ message: String) -> JSONNumber {
        error(start, message)
        while i < n, isDigit(b[i]) || b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 || b[i] == 0x2B || b[i] == 0x2D { i += 1 }
        return JSONNumber(double: 0, int: nil)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}

/// Upper-case hex, zero-padded to `width` digits.
func hex(_ v: UInt32, _ width: Int) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
