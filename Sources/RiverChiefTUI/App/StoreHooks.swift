import Foundation
import RiverChiefCore
import RiverChiefStore

/// Whether the dashboard can record changes, for its banner and its edit keys.
public enum StoreAccess: Sendable, Equatable {
    /// Reads and writes work.
    case readWrite(path: String)
    /// The database opened, but this account cannot write it: a banner says so, edits are refused.
    case readOnly(path: String, reason: String)
    /// No database: the dashboard browses the library only. `reason` is the store's message.
    case unavailable(reason: String)

    public var canWrite: Bool { if case .readWrite = self { return true } else { return false } }
}

/// What this person may change, when the configuration's roles govern the database: the role's
/// name for the header, the items they may change (nil: every one), and why not the others.
public struct EditRights: Sendable, Equatable {
    public var role: String
    public var roleEnglish: String
    public var changeable: Set<String>?
    /// Why an item may not be changed (Chinese, English); nil when it may.
    public var explain: @Sendable (String) -> (String, String)?
    /// A liaison's unit (an id): the dashboard opens on its tasks unless the person chose another (`U`).
    public var myUnit: String?

    public init(role: String, roleEnglish: String, changeable: Set<String>?, explain: @escaping @Sendable (String) -> (String, String)?) {
        self.role = role
        self.roleEnglish = roleEnglish
        self.changeable = changeable
        self.explain = explain
    }

    public func mayChange(_ id: String) -> Bool { changeable?.contains(id) ?? true }

    public static func == (a: EditRights, b: EditRights) -> Bool {
        a.role == b.role && a.roleEnglish == b.roleEnglish && a.changeable == b.changeable
    }
}

/// The state store as the dashboard uses it: closures the runtime calls off the input path, whose
/// results come back as messages. `connect(_:)` wires a real `Store`; tests may wire a real store
/// on a temporary file, or leave a hook out.
public struct StoreHooks: Sendable {
    public var access: StoreAccess
    /// The role and what it may change; nil when no roles apply (whoever can write may change everything).
    public var rights: EditRights?
    /// Reads every item's current state (→ `Msg.statesLoaded`).
    public var loadStates: (@Sendable () throws -> [String: ItemState])?
    /// Records a change to one item, refused if an event after `base` changed a field it overwrites
    /// (→ `Msg.written` or `Msg.writeFailed`).
    public var write: (@Sendable (_ id: String, _ change: Change, _ base: Int64?) throws -> WriteResult)?
    /// Reverts this account's last change not yet undone, or the change `batch` when given
    /// (→ `Msg.undone` or `Msg.writeFailed`).
    public var undo: (@Sendable (_ batch: Int64?) throws -> WriteResult)?
    /// What `undo` would revert now (→ `Msg.undoPreviewed`).
    public var undoable: (@Sendable () throws -> [StateEvent])?
    /// One item's events, oldest first (→ `Msg.historyLoaded`).
    public var history: (@Sendable (_ id: String) throws -> [StateEvent])?
    /// Records that the role refused a change begun on an item (the dashboard refused it before asking).
    public var refuse: (@Sendable (_ id: String, _ attempted: String) -> Void)?
    /// Others' changes since the last call (→ one `Msg.statesChanged` for them all). Called from the loop
    /// every `pollInterval` seconds, so it must be cheap when nothing changed.
    public var pollChanges: (@Sendable () throws -> [String: ItemState])?
    /// When each item's newest progress report was filed, Unix ms (→ `Msg.reportTimesLoaded`, for 未报送).
    public var reportTimes: (@Sendable () throws -> [String: Int64])?
    /// What a report needs, as the history stands now (→ the reports panel and its files).
    public var reportInput: (@Sendable (_ library: Library, _ rules: ReportRules) throws -> ReportInput)?
    /// Where the reports panel writes its files (the folder the dashboard was started in).
    public var exportDirectory: String = FileManager.default.currentDirectoryPath
    /// The database's path, once, after the file there was found replaced and the new one opened
    /// (the runtime says so in the status line). Asked after each `pollChanges`.
    public var takeReplacement: (@Sendable () -> String?)?

