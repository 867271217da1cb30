#if PostgreSQL
import Foundation
import PostgresNIO
import RiverChiefCore
import RiverChiefStore

/// The state store in a PostgreSQL database: the same tables, behaviour and answers as the SQLite
/// `Store` (one test suite runs against both), with the server as the authority on who writes.
/// Reads are plain SELECTs; every change is one transaction that takes the writers' lock
/// (`riverchief_lock()`), reads the item, checks the base as the SQLite store does (`Store.plan`),
/// and appends through `riverchief_append`, which records `session_user` and the server's time,
/// refuses anything the office's roles do not allow, and notifies `riverchief_events` for live
/// refresh (docs/postgresql.md).
public final class PostgresStore: StateStore, @unchecked Sendable {
    public let address: PostgresAddress
    public var location: String { address.display }
    public let isReadOnly: Bool
    public let readOnlyCause: String?
    /// `account` is the server's `session_user`; host, uid and SSH client are the client's, for labelling.
    public let origin: Origin
    public let writeGuard: WriteGuard?
    let link: PostgresLink

    /// Connects to `address` as the process's own account (or the address's user), sets the
    /// database up when it is new and this role may (its owner), and checks its schema.
    public init(address: PostgresAddress, origin: Origin = .current(), writeGuard: WriteGuard? = nil) throws {
        self.address = address
        self.writeGuard = writeGuard
        let user = address.user ?? origin.account
        link = PostgresLink(address: address, user: user)
        do {
            try link.connect()
            let who: String = try link.scalar("SELECT session_user::text") ?? user
            self.origin = Origin(account: who, uid: origin.uid, host: origin.host, sshClient: origin.sshClient)
            try PostgresStore.migrate(link, display: address.display)
            let refusal: String? = try link.scalar("SELECT riverchief_refusal(session_user, NULL)")
            isReadOnly = refusal != nil
            readOnlyCause = refusal
        } catch let e as PostgresFailure {
            throw StoreError.cannotOpen(path: address.display, detail: e.description)
        }
    }

    /// Opens `text` (a `postgresql://` address) or says what is wrong with it.
    public static func open(_ text: String, origin: Origin = .current(), writeGuard: WriteGuard? = nil) throws -> PostgresStore {
        switch PostgresAddress.parse(text) {
        case .failure(let e): throw StoreError.unusablePath(path: text, reason: e.reason)
        case .success(let a): return try PostgresStore(address: a, origin: origin, writeGuard: writeGuard)
        }
    }

    // MARK: Schema

    static func migrate(_ link: PostgresLink, display: String) throws {
        let known = PostgresSchema.names
        func applied() throws -> [String]? {
            guard try link.scalar("SELECT to_regclass('public.riverchief_migrations')::text", as: String.self) != nil else { return nil }
            return try link.rows("SELECT name FROM riverchief_migrations ORDER BY applied_at, name") { try $0[0].decode(String.self) }
        }
        if let done = try applied() {
            if !Set(done).subtracting(known).isEmpty { throw StoreError.newerSchema(path: display) }
            if Set(known).isSubset(of: done) { return }
        } else {
            let foreign = try link.rows("""
                SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1
                """) { try $0[0].decode(String.self) }
            if !foreign.isEmpty { throw StoreError.foreignDatabase(path: display, tables: foreign) }
        }
        let mayCreate: Bool = try link.scalar("SELECT has_schema_privilege('public', 'CREATE')") ?? false
        guard mayCreate else {
            throw StoreError.cannotOpen(path: display, detail: "the database is not set up for riverchief yet (or needs upgrading), "
                + "and your role may not create tables in it; its owner sets it up with `riverchief init --db \(display)`")
        }
        try link.transaction {
            // One process sets up at a time; the others find it done.
            try link.query("SELECT pg_advisory_xact_lock(7242020)", inTransaction: true)
            try link.query(PostgresSchema.bookkeeping, inTransaction: true)
            let done = Set(try link.rows("SELECT name FROM riverchief_migrations", inTransaction: true) { try $0[0].decode(String.self) })
            for m in PostgresSchema.migrations where !done.contains(m.name) {
                try link.script(m.sql, inTransaction: true)
                try link.query("INSERT INTO riverchief_migrations (name) VALUES ($1)", [.text(m.name)], inTransaction: true)
            }
        }
    }

