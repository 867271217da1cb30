import RiverChiefCore

/// A set of the library's items by position, one bit each: the items a colleague changed that this
/// person has not seen yet. At 100,000 items it is 12 KB, where a `Set<String>` of 80,000 changed
/// ids (a person back after a busy month) was about 7 MB.
public struct ItemMarks: Sendable, Equatable {
    private var words: [UInt64]
    private let items: Int
    /// How many items are marked.
    public private(set) var count = 0

    /// No item marked, for a library of `items` items.
    public init(items: Int) {
        self.items = max(0, items)
        words = Array(repeating: 0, count: (self.items + 63) / 64)
    }

    public var isEmpty: Bool { count == 0 }

    public func contains(_ i: Int) -> Bool {
        i >= 0 && i < items && words[i / 64] & (1 << UInt64(i % 64)) != 0
    }

    /// Marks item `i` (a position outside the library is ignored).
    public mutating func insert(_ i: Int) {
        guard i >= 0, i < items, !contains(i) else { return }
        words[i / 64] |= 1 << UInt64(i % 64)
        count += 1
    }

    public mutating func remove(_ i: Int) {
        guard contains(i) else { return }
        words[i / 64] &= ~(1 << UInt64(i % 64))
        count -= 1
    }

    /// The marked positions, ascending.
    public var positions: [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                out.append(w * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out
    }
}
