// The loaded library: every model, merged unit catalogue, and the indexes queries need.
// Built once at load; lookups are O(1) or O(answer).

public struct Library: Sendable {
    public let models: [Model]
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
    /// Task positions that each unit leads, supports, or answers for territorially.
    public let leads: [String: [Int]]
    public let supports: [String: [Int]]
    public let territorial: [String: [Int]]
    /// Task positions serving each target.
    public let servedBy: [String: [Int]]

    public init(models: [Model]) {
        self.models = models
        var units: [Unit] = []
        var unitIndex: [String: Int] = [:]
        var items: [Item] = []
        var targets: [Target] = []
        var modelIndex: [String: Int] = [:]
        for (mi, m) in models.enumerated() {
            modelIndex[m.id] = mi
            for u in m.units where unitIndex[u.id] == nil {
                unitIndex[u.id] = units.count
                units.append(u)
            }
            items.append(contentsOf: m.items)
            targets.append(contentsOf: m.targets)
        }
        var itemIndex: [String: Int] = [:]
        itemIndex.reserveCapacity(items.count)
        var children: [String: [Int]] = [:]
        var leads: [String: [Int]] = [:], supports: [String: [Int]] = [:], terr: [String: [Int]] = [:]
        var servedBy: [String: [Int]] = [:]
        for (i, it) in items.enumerated() {
            itemIndex[it.id] = i
            children[it.parent ?? "", default: []].append(i)
            if let l = it.lead { leads[l.unit, default: []].append(i) }
            for s in it.supporting { supports[s.unit, default: []].append(i) }
            for t in it.territorial { terr[t.unit, default: []].append(i) }
            for g in it.targets { servedBy[g, default: []].append(i) }
        }
        var targetIndex: [String: Int] = [:]
        for (i, t) in targets.enumerated() { targetIndex[t.id] = i }
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

    public func item(_ id: String) -> Item? { itemIndex[id].map { items[$0] } }
    public func target(_ id: String) -> Target? { targetIndex[id].map { targets[$0] } }
    public func unit(_ id: String) -> Unit? { unitIndex[id].map { units[$0] } }
    public func model(_ id: String) -> Model? { modelIndex[id].map { models[$0] } }
    /// Children of `id` (nil: the roots), in reading order.
    public func children(of id: String?) -> [Item] { (children[id ?? ""] ?? []).map { items[$0] } }
    /// The model an item or target belongs to.
    public func model(of item: Item) -> Model? { model(item.modelID) }
}
