// The cache file's primitive encoding: little-endian integers, length-prefixed UTF-8 strings, and
// a reader that checks every length against what is left, so a truncated or damaged file is an
// error to recover from, never a crash.

/// Appends values to a byte buffer.
struct ByteSink {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func int(_ v: Int) { i64(Int64(v)) }
    mutating func double(_ v: Double) { u64(v.bitPattern) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8($0) }
    }

    /// UTF-8 as `string` writes it: its length, then the bytes.
    mutating func utf8(_ u: UnsafeBufferPointer<UInt8>) {
        u64(UInt64(u.count))
        bytes.append(contentsOf: u)
    }

    /// A presence byte (0 or 1), then the value when present.
    mutating func optional<T>(_ v: T?, _ write: (inout ByteSink, T) -> Void) {
        guard let v else { u8(0); return }
        u8(1)
        write(&self, v)
    }

    mutating func array<T>(_ a: [T], _ write: (inout ByteSink, T) -> Void) {
        int(a.count)
        for e in a { write(&self, e) }
    }
}

/// Why a cache file was not used. Never shown to users: the library is loaded from its files instead.
struct CacheCorrupt: Error {}

/// Reads values back, checking bounds; any inconsistency throws `CacheCorrupt`.
struct ByteSource {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var remaining: Int { buffer.count - offset }

    @inline(__always)
    mutating func u8() throws -> UInt8 {
        guard remaining >= 1 else { throw CacheCorrupt() }
        defer { offset += 1 }
        return buffer[offset]
    }

    @inline(__always)
    mutating func u64() throws -> UInt64 {
        guard remaining >= 8 else { throw CacheCorrupt() }
        defer { offset += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
    mutating func double() throws -> Double { Double(bitPattern: try u64()) }

    /// A count or position: never negative and never more than the bytes left could hold.
    @inline(__always)
    mutating func int() throws -> Int {
        let v = try i64()
        guard v >= 0, v <= Int64(buffer.count) else { throw CacheCorrupt() }
        return Int(v)
    }

    /// The bytes `ByteSink.string` wrote, as they are: not checked as UTF-8 nor made a String.
    mutating func utf8() throws -> [UInt8] {
        let n = try int()
        guard n <= remaining else { throw CacheCorrupt() }
        defer { offset += n }
        return Array(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + n)]))
    }

    mutating func string() throws -> String {
        let n = try int()
        guard n <= remaining, let base = buffer.baseAddress else {
            if n == 0 { return "" }
            throw CacheCorrupt()
        }
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(start: base + offset, count: n), as: UTF8.self)
    }

    /// Passes over what `string` reads.
    mutating func skipString() throws {
        let n = try int()
        guard n <= remaining else { throw CacheCorrupt() }
        offset += n
    }

    /// Passes over what `array` reads, each element by `skip`.
    mutating func skipArray(_ skip: (inout ByteSource) throws -> Void) throws {
        let n = try int()
        guard n <= remaining else { throw CacheCorrupt() }
        for _ in 0..<n { try skip(&self) }
    }

    mutating func optional<T>(_ read: (inout ByteSource) throws -> T) throws -> T? {
        switch try u8() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw CacheCorrupt()
        }
    }

    mutating func array<T>(_ read: (inout ByteSource) throws -> T) throws -> [T] {
        let n = try int()
        guard n <= remaining else { throw CacheCorrupt() } // every element takes at least a byte
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }

    /// One entry of `table`, by the index byte `ByteSink.pick` wrote.
    mutating func pick<T>(_ table: [T]) throws -> T {
        let k = Int(try u8())
        guard k < table.count else { throw CacheCorrupt() }
        return table[k]
    }
}

extension ByteSink {
    /// `value`'s index in `table` as one byte (tables are the few cases of an enum).
    mutating func pick<T: Equatable>(_ value: T, in table: [T]) {
        u8(UInt8(truncatingIfNeeded: table.firstIndex(of: value) ?? 0))
    }
}

/// A 64-bit checksum of a byte range (FNV-style over 8-byte words): catches a damaged or
/// half-written file; not a defence against someone forging one (the cache is per user, 0600).
func checksum64(_ p: UnsafeRawBufferPointer) -> UInt64 {
    let prime: UInt64 = 0x0000_0100_0000_01b3
    // Four lanes of 8 bytes, independent of each other, so the multiplications overlap in the
    // processor instead of each waiting for the one before; folded together at the end.
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB)
    @inline(__always) func mix(_ h: inout UInt64, _ w: UInt64) {
        h = (h ^ w) &* prime
        h ^= h >> 29
    }
    var k = 0
    while k + 32 <= p.count {
        mix(&lanes.0, p.loadUnaligned(fromByteOffset: k, as: UInt64.self))
        mix(&lanes.1, p.loadUnaligned(fromByteOffset: k + 8, as: UInt64.self))
        mix(&lanes.2, p.loadUnaligned(fromByteOffset: k + 16, as: UInt64.self))
        mix(&lanes.3, p.loadUnaligned(fromByteOffset: k + 24, as: UInt64.self))
        k += 32
    }
    var h = lanes.0
    for lane in [lanes.1, lanes.2, lanes.3] { mix(&h, lane) }
    while k + 8 <= p.count {
        mix(&h, p.loadUnaligned(fromByteOffset: k, as: UInt64.self))
        k += 8
    }
    while k < p.count {
        h = (h ^ UInt64(p[k])) &* prime
        k += 1
    }
    mix(&h, UInt64(p.count))
    return h
}
