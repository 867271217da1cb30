import Foundation
import RiverChiefCore

/// The fold behind `facts(untilMillis:)`, shared by both backends: the log read in id order, one
/// event at a time, keeping per item only what the reports need (its state, as `Store.apply` keeps
/// `current`; when it was first touched; when its status last changed; its note events and the ones
/// an undo reverted). The newest report's four parts are read at the end.
///
/// At a million events this is most of a report's work, so an event can be handed over as bytes
/// (`add(id:item:field:value:atMillis:account:undoes:)`, SQLite's column buffers): the item is numbered
/// by its id's bytes (`ByteSlots`), the account among the few seen, and each item keeps one small
/// record (`Folding`), so a row makes no string but a deadline's or a note's. Each item's id becomes
/// a string once, at the end. The PostgreSQL store hands strings (`add(id:item:isUndo:…)`).
package struct FactsFold {
    /// A new value as the fold needs it.
    package enum Value {
        case status(Status?)
        case progress(Int?)
        case text(String?)
    }

    /// What the fold keeps of an item while it reads: one small record (strings, rare, beside it).
    private struct Folding {
        static let never = Int64.min
        var firstAt: Int64
        var lastAt: Int64 = 0
        var lastID: Int64 = 0
        var statusAt: Int64 = never
        var progress = 0
        var account: Int32 = 0
        var status: Status = .notStarted

        init(firstAt: Int64) { self.firstAt = firstAt }
    }

    /// Items and accounts numbered by their ids' bytes (the first seen is 0).
    private var slots = ByteSlots()
    private var previous: [UInt8] = [], previousSlot = 0
    private var accounts = ByteSlots(capacity: 64)
    private var items: [Folding] = []
    private var deadlines: [String?] = [], latestNotes: [String?] = []
    private var notes: [(item: Int32, event: Int64)] = []   // every note event, in id order
    private var undone = Set<Int64>()                        // note events an undo up to then reverted

    package init() {}

    /// Folds in one event given as strings (events must come in id order).
    package mutating func add(id eventID: Int64, item: String, isUndo: Bool, field: Field, newValue: String?,
                              atMillis at: Int64, account: String?, undoes: Int64?) {
        var item = item
        let k = item.withUTF8 { slot(UnsafeRawPointer($0.baseAddress ?? UnsafePointer(bitPattern: 1)!), $0.count) }
        let a = account.map { name -> Int32 in
            var name = name
            return name.withUTF8 { accountSlot(UnsafeRawPointer($0.baseAddress ?? UnsafePointer(bitPattern: 1)!), $0.count) }
        } ?? -1
        let value: Value
        switch field {
        case .status: value = .status(newValue.flatMap(Status.init(rawValue:)))
        case .progress: value = .progress(newValue.flatMap { Int($0) })
        case .deadline, .note: value = .text(newValue)
        }
        add(id: eventID, slot: k, field: field, value: value, atMillis: at, account: a, undo: isUndo ? .some(undoes) : .none)
    }

    /// The slot of the item with this id (its UTF-8 bytes); a quarter of the rows are on the same
    /// item as the row before (a status and its progress), which is recognised first.
    package mutating func slot(_ p: UnsafeRawPointer, _ n: Int) -> Int {
        if n > 0, n == previous.count, previous.withUnsafeBytes({ memcmp($0.baseAddress!, p, n) }) == 0 {
            return previousSlot
        }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
        previousSlot = slots.slot(p, n)
        return previousSlot
    }

    /// The number of the account with this name (its UTF-8 bytes).
    package mutating func accountSlot(_ p: UnsafeRawPointer, _ n: Int) -> Int32 {
        Int32(truncatingIfNeeded: accounts.slot(p, n))
    }

    /// Folds in one event on item `slot` (events must come in id order) by `account` (-1: none).
    /// `undo` is nil for an event that is no undo, else the event it undoes (nil inside when not given).
    package mutating func add(id eventID: Int64, slot k: Int, field: Field, value: Value, atMillis at: Int64, account: Int32,
                              undo: Int64??) {
        if k == items.count {
            items.append(Folding(firstAt: at))
            deadlines.append(nil)
            latestNotes.append(nil)
        }
        items.withUnsafeMutableBufferPointer { all in
            switch (field, value) {
            case (.status, .status(let s)):
                all[k].status = s ?? .notStarted
                all[k].statusAt = at
            case (.status, _):
                all[k].status = .notStarted
                all[k].statusAt = at
            case (.progress, .progress(let p)):
                all[k].progress = p ?? 0
            case (.progress, _):
                all[k].progress = 0
            case (.deadline, .text(let t)):
                deadlines[k] = t
            case (.deadline, _):
                deadlines[k] = nil
            case (.note, let v):
                if case .text(let t) = v { latestNotes[k] = t } else { latestNotes[k] = nil }
                if let undo {
                    if let reverted = undo { undone.insert(reverted) }
                } else {
                    notes.append((Int32(truncatingIfNeeded: k), eventID))
                }
            }
            all[k].lastID = eventID
            all[k].lastAt = at
            all[k].account = account
        }
    }

    /// The facts by item, each newest report not undone read with `report` (its time and parts by
    /// event id), asked in id order.
    package mutating func finish(report: (Int64) throws -> (atMillis: Int64, parts: ReportParts)?) rethrows -> [String: TaskFacts] {
        let names = (0..<accounts.count).map { accounts.key($0) }
        var facts = items.indices.map { k in
            let f = items[k]
            return TaskFacts(state: ItemState(status: f.status, progress: f.progress, deadline: deadlines[k], lastEventID: f.lastID,
                                              updatedBy: f.account < 0 ? nil : names[Int(f.account)], updatedAt: Double(f.lastAt) / 1000,
                                              latestNote: latestNotes[k]),
                             firstEventMillis: f.firstAt, statusMillis: f.statusAt == Folding.never ? nil : f.statusAt)
        }
        items = []
        deadlines = []
        latestNotes = []
        var newest = [Int64](repeating: -1, count: facts.count)
        for n in notes.reversed() where newest[Int(n.item)] < 0 && !undone.contains(n.event) {
            newest[Int(n.item)] = n.event
        }
        // In id order: SQLite's B-tree pages are visited in order.
        for k in facts.indices.filter({ newest[$0] >= 0 }).sorted(by: { newest[$0] < newest[$1] }) {
            guard let r = try report(newest[k]) else { continue }
            facts[k].reportMillis = r.atMillis
            facts[k].report = r.parts
        }
        var out: [String: TaskFacts] = [:]
        out.reserveCapacity(facts.count)
        for k in facts.indices { out[slots.key(k)] = facts[k] }
        return out
    }
}
