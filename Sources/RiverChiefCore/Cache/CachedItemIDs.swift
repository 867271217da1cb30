import Foundation

/// Every item id of a cached library, sorted by their UTF-8 bytes, read straight from the mapped
/// cache file: `riverchief set` checks the id it is given with a binary search instead of
/// decoding the whole library (which is most of its time at 100,000 items).
///
/// In the file: the number of ids n, then n + 1 offsets (each id's start in the text that follows,
/// and its end), then the ids' UTF-8 one after another. The section has its own length and
/// checksum, checked before any of it is used.
public struct CachedItemIDs: Sendable {
    private let file: MappedFile
    private let count: Int
    /// Where the offsets and the ids' text start in the file.
    private let offsets: Int, text: Int

    init(file: MappedFile, section: Range<Int>) throws {
        let bytes = file.bytes
        var s = ByteSource(UnsafeRawBufferPointer(rebasing: bytes[section]))
        let n = try s.int()
        guard n < Int.max / 8, (n + 1) * 8 <= s.remaining else { throw CacheCorrupt() }
        let textLength = section.count - s.offset - (n + 1) * 8
        self.file = file
        count = n
        offsets = section.lowerBound + s.offset
        text = offsets + (n + 1) * 8
        // Offsets must rise within the text, or a look-up could read outside it.
        var last = 0
        for k in 0...n {
            let o = Self.offset(bytes, offsets, k)
            guard o >= last, o <= textLength else { throw CacheCorrupt() }
            last = o
        }
    }

    /// Whether the library has an item with exactly this id.
    public func contains(_ id: String) -> Bool {
        var query = id
        return query.withUTF8 { q in
            let bytes = file.bytes
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                let a = Self.offset(bytes, offsets, mid), b = Self.offset(bytes, offsets, mid + 1)
                let c = Self.compare(UnsafeRawBufferPointer(rebasing: bytes[(text + a)..<(text + b)]), UnsafeRawBufferPointer(q))
                if c == 0 { return true }
                if c < 0 { lo = mid + 1 } else { hi = mid }
            }
            return false
        }
    }

    /// The ids' section as written: its length and checksum, then the section itself.
    static func blob(_ ids: [String]) -> [UInt8] {
        let sorted = ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var s = ByteSink()
        s.int(sorted.count)
        var at = 0
        s.int(0)
        for id in sorted {
            at += id.utf8.count
            s.int(at)
        }
        for id in sorted { s.bytes.append(contentsOf: id.utf8) }
        return s.bytes
    }

    /// Reads past the section in `s`, checking its checksum; the byte range it takes in the file.
    static func section(_ s: inout ByteSource) throws -> Range<Int> {
        let n = try s.int(), sum = try s.u64()
        guard n <= s.remaining else { throw CacheCorrupt() }
        let range = s.offset..<(s.offset + n)
        guard checksum64(UnsafeRawBufferPointer(rebasing: s.buffer[range])) == sum else { throw CacheCorrupt() }
        s.offset += n
        return range
    }

    private static func offset(_ bytes: UnsafeRawBufferPointer, _ table: Int, _ k: Int) -> Int {
        Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: table + k * 8, as: Int64.self)))
    }

    /// memcmp order, a prefix before what it begins.
    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }
}
