import Foundation

/// Where the state database lives: `--db PATH`, then `RIVERCHIEF_DB`, then
/// `$XDG_DATA_HOME/riverchief/state.sqlite` (default `~/.local/share/riverchief/state.sqlite`).
public enum StoreLocation {
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let f = flag, !f.isEmpty { return f }
        if let e = environment["RIVERCHIEF_DB"], !e.isEmpty { return e }
        return userDataDirectory(environment) + "/state.sqlite"
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
