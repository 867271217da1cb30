import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The group privilege of an installed binary that is setgid to the `riverchief` group
/// (docs/shared-server.md). The program uses the group only to open the shared state database:
/// `lower()` at start-up makes the effective group the person's own again (the group stays in the
/// saved set-group-id), `raised { … }` takes it back for opening the database, and `dropForGood()`
/// gives it up when the person chose a database or library of their own.
public enum Privilege {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var privilegedGID: gid_t?
    nonisolated(unsafe) private static var dropped = false

    /// Whether this process was started with a group it does not have itself (setgid):
    /// its effective group differs from its real one, or the kernel marked it AT_SECURE.
    public static var isElevated: Bool {
        lock.lock(); defer { lock.unlock() }
        return privilegedGID != nil && !dropped
    }

    /// Whether the process started with the group privilege (even if it has given it up since).
    public static var wasElevated: Bool {
        lock.lock(); defer { lock.unlock() }
        return privilegedGID != nil
    }

    /// The group the binary is setgid to, while the process may still use it.
    public static var groupID: gid_t? {
        lock.lock(); defer { lock.unlock() }
        return dropped ? nil : privilegedGID
    }

    /// Call first thing: remembers the privileged group and lowers the effective group to the real one.
    public static func lower() {
        lock.lock(); defer { lock.unlock() }
        let real = getgid(), effective = getegid()
        guard privilegedGID == nil, effective != real else { return }
        privilegedGID = effective
        _ = setegid(real)
    }

    /// Runs `body` with the privileged group as the effective group (no change when not elevated).
    public static func raised<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        let gid = dropped ? nil : privilegedGID
        if let gid { _ = setegid(gid) }
        lock.unlock()
        defer {
            if gid != nil {
                lock.lock()
                _ = setegid(getgid())
                lock.unlock()
            }
        }
        return try body()
    }

    /// Gives the group up for the rest of the process (real, effective and saved).
    public static func dropForGood() {
        lock.lock(); defer { lock.unlock() }
        guard privilegedGID != nil, !dropped else { return }
        let real = getgid()
        _ = setregid(real, real)  // the real gid is set, so the saved one becomes it too
        dropped = true
    }
}
