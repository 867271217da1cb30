/// FNV-1a, 64-bit, over bytes: a fast hash for the open-addressing tables that compare the bytes
/// themselves (`ItemIDIndex`, the cache's `ValuePool`), where `Hasher` cost a tenth of a start.
enum FNV1a {
    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
