import Foundation
import RiverChiefCore

/// The configuration in force: the system file (`<prefix>/etc/riverchief/config.toml`, `/etc/…`
/// when the prefix is `/usr`), then the user's (`$XDG_CONFIG_HOME/riverchief/config.toml`, else
/// `~/.config/riverchief/config.toml`). Precedence: flag > environment > user file > system file.
/// Roles come from the system file only.
public struct Configuration: Sendable {
    public var system: ConfigLayer?
    public var user: ConfigLayer?
    /// Where the system file is (or would be); nil for a binary run from its build tree.
    public var systemPath: String?
    public var userPath: String?

    public init(system: ConfigLayer? = nil, user: ConfigLayer? = nil, systemPath: String? = nil, userPath: String? = nil) {
        self.system = system
        self.user = user
        self.systemPath = systemPath
        self.userPath = userPath
    }

    /// Reads both files. A missing file is no error; a broken one is (`ConfigError`, exit 2).
    /// With the group privilege the system file is taken only from the install prefix (no
    /// environment override) and only if root owns it and nobody else may write it.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            executable: URL? = LibraryLocator.currentExecutable()) throws(ConfigError) -> Configuration {
        let elevated = Privilege.isElevated
        var systemPath = systemPath(executable: executable)
        // A binary that is not installed (the build tree, tests) may be told where a system file is.
        if !elevated, let p = environment["RIVERCHIEF_SYSTEM_CONFIG"], !p.isEmpty { systemPath = p }
        let userPath = userPath(environment: environment)
        var config = Configuration(systemPath: systemPath, userPath: userPath)
        if let systemPath {
            if elevated { try checkOwnedByRoot(systemPath) }
            config.system = try ConfigFile.read(systemPath, allowRoles: true)
        }
        if let userPath { config.user = try ConfigFile.read(userPath, allowRoles: false) }
        return config
    }

    /// `<prefix>/etc/riverchief/config.toml` for a binary installed in `<prefix>/bin` (`/etc/…` for
    /// `/usr`); nil for one in a build tree (`.build*/…`).
    public static func systemPath(executable: URL?) -> String? {
        guard let exe = executable?.resolvingSymlinksInPath(), LibraryLocator.buildTreeRoot(of: exe) == nil else { return nil }
        let prefix = exe.deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.path
        let etc = prefix == "/usr" ? "/etc" : (prefix == "/" ? "/etc" : prefix + "/etc")
        return etc + "/riverchief/config.toml"
    }

    /// The library cache an installed binary shares among everyone, written by root
    /// (`riverchief init`): `/var/cache/riverchief` for the prefixes /usr and /usr/local, else
    /// `<prefix>/var/cache/riverchief`; nil for a binary in a build tree.
    public static func systemCacheDirectory(executable: URL?) -> String? {
        guard let exe = executable?.resolvingSymlinksInPath(), LibraryLocator.buildTreeRoot(of: exe) == nil else { return nil }
        let prefix = exe.deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.path
        return (["/usr", "/usr/local", "/"].contains(prefix) ? "" : prefix) + "/var/cache/riverchief"
    }

    /// `$XDG_CONFIG_HOME/riverchief/config.toml`, else `~/.config/riverchief/config.toml`.
    public static func userPath(environment: [String: String]) -> String? {
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/riverchief/config.toml" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home.isEmpty ? nil : home + "/.config/riverchief/config.toml"
    }

    /// With the group privilege, a system file anyone but root could have written is refused:
    /// a copy of the binary hard-linked elsewhere must not read its roles from its new neighbour.
    static func checkOwnedByRoot(_ path: String) throws(ConfigError) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if st.st_uid != 0 || (st.st_mode & 0o022) != 0 {
            throw ConfigError(file: path, message: String(format: "owned by uid %d with mode %04o; the system configuration must belong to root and be writable by root only",
                                                          Int(st.st_uid), Int(st.st_mode & 0o7777)))
        }
    }

    // MARK: Resolved values

    /// Where a value came from.
    public enum Source: String, Sendable {
        case flag, environment, user, system, builtIn = "default"
    }

    /// The state database: `--db`, `RIVERCHIEF_DB`, the user file's `[store] db`, the system
    /// file's, then nil (the per-user default). Relative paths in a file are taken from its folder.
    public func database(flag: String?, environment: [String: String]) -> (path: String, source: Source)? {
        if let f = flag, !f.isEmpty { return (f, .flag) }
        if let e = environment["RIVERCHIEF_DB"], !e.isEmpty { return (e, .environment) }
        if let u = user, let db = u.db { return (Self.resolve(db, against: u.path), .user) }
        if let s = system, let db = s.db { return (Self.resolve(db, against: s.path), .system) }
        return nil
    }

    /// The shared database the system file names, if any.
    public var systemDatabase: String? { system.flatMap { s in s.db.map { Self.resolve($0, against: s.path) } } }

    /// The interface language: `--lang`, `RIVERCHIEF_LANG`, user, system; nil leaves it to LANG.
    public func lang(flag: String?, environment: [String: String]) -> String? {
        flag ?? environment["RIVERCHIEF_LANG"].flatMap { $0.isEmpty ? nil : $0 } ?? user?.lang ?? system?.lang
    }

    /// Ambiguous width: `--ambiguous`, `RIVERCHIEF_AMBIGUOUS`, user, system; nil means auto.
    public func ambiguous(flag: String?, environment: [String: String]) -> String? {
        flag ?? environment["RIVERCHIEF_AMBIGUOUS"].flatMap { $0.isEmpty ? nil : $0 } ?? user?.ambiguous ?? system?.ambiguous
    }

    /// `[reports]`: the user's values over the system's.
    public var reports: ReportSettings {
        (system?.reports ?? ReportSettings()).overridden(by: user?.reports ?? ReportSettings())
    }

    /// `[roles]` of the system file; nil when it has none (then whoever can write may change everything).
    public var roles: RoleRules? { system?.roles }

    static func resolve(_ path: String, against file: String) -> String {
        if path.hasPrefix("/") { return path }
        // A PostgreSQL address (docs/postgresql.md) is not a path.
        let lower = path.lowercased()
        if lower.hasPrefix("postgresql:") || lower.hasPrefix("postgres:") { return path }
        let expanded = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst(1) : path
        if expanded.hasPrefix("/") { return expanded }
        return ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(expanded)
    }
}