    /// Runs `body` with PostgreSQL's failures turned into `StoreError`s.
    func run<T>(writing: Bool = false, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as StoreError {
            throw e
        } catch let e as PostgresFailure {
            if e.sqlState == "42501" {
                throw StoreError.notPermitted(itemID: "", account: origin.account, reason: e.message, recorded: false)
            }
            throw StoreError.database(path: location, detail: e.description + (writing ? "; nothing was written" : ""))
        }
    }

    // MARK: Reading

    static let currentColumns = "item_id, status, progress, deadline, last_event_id, updated_by, updated_at, latest_note"

    static func state(_ r: PostgresRandomAccessRow) throws -> (String, ItemState) {
        (try r[0].decode(String.self),
         ItemState(status: Status(rawValue: try r[1].decode(String.self)) ?? .notStarted, progress: Int(try r[2].decode(Int32.self)),
                   deadline: try r[3].decode(String?.self), lastEventID: try r[4].decode(Int64?.self),
                   updatedBy: try r[5].decode(String?.self), updatedAt: Double(try r[6].decode(Int64.self)) / 1000,
                   latestNote: try r[7].decode(String?.self)))
    }

    func states(_ sql: String, _ binds: [Bind] = [], inTransaction: Bool = false) throws -> [String: ItemState] {
        var out: [String: ItemState] = [:]
        try link.query(sql, binds, inTransaction: inTransaction) { r in
            let (id, s) = try PostgresStore.state(r)
            out[id] = s
        }
        return out
    }

    public func snapshotWithLastID() throws -> (lastID: Int64, states: [String: ItemState]) {
        try run {
            // One snapshot for both: REPEATABLE READ.
            try link.transaction {
                try link.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", inTransaction: true)
                let states = try states("SELECT \(Self.currentColumns) FROM current", inTransaction: true)
                let last = try link.rows("SELECT COALESCE(MAX(id), 0) FROM events", inTransaction: true) { try $0[0].decode(Int64.self) }
                return (last.first ?? 0, states)
            }
        }
    }

    public func state(of itemID: String) throws -> ItemState {
        try run { try states("SELECT \(Self.currentColumns) FROM current WHERE item_id = $1", [.text(itemID)])[itemID] ?? .initial }
    }

    public func lastEventID() throws -> Int64 {
        try run { try link.scalar("SELECT COALESCE(MAX(id), 0) FROM events") ?? 0 }
    }

    public func changes(since eventID: Int64) throws -> (lastID: Int64, changed: [String: ItemState]) {
        try run {
            let maxID: Int64 = try link.scalar("SELECT COALESCE(MAX(id), 0) FROM events") ?? 0
            if maxID == eventID { return (maxID, [:]) }
            // Every state after the newest id seen, read up to maxID: a later commit shows next time.
            let changed = maxID < eventID
                ? try states("SELECT \(Self.currentColumns) FROM current")
                : try states("SELECT \(Self.currentColumns) FROM current WHERE item_id IN (SELECT item_id FROM events WHERE id > $1)",
                             [.int(eventID)])
            return (maxID, changed)
        }
    }

    static let eventColumns = """
        e.id, e.batch_id, e.item_id, e.kind, e.field, e.old_value, e.new_value, e.note_done, e.note_next,
        e.note_problems, e.note_support, e.account, e.uid, e.host, e.ssh_client, e.at, e.undoes_event_id,
        e.base_event_id, (SELECT u.id FROM events u WHERE u.undoes_event_id = e.id) AS undone_by
        """

