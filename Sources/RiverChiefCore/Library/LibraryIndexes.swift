import Foundation

/// A library's indexes by id: built the first time any is asked for, by whichever thread asks
/// (others wait for it), then shared by every copy of the `Library`.
final class LibraryIndexes: @unchecked Sendable {
    struct Built {
        var itemIndex = ItemIDIndex(ids: [])
        var relations = Relations()
    }

    /// The tasks each unit leads, supports or answers for, keyed by the unit's position in the
    /// library's `units`, and the tasks serving each target, keyed by the target's position in
    /// `targets` (targets sharing an id each have the tasks naming it). An id the items
    /// name that the library does not define (bad data a `Library(models:)` may still be given)
    /// gets a key past those: `extraUnits` and `extraTargets` name them.
    struct Relations {
        var leads = PositionJoin(keys: 0, pairs: [])
        var supports = PositionJoin(keys: 0, pairs: [])
        var territorial = PositionJoin(keys: 0, pairs: [])
        var servedBy = PositionJoin(keys: 0, pairs: [])
        var extraUnits: [String: Int] = [:]
        var extraTargets: [String: Int] = [:]
        /// The most tasks one unit leads, supports or answers for (for a column wide enough for all).
        var mostTasksOfAUnit = 0
    }

    private let lock = NSLock()
    private var items: [Item]
    private let unitIndex: [String: Int], unitCount: Int
    private let targetIDs: [String]
    private var done: Built?

    init(items: [Item], unitIndex: [String: Int], unitCount: Int, targetIDs: [String]) {
        self.items = items
        self.unitIndex = unitIndex
        self.unitCount = unitCount
        self.targetIDs = targetIDs
    }

    var built: Built {
        lock.lock()
        defer { lock.unlock() }
        if let done { return done }
        let b = Self.build(items, unitIndex: unitIndex, unitCount: unitCount, targetIDs: targetIDs)
        done = b
        items = []
        return b
    }

    /// The id index and the relation indexes are independent: built side by side, on two cores
    /// when there are two (each is about a tenth of a second at 100,000 items).
    static func build(_ items: [Item], unitIndex: [String: Int], unitCount: Int, targetIDs: [String]) -> Built {
        let halves = Parallel.map(2) { part -> Built in
            part == 0 ? Built(itemIndex: ItemIDIndex(ids: items.withUnsafeBufferPointer { buf in buf.indices.map { buf[$0].id } }))
                : Built(relations: relations(items, unitIndex: unitIndex, unitCount: unitCount, targetIDs: targetIDs))
        }
        return Built(itemIndex: halves[0].itemIndex, relations: halves[1].relations)
    }

    /// The joins made by position: each speech's unit and target positions mapped to the library's
    /// keys once (an id looked up once per speech, not once per mention).
    static func relations(_ items: [Item], unitIndex: [String: Int], unitCount: Int, targetIDs: [String]) -> Relations {
        var r = Relations()
        // A target's key is its position; a task naming an id that several targets have serves each.
        var targetKeys: [String: [Int32]] = [:]
        for (k, id) in targetIDs.enumerated() { targetKeys[id, default: []].append(Int32(truncatingIfNeeded: k)) }
        func unitKey(_ id: String) -> Int32 {
            if let k = unitIndex[id] ?? r.extraUnits[id] { return Int32(truncatingIfNeeded: k) }
            let k = unitCount + r.extraUnits.count
            r.extraUnits[id] = k
            return Int32(truncatingIfNeeded: k)
        }
        func targetKeysOf(_ id: String) -> [Int32] {
            if let ks = targetKeys[id] { return ks }
            if let k = r.extraTargets[id] { return [Int32(truncatingIfNeeded: k)] }
            let k = targetIDs.count + r.extraTargets.count
            r.extraTargets[id] = k
            return [Int32(truncatingIfNeeded: k)]
        }
        var leads: [(key: Int32, item: Int32)] = [], supports = leads, territorial = leads, served = leads
        leads.reserveCapacity(items.count)
        // The current speech's names, and its positions' keys as far as looked up (-1: not yet).
        var names: ItemNames?
        var unitKeys: [Int32] = [], servedKeys: [[Int32]?] = []
        func unit(_ k: Int32) -> Int32 {
            if unitKeys[Int(k)] < 0, let n = names { unitKeys[Int(k)] = unitKey(n.units[Int(k)]) }
            return unitKeys[Int(k)]
        }
        items.withUnsafeBufferPointer { buf in
            // Fields read in place, not whole Items copied.
            for i in buf.indices {
                let n = buf[i].names
                if n !== names {
                    names = n
                    unitKeys = Array(repeating: -1, count: n.units.count)
                    servedKeys = Array(repeating: nil, count: n.targets.count)
                }
                let at = Int32(truncatingIfNeeded: i)
                let l = buf[i].leadPosition
                if l >= 0 { leads.append((unit(l), at)) }
                for s in buf[i].supportingRefs { supports.append((unit(s.unit), at)) }
                for t in buf[i].territorialRefs { territorial.append((unit(t.unit), at)) }
                for g in buf[i].targetPositions {
                    let keys = servedKeys[Int(g)] ?? targetKeysOf(n.targets[Int(g)])
                    servedKeys[Int(g)] = keys
                    for k in keys { served.append((k, at)) }
                }
            }
        }
        let units = unitCount + r.extraUnits.count
        r.leads = PositionJoin(keys: units, pairs: leads)
        r.supports = PositionJoin(keys: units, pairs: supports)
        r.territorial = PositionJoin(keys: units, pairs: territorial)
        r.servedBy = PositionJoin(keys: targetIDs.count + r.extraTargets.count, pairs: served)
        r.mostTasksOfAUnit = [r.leads.largest, r.supports.largest, r.territorial.largest].max() ?? 0
        return r
    }
}
