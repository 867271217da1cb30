import Foundation
import XCTest

/// A private tmux server running the real `riverchief` binary, driven as a person would: keys in,
/// the screen read back. One socket per test (`-L rc-<uuid>`), killed in `close()`.
final class TmuxSession {
    let socket: String
    /// The window keys go to and screens come from ("t": the session's first window).
    private(set) var target: String
    /// False for a second window of another session's server (closing it leaves the server).
    private let ownsServer: Bool
    private(set) var closed = false

    static var available: Bool { tmuxPath != nil }
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Starts `riverchief arguments` in a `width`×`height` window with `environment` set (a value of
    /// nil unsets the variable). After the program ends, the shell prints its exit status and
    /// whether the terminal is back in canonical mode with echo.
    /// A `launcher` (e.g. `setpriv --reuid=…`) runs it as another account.
    init(arguments: [String], environment: [String: String?] = [:], width: Int = 100, height: Int = 30,
         launcher: [String] = [], directory: String? = nil) throws {
        socket = "rc-\(UUID().uuidString.prefix(8))"
        target = "t"
        ownsServer = true
        try run(["new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)"] + (directory.map { ["-c", $0] } ?? []) + ["sh", "-c",
                 Self.script(launcher + [CLI.binary.path] + arguments, environment)], config: true)
    }

    /// A second window in `other`'s tmux session, running its own `riverchief arguments` (another
    /// person's dashboard on the same machine).
    init(windowIn other: TmuxSession, name: String, arguments: [String], environment: [String: String?] = [:]) throws {
        socket = other.socket
        ownsServer = false
        // Addressed by the window's id (@N), which no renaming changes.
        target = ""
        let id = try run(["new-window", "-d", "-P", "-F", "#{window_id}", "-t", "t", "-n", name, "sh", "-c",
                          Self.script([CLI.binary.path] + arguments, environment)])
        target = id.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func script(_ command: [String], _ environment: [String: String?]) -> String {
        var env = ["env"]
        // The test home first (never the real one), then what the test sets.
        let all = TestHome.environment.mapValues { Optional($0) }.merging(environment) { $1 }
        for (k, v) in all.sorted(by: { $0.key < $1.key }) {
            if let v { env.append("\(k)=\(v)") } else { env.insert(contentsOf: ["-u", k], at: 1) }
        }
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return env.joined(separator: " ") + " " + quoted.joined(separator: " ")
            + "; echo RC-EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 120"
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        if ownsServer { _ = try? run(["kill-server"]) }
    }

    /// Keys by tmux name (`Enter`, `Escape`, `Tab`, `j`, `C-c` …).
    func send(_ keys: String...) throws { try run(["send-keys", "-t", target] + keys) }

    /// Text typed literally (Chinese arrives as UTF-8, as an input method commits it).
    func type(_ text: String) throws { try run(["send-keys", "-t", target, "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The visible screen as text.
    func capture() -> String { (try? run(["capture-pane", "-p", "-t", target])) ?? "" }

    /// The pid of the shell running the program, and of the program itself.
    func programPID() -> Int32? {
        guard let shell = Int32((try? run(["display-message", "-p", "-t", target, "#{pane_pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        p.arguments = ["-P", "\(shell)"]
        let out = Pipe()
        p.standardOutput = out
        try? p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.split(separator: "\n").compactMap { Int32($0) }.first
    }

    /// Polls the screen until `predicate` holds (up to `timeout` seconds); returns the last screen.
    ///
    /// tmux can capture a pane in the middle of a repaint (a new title above the old view's rows),
    /// so a match is captured once more 30 ms later: if the screen is still changing and still
    /// matches, it waits for it to settle; if the match was a passing message that has gone, the
    /// matching screen is returned.
    @discardableResult
    func wait(timeout: TimeInterval = 5, file: StaticString = #filePath, line: UInt = #line,
              _ what: String, until predicate: (String) -> Bool) -> String {
        let end = Date().addingTimeInterval(timeout)
        var screen = capture()
        while true {
            if predicate(screen) {
                usleep(30_000)
                let again = capture()
                if again == screen || !predicate(again) || Date() > end { return screen }
                screen = again
                continue
            }
            if Date() > end {
                XCTFail("waited \(timeout) s for \(what); the screen:\n\(screen)", file: file, line: line)
                return screen
            }
            usleep(50_000)
            screen = capture()
        }
    }

    /// Waits for `text` on screen.
    @discardableResult
    func wait(for text: String, timeout: TimeInterval = 5, file: StaticString = #filePath, line: UInt = #line) -> String {
        wait(timeout: timeout, file: file, line: line, "\"\(text)\"") { $0.contains(text) }
    }

    /// Runs tmux with `args` and returns what it printed. Spawned with posix_spawn: a tmux server
    /// started through Foundation's `Process` was unreachable from later clients on this machine.
    @discardableResult
    private func run(_ args: [String], config: Bool = false) throws -> String {
        guard let tmux = Self.tmuxPath else { throw XCTSkip("tmux is not installed") }
        let all = [tmux, "-L", socket] + (config ? ["-f", "/dev/null"] : []) + args
        // Output to a file, not a pipe: the server that new-session starts would hold a pipe open.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rc-tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        var env = TestHome.processEnvironment
        env.removeValue(forKey: "TMUX")
        let argv: [UnsafeMutablePointer<CChar>?] = all.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tmux, &actions, nil, argv, envp)
        guard rc == 0 else { throw XCTSkip("cannot start tmux: error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
    }
}
