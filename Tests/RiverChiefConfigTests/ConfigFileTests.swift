import Foundation
import RiverChiefConfig
import RiverChiefCore
import XCTest

final class ConfigFileTests: XCTestCase {
    static let example = """
        [store]
        db = "/var/lib/riverchief/state.sqlite"
        [display]
        lang = "zh"            # zh | en
        ambiguous = "auto"     # auto | narrow | wide
        [reports]
        cadence = "monthly"
        due_day = 28
        warn_days = 7
        lag_margin = 20
        [roles]
        admins = ["alice", "group:rcadmin"]
        viewers = ["*"]
        [[roles.liaison]]
        unit = "city.water"
        members = ["bob", "group:slj"]
        """

    func parse(_ text: String, allowRoles: Bool = true) throws -> ConfigLayer {
        try ConfigFile.parse(Array(text.utf8), path: "/etc/riverchief/config.toml", allowRoles: allowRoles)
    }

    func error(_ text: String, allowRoles: Bool = true) -> ConfigError? {
        do {
            _ = try parse(text, allowRoles: allowRoles)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    func testTheBriefsExampleReadsEveryValue() throws {
        let c = try parse(Self.example)
        XCTAssertEqual(c.db, "/var/lib/riverchief/state.sqlite")
        XCTAssertEqual(c.lang, "zh")
        XCTAssertEqual(c.ambiguous, "auto")
        XCTAssertEqual(c.reports, ReportSettings(cadence: "monthly", dueDay: 28, warnDays: 7, lagMargin: 20))
        XCTAssertEqual(c.roles, RoleRules(admins: ["alice", "group:rcadmin"], viewers: ["*"],
                                          liaisons: [.init(unit: "city.water", members: ["bob", "group:slj"])]))
    }

    func testBrokenTOMLSaysFileLineAndColumn() throws {
        let e = try XCTUnwrap(error("[store]\ndb = \"/var/lib/x\n[display]\n"))
        XCTAssertEqual(e.file, "/etc/riverchief/config.toml")
        XCTAssertEqual(e.line, 2)
        XCTAssertNotNil(e.column)
        XCTAssertTrue(e.description.hasPrefix("/etc/riverchief/config.toml:2:"), e.description)
        let dup = try XCTUnwrap(error("[display]\nlang = \"zh\"\nlang = \"en\"\n"))
        XCTAssertEqual(dup.line, 3, dup.description)
    }

    func testUnknownKeysAreNamedWithTheirLine() throws {
        let e = try XCTUnwrap(error("[display]\nlang = \"zh\"\n  langauge = \"en\"\n"))
        XCTAssertEqual(e.description,
                       "/etc/riverchief/config.toml:3:3: error: unknown key \"display.langauge\" in [display]; known: lang, ambiguous")
        let table = try XCTUnwrap(error("[colors]\nbg = 1\n"))
        XCTAssertTrue(table.message.contains("unknown key \"colors\" at the top level"), table.message)
        let liaison = try XCTUnwrap(error("[[roles.liaison]]\nunit = \"city.water\"\nmember = [\"bob\"]\n"))
        XCTAssertTrue(liaison.message.contains("\"roles.liaison.member\""), liaison.message)
        XCTAssertEqual(liaison.line, 3)
    }

    func testWrongTypesAndValuesNameTheKey() throws {
        XCTAssertEqual(error("[display]\nlang = \"fr\"\n")?.message, "display.lang must be zh, en, not \"fr\"")
        XCTAssertEqual(error("[reports]\ncadence = \"weekly\"\ndue_day = 8\n")?.message, "reports.due_day must be from 1 to 7, not 8")
        XCTAssertEqual(error("[reports]\nwarn_days = \"7\"\n")?.message, "reports.warn_days must be a whole number, not a string")
        XCTAssertEqual(error("[reports]\nlag_margin = 101\n")?.line, 2)
        XCTAssertEqual(error("[store]\ndb = \"\"\n")?.message, "store.db is empty")
        XCTAssertEqual(error("[roles]\nadmins = \"alice\"\n")?.message,
                       "roles.admins must be a list of strings, such as [\"alice\", \"group:rcadmin\"]")
        XCTAssertEqual(error("[roles]\nviewers = [\"group:\"]\n")?.message,
                       "roles.viewers: \"group:\" names nobody (write an account, group:NAME or *)")
        XCTAssertNotNil(error("store = 3\n"))
    }

    func testRolesOnlyInTheSystemFile() throws {
        let e = try XCTUnwrap(error("[roles]\nadmins = [\"me\"]\n", allowRoles: false))
        XCTAssertEqual(e.line, 1)
        XCTAssertTrue(e.message.contains("[roles] is read only from the system configuration file"), e.message)
    }

    func testInvalidUTF8IsPlaced() throws {
        let e = try XCTUnwrap({ () -> ConfigError? in
            do { _ = try ConfigFile.parse(Array("[display]\nlang = \"".utf8) + [0xFF] + Array("\"\n".utf8), path: "c.toml", allowRoles: true) } catch { return error as? ConfigError }
            return nil
        }())
        XCTAssertEqual(e.description, "c.toml:2:9: error: invalid UTF-8 (byte 0xff)")
    }

    func testFilesMissingNotRegularOrHuge() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertNil(try ConfigFile.read(dir.path + "/none.toml", allowRoles: true))
        XCTAssertThrowsError(try ConfigFile.read(dir.path, allowRoles: true)) { e in
            XCTAssertEqual((e as? ConfigError)?.message, "not a regular file")
        }
        let big = dir.appendingPathComponent("big.toml")
        try Data(repeating: 0x20, count: ConfigFile.maximumSize + 1).write(to: big)
        XCTAssertThrowsError(try ConfigFile.read(big.path, allowRoles: true))
    }

    func testPrecedenceFlagEnvironmentUserSystem() throws {
        var system = ConfigLayer(path: "/etc/riverchief/config.toml")
        system.db = "/var/lib/riverchief/state.sqlite"
        system.lang = "zh"
        system.ambiguous = "wide"
        system.reports = ReportSettings(cadence: "monthly", dueDay: 28, warnDays: 7)
        var user = ConfigLayer(path: "/home/bob/.config/riverchief/config.toml")
        user.lang = "en"
        user.reports = ReportSettings(warnDays: 3)
        var config = Configuration(system: system, user: user)
        XCTAssertEqual(config.database(flag: nil, environment: [:])?.path, "/var/lib/riverchief/state.sqlite")
        XCTAssertEqual(config.database(flag: nil, environment: [:])?.source, .system)
        XCTAssertEqual(config.database(flag: nil, environment: ["RIVERCHIEF_DB": "/tmp/e.sqlite"])?.source, .environment)
        XCTAssertEqual(config.database(flag: "f.sqlite", environment: ["RIVERCHIEF_DB": "/tmp/e.sqlite"])?.path, "f.sqlite")
        XCTAssertEqual(config.lang(flag: nil, environment: [:]), "en")
        XCTAssertEqual(config.lang(flag: nil, environment: ["RIVERCHIEF_LANG": "zh"]), "zh")
        XCTAssertEqual(config.lang(flag: "en", environment: ["RIVERCHIEF_LANG": "zh"]), "en")
        XCTAssertEqual(config.ambiguous(flag: nil, environment: [:]), "wide")
        XCTAssertEqual(config.reports, ReportSettings(cadence: "monthly", dueDay: 28, warnDays: 3))
        user.db = "mine.sqlite"
        config.user = user
        XCTAssertEqual(config.database(flag: nil, environment: [:])?.path, "/home/bob/.config/riverchief/mine.sqlite")
        XCTAssertEqual(config.database(flag: nil, environment: [:])?.source, .user)
        XCTAssertNil(Configuration().database(flag: nil, environment: [:]), "no file, no flag: the per-user default")
    }

    func testSystemFileFollowsTheInstallPrefix() {
        XCTAssertEqual(Configuration.systemPath(executable: URL(fileURLWithPath: "/usr/local/bin/riverchief")),
                       "/usr/local/etc/riverchief/config.toml")
        XCTAssertEqual(Configuration.systemPath(executable: URL(fileURLWithPath: "/usr/bin/riverchief")), "/etc/riverchief/config.toml")
        XCTAssertNil(Configuration.systemPath(executable: URL(fileURLWithPath: "/src/rc/.build/debug/riverchief")))
        XCTAssertEqual(Configuration.userPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]), "/x/riverchief/config.toml")
        XCTAssertEqual(Configuration.userPath(environment: ["HOME": "/h"]), "/h/.config/riverchief/config.toml")
    }
}
