import Foundation
import RiverChiefConfig
import RiverChiefCore
import XCTest

final class RolesTests: XCTestCase {
    let rules = RoleRules(admins: ["alice", "group:rcadmin"], viewers: ["*"],
                          liaisons: [.init(unit: "city.water", members: ["bob", "group:slj"]),
                                     .init(unit: "市生态环境局", members: ["dan"])])

    func testRoleFromNameOrGroup() {
        XCTAssertEqual(rules.role(of: Person(account: "alice", groups: [])), .administrator)
        XCTAssertEqual(rules.role(of: Person(account: "erin", groups: ["users", "rcadmin"])), .administrator)
        XCTAssertEqual(rules.role(of: Person(account: "bob", groups: [])), .liaison(units: ["city.water"]))
        XCTAssertEqual(rules.role(of: Person(account: "fay", groups: ["slj"])), .liaison(units: ["city.water"]))
        XCTAssertEqual(rules.role(of: Person(account: "carol", groups: ["slj2"])), .viewer)
        XCTAssertEqual(RoleRules(admins: ["alice"]).role(of: Person(account: "carol", groups: [])), .none)
        // An account name is not a group: "group:bob" does not name the account bob.
        XCTAssertEqual(RoleRules(admins: ["group:bob"]).role(of: Person(account: "bob", groups: [])), .none)
    }

    func testCurrentPersonIsTheRealUidsAccount() {
        let p = Person.current()
        XCTAssertEqual(p.account, String(cString: getpwuid(getuid())!.pointee.pw_name))
        XCTAssertFalse(p.groups.isEmpty, "every account has at least its primary group")
    }

    static let library: Library = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return LibraryLoader().load(directory: root.appendingPathComponent("Data")).library!
    }()

    func testLiaisonMayChangeWhatTheirUnitLeadsOrSupports() throws {
        let bob = try Authority(person: Person(account: "bob", groups: []), role: rules.role(of: Person(account: "bob", groups: [])),
                                library: Self.library, file: "config.toml")
        XCTAssertEqual(bob.myUnit, "city.water")
        XCTAssertEqual(bob.label.zh, "联络员(水利局)", "the short name, for the header")
        XCTAssertEqual(bob.label.en, "liaison of 市水利局")
        XCTAssertNil(bob.refusal(itemID: "yr2020.t.strictest-water-management"), "led by city.water")
        XCTAssertNil(bob.refusal(itemID: "yr2020.t.pollution-control"), "supported by city.water")
        let led = Self.library.items.first { $0.kind == .task && $0.lead?.unit == "city.yr-leading-group-office"
            && !$0.supporting.contains { $0.unit == "city.water" } }!
        let why = try XCTUnwrap(bob.refusal(itemID: led.id))
        XCTAssertTrue(why.en.contains("liaison of 市水利局"), why.en)
        XCTAssertTrue(why.zh.contains("此任务由"), why.zh)
        XCTAssertNotNil(bob.refusal(itemID: "yr2020.s2"), "a section is not a task")
        let ids = try XCTUnwrap(bob.changeableIDs())
        XCTAssertTrue(ids.contains("yr2020.t.pollution-control"))
        XCTAssertFalse(ids.contains(led.id))
        // A unit named by its Chinese name resolves to its id.
        let dan = try Authority(person: Person(account: "dan", groups: []), role: .liaison(units: ["市生态环境局"]),
                                library: Self.library, file: "config.toml")
        XCTAssertEqual(dan.myUnit, "city.eco-env")
        XCTAssertNil(dan.refusal(itemID: "yr2020.t.pollution-control"))
    }

    func testViewerAndAdministrator() throws {
        let carol = try Authority(person: Person(account: "carol", groups: []), role: .viewer, library: Self.library, file: "c")
        XCTAssertEqual(carol.refusal(itemID: "yr2020.t.pollution-control")?.en, "you (account carol) are a viewer: you may look, not change")
        XCTAssertEqual(carol.changeableIDs(), [])
        let alice = try Authority(person: Person(account: "alice", groups: []), role: .administrator, library: Self.library, file: "c")
        XCTAssertNil(alice.refusal(itemID: "yr2020.t.pollution-control"))
        XCTAssertNil(alice.refusal(itemID: "no.such.item"))
        XCTAssertNil(alice.changeableIDs())
    }

    func testUnknownUnitIsAConfigurationError() {
        XCTAssertThrowsError(try Authority(person: Person(account: "bob", groups: []), role: .liaison(units: ["city.nowhere"]),
                                           library: Self.library, file: "/etc/riverchief/config.toml")) { e in
            XCTAssertEqual((e as? ConfigError)?.file, "/etc/riverchief/config.toml")
            XCTAssertTrue("\(e)".contains("\"city.nowhere\" is not a unit of the model library"), "\(e)")
        }
    }
}
