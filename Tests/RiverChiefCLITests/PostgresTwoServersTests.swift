import Foundation
import XCTest

/// Issue 14, item 6: two office servers on one PostgreSQL database, simulated as processes with
/// host names of their own (a UTS namespace each: `unshare --uts` then `hostname`), their own
/// homes and their own real accounts, connecting over the local socket with peer authentication.
/// Four writers on each, 200 writes apiece: nothing lost, every event attributed to the account
/// and host that wrote it; and a dashboard on each server sees the other's change by itself.
final class PostgresTwoServersTests: XCTestCase {
    var pg: PostgresFixture?
    var sessions: [TmuxSession] = []
    static let writes = 200

    override func tearDown() {
        for s in sessions { s.close() }
        sessions = []
        pg?.tearDown()
    }

    /// What runs `program` as account `key` on the server `host`: its own host name, then the account.
    func launcher(_ pg: PostgresFixture, _ key: String, host: String) throws -> [String] {
        guard let a = pg.accounts[key] else { throw XCTSkip("no account \(key)") }
        return ["/usr/bin/unshare", "--uts", "/bin/sh", "-c", "hostname \(host) && exec \"$@\"", "sh",
                "/usr/bin/setpriv", "--reuid=\(a.uid)", "--regid=\(a.gid)", "--init-groups"]
    }

    func home(_ pg: PostgresFixture, _ key: String, host: String) throws -> [String: String] {
        guard let a = pg.accounts[key] else { throw XCTSkip("no account \(key)") }
        let h = pg.root.appendingPathComponent("\(host)/home/\(a.name)").path
        try FileManager.default.createDirectory(atPath: h, withIntermediateDirectories: true)
        chown(h, a.uid, a.gid)
        chown(pg.root.appendingPathComponent(host).path, 0, 0)
        return ["HOME": h, "XDG_DATA_HOME": h + "/data", "XDG_CONFIG_HOME": h + "/config", "XDG_CACHE_HOME": h + "/cache",
                "RIVERCHIEF_DB": "", "USER": a.name]
    }

    func testTwoServersEightWritersLoseNothingAndEachDashboardFollowsTheOther() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { throw XCTSkip("needs /usr/bin/unshare") }
        let pg = try PostgresFixture()
        self.pg = pg
        let servers = ["office-a", "office-b"]
        var writers: [(key: String, host: String)] = []
        for (s, host) in servers.enumerated() {
            for w in 1...4 {
                let key = "\(s == 0 ? "a" : "b")\(w)"
                try pg.account(key)
                writers.append((key, host))
            }
        }
        // Eight writers started together, 4 on each server, all on the same 12 items.
        let startAt = Int64(Date().timeIntervalSince1970 * 1000) + 1500
        var running: [(Process, URL, String, String)] = []
        for w in writers {
            let p = Process()
            let l = try launcher(pg, w.key, host: w.host)
            p.executableURL = URL(fileURLWithPath: l[0])
            p.arguments = Array(l.dropFirst()) + [CLI.binary.path, "_stress", "--db", pg.socketURL, "--writes", String(Self.writes),
                                                  "--items", "12", "--item-prefix", "yr.t.shared-", "--tag", w.key,
                                                  "--start-at", String(startAt)]
            var env = TestHome.processEnvironment
            for (k, v) in try home(pg, w.key, host: w.host) { env[k] = v }
            p.environment = env
            let out = pg.root.appendingPathComponent("\(w.key).out")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            let handle = try FileHandle(forWritingTo: out)
            p.standardOutput = handle
            p.standardError = handle
            try p.run()
            running.append((p, out, w.key, w.host))
        }
        for (p, out, key, _) in running {
            p.waitUntilExit()
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            XCTAssertEqual(p.terminationStatus, 0, "\(key): \(text)")
            XCTAssertTrue(text.contains("\"writes\": \(Self.writes)"), "\(key): \(text)")
        }
        // Nothing lost: every writer's 200 reports are there once, by its own account, from its own host.
        let rows = try pg.superuser("""
            SELECT split_part(new_value, '-', 1) || ' ' || account || ' ' || host || ' ' || count(*) || ' ' || count(DISTINCT new_value)
            FROM events WHERE kind = 'note' GROUP BY split_part(new_value, '-', 1), account, host ORDER BY 1
            """).split(separator: "\n").map(String.init)
        let expected = running.map { r in "\(r.2) \(pg.accounts[r.2]?.name ?? "?") \(r.3) \(Self.writes) \(Self.writes)" }.sorted()
        XCTAssertEqual(rows.sorted(), expected)
        // The log and the current state agree, and every id was used once, in order.
        XCTAssertEqual(try pg.superuser("SELECT count(*) = max(id) AND count(DISTINCT id) = count(*) FROM events"), "t")
        let doctor = try pg.rc("a1", ["doctor", "--db", pg.socketURL])
        XCTAssertTrue(doctor.stdout.contains("consistency       ok"), doctor.stdout)

        // A dashboard on each server; a change made on one appears on the other without a key press.
        let data = CLI.repositoryRoot.appendingPathComponent("Data").path
        var dash: [String: TmuxSession] = [:]
        for (key, host) in [("a1", "office-a"), ("b1", "office-b")] {
            var env: [String: String?] = ["LANG": "C.UTF-8", "TERM": "screen-256color"]
            for (k, v) in try home(pg, key, host: host) { env[k] = v }
            let s = try TmuxSession(arguments: ["--data", data, "--db", pg.socketURL, "--ambiguous", "narrow", "--lang", "en"],
                                    environment: env, width: 120, height: 30, launcher: try launcher(pg, key, host: host),
                                    directory: env["HOME"] ?? nil)
            sessions.append(s)
            dash[host] = s
            XCTAssertTrue(s.wait(for: "0/50", timeout: 20).contains("0/50"))
        }
        try runAs(pg, "a2", host: "office-a", ["set", "yr2020.t.joint-meetings", "--status", "done", "--db", pg.socketURL, "--data", data])
        XCTAssertTrue(dash["office-b"]?.wait(for: "1/50", timeout: 5).contains("1/50") ?? false, "office-b follows office-a")
        try runAs(pg, "b2", host: "office-b", ["set", "yr2020.t.learn-experience", "--status", "done", "--db", pg.socketURL, "--data", data])
        XCTAssertTrue(dash["office-a"]?.wait(for: "2/50", timeout: 5).contains("2/50") ?? false, "office-a follows office-b")
        XCTAssertEqual(try pg.superuser("SELECT host FROM events WHERE item_id = 'yr2020.t.learn-experience'"), "office-b")
    }

    func runAs(_ pg: PostgresFixture, _ key: String, host: String, _ args: [String]) throws {
        let l = try launcher(pg, key, host: host)
        let r = try CLI.run(args, environment: try home(pg, key, host: host), executable: CLI.binary, launcher: l)
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}
