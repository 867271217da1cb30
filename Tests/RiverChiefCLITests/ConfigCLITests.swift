import Foundation
import XCTest

/// The configuration files as the command line reads them: the user's own, and a system file named
/// with RIVERCHIEF_SYSTEM_CONFIG (honoured only by a binary that is not installed setgid).
final class ConfigCLITests: XCTestCase {
    var dir: URL!
    var env: [String: String] = [:]

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-config-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("config/riverchief"), withIntermediateDirectories: true)
        env = ["HOME": dir.path, "XDG_DATA_HOME": dir.path + "/data", "XDG_CONFIG_HOME": dir.path + "/config",
               "XDG_CACHE_HOME": dir.path + "/cache", "RIVERCHIEF_DB": "", "RIVERCHIEF_SYSTEM_CONFIG": ""]
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    var userFile: String { dir.path + "/config/riverchief/config.toml" }

    func testABrokenFileSaysWhereAndExits2() throws {
        try "[store]\ndb = \"x.sqlite\n".write(toFile: userFile, atomically: true, encoding: .utf8)
        let r = try CLI.run(["history"], environment: env)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("riverchief: \(userFile):2:"), r.stderr)
        try "[display]\nlangauge = \"zh\"\n".write(toFile: userFile, atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["set", "yr2020.t.joint-meetings", "--status", "done"], environment: env)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "riverchief: \(userFile):2:1: error: unknown key \"display.langauge\" in [display]; known: lang, ambiguous\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path + "/data/riverchief/state.sqlite"), "nothing was written")
    }

    func testTheUsersFileChoosesTheDatabaseAndTheEnvironmentWins() throws {
        try "[store]\ndb = \"mine.sqlite\"\n".write(toFile: userFile, atomically: true, encoding: .utf8)
        let set = try CLI.run(["set", "yr2020.t.joint-meetings", "--progress", "10"], environment: env)
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.path + "/config/riverchief/mine.sqlite"))
        var e = env
        e["RIVERCHIEF_DB"] = dir.path + "/env.sqlite"
        let other = try CLI.run(["set", "yr2020.t.joint-meetings", "--progress", "20"], environment: e)
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.path + "/env.sqlite"))
        let flag = try CLI.run(["history", "--json", "--db", dir.path + "/config/riverchief/mine.sqlite"], environment: e)
        XCTAssertTrue(flag.stdout.contains("\"new\": \"10\""), flag.stdout)
        XCTAssertFalse(flag.stdout.contains("\"new\": \"20\""), flag.stdout)
    }

    func testTheSystemFilesRolesGovernItsDatabase() throws {
        let system = dir.path + "/system.toml"
        let shared = dir.path + "/shared.sqlite"
        try """
            [store]
            db = "\(shared)"
            [roles]
            admins = ["someone-else"]
            viewers = ["*"]
            """.write(toFile: system, atomically: true, encoding: .utf8)
        var e = env
        e["RIVERCHIEF_SYSTEM_CONFIG"] = system
        let refused = try CLI.run(["set", "yr2020.t.joint-meetings", "--status", "done"], environment: e)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("not allowed: yr2020.t.joint-meetings cannot be changed by account"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("are a viewer"), refused.stderr)
        let doctor = try CLI.run(["doctor"], environment: e)
        XCTAssertTrue(doctor.stdout.contains("refused attempts  1 (the newest:"), doctor.stdout)
        // A database of one's own is one's own: no roles there.
        e["RIVERCHIEF_DB"] = dir.path + "/own.sqlite"
        let own = try CLI.run(["set", "yr2020.t.joint-meetings", "--status", "done"], environment: e)
        XCTAssertEqual(own.status, 0, own.stderr)
        // A unit the library does not have is the system file's error.
        try """
            [store]
            db = "\(shared)"
            [roles]
            [[roles.liaison]]
            unit = "city.nowhere"
            members = ["*"]
            """.write(toFile: system, atomically: true, encoding: .utf8)
        e["RIVERCHIEF_DB"] = ""
        let unit = try CLI.run(["history"], environment: e)
        XCTAssertEqual(unit.status, 2)
        XCTAssertTrue(unit.stderr.contains("\(system): error: [[roles.liaison]] unit \"city.nowhere\" is not a unit"), unit.stderr)
    }
}