    public init(access: StoreAccess = .unavailable(reason: "no state database"),
                loadStates: (@Sendable () throws -> [String: ItemState])? = nil,
                write: (@Sendable (String, Change, Int64?) throws -> WriteResult)? = nil,
                undo: (@Sendable (Int64?) throws -> WriteResult)? = nil,
                undoable: (@Sendable () throws -> [StateEvent])? = nil,
                history: (@Sendable (String) throws -> [StateEvent])? = nil,
                refuse: (@Sendable (String, String) -> Void)? = nil,
                pollChanges: (@Sendable () throws -> [String: ItemState])? = nil,
                reportInput: (@Sendable (Library, ReportRules) throws -> ReportInput)? = nil,
                reportTimes: (@Sendable () throws -> [String: Int64])? = nil,
                takeReplacement: (@Sendable () -> String?)? = nil) {
        self.reportInput = reportInput
        self.reportTimes = reportTimes
        self.access = access
        self.loadStates = loadStates
        self.write = write
        self.undo = undo
        self.undoable = undoable
        self.history = history
        self.refuse = refuse
        self.pollChanges = pollChanges
        self.takeReplacement = takeReplacement
    }

    /// Starts reading every item's state now, on its own thread, so it goes on while the library
    /// loads, and on another when each item's newest report was filed (for 未报送); the dashboard
    /// takes the states for its first frame (`StatePreload.take`), and the report times too when
    /// they are in by then. Nil when there is no store.
    public func preload() -> StatePreload? {
        guard let load = loadStates else { return nil }
        let p = StatePreload(readsReportTimes: reportTimes != nil)
        Thread.detachNewThread { p.states.finish(Result { try load() }) }
        if let read = reportTimes, let times = p.reportTimes {
            Thread.detachNewThread { times.finish(Result { try read() }) }
        }
        return p
    }

    /// How often an open dashboard looks for colleagues' changes.
    public static let pollInterval: TimeInterval = 0.4

    public static let none = StoreHooks()

    /// The hooks of an open store: a snapshot at start-up, then only the changes after it; checked
    /// writes; undo and history of this account's changes. Every write and every look for changes
    /// first checks that the path still names the file that was opened (`LiveStore`).
    public static func connect(_ store: any StateStore) -> StoreHooks {
        let live = LiveStore(store)
        let seen = SeenEvents()
        // A store that pushes changes (PostgreSQL's LISTEN/NOTIFY) is read only when it said so,
        // when the last look failed (to notice the server is back), and every few seconds anyway.
        let pushed = ChangeSignal()
        let watching = store.watchChanges { pushed.raise() }
        let access: StoreAccess = store.isReadOnly
            ? .readOnly(path: store.location, reason: StoreError.readOnly(path: store.location, account: store.origin.account,
                                                                        cause: store.readOnlyCause ?? "").description)
            : .readWrite(path: store.location)
        return StoreHooks(
            access: access,
            loadStates: {
                let (last, states) = try live.checked().snapshotWithLastID()
                seen.set(last)
                return states
            },
            write: { id, change, base in try live.checked().write(change, to: id, base: .lastSeen(base)) },
            undo: { batch in try live.checked().undo(batch: batch) },
            undoable: { try live.checked().undoable() },
            history: { id in try live.checked().history(itemID: id) },
            refuse: { id, attempted in (try? live.checked())?.recordIfRefused("set", on: id, attempted: attempted) },
            pollChanges: {
                // A replaced file first: every state of the new one (also when the first snapshot
                // met the replacement and failed).
                if let reload = try live.takeReload() {
                    seen.reset(reload.lastID)
                    return reload.states
                }
                // Nothing until the snapshot has said where the history stands.
                guard let since = seen.get() else { return [:] }
                if watching && !pushed.take() { return [:] }
                do {
                    let (last, changed) = try live.checked().changes(since: since)
                    seen.set(last)
                    return changed
                } catch {
                    pushed.raise()   // look again next time
                    throw error
                }
            },
            reportInput: { library, rules in try live.checked().reportInput(library: library, asOf: nil, rules: rules) },
            reportTimes: { try live.checked().reportTimes() },
            takeReplacement: { live.takeReplacement() })
    }
}

/// The states being read while the library loads.
public final class StatePreload: @unchecked Sendable {
    let states = Handover<[String: ItemState]>()
    /// Nil when the store has no report times to read.
    let reportTimes: Handover<[String: Int64]>?

