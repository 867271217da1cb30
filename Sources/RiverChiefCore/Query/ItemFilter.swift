// Filtering a library's items by section, unit and kind, for `riverchief list` (the dashboard filters its
// own tree by mask, App/FilterPrompt.swift). Names are resolved first (so a typo is an error that names the
// candidates), then filtering is one pass over the items.

/// How a unit answers for a task.
public enum UnitRole: String, Sendable, CaseIterable {
    case lead, supporting, territorial

    /// 牵头 / 配合 / 属地.
    public var chinese: String {
        switch self {
        case .lead: return "牵头"
        case .supporting: return "配合"
        case .territorial: return "属地"
        }
    }
}

/// What to keep. Nil fields do not filter.
public struct ItemFilter: Sendable, Equatable {
    /// A section: its id (`yr2020.s2`), the id without the model (`s2`), or its marker (`二`).
    public var section: String?
    /// A unit: id (`city.water`), name (`市水利局`), short name, or part of the name (`水利`).
    public var unit: String?
    /// With `unit`: only this role (nil: any role).
    public var unitRole: UnitRole?
    public var kind: ItemKind?

    public init(section: String? = nil, unit: String? = nil, unitRole: UnitRole? = nil, kind: ItemKind? = nil) {
        self.section = section
        self.unit = unit
        self.unitRole = unitRole
        self.kind = kind
    }

    public var isEmpty: Bool { section == nil && unit == nil && kind == nil }
}

/// A name in a filter that matches nothing; `candidates` are what it could have meant.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var what: String
    public var value: String
    public var candidates: [String]
    public var description: String {
        var s = "no \(what) \"\(value)\" in the library"
        if !candidates.isEmpty { s += " (did you mean: \(candidates.joined(separator: ", "))?)" }
        return s
    }
}

extension Library {
    /// The items `filter` keeps, in reading order.
    public func items(matching filter: ItemFilter) throws(QueryError) -> [Item] {
        if filter.isEmpty { return items } // shared, not copied (100,000 items are 20 MB)
        return try positions(matching: filter).map { items[$0] }
    }

    /// The positions in `items` of the items `filter` keeps, in reading order.
    public func positions(matching filter: ItemFilter) throws(QueryError) -> [Int] {
        if filter.isEmpty { return Array(items.indices) }
        let sections = try filter.section.map { s throws(QueryError) in Set(try resolveSections(s).map(\.id)) }
        let units = try filter.unit.map { u throws(QueryError) in Set(try resolveUnits(u).map(\.id)) }
        var out: [Int] = []
        for (i, it) in items.enumerated() {
            if let k = filter.kind, it.kind != k { continue }
            if let sections, !sections.contains(sectionID(of: it) ?? "") { continue }
            if let units, !answers(it, units, as: filter.unitRole) { continue }
            out.append(i)
        }
        return out
    }

    /// Sections named by `name`: exact id, id without the model prefix, or marker (一, 二 …).
    public func resolveSections(_ name: String) throws(QueryError) -> [Item] {
        let sections = rootPositions.map { items[$0] }.filter { $0.kind == .section }
        if let exact = sections.first(where: { $0.id == name }) { return [exact] }
        let bySuffix = sections.filter { $0.id == "\($0.modelID).\(name)" }
        if !bySuffix.isEmpty { return bySuffix }
        let byMarker = sections.filter { $0.marker == name || ($0.marker.map { $0 + "、" } == name) }
        if !byMarker.isEmpty { return byMarker }
        throw QueryError(what: "section", value: name, candidates: sections.map(\.id))
    }

    /// Units named by `name`: exact id, name or short name; else every unit whose name contains it.
    public func resolveUnits(_ name: String) throws(QueryError) -> [Unit] {
        if let u = unit(name) { return [u] }
        let named = Self.units(named: name, in: units, id: \.id, name: \.name, shortName: \.shortName)
        if !named.isEmpty { return named }
        throw QueryError(what: "unit", value: name,
                         candidates: Array(units.prefix(12).map { "\($0.id) \($0.name)" }))
    }

    /// What `resolveUnits` gives when no unit has exactly the id `name`: the units whose name or
    /// short name is `name`, else those whose name or id contains it, in `units`' order (a
    /// library's units, or the same read from the cache).
    public static func units<U>(named name: String, in units: [U], id: (U) -> String, name unitName: (U) -> String,
                                shortName: (U) -> String?) -> [U] {
        let exact = units.filter { unitName($0) == name || shortName($0) == name }
        if !exact.isEmpty { return exact }
        return units.filter { unitName($0).contains(name) || id($0).contains(name) }
    }

    /// The top-level section an item belongs to (itself for a section).
    public func sectionID(of item: Item) -> String? {
        let top = ancestors(of: item).last ?? item
        return top.kind == .section ? top.id : nil
    }

    /// Ancestors of `item`, nearest first (by parent position: a parent always comes before its
    /// children, so the walk ends).
    public func ancestors(of item: Item) -> [Item] {
        guard var at = itemIndex[item.id] else { return [] }
        var out: [Item] = []
        while parentPosition[at] >= 0 {
            at = Int(parentPosition[at])
            out.append(items[at])
        }
        return out
    }

    /// Whether one of `units` answers for `item` (in `role`, or in any role when nil).
    public func answers(_ item: Item, _ units: Set<String>, as role: UnitRole?) -> Bool {
        if role == nil || role == .lead, let l = item.leadUnit, units.contains(l) { return true }
        if role == nil || role == .supporting, item.supportingIDs.contains(where: { units.contains($0.unit) }) { return true }
        if role == nil || role == .territorial, item.territorialIDs.contains(where: { units.contains($0.unit) }) { return true }
        return false
    }

    /// The tasks `unit` answers for in `role`, in reading order.
    public func tasks(of unit: String, as role: UnitRole) -> [Item] {
        guard let key = unitKey(unit) else { return [] }
        let index: PositionJoin
        switch role {
        case .lead: index = leads
        case .supporting: index = supports
        case .territorial: index = territorial
        }
        return index[key].map { items[Int($0)] }
    }
}

extension Library {
    /// The tasks inside `item` (a section or point), in reading order; a task gives itself.
    public func tasks(under item: Item) -> [Item] {
        guard let start = itemIndex[item.id] else { return [] }
        var out: [Item] = []
        var stack = [start]
        while let p = stack.popLast() {
            if items[p].kind == .task { out.append(items[p]) }
            stack.append(contentsOf: childPositions[p].reversed().map { Int($0) })
        }
        return out
    }
}
