import Foundation
import XCTest

/// Issue 14, items 2 and 7: a dashboard on PostgreSQL sees another account's change without a key
/// press (LISTEN/NOTIFY), says so when the database server stops, keeps what the person typed, and
/// reconnects by itself when the server is back.
final class PostgresLiveTmuxTests: XCTestCase {
    var pg: PostgresFixture?
    var session: TmuxSession?

    override func tearDown() {
        session?.close()
        session = nil
        pg?.tearDown()
    }

    func testAnotherAccountsChangeAppearsAndARestartedServerIsReconnected() throws {
        let pg = try PostgresFixture()
        self.pg = pg
        let alice = try pg.account("a")
        try pg.account("b")
        guard let a = pg.accounts["a"], let cluster = Self.cluster() else { throw XCTSkip("no pg_lsclusters cluster to stop and start") }
        let home = pg.root.appendingPathComponent("home/\(alice)").path
        let data = CLI.repositoryRoot.appendingPathComponent("Data").path
        let s = try TmuxSession(arguments: ["--data", data, "--db", pg.socketURL, "--ambiguous", "narrow", "--lang", "en"],
                                environment: ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
                                              "XDG_CACHE_HOME": home + "/cache", "RIVERCHIEF_DB": nil, "LANG": "C.UTF-8",
                                              "TERM": "screen-256color"],
                                width: 120, height: 30,
                                launcher: ["/usr/bin/setpriv", "--reuid=\(a.uid)", "--regid=\(a.gid)", "--init-groups"],
                                directory: home)
        session = s
        let before = s.wait(for: "0/50", timeout: 20)
        XCTAssertFalse(before.contains("1/50"), before)

        // Bob, in his own session, marks a task done: no key is sent to Alice's dashboard.
        let r = try pg.rc("b", ["set", "yr2020.t.clean-energy", "--status", "done", "--db", pg.socketURL, "--data", data])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(s.wait(for: "1/50", timeout: 5).contains("1/50"))

        // The server stops: the dashboard says it cannot read colleagues' changes, and keeps running.
        try Self.ctl(cluster, "stop")
        var restarted = false
        defer { if !restarted { _ = try? Self.ctl(cluster, "start") } }
        let down = s.wait(for: "cannot read colleagues' changes", timeout: 10)
        // The server's own words while it shuts down ("the database system is shutting down"), or
        // "cannot reach the PostgreSQL server" once it is gone; either way the address is named.
        XCTAssertTrue(down.contains("cannot read colleagues' changes: state database \(pg.socketURL)")
                      || down.contains("cannot reach the PostgreSQL server at \(pg.socketURL)"), down)
        XCTAssertTrue(down.contains("1/50"), "what was shown stays: \(down)")

        // Back: it reconnects by itself, says so, and follows Bob again.
        try Self.ctl(cluster, "start")
        restarted = true
        let back = s.wait(for: "reconnected to the state database", timeout: 15)
        XCTAssertTrue(back.contains("reconnected to the state database"), back)
        let r2 = try pg.rc("b", ["set", "yr2020.t.clean-energy", "--status", "in-progress", "--db", pg.socketURL, "--data", data])
        XCTAssertEqual(r2.status, 0, r2.stderr)
        XCTAssertTrue(s.wait(for: "0/50", timeout: 5).contains("0/50"))
    }

    /// `pg_ctlcluster VERSION NAME action`, waited for with waitpid: the server it starts keeps
    /// running, which Foundation's Process did not notice the end of (the test hung).
    static func ctl(_ cluster: (version: String, name: String), _ action: String) throws {
        var args = ["/usr/bin/pg_ctlcluster", cluster.version, cluster.name, action] + (action == "stop" ? ["-m", "fast"] : [])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var pid: pid_t = 0
        let argv = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, args[0], &actions, nil, argv, environ) == 0 else { throw XCTSkip("cannot run pg_ctlcluster") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        args.removeAll()
        guard status == 0 else {
            throw NSError(domain: "pg_ctlcluster", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "pg_ctlcluster \(action) failed (\(status))"])
        }
    }

    /// The cluster the test server runs in (Debian's pg_lsclusters: version, name, port, status …).
    static func cluster() -> (version: String, name: String)? {
        guard let r = try? CLI.run(["-h"], executable: URL(fileURLWithPath: "/usr/bin/pg_lsclusters")), r.status == 0 else { return nil }
        for line in r.stdout.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            if f.count >= 4, f[2] == "5432", f[3] == "online" { return (String(f[0]), String(f[1])) }
        }
        return nil
    }
}
