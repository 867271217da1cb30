/// The selection and scroll offset of a list of any length. Only the rows between `top` and
/// `top + height` are ever drawn (see `ListPane`).
public struct ListCursor: Equatable, Sendable {
    public var selected: Int = 0
    public var top: Int = 0

    public init(selected: Int = 0, top: Int = 0) {
        self.selected = selected
        self.top = top
    }

    /// Selects `row` (clamped to `count`) and scrolls as little as possible to keep it on screen.
    public mutating func select(_ row: Int, count: Int, height: Int) {
        selected = count == 0 ? 0 : min(max(0, row), count - 1)
        top = Self.top(for: selected, current: top, count: count, height: height)
    }

    /// Keeps `selected` inside a list of `count` rows without scrolling (when nothing is drawn, as
    /// on a terminal too small to show the lists, there is no height to scroll by).
    public mutating func clamp(count: Int) {
        selected = count == 0 ? 0 : min(max(0, selected), count - 1)
        top = min(max(0, top), max(0, count - 1))
    }

    public mutating func move(by delta: Int, count: Int, height: Int) {
        select(selected + delta, count: count, height: height)
    }

    /// The first visible row that keeps `selected` on screen, moving `current` as little as possible.
    public static func top(for selected: Int, current: Int, count: Int, height: Int) -> Int {
        let h = max(1, height)
        var t = current
        if selected < t { t = selected }
        if selected >= t + h { t = selected - h + 1 }
        t = min(t, max(0, count - h))
        return max(0, t)
    }

    /// The top to draw with, for a pane of `height` (the view calls this; it never mutates state).
    public func visibleTop(count: Int, height: Int) -> Int {
        Self.top(for: selected, current: top, count: count, height: height)
    }
}

/// A list made of segments, each an optional header row followed by its items: the unit view's
/// "leads / supports / answers for", the status view's groups. Rows are computed, never stored,
/// so a segment of 100,000 items costs nothing to show.
public struct SegmentedList: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        /// What the segment is (the view knows how to title it).
        public var tag: Int
        /// Positions (items, units …) in display order.
        public var items: [Int]
        public var hasHeader: Bool
        public init(tag: Int, items: [Int], hasHeader: Bool = true) {
            self.tag = tag
            self.items = items
            self.hasHeader = hasHeader
        }
        var rowCount: Int { items.count + (hasHeader ? 1 : 0) }
    }

    public enum Row: Equatable, Sendable {
        case header(tag: Int, count: Int)
        case item(tag: Int, position: Int)
    }

    public private(set) var segments: [Segment]
    public private(set) var count: Int

    public init(_ segments: [Segment]) {
        self.segments = segments
        count = segments.reduce(0) { $0 + $1.rowCount }
    }

    public static let empty = SegmentedList([])

    public func row(_ r: Int) -> Row? {
        guard r >= 0 else { return nil }
        var base = 0
        for s in segments {
            if r < base + s.rowCount {
                let k = r - base
                if s.hasHeader {
                    return k == 0 ? .header(tag: s.tag, count: s.items.count) : .item(tag: s.tag, position: s.items[k - 1])
                }
                return .item(tag: s.tag, position: s.items[k])
            }
            base += s.rowCount
        }
        return nil
    }

    /// The item position at row `r`, nil for a header.
    public func position(_ r: Int) -> Int? {
        if case .item(_, let p)? = row(r) { return p }
        return nil
    }

    /// The first row showing `position`, looking at every row (for segments in any order).
    public func rowByScanning(_ position: Int) -> Int? {
        var base = 0
        for s in segments {
            if let k = s.items.firstIndex(of: position) { return base + (s.hasHeader ? 1 : 0) + k }
            base += s.rowCount
        }
        return nil
    }

    /// The first row showing `position`, for segments whose items are ascending (binary search).
    public func rowOfAscending(_ position: Int) -> Int? {
        var base = 0
        for s in segments {
            let lo = s.items.lowerBound(position)
            if lo < s.items.count && s.items[lo] == position { return base + (s.hasHeader ? 1 : 0) + lo }
            base += s.rowCount
        }
        return nil
    }
}
