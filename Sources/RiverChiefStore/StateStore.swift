import Foundation
import RiverChiefCore

/// The state store as the command line and the dashboard use it, whatever keeps it: an SQLite file
/// (`Store`) or a PostgreSQL database (`PostgresStore`, in RiverChiefPostgres, built with the
/// `PostgreSQL` trait). Both keep the append-only `events` log and the `current` table folded from
/// it in one transaction per change, refuse a write whose base is stale (`StoreError.conflict`),
/// undo by appending, and answer the same reads; one test suite runs against both.
///
/// Every call is synchronous and short; errors are `StoreError`, whose description is the message
/// for the person.
public protocol StateStore: AnyObject, Sendable {
    /// Where the state is: the SQLite file's path, or the PostgreSQL address without its password.
    var location: String { get }
    /// True when this account may only read.
    var isReadOnly: Bool { get }
    /// Why the store is read-only; nil when writable.
    var readOnlyCause: String? { get }
    /// The account (and host) this store's writes are recorded with. For PostgreSQL the account is
    /// the one the server authenticated (`session_user`), whatever the client claims.
    var origin: Origin { get }
    /// The configuration's roles, checked before a write (nil lets every write through).
    var writeGuard: WriteGuard? { get }

    func snapshotWithLastID() throws -> (lastID: Int64, states: [String: ItemState])
    func state(of itemID: String) throws -> ItemState
    /// The states of these items (those that have one), by id. The default reads every state;
    /// the SQLite store reads just these, by primary key.
    func states(of itemIDs: [String]) throws -> [String: ItemState]
    func lastEventID() throws -> Int64
    func changes(since eventID: Int64) throws -> (lastID: Int64, changed: [String: ItemState])

    @discardableResult
    func write(_ change: Change, to itemID: String, base: WriteBase) throws -> WriteResult
    @discardableResult
    func undoChange(itemID: String?, batch: Int64?) throws -> WriteResult
    func undoableEvents(itemID: String?) throws -> [StateEvent]

    func eachEvent(itemID: String?, limit: Int?, sinceMillis: Int64?, _ body: (StateEvent) throws -> Void) throws
    func eventCount() throws -> Int

    func facts(untilMillis: Int64?) throws -> [String: TaskFacts]
    func reportTimes() throws -> [String: Int64]
    @discardableResult
    func record(_ change: TargetChange, target targetID: String) throws -> Int64
    func targetRecords(untilMillis: Int64?) throws -> [String: TargetRecord]

    func recordIfRefused(_ action: String, on itemID: String, attempted: String)
    func refusedCount() throws -> Int
    func refusedAttempts(limit: Int?) throws -> [RefusedAttempt]

    func doctor(knownItemIDs: Set<String>?) throws -> DoctorReport

    /// Asks to be told when another process changes the state: `onChange` is called (on another
    /// thread) after each such change. True when the store does this (PostgreSQL: LISTEN/NOTIFY),
    /// false when the caller must keep polling `changes(since:)` (SQLite).
    func watchChanges(_ onChange: @escaping @Sendable () -> Void) -> Bool
}

extension StateStore {
    public func watchChanges(_ onChange: @escaping @Sendable () -> Void) -> Bool { false }

    public func snapshot() throws -> [String: ItemState] { try snapshotWithLastID().states }

    public func states(of itemIDs: [String]) throws -> [String: ItemState] {
        let all = try snapshot()
        var out: [String: ItemState] = [:]
        for id in itemIDs { out[id] = all[id] }
        return out
    }

    @discardableResult
    public func write(_ change: Change, to itemID: String) throws -> WriteResult {
        try write(change, to: itemID, base: .unchecked)
    }

    /// Reverts this account's most recent change not yet undone (on `itemID` when given, exactly
    /// `batch` when given) by appending one `undo` event per event of it. `StoreError.undoRefused`
    /// when another account changed the item since, `.nothingToUndo` when nothing is left.
    @discardableResult
    public func undo(itemID: String? = nil, batch: Int64? = nil) throws -> WriteResult {
        try undoChange(itemID: itemID, batch: batch)
    }

    /// What `undo(itemID:)` would revert now, oldest first; empty when nothing.
    public func undoable(itemID: String? = nil) throws -> [StateEvent] { try undoableEvents(itemID: itemID) }

    public func history(itemID: String? = nil, limit: Int? = nil, sinceMillis: Int64? = nil) throws -> [StateEvent] {
        var out: [StateEvent] = []
        try eachEvent(itemID: itemID, limit: limit, sinceMillis: sinceMillis) { out.append($0) }
        return out
    }

    /// The same events handed to `body` one at a time as they are read (never held whole).
    public func forEachEvent(itemID: String? = nil, limit: Int? = nil, sinceMillis: Int64? = nil,
                             _ body: (StateEvent) throws -> Void) throws {
        try eachEvent(itemID: itemID, limit: limit, sinceMillis: sinceMillis, body)
    }

    public func facts() throws -> [String: TaskFacts] { try facts(untilMillis: nil) }
    public func targetRecords() throws -> [String: TargetRecord] { try targetRecords(untilMillis: nil) }
    public func refusedAttempts() throws -> [RefusedAttempt] { try refusedAttempts(limit: nil) }
    public func doctor() throws -> DoctorReport { try doctor(knownItemIDs: nil) }

    /// What a report of `library` needs, as the history stood at the end of the local day `asOf`
    /// (nil: now, reported as today).
    public func reportInput(library: Library, asOf: Day?, rules: ReportRules = .standard,
                            timeZone: TimeZone = .current, now: Date = Date()) throws -> ReportInput {
        ReportInput(library: library, history: try reportHistory(asOf: asOf, timeZone: timeZone, now: now), rules: rules)
    }

    /// What a report needs from the history alone (no library: a command reads it while the
    /// library loads).
    public func reportHistory(asOf: Day?, timeZone: TimeZone = .current, now: Date = Date()) throws -> ReportHistory {
        let until = asOf.map { $0.endMillis(timeZone: timeZone) }
        let day = asOf ?? Day(millis: Int64((now.timeIntervalSince1970 * 1000).rounded()), timeZone: timeZone)
        return ReportHistory(facts: try facts(untilMillis: until), targets: try targetRecords(untilMillis: until), asOf: day,
                             timeZone: timeZone)
    }
}

extension Store: StateStore {
    public var location: String { path }
}
