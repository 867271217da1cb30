// The loaded library: every model, merged unit catalogue, and the indexes queries need.
// Built once at load; lookups are O(1) or O(answer).

import Foundation

public struct Library: Sendable {
    /// The models, each kept without its items: those are in `items` (model by model; a model's are
    /// `items[itemRanges[m]]`), so the library holds every item once.
    public let models: [Model]
    /// The positions in `items` of each model's items.
    public let itemRanges: [Range<Int>]
    /// Units of all models, by id (a unit defined in several models is defined identically).
    public let units: [Unit]
    /// All items of all models, in reading order (model by model).
    public let items: [Item]
    public let targets: [Target]

    public let itemIndex: [String: Int]
    public let targetIndex: [String: Int]
    public let unitIndex: [String: Int]
    public let modelIndex: [String: Int]
    /// Item positions of each item's children, in reading order; roots under "".
    public let children: [String: [Int]]
    /// The same by position: `childPositions[i]` are item `i`'s children (one look-up per parent
    /// when built, none when walked).
    public let childPositions: [[Int32]]
    /// Task positions that each unit leads, supports, or answers for territorially.
    public let leads: [String: [Int]]
    public let supports: [String: [Int]]
    public let territorial: [String: [Int]]
    /// Task positions serving each target.
    public let servedBy: [String: [Int]]

    public init(models: [Model]) {
        var units: [Unit] = []
        var unitIndex: [String: Int] = [:]
        var items: [Item] = []
        var targets: [Target] = []
        var modelIndex: [String: Int] = [:]
        var itemRanges: [Range<Int>] = []
        items.reserveCapacity(models.reduce(0) { $0 + $1.items.count })
        for (mi, m) in models.enumerated() {
            modelIndex[m.id] = mi
            for u in m.units where unitIndex[u.id] == nil {
                unitIndex[u.id] = units.count
                units.append(u)
            }
            itemRanges.append(items.count..<(items.count + m.items.count))
            items.append(contentsOf: m.items)
            targets.append(contentsOf: m.targets)
        }
        self.models = models.map { m in
            var bare = m
            bare.items = []
            return bare
        }
        self.itemRanges = itemRanges
        // The id index and the relation indexes are independent: built side by side, on two cores
        // when there are two (each is about a tenth of a second at 100,000 items).
        let flat = items
        let built = LibraryIndexes()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { built.setIDs(Self.idIndex(flat)) } else { built.setRelations(Self.relations(flat)) }
        }
        let itemIndex = built.ids
        let relations = built.relationIndexes
        let children = relations.children, leads = relations.leads, supports = relations.supports
        let terr = relations.territorial, servedBy = relations.servedBy
        var targetIndex: [String: Int] = [:]
        for (i, t) in targets.enumerated() { targetIndex[t.id] = i }
        var childPositions = [[Int32]](repeating: [], count: items.count)
        for (parent, kids) in children where !parent.isEmpty {
            if let p = itemIndex[parent] { childPositions[p] = kids.map { Int32(truncatingIfNeeded: $0) } }
        }
        self.childPositions = childPositions
        self.units = units
        self.items = items
        self.targets = targets
        self.itemIndex = itemIndex
        self.targetIndex = targetIndex
        self.unitIndex = unitIndex
        self.modelIndex = modelIndex
        self.children = children
        self.leads = leads
        self.supports = supports
        self.territorial = terr
        self.servedBy = servedBy
    }

    /// The models with their items put back (for code that wants a model whole).
    public func wholeModels() -> [Model] {
        models.enumerated().map { k, m in
            var whole = m
            whole.items = Array(items[itemRanges[k]])
            return whole
        }
    }

    static func idIndex(_ items: [Item]) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(items.count)
        // Fields read in place: `for it in items` would copy every Item (a dozen retains and releases).
        items.withUnsafeBufferPointer { buf in
            for i in buf.indices { index[buf[i].id] = i }
        }
        return index
    }

    struct Relations {
        var children: [String: [Int]] = [:]
        var leads: [String: [Int]] = [:], supports: [String: [Int]] = [:], territorial: [String: [Int]] = [:]
        var servedBy: [String: [Int]] = [:]
    }

    static func relations(_ items: [Item]) -> Relations {
        var r = Relations()
        // Siblings come one after another, so children are gathered per run of the same parent
        // and the dictionary is touched once per run instead of once per item.
        var runParent: String?, run: [Int] = []
        func flush(_ r: inout Relations) {
            if !run.isEmpty { r.children[runParent ?? "", default: []].append(contentsOf: run) }
            run.removeAll(keepingCapacity: true)
        }
        items.withUnsafeBufferPointer { buf in
            // Fields read in place, not whole Items copied.
            for i in buf.indices {
                if buf[i].parent != runParent || run.isEmpty {
                    flush(&r)
                    runParent = buf[i].parent
                }
                run.append(i)
                if let l = buf[i].lead { r.leads[l.unit, default: []].append(i) }
                for s in buf[i].supporting { r.supports[s.unit, default: []].append(i) }
                for t in buf[i].territorial { r.territorial[t.unit, default: []].append(i) }
                for g in buf[i].targets { r.servedBy[g, default: []].append(i) }
            }
        }
        flush(&r)
        return r
    }

    public func item(_ id: String) -> Item? { itemIndex[id].map { items[$0] } }
    public func target(_ id: String) -> Target? { targetIndex[id].map { targets[$0] } }
    public func unit(_ id: String) -> Unit? { unitIndex[id].map { units[$0] } }
    public func model(_ id: String) -> Model? { modelIndex[id].map { models[$0] } }
    /// Children of `id` (nil: the roots), in reading order.
    public func children(of id: String?) -> [Item] { (children[id ?? ""] ?? []).map { items[$0] } }
    /// The model an item or target belongs to.
    public func model(of item: Item) -> Model? { model(item.modelID) }
}

/// The two halves of `Library`'s indexes, each set by its own thread.
private final class LibraryIndexes: @unchecked Sendable {
    private let lock = NSLock()
    private var idIndex: [String: Int] = [:]
    private var relations = Library.Relations()

    func setIDs(_ v: [String: Int]) { lock.lock(); idIndex = v; lock.unlock() }
    func setRelations(_ v: Library.Relations) { lock.lock(); relations = v; lock.unlock() }
    var ids: [String: Int] { lock.lock(); defer { lock.unlock() }; return idIndex }
    var relationIndexes: Library.Relations { lock.lock(); defer { lock.unlock() }; return relations }
}
