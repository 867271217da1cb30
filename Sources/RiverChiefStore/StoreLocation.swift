import Foundation

/// Where the state database lives: `--db PATH`, then `RIVERCHIEF_DB`, then
/// `$XDG_DATA_HOME/riverchief/state.sqlite` (default `~/.local/share/riverchief/state.sqlite`).
public enum StoreLocation {
    /// `~` and `~/…` (which a shell leaves alone in `--db=~/x` or in quotes) are taken from `$HOME`.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let f = flag, !f.isEmpty { return expandTilde(f, environment) }
        if let e = environment["RIVERCHIEF_DB"], !e.isEmpty { return expandTilde(e, environment) }
        return userDataDirectory(environment) + "/state.sqlite"
    }

    static func expandTilde(_ path: String, _ environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + path.dropFirst()
    }

    /// This user's own unsaved progress reports (the dashboard's drafts), never in a shared
    /// database: `$XDG_DATA_HOME/riverchief/drafts.json`.
    public static func draftsPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        userDataDirectory(environment) + "/drafts.json"
    }

    /// `$XDG_DATA_HOME/riverchief`, default `~/.local/share/riverchief`.
    static func userDataDirectory(_ environment: [String: String]) -> String {
        let base: String
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty {
            base = x
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return base + "/riverchief"
    }
}

/// A database path checked before SQLite sees it: what SQLite would do with a folder, a FIFO, a
/// device or a symbolic link loop is an unclear error, a hang, or a crash.
enum StorePath {
    /// Refuses a path that cannot name a database file, with the reason; returns the folder it is in.
    static func check(_ path: String) throws -> String {
        if path.isEmpty { throw StoreError.unusablePath(path: path, reason: "the path is empty") }
        if path.hasSuffix("/") {
            throw StoreError.unusablePath(path: path, reason: "it ends with \"/\", so it names a folder; give the database file, e.g. \(path)state.sqlite")
        }
        var st = stat()
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR:
                let base = path.hasSuffix("/") ? path : path + "/"
                throw StoreError.unusablePath(path: path, reason: "it is a folder; give the database file, e.g. \(base)state.sqlite")
            case S_IFIFO: throw StoreError.unusablePath(path: path, reason: "it is a FIFO (named pipe), not a regular file")
            case S_IFCHR, S_IFBLK: throw StoreError.unusablePath(path: path, reason: "it is a device, not a regular file")
            case S_IFSOCK: throw StoreError.unusablePath(path: path, reason: "it is a socket, not a regular file")
            default: throw StoreError.unusablePath(path: path, reason: "it is not a regular file")
            }
        } else {
            let e = errno
            var link = stat()
            switch e {
            case ELOOP:
                throw StoreError.unusablePath(path: path, reason: "it is a symbolic link loop (a link that leads back to itself)")
            case ENOENT where lstat(path, &link) == 0:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw StoreError.unusablePath(path: path, reason: "it is a symbolic link to \(target), which does not exist")
            case ENOTDIR:
                throw StoreError.unusablePath(path: path, reason: "a part of the path before the file name is not a folder")
            default:
                break // missing (created later, if the caller may), or EACCES (reported as such by the caller)
            }
        }
        return directory(of: path)
    }

    /// The folder holding `path`: "." for a bare file name, "/" for a file at the root. (Foundation's
    /// `deletingLastPathComponent` traps on a one-component relative path such as "a".)
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = path[..<slash]
        return d.isEmpty ? "/" : String(d)
    }
}
