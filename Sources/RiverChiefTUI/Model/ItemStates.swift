import RiverChiefCore

/// Every item's state as the dashboard holds it: by item position in the library, so no item id is
/// held a second time as a key (at 100,000 items and 80,000 states a `[String: ItemState]` is
/// about 20 MB: its table and a copy of each id) and a task's state is found without hashing its
/// id. A state whose id the library does not have (a database ahead of or behind the library) is
/// kept aside under its id, so nothing read from the store is dropped.
public struct ItemStates: Sendable {
    /// `byPosition[i]`: the state of `library.items[i]`, nil when the store has none.
    private var byPosition: [ItemState?]
    /// States of ids the library does not have.
    private var others: [String: ItemState]
    private let library: Library

    /// No state for any item.
    public init(library: Library) {
        self.library = library
        byPosition = Array(repeating: nil, count: library.items.count)
        others = [:]
    }

    /// The states of a store's snapshot (by item id), placed by the library's positions. Each
    /// item's id is looked up once, on every core; the library's index by id is not needed unless
    /// some id in `states` is not the library's.
    public init(_ states: [String: ItemState], library: Library) {
        self.library = library
        let n = library.items.count
        guard !states.isEmpty else {
            byPosition = Array(repeating: nil, count: n)
            others = [:]
            return
        }
        let runs = Parallel.ranges(n, pieces: Parallel.pieces(n, minimum: 20_000))
        var found = 0
        byPosition = [ItemState?](unsafeUninitializedCapacity: n) { buffer, count in
            nonisolated(unsafe) let out = buffer
            let counts = library.items.withUnsafeBufferPointer { items -> [Int] in
                nonisolated(unsafe) let items = items
                return Parallel.map(runs.count) { k -> Int in
                    var matched = 0
                    for i in runs[k] {
                        let s = states[items[i].id]
                        if s != nil { matched += 1 }
                        (out.baseAddress! + i).initialize(to: s)
                    }
                    return matched
                }
            }
            found = counts.reduce(0, +)
            count = n
        }
        // Only when the store knows ids the library lacks (rare): those kept by id.
        others = found == states.count ? [:] : states.filter { library.itemIndex[$0.key] == nil }
    }

    /// The state of the item at position `i` (nil: none recorded).
    public subscript(position i: Int) -> ItemState? {
        get { byPosition[i] }
        set { byPosition[i] = newValue }
    }

    /// The state of the item `id` (nil: none recorded), whether or not the library has it.
    public subscript(id: String) -> ItemState? {
        get {
            if let i = library.itemIndex[id] { return byPosition[i] }
            return others[id]
        }
        set {
            if let i = library.itemIndex[id] { byPosition[i] = newValue } else { others[id] = newValue }
        }
    }

    /// How many items have a state.
    public var count: Int { byPosition.reduce(0) { $0 + ($1 == nil ? 0 : 1) } + others.count }

    /// Each recorded state with its item's position (nil for an id the library does not have) and
    /// id: the library's items in reading order, then the others.
    public func forEach(_ body: (_ position: Int?, _ id: String, _ state: ItemState) throws -> Void) rethrows {
        for i in byPosition.indices {
            if let s = byPosition[i] { try body(i, library.items[i].id, s) }
        }
        for (id, s) in others { try body(nil, id, s) }
    }

    /// The newest event any state was changed by (nil when none says).
    public var lastEventID: Int64? {
        var m: Int64?
        for s in byPosition { if let e = s?.lastEventID, e > (m ?? .min) { m = e } }
        for s in others.values { if let e = s.lastEventID, e > (m ?? .min) { m = e } }
        return m
    }

    /// The states by id, as the store gives them.
    public var byID: [String: ItemState] {
        var out: [String: ItemState] = [:]
        forEach { _, id, s in out[id] = s }
        return out
    }
}
