// The loaded library: every model, merged unit catalogue, and the indexes queries need.
// What the dashboard's first screen needs (the tree by position) is built at load; the indexes by
// id are built on first use (or ahead of it, by `prepareIndexes()` on a spare thread). Lookups
// are O(1) or O(answer).

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

    public let unitIndex: [String: Int]
    public let modelIndex: [String: Int]
    /// Item positions of the items without a parent (the speeches' sections), in reading order.
    public let rootPositions: [Int]
    /// `childPositions[i]` are item `i`'s children, in reading order.
    public let childPositions: [[Int32]]
    /// `parentPosition[i]` is item `i`'s parent (-1: none).
    public let parentPosition: [Int32]

    /// The indexes by id, built once, when first asked for.
    private let byID: LibraryIndexes

    /// Item positions by id.
    public var itemIndex: ItemIDIndex { byID.built.itemIndex }
    /// Target positions by id (built with the library: a few hundred targets, and `list --json`
    /// names every task's targets without needing the item indexes).
    public let targetIndex: [String: Int]
    /// Task positions that each unit leads, supports, or answers for territorially, by the unit's
    /// position in `units` (`leads[u]`: in reading order); `unitKey(_:)` gives the key of a unit id.
    public var leads: PositionJoin { byID.built.relations.leads }
    public var supports: PositionJoin { byID.built.relations.supports }
    public var territorial: PositionJoin { byID.built.relations.territorial }
    /// Task positions serving each target, by the target's position in `targets`.
    public var servedBy: PositionJoin { byID.built.relations.servedBy }
    /// The most tasks one unit leads, supports or answers for.
    public var mostTasksOfAUnit: Int { byID.built.relations.mostTasksOfAUnit }

    /// The key of unit `id` in `leads`, `supports` and `territorial`: its position in `units`, or
    /// for an id the items name that `units` lacks (bad data), a key past them; nil for an id
    /// neither has.
    public func unitKey(_ id: String) -> Int? { unitIndex[id] ?? byID.built.relations.extraUnits[id] }
    /// The key of target `id` in `servedBy`: a position in `targets`, or past them for an id the
    /// items name that `targets` lacks; nil for an id neither has.
    public func targetKey(_ id: String) -> Int? { targetIndex[id] ?? byID.built.relations.extraTargets[id] }

    /// The tasks unit `id` leads, supports, answers for (in reading order); none for an unknown id.
    public func leads(of id: String) -> [Int] { unitKey(id).map { leads[$0].map(Int.init) } ?? [] }
    public func supports(of id: String) -> [Int] { unitKey(id).map { supports[$0].map(Int.init) } ?? [] }
    public func territorial(of id: String) -> [Int] { unitKey(id).map { territorial[$0].map(Int.init) } ?? [] }
    /// The tasks serving target `id`, in reading order.
    public func tasks(serving id: String) -> [Int] { targetKey(id).map { servedBy[$0].map(Int.init) } ?? [] }

    public init(models: [Model]) {
        var units: [Unit] = []
        var unitIndex: [String: Int] = [:]
        // Sized once: grown by doubling it was a fifth of building a library of 10 models' units.
        unitIndex.reserveCapacity(models.reduce(0) { $0 + $1.units.count })
        var items: [Item] = []
        var targets: [Target] = []
        var modelIndex: [String: Int] = [:]
        var itemRanges: [Range<Int>] = []
        items.reserveCapacity(models.reduce(0) { $0 + $1.items.count })
        var parents: [Int32] = []
        parents.reserveCapacity(items.capacity)
        for (mi, m) in models.enumerated() {
            modelIndex[m.id] = mi
            for u in m.units where unitIndex[u.id] == nil {
                unitIndex[u.id] = units.count
                units.append(u)
            }
            let base = items.count
            itemRanges.append(base..<(base + m.items.count))
            items.append(contentsOf: m.items)
            targets.append(contentsOf: m.targets)
            for p in Self.parentPositions(m) { parents.append(p < 0 ? p : p + Int32(truncatingIfNeeded: base)) }
        }
        self.models = models.map { m in
            var bare = m
            bare.items = []
            bare.parentPositions = nil
            return bare
        }
        // Children by position, from each item's parent position: no look-up by id.
        var childPositions = [[Int32]](repeating: [], count: items.count)
        var roots: [Int] = []
        for (i, p) in parents.enumerated() {
            if p >= 0 {
                childPositions[Int(p)].append(Int32(truncatingIfNeeded: i))
            } else if p == -1 {
                roots.append(i)
            }
        }
        self.itemRanges = itemRanges
        self.units = units
        self.items = items
        self.targets = targets
        self.unitIndex = unitIndex
        self.modelIndex = modelIndex
        self.rootPositions = roots
        self.childPositions = childPositions
        self.parentPosition = parents.map { max($0, -1) }
        self.targetIndex = Dictionary(targets.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { _, last in last })
        self.byID = LibraryIndexes(items: items, unitIndex: unitIndex, unitCount: units.count, targetIDs: targets.map(\.id))
    }

    /// Builds the indexes by id now, if no one has yet (the dashboard does it on a spare thread
    /// once its first screen is up, so the first key that needs one does not wait).
    public func prepareIndexes() { _ = byID.built }

    /// Each item's parent as a position in the model: -1 for none, -2 for a parent the model does
    /// not have (bad data: the item is in no tree). From the library cache when it has them,
    /// checked, else by looking the ids up.
    static func parentPositions(_ m: Model) -> [Int32] {
        if let known = m.parentPositions, known.count == m.items.count {
            let fits = m.items.withUnsafeBufferPointer { items in
                known.indices.allSatisfy { i in
                    let p = Int(known[i])
                    return p < 0 ? items[i].parent == nil : p < i && items[i].parent == items[p].id
                }
            }
            if fits { return known }
        }
        var local: [String: Int32] = [:]
        local.reserveCapacity(m.items.count)
        return m.items.enumerated().map { i, it in
            defer { local[it.id] = Int32(truncatingIfNeeded: i) }
            guard let p = it.parent else { return -1 }
            return local[p] ?? -2
        }
    }

    /// The models with their items put back (for code that wants a model whole).
    public func wholeModels() -> [Model] {
        models.enumerated().map { k, m in
            var whole = m
            whole.items = Array(items[itemRanges[k]])
            return whole
        }
    }

    public func item(_ id: String) -> Item? { itemIndex[id].map { items[$0] } }
    public func target(_ id: String) -> Target? { targetIndex[id].map { targets[$0] } }
    public func unit(_ id: String) -> Unit? { unitIndex[id].map { units[$0] } }
    public func model(_ id: String) -> Model? { modelIndex[id].map { models[$0] } }
    /// Children of `id` (nil: the roots), in reading order.
    public func children(of id: String?) -> [Item] {
        guard let id else { return rootPositions.map { items[$0] } }
        return (itemIndex[id].map { childPositions[$0] } ?? []).map { items[Int($0)] }
    }
    /// The model an item or target belongs to.
    public func model(of item: Item) -> Model? { model(item.modelID) }
}
