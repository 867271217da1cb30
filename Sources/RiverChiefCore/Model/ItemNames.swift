// The ids a speech's items name, each held once: items hold positions in these tables.

/// A speech's model id and the unit and target ids its items name, each once: an item holds its
/// units and targets as `Int32` positions in these tables, not as a `String` each. The tables are
/// the model's own units and targets (in the model's order), then any other id an item names
/// (bad data, or an item made on its own). Grown only while its items are being made, by the
/// one thread making them (`unit(_:)`, `target(_:)`), then only read: an item whose unit or target
/// is changed to one the tables lack gets tables of its own (`adding`).
final class ItemNames: @unchecked Sendable {
    let modelID: String
    private(set) var units: [String]
    private(set) var targets: [String]
    /// Positions by id, made on the first look-up by id (the cache's items name theirs by position).
    private var unitAt: [String: Int32]?
    private var targetAt: [String: Int32]?

    init(modelID: String, units: [String] = [], targets: [String] = []) {
        self.modelID = modelID
        self.units = units
        self.targets = targets
    }

    /// The position of unit `id`, added when it is not there yet.
    func unit(_ id: String) -> Int32 { Self.intern(id, &units, &unitAt) }
    /// The position of target `id`, added when it is not there yet.
    func target(_ id: String) -> Int32 { Self.intern(id, &targets, &targetAt) }

    /// The position of unit `id`, without adding it.
    func findUnit(_ id: String) -> Int32? { unitAt?[id] ?? units.firstIndex(of: id).map { Int32(truncatingIfNeeded: $0) } }
    func findTarget(_ id: String) -> Int32? { targetAt?[id] ?? targets.firstIndex(of: id).map { Int32(truncatingIfNeeded: $0) } }

    /// A copy with `units` and `targets` added (and `modelID` in place of this one's when given).
    func adding(units more: [String] = [], targets moreTargets: [String] = [], modelID: String? = nil) -> ItemNames {
        let c = ItemNames(modelID: modelID ?? self.modelID, units: units, targets: targets)
        for u in more { _ = c.unit(u) }
        for t in moreTargets { _ = c.target(t) }
        return c
    }

    /// Drops the tables by id (the names are complete: only read from now on).
    func seal() {
        unitAt = nil
        targetAt = nil
    }

    private static func intern(_ id: String, _ list: inout [String], _ index: inout [String: Int32]?) -> Int32 {
        if index == nil {
            var built: [String: Int32] = [:]
            built.reserveCapacity(list.count + 8)
            for (k, s) in list.enumerated() where built[s] == nil { built[s] = Int32(truncatingIfNeeded: k) }
            index = built
        }
        if let k = index?[id] { return k }
        let k = Int32(truncatingIfNeeded: list.count)
        list.append(id)
        index?[id] = k
        return k
    }
}

/// An assignment as an item holds it: the unit as a position in its `ItemNames`.
struct UnitRef: Sendable, Equatable {
    var unit: Int32
    var basis: Basis
    var rule: String?
}

/// An item's targets or assigned units read as ids, in place: what `Item.targets`,
/// `Item.supporting` and `Item.territorial` give as arrays, without making one.
public struct ItemTargetIDs: RandomAccessCollection, Sendable {
    let names: ItemNames
    let positions: [Int32]
    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }
    public subscript(k: Int) -> String { names.targets[Int(positions[k])] }
}

/// An item's supporting or territorial assignments, read in place (see `ItemTargetIDs`).
public struct ItemAssignments: RandomAccessCollection, Sendable {
    let names: ItemNames
    let refs: [UnitRef]
    public var startIndex: Int { 0 }
    public var endIndex: Int { refs.count }
    public subscript(k: Int) -> Assignment {
        let r = refs[k]
        return Assignment(unit: names.units[Int(r.unit)], basis: r.basis, rule: r.rule)
    }
    /// The unit id of assignment `k`.
    public func unit(_ k: Int) -> String { names.units[Int(refs[k].unit)] }
}
