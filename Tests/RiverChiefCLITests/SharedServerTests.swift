import Foundation
import XCTest

/// The shared server of docs/shared-server.md, for real: the binary installed setgid into a
/// temporary prefix by `make install-server`, real accounts made with useradd and groupadd, each
/// running it through setpriv. Each account changes exactly what its role allows; none can open,
/// rewrite, delete or lock the database directly, nor forge an account.
final class SharedServerTests: XCTestCase {
    var prefix: URL!
    var tag = ""
    var group = "", slj = ""
    var accounts: [String: (uid: uid_t, gid: gid_t)] = [:]
    var made: [String] = []
    var madeGroups: [String] = []

    var db: String { prefix.path + "/var/lib/riverchief/state.sqlite" }
    var bin: String { prefix.path + "/bin/riverchief" }

    static let waterTask = "yr2020.t.strictest-water-management"   // led by city.water (市水利局)
    static let supportedTask = "yr2020.t.pollution-control"       // led by city.eco-env, supported by city.water
    static let otherTask = "yr2020.t.industrial-restructuring"     // led by city.dev-reform, not supported by city.water

    override func setUpWithError() throws {
        guard geteuid() == 0 else { throw XCTSkip("needs root to create accounts and install a setgid binary") }
        for tool in ["/usr/sbin/useradd", "/usr/sbin/groupadd", "/usr/bin/setpriv", "/usr/bin/make", "/usr/bin/sqlite3", "/usr/bin/flock"]
            where !FileManager.default.isExecutableFile(atPath: tool) {
            throw XCTSkip("needs \(tool)")
        }
        tag = String(UInt32.random(in: 0..<0xFFFFFF), radix: 36)
        prefix = URL(fileURLWithPath: "/tmp/rc-server-\(tag)")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        chmod(prefix.path, 0o755)
        var fs = statvfs()
        if statvfs(prefix.path, &fs) == 0, (fs.f_flag & UInt(ST_NOSUID)) != 0 {
            try? FileManager.default.removeItem(at: prefix)
            throw XCTSkip("/tmp is mounted nosuid here: a setgid binary cannot be tried in it")
        }
        group = "rcg\(tag)"
        slj = "rcs\(tag)"
        try sh("/usr/sbin/groupadd", group); madeGroups.append(group)
        try sh("/usr/sbin/groupadd", slj); madeGroups.append(slj)
        for (role, extra) in [("adm", []), ("lia", ["-G", slj]), ("vie", []), ("out", [])] {
            let name = "rc\(role)\(tag)"
            let home = prefix.appendingPathComponent("home/\(name)").path
            try sh("/usr/sbin/useradd", ["-M", "-d", home, "-s", "/bin/sh", "-U"] + extra + [name])
            made.append(name)
            guard let pw = getpwnam(name) else { throw XCTSkip("useradd made no \(name)") }
            accounts[role] = (pw.pointee.pw_uid, pw.pointee.pw_gid)
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            chown(home, pw.pointee.pw_uid, pw.pointee.pw_gid)
            chmod(home, 0o700)
        }
        // The installed layout (the debug binary stands in for the release one), then the server set-up.
        try FileManager.default.createDirectory(atPath: prefix.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.binary.path, toPath: bin)
        try FileManager.default.createDirectory(atPath: prefix.path + "/share/riverchief", withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.data, to: prefix.appendingPathComponent("share/riverchief/Data"))
        let make = try sh("/usr/bin/make", "-C", CLI.repositoryRoot.path, "install-server", "PREFIX=\(prefix.path)", "GROUP=\(group)")
        XCTAssertTrue(make.contains("0660"), make)
        // The library cache the setgid program reads (never a person's own): root's, readable by all.
        let cacheDir = prefix.path + "/var/cache/riverchief"
        XCTAssertTrue(make.contains("library cache  \(cacheDir)"), make)
        let cached = try FileManager.default.contentsOfDirectory(atPath: cacheDir).filter { $0.hasSuffix(".bin") }
        XCTAssertEqual(cached.count, 1, "\(cached)")
        var cst = stat()
        XCTAssertEqual(stat(cacheDir + "/" + (cached.first ?? ""), &cst), 0)
        XCTAssertEqual(cst.st_uid, 0)
        XCTAssertEqual(cst.st_mode & 0o777, 0o644)
        // The office's roles: an administrator by name, the water bureau's liaison by group, one viewer.
        try """
            [store]
            db = "\(db)"
            [display]
            lang = "zh"
            [roles]
            admins = ["rcadm\(tag)"]
            viewers = ["rcvie\(tag)"]
            [[roles.liaison]]
            unit = "市水利局"
            members = ["group:\(slj)"]
            """.write(toFile: prefix.path + "/etc/riverchief/config.toml", atomically: true, encoding: .utf8)
        chmod(prefix.path + "/etc/riverchief/config.toml", 0o644)
    }

