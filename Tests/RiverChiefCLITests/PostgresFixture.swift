import Foundation
import XCTest

/// A real PostgreSQL database for the command line's tests, on the server `RIVERCHIEF_TEST_PG`
/// names (`.ci/run` starts Debian's and sets it): a fresh database set up by its owner with
/// `riverchief init`, real operating-system accounts (useradd) with login roles of the same name
/// that connect over the local socket with peer authentication, and `psql` (as the `postgres`
/// superuser, or as an account) for looking past the program. Skips, saying why, without root, the
/// server, or a binary built with the PostgreSQL trait.
final class PostgresFixture {
    let tag = String(UInt32.random(in: 0..<0xFFFFFF), radix: 36)
    let database: String
    let ownerURL: String
    let root: URL
    var accounts: [String: (name: String, uid: uid_t, gid: gid_t)] = [:]
    private var made: [String] = []
    private var roles: [String] = []

    /// The socket address of the database, as a person on this server writes it.
    var socketURL: String { "postgresql:///\(database)" }

    init() throws {
        guard geteuid() == 0 else { throw Self.skip("needs root to create accounts and roles") }
        guard let admin = ProcessInfo.processInfo.environment["RIVERCHIEF_TEST_PG"], !admin.isEmpty,
              let slash = admin.range(of: "/", options: .backwards), admin.hasPrefix("postgresql://") else {
            throw Self.skip("RIVERCHIEF_TEST_PG is not set (.ci/run starts a server and sets it)")
        }
        for tool in ["/usr/sbin/useradd", "/usr/bin/setpriv", "/usr/bin/psql", "/usr/sbin/runuser"]
            where !FileManager.default.isExecutableFile(atPath: tool) {
            throw Self.skip("needs \(tool)")
        }
        let probe = try CLI.run(["list", "--db", "postgresql:///riverchief_probe_\(tag)"])
        if probe.stderr.contains("built without PostgreSQL support") {
            throw Self.skip("the riverchief binary was built without the PostgreSQL trait (swift test --traits PostgreSQL)")
        }
        database = "rc_cli_\(tag)"
        ownerURL = String(admin[..<slash.lowerBound]) + "/" + database
        root = URL(fileURLWithPath: "/tmp/rc-pg-\(tag)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        chmod(root.path, 0o755)
        let user = ownerURL.dropFirst("postgresql://".count).prefix { $0 != ":" && $0 != "@" }
        try superuser("CREATE DATABASE \(database) OWNER \(user)", database: "postgres")
        // The owner sets the schema up, as an office's administrator would.
        let r = try CLI.run(["init", "--db", ownerURL])
        guard r.status == 0 else { throw NSError(domain: "init", code: 1, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
    }

    static func skip(_ why: String) -> XCTSkip {
        print("PostgreSQL command-line tests skipped: \(why)")
        return XCTSkip(why)
    }

    /// A new OS account and a login role of the same name (no password: peer over the socket).
    @discardableResult
    func account(_ key: String) throws -> String {
        let name = "rcp\(key)\(tag)"
        let home = root.appendingPathComponent("home/\(name)").path
        try sh("/usr/sbin/useradd", ["-M", "-d", home, "-s", "/bin/sh", "-U", name])
        made.append(name)
        guard let pw = getpwnam(name) else { throw XCTSkip("useradd made no \(name)") }
        accounts[key] = (name, pw.pointee.pw_uid, pw.pointee.pw_gid)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        chown(home, pw.pointee.pw_uid, pw.pointee.pw_gid)
        chmod(home, 0o700)
        try superuser("CREATE ROLE \(name) LOGIN", database: "postgres")
        roles.append(name)
        return name
    }

    func tearDown() {
        _ = try? superuser("DROP DATABASE IF EXISTS \(database) WITH (FORCE)", database: "postgres")
        for r in roles { _ = try? superuser("DROP ROLE IF EXISTS \(r)", database: "postgres") }
        for u in made { _ = try? sh("/usr/sbin/userdel", [u]) }
        try? FileManager.default.removeItem(at: root)
    }

    /// SQL as the `postgres` superuser (past every rule the program's roles have): its output, one row a line.
    @discardableResult
    func superuser(_ sql: String, database: String? = nil) throws -> String {
        try sh("/usr/sbin/runuser", ["-u", "postgres", "--", "/usr/bin/psql", "-X", "-Atq", "-v", "ON_ERROR_STOP=1",
                                    "-d", database ?? self.database, "-c", sql])
    }

    /// `riverchief args` as the account `key`, with a home of its own; `environment` adds to it.
    func rc(_ key: String, _ args: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        try run(key, CLI.binary.path, args, environment: environment)
    }

    /// `psql` as the account `key`, over the local socket (peer authentication).
    func psql(_ key: String, _ sql: String) throws -> CLI.Result {
        try run(key, "/usr/bin/psql", ["-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-h", "/var/run/postgresql", "-d", database, "-c", sql])
    }

    func run(_ key: String, _ program: String, _ args: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        guard let a = accounts[key] else { throw XCTSkip("no account \(key)") }
        let home = root.appendingPathComponent("home/\(a.name)").path
        var env = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
                   "XDG_CACHE_HOME": home + "/cache", "RIVERCHIEF_DB": "", "USER": a.name, "PGPASSWORD": ""]
        for (k, v) in environment { env[k] = v }
        return try CLI.run(args, environment: env, currentDirectory: root, executable: URL(fileURLWithPath: program),
                           launcher: ["/usr/bin/setpriv", "--reuid=\(a.uid)", "--regid=\(a.gid)", "--init-groups"])
    }

    @discardableResult
    func sh(_ tool: String, _ args: [String]) throws -> String {
        let r = try CLI.run(args, environment: ["RIVERCHIEF_DB": ""], executable: URL(fileURLWithPath: tool))
        guard r.status == 0 else {
            throw NSError(domain: "sh", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: "\(tool) \(args): \(r.stdout)\(r.stderr)"])
        }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
