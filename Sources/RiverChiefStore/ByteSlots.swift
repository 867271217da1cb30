import Foundation

/// Numbers byte strings (item ids read from SQLite) 0, 1, 2… in the order first seen, looked up by
/// their bytes: the history's fold finds an event's item without making a `String` of its id for
/// each of a million rows.
///
/// Open addressing over 32-byte buckets that hold the slot, the key's length and, for a key of up
/// to 24 bytes (every item id seen so far), the key itself: a look-up touches one cache line. Longer
/// keys are compared in `long`, where every key is also kept (for `key(_:)`).
struct ByteSlots {
    /// Four words per bucket: slot + 1 (0: empty) in the low 32 bits and the key's length in the
    /// high 32 bits of the first; up to 24 bytes of the key in the other three.
    private var buckets: [UInt64]
    private var mask: Int
    /// Every key, one after another (one unused byte first, so the base address is never nil).
    private var keys: [UInt8] = [0]
    /// Where slot k's key starts in `keys` (and ends, at k + 1).
    private var starts: [Int] = [1]

    static let inline = 24

    init(capacity: Int = 1 << 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        buckets = [UInt64](repeating: 0, count: n * 4)
        mask = n - 1
    }

    var count: Int { starts.count - 1 }

    /// The key of slot `k` as a string.
    func key(_ k: Int) -> String {
        keys.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[starts[k]..<starts[k + 1]]), as: UTF8.self) }
    }

    /// The slot of these bytes, a new one when they were never seen.
    mutating func slot(_ p: UnsafeRawPointer, _ n: Int) -> Int {
        var b = Int(truncatingIfNeeded: Self.hash(p, n)) & mask
        let found: Int? = buckets.withUnsafeBytes { raw in
            while true {
                let head = raw.load(fromByteOffset: b * 32, as: UInt64.self)
                if head == 0 { return nil }
                if Int(head >> 32) == n {
                    let k = Int(truncatingIfNeeded: head & 0xFFFF_FFFF) - 1
                    if n <= Self.inline {
                        if n == 0 || memcmp(raw.baseAddress! + b * 32 + 8, p, n) == 0 { return k }
                    } else if keys.withUnsafeBytes({ memcmp($0.baseAddress! + starts[k], p, n) }) == 0 {
                        return k
                    }
                }
                b = (b + 1) & mask
            }
        }
        if let found { return found }
        let k = count
        keys.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
        starts.append(keys.count)
        place(k, at: b)
        if count * 2 > mask + 1 { grow() }
        return k
    }

    /// Writes slot `k`'s bucket at `b`.
    private mutating func place(_ k: Int, at b: Int) {
        let a = starts[k], n = starts[k + 1] - a
        buckets[b * 4] = UInt64(truncatingIfNeeded: k + 1) | (UInt64(truncatingIfNeeded: n) << 32)
        guard n <= Self.inline else { return }
        keys.withUnsafeBytes { key in
            buckets.withUnsafeMutableBytes { raw in
                if n > 0 { (raw.baseAddress! + b * 32 + 8).copyMemory(from: key.baseAddress! + a, byteCount: n) }
            }
        }
    }

    private mutating func grow() {
        let n = (mask + 1) * 2
        buckets = [UInt64](repeating: 0, count: n * 4)
        mask = n - 1
        for k in 0..<count {
            let a = starts[k], length = starts[k + 1] - a
            var b = keys.withUnsafeBytes { Int(truncatingIfNeeded: Self.hash($0.baseAddress! + a, length)) } & mask
            while buckets[b * 4] != 0 { b = (b + 1) & mask }
            place(k, at: b)
        }
    }

    /// Eight bytes at a time, multiplied and folded.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var k = 0
        while k + 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            k += 8
        }
        var tail: UInt64 = 0
        while k < n {
            tail = (tail << 8) | UInt64(p.load(fromByteOffset: k, as: UInt8.self))
            k += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
