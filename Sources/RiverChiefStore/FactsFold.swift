import RiverChiefCore

/// The fold behind `facts(untilMillis:)`, shared by both backends: the log read in id order, one
/// event at a time, keeping per item only what the reports need (its state through `Store.apply`,
/// the same function that keeps `current`; when it was first touched; when its status last changed;
/// its note events and the ones an undo reverted). The newest report's four parts are read at the end.
package struct FactsFold {
    private var slot: [String: Int] = [:]
    private var facts: [TaskFacts] = []
    private var notes: [[Int64]] = []          // each item's note events, in order
    private var undone = Set<Int64>()          // note events an undo up to then reverted

    package init() {}

    /// Folds in one event (events must come in id order).
    package mutating func add(id eventID: Int64, item: String, isUndo: Bool, field: Field, newValue: String?,
                              atMillis at: Int64, account: String?, undoes: Int64?) {
        let k: Int
        if let known = slot[item] {
            k = known
        } else {
            k = facts.count
            slot[item] = k
            facts.append(TaskFacts())
            notes.append([])
        }
        if field == .status {
            facts[k].state.status = newValue.flatMap(Status.init(rawValue:)) ?? .notStarted
            facts[k].statusMillis = at
        } else {
            Store.apply(field, newValue, to: &facts[k].state)
        }
        if field == .note {
            if isUndo {
                if let undoes { undone.insert(undoes) }
            } else {
                notes[k].append(eventID)
            }
        }
        if facts[k].firstEventMillis == nil { facts[k].firstEventMillis = at }
        facts[k].state.lastEventID = eventID
        facts[k].state.updatedBy = account
        facts[k].state.updatedAt = Double(at) / 1000
    }

    /// The facts by item, each newest report not undone read with `report` (its time and parts by event id).
    package mutating func finish(report: (Int64) throws -> (atMillis: Int64, parts: ReportParts)?) rethrows -> [String: TaskFacts] {
        for k in facts.indices {
            guard let id = notes[k].last(where: { !undone.contains($0) }), let r = try report(id) else { continue }
            facts[k].reportMillis = r.atMillis
            facts[k].report = r.parts
        }
        var out: [String: TaskFacts] = [:]
        out.reserveCapacity(slot.count)
        for (id, k) in slot { out[id] = facts[k] }
        return out
    }
}