    override func tearDownWithError() throws {
        for u in made { _ = try? sh("/usr/sbin/userdel", u) }
        for g in madeGroups { _ = try? sh("/usr/sbin/groupdel", g) }
        if let prefix { try? FileManager.default.removeItem(at: prefix) }
    }

    /// Runs a tool as root; throws with its output when it fails.
    @discardableResult
    func sh(_ tool: String, _ args: String...) throws -> String { try sh(tool, args) }

    @discardableResult
    func sh(_ tool: String, _ args: [String]) throws -> String {
        let home = (prefix ?? URL(fileURLWithPath: "/nonexistent")).path + "/home/root"
        let r = try CLI.run(args, environment: ["RIVERCHIEF_DB": "", "RIVERCHIEF_DATA": "", "HOME": home, "XDG_DATA_HOME": home + "/data",
                                                "XDG_CONFIG_HOME": home + "/config", "XDG_CACHE_HOME": home + "/cache"],
                            executable: URL(fileURLWithPath: tool))
        guard r.status == 0 else {
            throw NSError(domain: "sh", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: "\(tool) \(args): \(r.stdout)\(r.stderr)"])
        }
        return r.stdout + r.stderr
    }

    /// Runs `program args` as the account of `role`, with its own groups and a home of its own.
    func run(_ role: String, _ program: String, _ args: [String], env: [String: String] = [:]) throws -> CLI.Result {
        guard let a = accounts[role] else { throw XCTSkip("no account \(role)") }
        let home = prefix.path + "/home/rc\(role)\(tag)"
        var environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
                           "XDG_CACHE_HOME": home + "/cache", "RIVERCHIEF_DB": "", "RIVERCHIEF_DATA": "", "USER": "rc\(role)\(tag)"]
        for (k, v) in env { environment[k] = v }
        return try CLI.run(args, environment: environment, currentDirectory: prefix, executable: URL(fileURLWithPath: program),
                           launcher: ["/usr/bin/setpriv", "--reuid=\(a.uid)", "--regid=\(a.gid)", "--init-groups"])
    }

    func rc(_ role: String, _ args: String...) throws -> CLI.Result { try run(role, bin, args) }

    func testEachRoleChangesExactlyWhatItMayAndNobodyReachesTheFile() throws {
        // The installation: setgid binary, a directory only the group enters, root's database.
        var st = stat()
        XCTAssertEqual(stat(bin, &st), 0)
        XCTAssertEqual(st.st_mode & 0o7777, 0o2755)
        XCTAssertEqual(String(cString: getgrgid(st.st_gid)!.pointee.gr_name), group)
        XCTAssertEqual(stat(prefix.path + "/var/lib/riverchief", &st), 0)
        XCTAssertEqual(st.st_mode & 0o7777, 0o2770)
        for f in ["", "-wal", "-shm"] {
            XCTAssertEqual(stat(db + f, &st), 0, "state.sqlite\(f)")
            XCTAssertEqual(st.st_mode & 0o777, 0o660, "state.sqlite\(f)")
            XCTAssertEqual(st.st_uid, 0, "state.sqlite\(f)")
        }

        // The administrator changes anything; the liaison what 市水利局 leads or supports.
        let adm = try rc("adm", "set", Self.otherTask, "--status", "推进中")
        XCTAssertEqual(adm.status, 0, adm.stderr)
        let lia = try rc("lia", "set", Self.waterTask, "--progress", "40", "--note", "已完成取水口排查")
        XCTAssertEqual(lia.status, 0, lia.stderr)
        let supported = try rc("lia", "set", Self.supportedTask, "--status", "推进中")
        XCTAssertEqual(supported.status, 0, supported.stderr)

        // Beyond the role: refused with the reason, and recorded.
        let beyond = try rc("lia", "set", Self.otherTask, "--status", "已完成")
        XCTAssertEqual(beyond.status, 1)
        XCTAssertTrue(beyond.stderr.contains("not allowed: \(Self.otherTask) cannot be changed by account rclia\(tag)"), beyond.stderr)
        XCTAssertTrue(beyond.stderr.contains("liaison of 市水利局"), beyond.stderr)
        let viewer = try rc("vie", "set", Self.waterTask, "--progress", "90")
        XCTAssertEqual(viewer.status, 1)
        XCTAssertTrue(viewer.stderr.contains("are a viewer"), viewer.stderr)
        let viewerUndo = try rc("vie", "undo")
        XCTAssertNotEqual(viewerUndo.status, 0)
        // The viewer reads; the account with no role does not even read.
        let read = try rc("vie", "history", "--json")
        XCTAssertEqual(read.status, 0, read.stderr)
        let events = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(Set(events.compactMap { $0["account"] as? String }), ["rcadm\(tag)", "rclia\(tag)"])
        XCTAssertFalse(read.stdout.contains("已完成\""), "the refused status is not in the records")
        let outsider = try rc("out", "history")
        XCTAssertEqual(outsider.status, 1)
        XCTAssertTrue(outsider.stderr.contains("account rcout\(tag) has no role"), outsider.stderr)
        // `list --status` reads the states straight from the file, with the group, under the same roles.
        let listed = try rc("vie", "list", "--unit", "市水利局", "--status", "推进中", "--width", "120")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains(Self.supportedTask), listed.stdout)
        XCTAssertFalse(listed.stdout.contains(Self.waterTask), "not in progress: \(listed.stdout)")
        XCTAssertFalse(listed.stdout.contains(Self.otherTask), "not 市水利局's: \(listed.stdout)")
        let outsiderList = try rc("out", "list", "--unit", "市水利局", "--status", "推进中")
        XCTAssertEqual(outsiderList.status, 1)
        XCTAssertTrue(outsiderList.stderr.contains("account rcout\(tag) has no role"), outsiderList.stderr)
        XCTAssertEqual(outsiderList.stdout, "")
        let ownRights = try run("vie", bin, ["list", "--unit", "市水利局", "--status", "推进中"],
                                env: ["RIVERCHIEF_DATA": prefix.path + "/share/riverchief/Data"])
        XCTAssertEqual(ownRights.status, 1, ownRights.stdout)
        XCTAssertTrue(ownRights.stderr.contains("your own rights"), ownRights.stderr)

        // Nobody opens the files: not to rewrite history, not to delete, not to hold a lock.
        for role in ["lia", "adm", "out"] {
            let sql = try run(role, "/usr/bin/sqlite3", [db, "DROP TRIGGER events_append_only_update; UPDATE events SET account = 'nobody';"])
            XCTAssertNotEqual(sql.status, 0, "\(role) opened the database: \(sql.stdout)")
            let rm = try run(role, "/bin/rm", ["-f", db])
            XCTAssertNotEqual(rm.status, 0)
            let lock = try run(role, "/usr/bin/flock", ["-n", "-s", db + "-shm", "true"])
            XCTAssertNotEqual(lock.status, 0, "\(role) could open -shm to lock it")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: db))

        // Forging: the environment does not change who you are or which database the group opens.
        let forged = try run("lia", bin, ["set", Self.otherTask, "--status", "受阻"],
                             env: ["USER": "rcadm\(tag)", "LOGNAME": "rcadm\(tag)", "RIVERCHIEF_DB": db])
        XCTAssertEqual(forged.status, 1)
        XCTAssertTrue(forged.stderr.contains("cannot be changed by account rclia\(tag)"), forged.stderr)
        // A database of one's own in the shared directory: the program gives the group up first.
        let elsewhere = try rc("lia", "set", Self.otherTask, "--status", "受阻", "--db", prefix.path + "/var/lib/riverchief/mine.sqlite")
        XCTAssertEqual(elsewhere.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: prefix.path + "/var/lib/riverchief/mine.sqlite"))
        // A database in one's own home: written with one's own group, not the program's.
        let ownDB = prefix.path + "/home/rclia\(tag)/own.sqlite"
        let own = try rc("lia", "set", Self.otherTask, "--status", "受阻", "--db", ownDB)
        XCTAssertEqual(own.status, 0, own.stderr)
        var ownStat = stat()
        XCTAssertEqual(stat(ownDB, &ownStat), 0)
        XCTAssertEqual(ownStat.st_gid, accounts["lia"]?.gid, "the group privilege was given up before a database of one's own")
        // A library of one's own cannot make the liaison's unit lead every task.
        let ownLibrary = try run("lia", bin, ["set", Self.otherTask, "--status", "受阻"], env: ["RIVERCHIEF_DATA": prefix.path + "/share/riverchief/Data"])
        XCTAssertEqual(ownLibrary.status, 1)
        XCTAssertTrue(ownLibrary.stderr.contains("your own rights"), ownLibrary.stderr)
        // A hard link of the setgid binary next to a config.toml of one's own is not allowed here.
        let link = try run("lia", "/bin/ln", [bin, prefix.path + "/home/rclia\(tag)/rc"])
        XCTAssertNotEqual(link.status, 0, "fs.protected_hardlinks should refuse linking another's setgid file")

        // A member's write goes through while an outsider tries to lock; the records are whole.
        let after = try rc("adm", "set", Self.waterTask, "--progress", "60")
        XCTAssertEqual(after.status, 0, after.stderr)
        let doctor = try rc("adm", "doctor")
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.contains("refused attempts  3 (the newest: rclia\(tag) on \(Self.otherTask)"), doctor.stdout)
        // A system file someone other than root could have written is refused by the setgid binary.
        let config = prefix.path + "/etc/riverchief/config.toml"
        chown(config, accounts["lia"]!.uid, 0)
        let tampered = try rc("lia", "history")
        XCTAssertEqual(tampered.status, 2)
        XCTAssertTrue(tampered.stderr.contains("\(config): error: owned by uid \(accounts["lia"]!.uid) with mode 0644; the system configuration must belong to root"),
                      tampered.stderr)
        chown(config, 0, 0)
        let history = try rc("adm", "history", Self.waterTask, "--json")
        let items = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(items.compactMap { $0["new"] as? String }.filter { ["40", "60"].contains($0) }, ["40", "60"])
    }

    /// The installed dashboard, as the liaison, in tmux: the header says the role, an edit key on
    /// another unit's task says why not (and is recorded), its own unit's task is changed.
    func testTheDashboardShowsTheRoleAndRefusesWithTheReason() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("needs tmux") }
        guard let a = accounts["lia"] else { throw XCTSkip("no liaison account") }
        let home = prefix.path + "/home/rclia\(tag)"
        // TmuxSession runs launcher + [the build's binary] + arguments: the shell runs the installed one instead.
        let s = try TmuxSession(arguments: ["--ambiguous", "narrow"],
                                environment: ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
                                              "XDG_CACHE_HOME": home + "/cache", "RIVERCHIEF_DB": nil, "RIVERCHIEF_DATA": nil,
                                              "LANG": "C.UTF-8", "TERM": "xterm-256color"],
                                width: 120, height: 30,
                                launcher: ["/usr/bin/setpriv", "--reuid=\(a.uid)", "--regid=\(a.gid)", "--init-groups",
                                           "/bin/sh", "-c", "p=$1; shift 2; exec \"$p\" \"$@\"", "sh", bin])
        defer { s.close() }
        // LANG is C.UTF-8; the system file's lang makes it Chinese.
        s.wait(for: "角色 联络员(水利局)", timeout: 15)
        // A liaison opens on their unit's tasks: F shows them all, 1 the tree.
        s.wait(for: "我的单位 市水利局 的任务")
        try s.send("F", "1", "g")
        // The first task, 对照要求查找短板, is led by the leading group's office.
        try s.send("j")
        s.wait(for: "yr2020.t.find-gaps")
        try s.send("x")
        s.wait(for: "您是市水利局的联络员,只能修改本单位牵头或配合的任务")
        // Its own unit's task (found by pinyin) is recorded, by the process that lowered its group
        // after opening: it still looks at the path (for a replaced file) with the group raised.
        try s.send("/")
        try s.type("zuiyange")
        try s.send("Enter")
        s.wait(for: "yr2020.t.strictest-water-management")
        try s.send("w")
        s.wait(for: "已记录")
        Thread.sleep(forTimeInterval: 1)   // a few looks for colleagues' changes
        XCTAssertFalse(s.capture().contains("已被移走或删除"), s.capture())
        // A backup restored by root under the running dashboard: only with the group raised can the
        // dashboard see that the path names another file, and reopen it.
        try sh("/usr/bin/sqlite3", db, ".backup \(db).restored")
        try sh("/bin/chown", "root:\(group)", db + ".restored")
        try sh("/bin/chmod", "0660", db + ".restored")
        try sh("/bin/mv", db + ".restored", db)
        s.wait(for: "状态库文件已被替换", timeout: 10)
        try s.send("x")
        s.wait(for: "已记录")
        try s.send("q")
        s.wait(for: "RC-EXIT=0")
        let doctor = try rc("adm", "doctor")
        XCTAssertTrue(doctor.stdout.contains("refused attempts  1 (the newest: rclia\(tag) on yr2020.t.find-gaps"), doctor.stdout)
        let history = try rc("adm", "history", "--json")
        let events = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(events.map { "\($0["item"] ?? "") \($0["new"] ?? "") \($0["account"] ?? "")" },
                       ["yr2020.t.strictest-water-management in-progress rclia\(tag)",
                        "yr2020.t.strictest-water-management done rclia\(tag)",
                        "yr2020.t.strictest-water-management 100 rclia\(tag)"], "the second write (done, 100 %) went into the restored file")
    }
}
