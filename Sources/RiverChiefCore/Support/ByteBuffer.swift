/// Bytes gathered for output, where each append is a capacity check and a copy (an `[UInt8]`'s
/// append also checks that it is the array's only owner, and goes through its generic paths):
/// `list --json` writes 12 MB in a few hundred thousand appends.
public final class ByteBuffer: @unchecked Sendable {
    // Only ever used from one thread at a time: no dynamic exclusivity checks (they were a
    // tenth of `list --json`'s writing).
    @exclusivity(unchecked) private var raw: RawBytes

    public init(capacity: Int = 1 << 16) { raw = RawBytes(capacity: capacity) }

    deinit { raw.deallocate() }

    public var count: Int { raw.count }

    /// The bytes gathered so far (valid until the next change).
    public var bytes: UnsafeBufferPointer<UInt8> { raw.bytes }

    @inline(__always)
    public func append(_ p: UnsafePointer<UInt8>, count n: Int) { raw.append(p, count: n) }

    @inline(__always)
    public func append(_ b: UInt8) { raw.append(byte: b) }

    @inline(__always)
    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let p = $0.baseAddress { append(p, count: $0.count) } }
    }

    public func removeAll() { raw.removeAll() }
}

extension ByteBuffer: JSONBytesOutput {
    @inline(__always)
    func append(byte: UInt8) { append(byte) }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let p = bytes.baseAddress { append(p, count: bytes.count) }
    }
}

/// Bytes gathered, each append a capacity check and a copy, with no reference counting on the way:
/// a value kept in a class (`ByteBuffer`, `CachedItemWriter`) or handed from thread to thread.
/// Freed by `deallocate()`, by whoever ends up holding it.
struct RawBytes: JSONBytesOutput, @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, count n: Int) {
        if count + n > capacity { grow(count + n) }
        (base + count).update(from: p, count: n)
        count += n
    }

    @inline(__always)
    mutating func append(_ piece: RawPiece) { append(piece.base, count: piece.count) }

    @inline(__always)
    mutating func append(byte b: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = b
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let p = bytes.baseAddress { append(p, count: bytes.count) }
    }

    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    mutating func removeAll() { count = 0 }

    /// Drops what was appended after the first `n` bytes.
    mutating func truncate(to n: Int) { count = min(count, max(0, n)) }

    func deallocate() { base.deallocate() }
}
