/// Item positions by id: what `[String: Int]` would answer, in a quarter of its memory. At 100,000
/// items a dictionary takes 262,144 buckets of a key and a value (6 MB, its ids a second reference
/// each); this keeps the ids once by position and an open-addressing table of positions at most
/// half full (1 MB), probed linearly from the id's hash, each probe comparing the id at the
/// position it holds.
public struct ItemIDIndex: Sendable, Equatable {
    /// Every id given, by position (a repeated id keeps each place; the index answers the last).
    private let ids: [String]
    /// Position + 1 of an id in `ids`, 0 for an empty slot; the count is a power of two.
    private let slots: [Int32]
    /// Distinct ids.
    public let count: Int

    /// The index of `ids`: `self[ids[i]] == i`, or the last position of an id given more than once.
    public init(ids: [String]) {
        self.ids = ids
        var capacity = 16
        while capacity < ids.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        var count = 0
        ids.withUnsafeBufferPointer { ids in
            for i in ids.indices {
                var h = Self.hash(ids[i]) & mask
                while true {
                    let s = Int(slots[h])
                    if s == 0 {
                        slots[h] = Int32(truncatingIfNeeded: i + 1)
                        count += 1
                        break
                    }
                    if ids[s - 1] == ids[i] {
                        slots[h] = Int32(truncatingIfNeeded: i + 1)
                        break
                    }
                    h = (h + 1) & mask
                }
            }
        }
        self.slots = slots
        self.count = count
    }

    /// The position of `id`, nil when it is not indexed.
    public subscript(id: String) -> Int? {
        let mask = slots.count - 1
        var h = Self.hash(id) & mask
        while true {
            let s = Int(slots[h])
            if s == 0 { return nil }
            if ids[s - 1] == id { return s - 1 }
            h = (h + 1) & mask
        }
    }

    /// Every distinct id (in no particular order, as a dictionary's keys).
    public var keys: [String] { slots.compactMap { $0 == 0 ? nil : ids[Int($0) - 1] } }

    /// The same ids at the same positions.
    public static func == (a: ItemIDIndex, b: ItemIDIndex) -> Bool {
        a.count == b.count && a.keys.allSatisfy { b[$0] == a[$0] }
    }

    /// FNV-1a over the id's UTF-8, its bits then mixed so that the low ones (the slot) depend on all.
    static func hash(_ id: String) -> Int {
        var h = FNV1a.hash(id.utf8)
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
