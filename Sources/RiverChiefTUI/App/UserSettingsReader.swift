import Foundation
import RiverChiefCore

extension UserSettings {
    /// The settings from the file's bytes, read straight when they have the shape `json` writes
    /// (any spacing, the keys in any order): each unseen id is made a `String` as it is met. A
    /// person back after a busy month has 80,000 of them, and `JSONDecoder` holds a tree of the
    /// whole file beside them at the start (a 12 MB transient for 2.5 MB of JSON).
    /// Nil for anything else (an unknown or repeated key, an escape in a string, a number that
    /// is not a plain integer, bad UTF-8, a key missing that the decoder requires): the caller
    /// asks `JSONDecoder` then, which decides what such a file means.
    /// With `eachUnseen`, the unseen ids are handed to it one by one as they are read (and the
    /// settings given have none): 80,000 of them are never held at once.
    static func read(json bytes: UnsafeRawBufferPointer, eachUnseen: ((String) -> Void)? = nil) -> UserSettings? {
        var r = SettingsBytes(bytes)
        var version: Int?, myUnit: String??, lastLooked: Int64??, unseen: [Range<Int>]?
        guard r.skip("{") else { return nil }
        if !r.skip("}") {
            repeat {
                guard let key = r.plainString(), r.skip(":") else { return nil }
                switch key {
                case "version" where version == nil:
                    guard let v = r.integer(), let i = Int(exactly: v) else { return nil }
                    version = i
                case "myUnit" where myUnit == nil:
                    if r.skip("null") { myUnit = .some(nil) } else {
                        guard let s = r.plainString() else { return nil }
                        myUnit = s
                    }
                case "lastLooked" where lastLooked == nil:
                    if r.skip("null") { lastLooked = .some(nil) } else {
                        guard let v = r.integer() else { return nil }
                        lastLooked = v
                    }
                case "unseen" where unseen == nil:
                    guard r.skip("[") else { return nil }
                    var ids: [Range<Int>] = []
                    if !r.skip("]") {
                        repeat {
                            guard let s = r.plainBytes() else { return nil }
                            ids.append(s)
                        } while r.skip(",")
                        guard r.skip("]") else { return nil }
                    }
                    unseen = ids
                default:
                    return nil
                }
            } while r.skip(",")
            guard r.skip("}") else { return nil }
        }
        guard r.atEnd, let version, let unseen else { return nil }
        // The whole file is sound: only now are its ids made (else the decoder reads it).
        func string(_ range: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var ids: [String] = []
        if let each = eachUnseen {
            for range in unseen { each(string(range)) }
        } else {
            ids = unseen.map(string)
        }
        var s = UserSettings(myUnit: myUnit ?? nil, lastLooked: lastLooked ?? nil, unseen: ids)
        s.version = version
        return s
    }
}

/// A reader over JSON bytes for `UserSettings.read(json:)`: whitespace skipped before each token.
private struct SettingsBytes {
    let bytes: UnsafeRawBufferPointer
    var at = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x0A, 0x0D, 0x09: at += 1
            default: return
            }
        }
    }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return at == bytes.count
        }
    }

    /// Steps over `token` if it comes next.
    mutating func skip(_ token: StaticString) -> Bool {
        skipSpace()
        let n = token.utf8CodeUnitCount
        guard at + n <= bytes.count else { return false }
        let t = UnsafeRawBufferPointer(start: token.utf8Start, count: n)
        for k in 0..<n where bytes[at + k] != t[k] { return false }
        at += n
        return true
    }

    /// A string without escapes or control characters, valid UTF-8; nil otherwise.
    mutating func plainString() -> String? {
        plainBytes().map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }

    /// Where the bytes of a string without escapes or control characters are, valid UTF-8; nil otherwise.
    mutating func plainBytes() -> Range<Int>? {
        skipSpace()
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        let start = at + 1
        var end = start
        while end < bytes.count {
            let b = bytes[end]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<end]).bindMemory(to: UInt8.self)
        guard UTF8Check.firstInvalidByte(in: text) == nil else { return nil }
        at = end + 1
        return start..<end
    }

    /// An integer written as JSON writes one (an optional minus, digits, no leading zero); nil
    /// for anything else or beyond Int64.
    mutating func integer() -> Int64? {
        skipSpace()
        var k = at
        let negative = k < bytes.count && bytes[k] == UInt8(ascii: "-")
        if negative { k += 1 }
        let first = k
        var value: Int64 = 0
        while k < bytes.count, bytes[k] >= 0x30, bytes[k] <= 0x39 {
            let d = Int64(bytes[k] - 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (v, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = v
            k += 1
        }
        guard k > first, k - first == 1 || bytes[first] != 0x30 else { return nil }
        // A fraction or an exponent: not a plain integer.
        if k < bytes.count, bytes[k] == UInt8(ascii: ".") || bytes[k] | 0x20 == UInt8(ascii: "e") { return nil }
        at = k
        return value
    }
}
