import Foundation

/// The home every program a test starts sees: HOME, the XDG folders and RIVERCHIEF_DB all point
/// into one temporary folder of this test process (removed when it exits), so no test reads or
/// writes the real `~/.local/share/riverchief`, `~/.config/riverchief` or `~/.cache/riverchief`.
/// `CLI.run` and `TmuxSession` put these under whatever the test itself sets; a test that wants the
/// default location under its own `XDG_DATA_HOME` passes `RIVERCHIEF_DB` empty (CLI) or nil (tmux).
enum TestHome {
    static let root: URL = {
        let root = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("rc-test-home-\(getpid())-\(UUID().uuidString.prefix(8))")
        for sub in ["home", "data", "config", "cache", "state", "db"] {
            try? FileManager.default.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        atexit { try? FileManager.default.removeItem(at: TestHome.root) }
        return root
    }()

    /// The variables, each naming a folder (or, for RIVERCHIEF_DB, a file) under `root`.
    static var environment: [String: String] {
        [
            "HOME": root.appendingPathComponent("home").path,
            "XDG_DATA_HOME": root.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
            "XDG_CACHE_HOME": root.appendingPathComponent("cache").path,
            "XDG_STATE_HOME": root.appendingPathComponent("state").path,
            "RIVERCHIEF_DB": root.appendingPathComponent("db/state.sqlite").path,
        ]
    }

    /// The names `environment` sets.
    static var names: [String] { environment.keys.sorted() }

    /// This process's environment with the test home over it.
    static var processEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
}