    init(readsReportTimes: Bool) {
        reportTimes = readsReportTimes ? Handover() : nil
    }

    /// The states, waiting for them at most `timeout` seconds; nil on timeout, with the error when
    /// the read failed.
    public func wait(timeout: TimeInterval = 10) -> Result<[String: ItemState], Error>? {
        states.wait(timeout: timeout)
    }

    /// `wait(timeout:)`, handing the states over: this preload no longer holds them (at 100,000
    /// items they are megabytes the dashboard keeps in its own form), and a later wait or take
    /// gives nil.
    public func take(timeout: TimeInterval = 10) -> Result<[String: ItemState], Error>? {
        states.take(timeout: timeout)
    }

    /// The report times, handed over, waiting for them at most `timeout` seconds (0: only if
    /// they are in already); nil when not read, not in time, or already taken.
    public func takeReportTimes(timeout: TimeInterval = 0) -> Result<[String: Int64], Error>? {
        reportTimes?.take(timeout: timeout)
    }
}

/// A value one thread makes and another takes, waiting for it.
final class Handover<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<T, Error>?

    func finish(_ r: Result<T, Error>) {
        lock.lock()
        result = r
        lock.unlock()
        done.signal()
    }

    /// The result, waiting at most `timeout` seconds for it; nil on timeout or once taken.
    func wait(timeout: TimeInterval) -> Result<T, Error>? {
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        done.signal() // a later wait returns at once
        lock.lock()
        defer { lock.unlock() }
        return result
    }

    /// The result, however long it takes.
    func wait() -> Result<T, Error>? {
        done.wait()
        done.signal() // a later wait returns at once
        lock.lock()
        defer { lock.unlock() }
        return result
    }

    /// `wait(timeout:)`, handing the result over: a later wait or take gives nil.
    func take(timeout: TimeInterval) -> Result<T, Error>? {
        guard let r = wait(timeout: timeout) else { return nil }
        lock.lock()
        result = nil
        lock.unlock()
        return r
    }
}

/// Set when the store said something changed (or a look should be made anyway); taken by the next look.
final class ChangeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = true
    private var lastTaken = Date()
    /// How long a look may be skipped without a signal (a notification lost is caught up then).
    static let fallback: TimeInterval = 5
    func raise() { lock.lock(); raised = true; lock.unlock() }
    /// True (and lowered) when raised, or when the fallback interval has passed since the last look.
    func take() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard raised || Date().timeIntervalSince(lastTaken) >= Self.fallback else { return false }
        raised = false
        lastTaken = Date()
        return true
    }
}

/// The last event id the dashboard has folded in; shared by the loader thread and the loop.
final class SeenEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Int64?
    func set(_ id: Int64) { lock.lock(); last = max(last ?? id, id); lock.unlock() }
    func get() -> Int64? { lock.lock(); defer { lock.unlock() }; return last }
    /// Another file's history: start from its newest event, even if lower.
    func reset(_ id: Int64) { lock.lock(); last = id; lock.unlock() }
}

/// The writes of this dashboard, one at a time on their own thread, in the order they were asked.
/// It remembers what its own last write to each item replaced, so a second change to an item made
/// before the first one's answer arrived is not mistaken for a colleague's conflicting change.
final class Writer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "riverchief.writer")
    private let lock = NSLock()
    /// Item → its last event before each of this dashboard's writes → its last event after.
    private var own: [String: [Int64?: Int64?]] = [:]

    func async(_ work: @escaping @Sendable () -> Void) { queue.async(execute: work) }

    /// Waits until every write asked for so far is done (at quit: a change made just before `q`
    /// is recorded, not dropped with the process).
    func drain() { queue.sync {} }

    /// The base to check a write against: if the dashboard saw `base` and its own writes have since
    /// replaced exactly that (one after another), the base is the last of them.
    func base(for id: String, seen base: Int64?) -> Int64? {
        lock.lock(); defer { lock.unlock() }
        var b = base
        var steps = 0
        while let next = own[id]?[b], steps < 1000 {
            b = next
            steps += 1
        }
        return b
    }

    func record(_ r: WriteResult) {
        lock.lock(); defer { lock.unlock() }
        guard !r.events.isEmpty else { return }
        own[r.itemID, default: [:]][r.before.lastEventID] = r.after.lastEventID
    }
}
