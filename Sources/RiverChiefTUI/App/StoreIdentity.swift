import Foundation
import RiverChiefCore
import RiverChiefStore

/// Which file a path names: its device and inode. A backup restored with `mv new.sqlite state.sqlite`
/// keeps the path and changes these.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path` now; nil when there is none.
    static func of(_ path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}

/// The dashboard's open store, checked against its path before every write and on every look for
/// colleagues' changes. When the path names another file (a backup restored under a running
/// dashboard), the old connection is dropped without writing into the moved file and the new file
/// is opened; the states are reloaded from it on the next look. When the path names nothing, writes
/// are refused until a file is back.
final class LiveStore: @unchecked Sendable {
    private let lock = NSLock()
    private var store: any StateStore
    private var identity: FileIdentity?
    /// After a replacement: every state of the new file, and the ids the old one had and the new
    /// one lacks (back to not started); handed to the next look for changes.
    private var pendingReload: (lastID: Int64, states: [String: ItemState])?
    /// The path, when a replacement was noticed and not yet reported.
    private var unreported: String?

    init(_ store: any StateStore) {
        self.store = store
        if let file = store as? Store { self.identity = try? file.fileAccess.run { FileIdentity.of(file.path) } }
    }

    var path: String { store.location }

    /// The store, if its path still names the file that was opened. Otherwise throws
    /// `StoreError.replaced` (having opened the new file; the error is the report) or
    /// `StoreError.vanished`.
    func checked() throws -> any StateStore {
        lock.lock()
        defer { lock.unlock() }
        if try refresh() {
            unreported = nil
            throw StoreError.replaced(path: store.location)
        }
        return store
    }

    /// Looks at the path before a poll: nil when it is the same file, else what the poll should
    /// return instead of changes (every state of the new file, and where its history stands).
    /// Throws `StoreError.vanished` while no file is there.
    func takeReload() throws -> (lastID: Int64, states: [String: ItemState])? {
        lock.lock()
        defer { lock.unlock() }
        _ = try refresh()
        let r = pendingReload
        pendingReload = nil
        return r
    }

    /// With the lock held: true when the path named another file, which is now open.
    private func refresh() throws -> Bool {
        // A database server has no file to be replaced under it.
        guard let file = store as? Store else { return false }
        // The path is looked at (and the new file opened) with the rights the store was opened with:
        // an installed setgid binary's group, which alone may enter the shared directory.
        let access = file.fileAccess
        let now = try access.run { FileIdentity.of(file.path) }
        if now == identity { return false }
        guard now != nil else { throw StoreError.vanished(path: file.path) }
        let old = file
        let oldIDs = (try? old.snapshot().keys).map(Set.init) ?? []
        let fresh = try access.run { try Store(path: old.path, origin: old.origin, writeGuard: old.writeGuard, fileAccess: access) }
        var (last, states) = try fresh.snapshotWithLastID()
        for id in oldIDs where states[id] == nil { states[id] = .initial }
        store = fresh
        identity = try access.run { FileIdentity.of(old.path) }
        pendingReload = (last, states)
        unreported = old.path
        return true
    }

    /// The path of a replaced database not yet reported to the person (once per replacement).
    func takeReplacement() -> String? {
        lock.lock()
        defer { lock.unlock() }
        let r = unreported
        unreported = nil
        return r
    }
}