    static func event(_ r: PostgresRandomAccessRow) throws -> StateEvent {
        let note = ProgressNote(done: try r[7].decode(String?.self), next: try r[8].decode(String?.self),
                                problems: try r[9].decode(String?.self), support: try r[10].decode(String?.self))
        return StateEvent(id: try r[0].decode(Int64.self), batchID: try r[1].decode(Int64.self), itemID: try r[2].decode(String.self),
                          kind: EventKind(rawValue: try r[3].decode(String.self)) ?? .note,
                          field: Field(rawValue: try r[4].decode(String.self)) ?? .note,
                          oldValue: try r[5].decode(String?.self), newValue: try r[6].decode(String?.self),
                          note: note.isEmpty ? nil : note, account: try r[11].decode(String.self), uid: Int(try r[12].decode(Int32.self)),
                          host: try r[13].decode(String?.self), sshClient: try r[14].decode(String?.self), atMillis: try r[15].decode(Int64.self),
                          undoesEventID: try r[16].decode(Int64?.self), baseEventID: try r[17].decode(Int64?.self),
                          undoneByEventID: try r[18].decode(Int64?.self))
    }

    public func eachEvent(itemID: String?, limit: Int?, sinceMillis: Int64?, _ body: (StateEvent) throws -> Void) throws {
        var sql = "SELECT \(Self.eventColumns) FROM events e"
        var conditions: [String] = []
        var binds: [Bind] = []
        if let itemID {
            binds.append(.text(itemID))
            conditions.append("e.item_id = $\(binds.count)")
        }
        if let sinceMillis {
            binds.append(.int(sinceMillis))
            conditions.append("e.at >= $\(binds.count)")
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if let limit {
            binds.append(.int(Int64(max(0, limit))))
            sql = "SELECT * FROM (\(sql) ORDER BY e.id DESC LIMIT $\(binds.count)) AS newest ORDER BY 1"
        } else {
            sql += " ORDER BY e.id"
        }
        // Read in pages by id, so a long history is never held whole.
        if limit == nil {
            var after: Int64 = 0
            let paged = "SELECT * FROM (\(sql.replacingOccurrences(of: " ORDER BY e.id", with: ""))) AS page WHERE page.id > $\(binds.count + 1) ORDER BY page.id LIMIT 5000"
            while true {
                let page = try run { try link.rows(paged, binds + [.int(after)], Self.event) }
                for e in page { try body(e) }
                guard let last = page.last, page.count == 5000 else { return }
                after = last.id
            }
        }
        for e in try run({ try link.rows(sql, binds, Self.event) }) { try body(e) }
    }

    public func eventCount() throws -> Int {
        try run { Int(try link.scalar("SELECT COUNT(*) FROM events", as: Int64.self) ?? 0) }
    }

    // MARK: Writing

    /// The events of one item after `after`, inside the write transaction.
    func events(itemID: String, after: Int64) throws -> [StateEvent] {
        try link.rows("SELECT \(Self.eventColumns) FROM events e WHERE e.item_id = $1 AND e.id > $2 ORDER BY e.id",
                      [.text(itemID), .int(after)], inTransaction: true, Self.event)
    }

    /// One write transaction: the writers' lock, then `body`. A role refusal from the server
    /// becomes `StoreError.notPermitted`.
    func writeTransaction<T>(itemID: String?, _ body: () throws -> T) throws -> T {
        guard !isReadOnly else {
            throw StoreError.readOnly(path: location, account: origin.account, cause: readOnlyCause ?? "")
        }
        do {
            return try run(writing: true) {
                try link.transaction {
                    try link.query("SELECT riverchief_lock()", inTransaction: true)
                    return try body()
                }
            }
        } catch StoreError.notPermitted(_, let account, let reason, _) where itemID != nil {
            throw StoreError.notPermitted(itemID: itemID ?? "", account: account, reason: reason, recorded: false)
        }
    }

    /// Appends `pending` through `riverchief_append`; returns the events as the server stored them.
    func append(_ pending: [Store.PendingEvent], itemID: String, last: Int64?, state: inout ItemState) throws -> [StateEvent] {
        guard !pending.isEmpty else { return [] }
        let json = try Self.json(pending)
        let stored = try link.rows("""
            SELECT \(Self.eventColumns) FROM riverchief_append($1::text, $2::bigint, $3::jsonb, $4::integer, $5::text, $6::text) e
            """, [.text(itemID), .int(last), .text(json), .int(Int64(origin.uid)), .text(origin.host), .text(origin.sshClient)],
            inTransaction: true, Self.event)
        if let newest = stored.last {
            state.lastEventID = newest.id
            state.updatedBy = newest.account
            state.updatedAt = newest.at
        }
        return stored
    }

    static func json(_ pending: [Store.PendingEvent]) throws -> String {
        let objects: [[String: Any]] = pending.map { p in
            var o: [String: Any] = ["kind": p.kind.rawValue, "field": p.field.rawValue]
            o["old"] = p.old ?? NSNull()
            o["new"] = p.new ?? NSNull()
            o["undoes"] = p.undoes.map { NSNumber(value: $0) } ?? NSNull()
            if let n = p.note {
                o["done"] = n.done ?? NSNull()
                o["next"] = n.next ?? NSNull()
                o["problems"] = n.problems ?? NSNull()
                o["support"] = n.support ?? NSNull()
            }
            return o
        }
        let data = try JSONSerialization.data(withJSONObject: objects)
        return String(decoding: data, as: UTF8.self)
    }

    @discardableResult
    public func write(_ change: Change, to itemID: String, base: WriteBase) throws -> WriteResult {
        let newDeadline = try Store.validate(change, itemID: itemID)
        try enforce("set", on: itemID, attempted: change.attemptText)
        return try writeTransaction(itemID: itemID) {
            let before = try states("SELECT \(Self.currentColumns) FROM current WHERE item_id = $1", [.text(itemID)],
                                    inTransaction: true)[itemID] ?? .initial
            var after = before
            let pending = try Store.plan(change, deadline: newDeadline, to: itemID, base: base, state: &after) { seen in
                try events(itemID: itemID, after: seen)
            }
            let appended = try append(pending, itemID: itemID, last: before.lastEventID, state: &after)
            return WriteResult(itemID: itemID, events: appended, before: before, after: after)
        }
    }

    @discardableResult
    public func undoChange(itemID: String?, batch: Int64?) throws -> WriteResult {
        do {
            return try writeTransaction(itemID: nil) {
                let undoing = try undoable(account: origin.account, itemID: itemID, batch: batch, inTransaction: true)
                guard let last = undoing.last else {
                    throw StoreError.nothingToUndo(account: origin.account, itemID: itemID)
                }
                let item = last.itemID
                if let g = writeGuard, g.refusal(item) != nil { throw Store.UndoRefusedByRole(itemID: item, eventID: last.id) }
                if let other = try link.rows("""
                    SELECT \(Self.eventColumns) FROM events e
                    WHERE e.item_id = $1 AND e.id > $2 AND e.account <> $3 ORDER BY e.id DESC LIMIT 1
                    """, [.text(item), .int(last.id), .text(origin.account)], inTransaction: true, Self.event).first {
                    throw StoreError.undoRefused(itemID: item, undoing: last, since: other)
                }
                let before = try states("SELECT \(Self.currentColumns) FROM current WHERE item_id = $1", [.text(item)],
                                        inTransaction: true)[item] ?? .initial
                var after = before
                let pending = Store.planUndo(undoing, state: &after)
                let appended = try append(pending, itemID: item, last: before.lastEventID, state: &after)
                return WriteResult(itemID: item, events: appended, before: before, after: after)
            }
        } catch let refused as Store.UndoRefusedByRole {
            try enforce("undo", on: refused.itemID, attempted: "undo of event \(refused.eventID)")
            throw StoreError.notPermitted(itemID: refused.itemID, account: origin.account, reason: "", recorded: false)
        }
    }

    public func undoableEvents(itemID: String?) throws -> [StateEvent] {
        try run { try undoable(account: origin.account, itemID: itemID, batch: nil, inTransaction: false) }
    }

    func undoable(account: String, itemID: String?, batch wanted: Int64?, inTransaction: Bool) throws -> [StateEvent] {
        var batch = wanted
        if batch == nil {
            var sql = """
                SELECT e.batch_id FROM events e
                WHERE e.account = $1 AND e.kind <> 'undo'
                  AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
                """
            var binds: [Bind] = [.text(account)]
            if let itemID {
                sql += " AND e.item_id = $2"
                binds.append(.text(itemID))
            }
            sql += " ORDER BY e.id DESC LIMIT 1"
            batch = try link.rows(sql, binds, inTransaction: inTransaction) { try $0[0].decode(Int64.self) }.first
        }
        guard let batch else { return [] }
        return try link.rows("""
            SELECT \(Self.eventColumns) FROM events e
            WHERE e.batch_id = $1 AND e.account = $2 AND e.kind <> 'undo'
              AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
            ORDER BY e.id
            """, [.int(batch), .text(account)], inTransaction: inTransaction, Self.event)
    }

    // MARK: Roles checked by the client (as the SQLite store does), recorded by the server

    func enforce(_ action: String, on itemID: String, attempted: String) throws {
        guard let g = writeGuard, let reason = g.refusal(itemID) else { return }
        var recorded = true
        do { try recordRefusal(action: action, itemID: itemID, attempted: attempted, reason: reason) } catch { recorded = false }
        throw StoreError.notPermitted(itemID: itemID, account: origin.account, reason: reason, recorded: recorded)
    }

    public func recordIfRefused(_ action: String, on itemID: String, attempted: String) {
        guard let g = writeGuard, let reason = g.refusal(itemID) else { return }
        try? recordRefusal(action: action, itemID: itemID, attempted: attempted, reason: reason)
    }

    func recordRefusal(action: String, itemID: String, attempted: String, reason: String) throws {
        try run(writing: true) {
            try link.query("SELECT riverchief_refuse($1::text, $2::text, $3::text, $4::text, $5::text, $6::integer, $7::text, $8::text)",
                           [.text(itemID), .text(action), .text(attempted), .text(writeGuard?.role ?? ""), .text(reason),
                            .int(Int64(origin.uid)), .text(origin.host), .text(origin.sshClient)])
        }
    }

    public func refusedCount() throws -> Int {
        try run { Int(try link.scalar("SELECT COUNT(*) FROM refused", as: Int64.self) ?? 0) }
    }

    public func refusedAttempts(limit: Int?) throws -> [RefusedAttempt] {
        var sql = "SELECT id, item_id, action, attempted, role, reason, account, uid, host, ssh_client, at FROM refused ORDER BY id DESC"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try run {
            try link.rows(sql) { r in
                RefusedAttempt(id: try r[0].decode(Int64.self), itemID: try r[1].decode(String.self), action: try r[2].decode(String.self),
                               attempted: try r[3].decode(String?.self) ?? "", role: try r[4].decode(String.self),
                               reason: try r[5].decode(String.self), account: try r[6].decode(String.self),
                               uid: Int(try r[7].decode(Int32.self)), host: try r[8].decode(String?.self),
                               sshClient: try r[9].decode(String?.self), atMillis: try r[10].decode(Int64.self))
            }.reversed()
        }
    }

    // MARK: Reports and targets

    public func facts(untilMillis: Int64?) throws -> [String: TaskFacts] {
        try run {
            var fold = FactsFold()
            try link.query("""
                SELECT id, item_id, kind, field, new_value, at, account, undoes_event_id FROM events
                WHERE at <= $1 ORDER BY id
                """, [.int(untilMillis ?? Int64.max)]) { r in
                fold.add(id: try r[0].decode(Int64.self), item: try r[1].decode(String.self),
                         isUndo: try r[2].decode(String.self) == "undo", field: Field(rawValue: try r[3].decode(String.self)) ?? .note,
                         newValue: try r[4].decode(String?.self), atMillis: try r[5].decode(Int64.self),
                         account: try r[6].decode(String?.self), undoes: try r[7].decode(Int64?.self))
            }
            return try fold.finish { id in
                try link.rows("SELECT at, note_done, note_next, note_problems, note_support FROM events WHERE id = $1", [.int(id)]) { r in
                    (try r[0].decode(Int64.self), ReportParts(done: try r[1].decode(String?.self), next: try r[2].decode(String?.self),
                                                              problems: try r[3].decode(String?.self), support: try r[4].decode(String?.self)))
                }.first
            }
        }
    }

    public func reportTimes() throws -> [String: Int64] {
        try run {
            var out: [String: Int64] = [:]
            try link.query("""
                SELECT item_id, MAX(at) FROM events e
                WHERE kind = 'note' AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_event_id = e.id)
                GROUP BY item_id
                """) { r in out[try r[0].decode(String.self)] = try r[1].decode(Int64.self) }
            return out
        }
    }

    @discardableResult
    public func record(_ change: TargetChange, target targetID: String) throws -> Int64 {
        _ = try Validation.itemID(targetID)
        var on: String?, value: Double?, i = Indicator()
        switch change {
        case .value(let v, let day):
            guard v.isFinite else { throw StoreError.invalidTargetValue("\(v)") }
            on = try Validation.deadline(day)
            value = v
        case .indicator(let set):
            guard set.metric != nil || set.unit != nil || set.baseline != nil || set.goal != nil else { throw StoreError.emptyChange }
            i = set
        }
        guard !isReadOnly else { throw StoreError.readOnly(path: location, account: origin.account, cause: readOnlyCause ?? "") }
        return try run(writing: true) {
            try link.scalar("SELECT riverchief_record_target($1::text, $2::text, $3::text, $4::text, $5::float8, $6::float8, $7::float8, $8::text, $9::integer, $10::text, $11::text)",
                            [.text(targetID), .text(value == nil ? "indicator" : "value"), .text(i.metric), .text(i.unit),
                             .double(i.baseline), .double(i.goal), .double(value), .text(on),
                             .int(Int64(origin.uid)), .text(origin.host), .text(origin.sshClient)], as: Int64.self) ?? 0
        }
    }

    public func targetRecords(untilMillis: Int64?) throws -> [String: TargetRecord] {
        try run {
            var out: [String: TargetRecord] = [:]
            try link.query("""
                SELECT target_id, kind, metric, unit, baseline, goal, value, measured_on, account, at FROM target_events
                WHERE at <= $1 ORDER BY id
                """, [.int(untilMillis ?? Int64.max)]) { r in
                let id = try r[0].decode(String.self), kind = try r[1].decode(String.self)
                let by = try r[8].decode(String.self), at = try r[9].decode(Int64.self)
                var rec = out[id] ?? TargetRecord()
                if kind == "value", let v = try r[6].decode(Double?.self), let on = try r[7].decode(String?.self) {
                    rec.values.append(Measurement(value: v, on: on, by: by, atMillis: at))
                } else {
                    var i = rec.indicator ?? Indicator()
                    if let m = try r[2].decode(String?.self) { i.metric = m }
                    if let u = try r[3].decode(String?.self) { i.unit = u }
                    if let b = try r[4].decode(Double?.self) { i.baseline = b }
                    if let g = try r[5].decode(Double?.self) { i.goal = g }
                    rec.indicator = i
                    rec.indicatorBy = by
                    rec.indicatorMillis = at
                }
                out[id] = rec
            }
            for (id, rec) in out { out[id]?.values = rec.values.sorted { ($0.on, $0.atMillis) < ($1.on, $1.atMillis) } }
            return out
        }
    }
}
#endif
