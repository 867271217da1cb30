import Foundation
import GRDB
import RiverChiefCore
#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// Applies `change` to one item: appends one event per field that actually changes (and one for
    /// a note) and updates the item's `current` row, all in one `BEGIN IMMEDIATE` transaction.
    ///
    /// With `base: .lastSeen(id)` the write is refused with `StoreError.conflict` (naming who changed
    /// the item, when and what) if events after `id` changed a field this write would overwrite
    /// (status, progress, deadline); nothing is overwritten. A report (note) is appended, never
    /// replaced: it is never refused, and a colleague's report refuses nothing.
    /// With `.unchecked` it writes over the current state and `WriteResult.before` says what was there.
    /// Fields equal to the current value append nothing; a result with no events means "unchanged".
    @discardableResult
    public func write(_ change: Change, to itemID: String, base: WriteBase) throws -> WriteResult {
        let newDeadline = try Store.validate(change, itemID: itemID)
        try enforce("set", on: itemID, attempted: change.attemptText)
        return try transaction { db in
            let before = try Store.current(db, itemID: itemID) ?? .initial
            var after = before
            let pending = try Store.plan(change, deadline: newDeadline, to: itemID, base: base, state: &after) { seen in
                try Store.events(db, itemID: itemID, after: seen)
            }
            let events = try append(db, pending, itemID: itemID, base: before.lastEventID, state: &after)
            return WriteResult(itemID: itemID, events: events, before: before, after: after)
        }
    }

    // MARK: Shared by write and undo, and by both backends

    /// One event about to be appended.
    package struct PendingEvent: Sendable {
        package var kind: EventKind
        package var field: Field
        package var old: String?
        package var new: String?
        package var note: ProgressNote?
        package var undoes: Int64?
    }

    /// Checks what a write asks before anything is read: the id, a non-empty change, the progress
    /// and the deadline. Returns the deadline to set (`.some(nil)` clears it; nil leaves it).
    package static func validate(_ change: Change, itemID: String) throws -> String?? {
        _ = try Validation.itemID(itemID)
        guard !change.isEmpty else { throw StoreError.emptyChange }
        if let p = change.progress { _ = try Validation.progress(p) }
        switch change.deadline {
        case .set(let d)?: return .some(try Validation.deadline(d))
        case .clear?: return .some(nil)
        case nil: return nil
        }
    }

    /// The events a write appends to an item whose state is `state` (updated to the state after),
    /// or `StoreError.conflict` when, with `base: .lastSeen(id)`, events after `id` (read with
    /// `eventsAfter`) changed a field this write would overwrite. Runs inside the write transaction.
    package static func plan(_ change: Change, deadline newDeadline: String??, to itemID: String, base: WriteBase,
                             state after: inout ItemState, eventsAfter: (Int64) throws -> [StateEvent]) throws -> [PendingEvent] {
        if case .lastSeen(let seen) = base, after.lastEventID != seen {
            // Only a colleague's change to a field this write would overwrite conflicts: a
            // report is appended, never replaced, so it neither conflicts nor is conflicted with.
            let since = try eventsAfter(seen ?? 0)
            let overwritten = change.overwrittenFields
            let conflicting = since.filter { overwritten.contains($0.field) }
            if !conflicting.isEmpty {
                throw StoreError.conflict(.init(itemID: itemID, base: seen, since: conflicting))
            }
        }
        var pending: [PendingEvent] = []
        func set(_ field: Field, _ value: String?, note: ProgressNote? = nil) {
            let old = Store.value(of: field, in: after)
            guard old != value || field == .note else { return }
            pending.append(PendingEvent(kind: EventKind(rawValue: field.rawValue) ?? .note, field: field,
                                        old: old, new: value, note: note, undoes: nil))
            Store.apply(field, value, to: &after)
        }
        if let s = change.status { set(.status, s.rawValue) }
        if let p = change.progress { set(.progress, String(p)) }
        if let d = newDeadline { set(.deadline, d) }
        if let n = change.note, !n.isEmpty { set(.note, n.summary, note: n) }
        return pending
    }

    /// The undo events reverting `undoing` (oldest first) on an item whose state is `state`
    /// (updated to the state after): newest first, each restoring the value its event replaced.
    package static func planUndo(_ undoing: [StateEvent], state after: inout ItemState) -> [PendingEvent] {
        var pending: [PendingEvent] = []
        for e in undoing.reversed() {
            pending.append(PendingEvent(kind: .undo, field: e.field, old: Store.value(of: e.field, in: after),
                                        new: e.oldValue, note: nil, undoes: e.id))
            Store.apply(e.field, e.oldValue, to: &after)
        }
        return pending
    }

    /// Appends `pending` as one batch and stores `state` as the item's current row. Returns the
    /// events as stored. Must run inside the write transaction.
    func append(_ db: Database, _ pending: [PendingEvent], itemID: String, base: Int64?,
                state: inout ItemState) throws -> [StateEvent] {
        guard !pending.isEmpty else { return [] }
        let first = try Store.maxEventID(db) + 1
        let at = TimeText.nowMillis()
        let insert = try db.cachedStatement(sql: """
            INSERT INTO events (id, batch_id, item_id, kind, field, old_value, new_value,
                note_done, note_next, note_problems, note_support, account, uid, host, ssh_client, at,
                undoes_event_id, base_event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var events: [StateEvent] = []
        for (offset, p) in pending.enumerated() {
            let e = StateEvent(id: first + Int64(offset), batchID: first, itemID: itemID, kind: p.kind, field: p.field,
                               oldValue: p.old, newValue: p.new, note: p.note, account: origin.account, uid: origin.uid,
                               host: origin.host, sshClient: origin.sshClient, atMillis: at,
                               undoesEventID: p.undoes, baseEventID: base)
            try insert.execute(arguments: [e.id, e.batchID, e.itemID, e.kind.rawValue, e.field.rawValue, e.oldValue, e.newValue,
                                           p.note?.done, p.note?.next, p.note?.problems, p.note?.support,
                                           e.account, e.uid, e.host, e.sshClient, e.atMillis, e.undoesEventID, e.baseEventID])
            events.append(e)
        }
        state.lastEventID = events.last?.id
        state.updatedBy = origin.account
        state.updatedAt = Double(at) / 1000
        try db.cachedStatement(sql: """
            INSERT INTO current (item_id, status, progress, deadline, last_event_id, updated_by, updated_at, latest_note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(item_id) DO UPDATE SET status = excluded.status, progress = excluded.progress,
                deadline = excluded.deadline, last_event_id = excluded.last_event_id, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at, latest_note = excluded.latest_note
            """).execute(arguments: [itemID, state.status.rawValue, state.progress, state.deadline, state.lastEventID,
                                     origin.account, at, state.latestNote])
        return events
    }

    /// A field's value as events store it.
    package static func value(of field: Field, in state: ItemState) -> String? {
        switch field {
        case .status: return state.status.rawValue
        case .progress: return String(state.progress)
        case .deadline: return state.deadline
        case .note: return state.latestNote
        }
    }

    /// Sets a field from its stored value.
    package static func apply(_ field: Field, _ value: String?, to state: inout ItemState) {
        switch field {
        case .status: state.status = value.flatMap(Status.init(rawValue:)) ?? .notStarted
        case .progress: state.progress = value.flatMap { Int($0) } ?? 0
        case .deadline: state.deadline = value
        case .note: state.latestNote = value
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction (waiting up to `busyTimeout` for other
    /// writers), committing when it returns and rolling back when it throws.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else { throw readOnlyError() }
        // After committing, let a writer that is polling for the lock run first (fairness when
        // several processes write back to back).
        defer { sched_yield() }
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.database(path: path, detail: "the transaction returned nothing") }
                return result
            }
        } catch let e as StoreError {
            throw e
        } catch let e as DatabaseError where e.resultCode == .SQLITE_READONLY {
            throw readOnlyError()
        } catch let e as DatabaseError {
            throw StoreError.database(path: path, detail: SQLiteMessages.explain(e, path: path, writing: true))
        }
    }

    /// The read-only error for this account, with the cause found when the store was opened.
    func readOnlyError() -> StoreError {
        .readOnly(path: path, account: origin.account, cause: readOnlyCause ?? "it was opened read-only")
    }
}
