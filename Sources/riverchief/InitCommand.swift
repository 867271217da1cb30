import ArgumentParser
import Foundation
import RiverChiefConfig
import RiverChiefCore
import RiverChiefStore

/// `riverchief init`: create the state database (if missing) where the configuration says, with
/// the mode its directory calls for, and say what it is. `make install-server` runs it as root.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the state database if it is missing (or set a PostgreSQL database up), and show its path, mode, owner and group.",
        discussion: "The database takes its directory's read and write bits whatever the umask (2770 → 0660). With the roles of the configuration, only an office administrator may create the shared one.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.open()
        let cache = Self.refreshSystemCache()
        guard let db = opened as? Store else {
            // A PostgreSQL database: opening it as its owner set the schema up (docs/postgresql.md).
            print(ChangeText.table([
                ["database", Sanitize.forTerminal(opened.location)],
                ["account", Sanitize.forTerminal(opened.origin.account) + " (as the server authenticated it)"],
                ["access", opened.isReadOnly ? "read-only for you" + (opened.readOnlyCause.map { ": " + Sanitize.forTerminal($0) } ?? "") : "read-write"],
            ] + (cache.map { [["library cache", Sanitize.forTerminal($0)]] } ?? [])).joined(separator: "\n"))
            return
        }
        var st = stat()
        guard stat(db.path, &st) == 0 else { throw Console.fail("\(db.path) was not created") }
        let mode = String(format: "%04o", Int(st.st_mode & 0o7777))
        print(ChangeText.table([
            ["database", Sanitize.forTerminal(db.path)],
            ["mode", mode],
            ["owner", Origin.accountName(uid: st.st_uid)],
            ["group", Self.groupName(st.st_gid)],
            ["access", db.isReadOnly ? "read-only for you" : "read-write"],
        ] + (cache.map { [["library cache", Sanitize.forTerminal($0)]] } ?? [])).joined(separator: "\n"))
    }

    /// As root, for an installed binary: reads the installed library into the shared cache
    /// (`Configuration.systemCacheDirectory`) and lets everyone read it, so the setgid program,
    /// which never reads a person's own cache, need not parse the JSON on every command.
    static func refreshSystemCache() -> String? {
        guard getuid() == 0, geteuid() == 0,
              let dir = Configuration.systemCacheDirectory(executable: LibraryLocator.currentExecutable()),
              case .found(let url, _) = LibraryLocator.locateFromHere(option: nil, environment: [:]) else { return nil }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        } catch {
            return "not written: \(error.localizedDescription)"
        }
        chmod(dir, 0o755)
        guard LibraryLoader(cache: LibraryCache(directory: URL(fileURLWithPath: dir))).load(directory: url).library != nil else {
            return "not written: the library has errors (riverchief validate)"
        }
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] { chmod(dir + "/" + name, 0o644) }
        return dir
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let g = getgrgid(gid), let n = g.pointee.gr_name else { return "gid\(gid)" }
        return String(cString: n)
    }
}
