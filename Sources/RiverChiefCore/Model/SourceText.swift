// The speech a model was derived from, and its code points by position.

/// The verbatim text a model was derived from, indexed by code point.
public struct SourceText: Sendable {
    /// The text's code points by position (`scalars[k]`, `scalars[a..<b]`, `scalars.count`),
    /// read from the text's own UTF-8: no second copy of the speech.
    public let scalars: ScalarIndex

    public init(_ text: String) {
        self.scalars = ScalarIndex(text)
    }

    init(scalars: ScalarIndex) {
        self.scalars = scalars
    }

    /// The whole text. Read back from the library cache, the speech is kept as its UTF-8 bytes and
    /// made a String here, at each call (a listing never needs it whole; checking every speech's
    /// UTF-8 at every start was a fifth of a `list --unit`).
    public var text: String { scalars.utf8.string }

    /// Runs `body` on the text's UTF-8.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try scalars.utf8.withUTF8(body)
    }

    public var count: Int { scalars.count }

    /// The text of `span`, or nil when the span lies outside the source.
    public func slice(_ span: Span) -> String? {
        guard span.start >= 0, span.start <= span.end, span.end <= scalars.count else { return nil }
        return scalars.string(span.start..<span.end)
    }
}

/// A speech's UTF-8: the String it was loaded as, or the bytes the library cache kept of it,
/// made a String only when asked for (then checked and, were the cache damaged, repaired).
enum SpeechUTF8: Sendable {
    case string(String)
    case bytes([UInt8])

    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch self {
        case .string(var s): return try s.withUTF8(body)
        case .bytes(let b): return try b.withUnsafeBufferPointer(body)
        }
    }

    var string: String {
        switch self {
        case .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// Whether `bytes` lies within `u` and starts and ends on code points.
    static func fits(_ bytes: Range<Int>, in u: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.lowerBound >= 0 && bytes.upperBound <= u.count
            && (bytes.lowerBound == u.count || !UTF8.isContinuation(u[bytes.lowerBound]))
            && (bytes.upperBound == u.count || !UTF8.isContinuation(u[bytes.upperBound]))
    }

    /// The text of `u`'s bytes `bytes`, or nil unless they fit (`fits`).
    static func text(_ u: UnsafeBufferPointer<UInt8>, _ bytes: Range<Int>) -> String? {
        fits(bytes, in: u) ? String(decoding: UnsafeBufferPointer(rebasing: u[bytes]), as: UTF8.self) : nil
    }
}

/// Code points of a string by position, in O(1): the UTF-8 offset of every 32nd code point is kept
/// (an eighth of a byte per code point, against four for an array of scalars), and a lookup walks
/// at most 31 code points from there.
public struct ScalarIndex: RandomAccessCollection, Sendable {
    let utf8: SpeechUTF8
    /// UTF-8 offset of code point `32 * k`.
    let checkpoints: [Int32]
    public let count: Int

    static let stride = 32

    /// An index whose checkpoints were worked out before (and stored in the library cache): nil
    /// unless they are plausible for `utf8`, rising and each at the start of a code point, so no
    /// look-up can fall outside the text.
    init?(_ utf8: SpeechUTF8, checkpoints: [Int32], count: Int) {
        guard utf8.withUTF8({ Self.plausible(checkpoints, count: count, in: $0) }) else { return nil }
        self.utf8 = utf8
        self.checkpoints = checkpoints
        self.count = count
    }

    /// Whether `checkpoints` (the UTF-8 offset of every 32nd of `count` code points) can be those
    /// of `u`: rising, each at the start of a code point inside it, as many as `count` needs.
    static func plausible<C: Collection>(_ checkpoints: C, count: Int, in u: UnsafeBufferPointer<UInt8>) -> Bool
        where C.Element == Int32 {
        guard count >= 0, checkpoints.count == (count + Self.stride - 1) / Self.stride, count <= u.count else { return false }
        var last = -1
        for c in checkpoints {
            let at = Int(c)
            guard at > last, at < u.count, !UTF8.isContinuation(u[at]) else { return false }
            last = at
        }
        return true
    }

    public init(_ text: String) {
        var t = text
        var marks: [Int32] = []
        var n = 0
        t.withUTF8 { u in
            marks.reserveCapacity(u.count / 48 + 1)
            var k = 0
            // Eight bytes at a time: count the code points that start in them, and walk them byte
            // by byte only when a checkpoint falls inside (one word in ten, for Chinese text).
            if let base = u.baseAddress.map(UnsafeRawPointer.init) {
                while k + 8 <= u.count {
                    let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                    let continuation = (w >> 7) & ~(w >> 6) & 0x0101_0101_0101_0101
                    let starts = 8 - continuation.nonzeroBitCount
                    if (n % Self.stride) + starts < Self.stride && n % Self.stride != 0 {
                        n += starts
                    } else {
                        for j in k..<(k + 8) where u[j] & 0xC0 != 0x80 {
                            if n % Self.stride == 0 { marks.append(Int32(truncatingIfNeeded: j)) }
                            n += 1
                        }
                    }
                    k += 8
                }
            }
            while k < u.count {
                if u[k] & 0xC0 != 0x80 {
                    if n % Self.stride == 0 { marks.append(Int32(truncatingIfNeeded: k)) }
                    n += 1
                }
                k += 1
            }
        }
        self.utf8 = .string(t)
        checkpoints = marks
        count = n
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(k: Int) -> Unicode.Scalar {
        precondition(k >= 0 && k < count, "code point \(k) outside 0..<\(count)")
        return utf8.withUTF8 { u in
            let at = Self.offset(of: k, in: u, checkpoints)
            return Self.decode(u, at: at)
        }
    }

    /// The text of code points `range` (which must lie inside).
    public func string(_ range: Range<Int>) -> String {
        utf8.withUTF8 { u in
            let a = Self.offset(of: range.lowerBound, in: u, checkpoints)
            let b = range.upperBound == count ? u.count : Self.offset(of: range.upperBound, in: u, checkpoints)
            return String(decoding: UnsafeBufferPointer(rebasing: u[Swift.min(a, b)..<b]), as: UTF8.self)
        }
    }

    private static func offset(of k: Int, in u: UnsafeBufferPointer<UInt8>, _ marks: [Int32]) -> Int {
        // The end (an empty slice there, or an empty text) has no checkpoint of its own.
        guard k / stride < marks.count else { return u.count }
        var at = Int(marks[k / stride])
        var left = k % stride
        // Never past the end, even with checkpoints that lie (a cache damaged in a way its checksum
        // missed): a wrong character, not a read outside the text.
        while left > 0 && at < u.count {
            at += length(u[at])
            left -= 1
        }
        return Swift.min(at, u.count)
    }

    @inline(__always)
    private static func length(_ b0: UInt8) -> Int { b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4 }

    private static func decode(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Unicode.Scalar {
        guard i < u.count else { return "\u{FFFD}" }
        let b0 = UInt32(u[i])
        let n = length(u[i])
        var v = n == 1 ? b0 : b0 & (0x7F >> UInt32(n))
        var k = 1
        while k < n && i + k < u.count {
            v = v << 6 | UInt32(u[i + k] & 0x3F)
            k += 1
        }
        return Unicode.Scalar(v) ?? "\u{FFFD}"
    }
}
