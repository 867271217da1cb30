import RiverChiefCore

/// The directive tree in pre-order: (speeches →) sections → points → tasks. A node's number is its
/// pre-order rank, so a subtree is the range `node ..< end[node]`, rows of any flattened view are
/// sorted by node, and "is inside" is a comparison. Built once per library.
public struct Outline: Sendable {
    /// What a node stands for.
    public enum Ref: Equatable, Sendable {
        /// A speech (only when the library holds several).
        case model(Int)
        /// An item, by its position in `Library.items`.
        case item(Int)
    }

    public private(set) var refs: [Ref] = []
    /// The parent node, -1 for a root.
    public private(set) var parent: [Int32] = []
    public private(set) var depth: [UInt8] = []
    /// One past the last node of the subtree.
    public private(set) var end: [Int32] = []
    /// The node of each item (by item position); -1 for an item not reachable from a root.
    public private(set) var nodeOfItem: [Int32] = []

    public init(library: Library) {
        nodeOfItem = Array(repeating: -1, count: library.items.count)
        // At most one node per item and per speech: room made once, not by doubling.
        let most = library.items.count + (library.models.count > 1 ? library.models.count : 0)
        refs.reserveCapacity(most)
        parent.reserveCapacity(most)
        depth.reserveCapacity(most)
        end.reserveCapacity(most)
        let roots = library.rootPositions
        if library.models.count > 1 {
            var byModel: [String: [Int]] = [:]
            for r in roots { byModel[library.items[r].modelID, default: []].append(r) }
            for (mi, m) in library.models.enumerated() {
                let node = append(.model(mi), parent: -1, depth: 0)
                for r in byModel[m.id] ?? [] { walk(r, parent: node, depth: 1, library: library) }
                end[node] = Int32(refs.count)
            }
        } else {
            for r in roots { walk(r, parent: -1, depth: 0, library: library) }
        }
    }

    private mutating func append(_ ref: Ref, parent p: Int, depth d: Int) -> Int {
        refs.append(ref)
        parent.append(Int32(p))
        depth.append(UInt8(min(d, 255)))
        end.append(0)
        return refs.count - 1
    }

    /// Adds `item` and its subtree (iteratively: depth is unbounded in data).
    private mutating func walk(_ item: Int, parent p: Int, depth d: Int, library: Library) {
        var stack: [(item: Int, parent: Int, depth: Int, node: Int)] = [(item, p, d, -1)]
        while let top = stack.popLast() {
            if top.node >= 0 {
                // Closing marker: the subtree of `top.node` is complete.
                end[top.node] = Int32(refs.count)
                continue
            }
            guard nodeOfItem[top.item] < 0 else { continue } // a cycle in bad data: visit once
            let node = append(.item(top.item), parent: top.parent, depth: top.depth)
            nodeOfItem[top.item] = Int32(node)
            stack.append((top.item, top.parent, top.depth, node))
            for k in library.childPositions[top.item].reversed() { stack.append((Int(k), node, top.depth + 1, -1)) }
        }
    }

    public var count: Int { refs.count }

    public func hasChildren(_ node: Int) -> Bool { Int(end[node]) > node + 1 }

    /// The item position of `node`, nil for a speech node.
    public func item(_ node: Int) -> Int? {
        if case .item(let i) = refs[node] { return i }
        return nil
    }

    /// Whether `node` lies in the subtree of `root` (itself included).
    public func contains(_ root: Int, _ node: Int) -> Bool { node >= root && node < Int(end[root]) }

    /// The ancestors of `node`, root first.
    public func ancestors(_ node: Int) -> [Int] {
        var out: [Int] = []
        var p = Int(parent[node])
        while p >= 0 {
            out.append(p)
            p = Int(parent[p])
        }
        return out.reversed()
    }
}

/// The rows a tree view shows: nodes whose ancestors are all expanded (and that pass the filter),
/// in pre-order. Kept up to date incrementally: expanding inserts the new rows, collapsing removes
/// a contiguous range, so a key press never re-flattens the whole tree.
public struct TreeRows: Sendable {
    public private(set) var expanded: [Bool]
    /// Nodes the filter lets through (matches and their ancestors); nil when no filter is set.
    public private(set) var mask: [Bool]?
    /// Visible nodes, ascending.
    public private(set) var rows: [Int32] = []

    /// All rows collapsed except nodes above `depth`.
    public init(outline: Outline, expandedAbove depth: Int) {
        expanded = (0..<outline.count).map { Int(outline.depth[$0]) < depth }
        rebuild(outline)
    }

    public var count: Int { rows.count }

    public func visible(_ node: Int) -> Bool { mask?[node] ?? true }

    /// Re-flattens everything (after a filter change): O(visible rows).
    public mutating func rebuild(_ outline: Outline) {
        rows.removeAll(keepingCapacity: true)
        appendVisible(from: 0, to: outline.count, outline, into: &rows)
    }

    private func appendVisible(from start: Int, to stop: Int, _ outline: Outline, into out: inout [Int32]) {
        var i = start
        while i < stop {
            guard visible(i) else { i = Int(outline.end[i]); continue }
            out.append(Int32(i))
            i = expanded[i] ? i + 1 : Int(outline.end[i])
        }
    }

    /// The row showing `node`, if visible.
    public func row(of node: Int) -> Int? {
        let r = firstRow(atOrAfter: node)
        return r < rows.count && Int(rows[r]) == node ? r : nil
    }

    /// The first row whose node is at least `node`.
    public func firstRow(atOrAfter node: Int) -> Int { rows.lowerBound(node) }

    public mutating func expand(_ node: Int, _ outline: Outline) {
        guard !expanded[node] else { return }
        expanded[node] = true
        guard let r = row(of: node) else { return }
        var add: [Int32] = []
        appendVisible(from: node + 1, to: Int(outline.end[node]), outline, into: &add)
        rows.insert(contentsOf: add, at: r + 1)
    }

    public mutating func collapse(_ node: Int, _ outline: Outline) {
        guard expanded[node] else { return }
        expanded[node] = false
        guard let r = row(of: node) else { return }
        let stop = firstRow(atOrAfter: Int(outline.end[node]))
        if stop > r + 1 { rows.removeSubrange((r + 1)..<stop) }
    }

    /// Expands every ancestor of `node` so it shows; returns its row (nil when the filter hides it).
    @discardableResult
    public mutating func reveal(_ node: Int, _ outline: Outline) -> Int? {
        guard visible(node) else { return nil }
        for a in outline.ancestors(node) { expand(a, outline) }
        return row(of: node)
    }

    /// Sets (or clears) the filter and re-flattens; the matches' ancestors are expanded.
    public mutating func setMask(_ m: [Bool]?, _ outline: Outline) {
        mask = m
        if let m {
            for n in 0..<outline.count where m[n] && outline.hasChildren(n) { expanded[n] = true }
        }
        rebuild(outline)
    }
}
