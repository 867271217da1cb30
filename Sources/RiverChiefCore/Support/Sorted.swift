/// Binary search over ascending integers (positions, node numbers): the one the lists, the tree
/// and the search share.
extension RandomAccessCollection where Element: BinaryInteger, Index == Int {
    /// The first index whose element is at least `value`; `endIndex` when there is none.
    public func lowerBound<V: BinaryInteger>(_ value: V) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether the ascending elements include `value`.
    public func sortedContains<V: BinaryInteger>(_ value: V) -> Bool {
        let i = lowerBound(value)
        return i < endIndex && self[i] == value
    }
}
