import Foundation
import RiverChiefCore
import RiverChiefStore
@testable import RiverChiefTUI
import XCTest

/// The dashboard under the configuration's roles: the header says the role, an edit key on a task
/// the role may not change says why, and the store refuses (and records) what slips past the screen.
final class RolesInDashboardTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func dashboard(_ store: Store, rights: EditRights, selecting id: String) -> (Runtime, TestBackend) {
        var hooks = StoreHooks.connect(store)
        hooks.rights = rights
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        state.storeAccess = hooks.access
        state.rights = hooks.rights
        let backend = TestBackend(size: state.size)
        let rt = Runtime(state: state, backend: backend, store: hooks, clock: { "2021-01-15" })
        rt.execute(.loadStates)
        rt.settle()
        let item = rt.state.library.itemIndex[id]!
        let node = Int32(rt.state.outline.nodeOfItem[item])
        for _ in 0..<200 {
            guard let sel = rt.state.selectedNode, Int32(sel) != node else { break }
            rt.handle(.key(rt.state.outline.contains(sel, Int(node)) ? .right : .down))
        }
        XCTAssertEqual(rt.state.detailItem, item)
        return (rt, backend)
    }

    let liaison = EditRights(role: "联络员(市水利局)", roleEnglish: "liaison of 市水利局", changeable: ["yr2020.t.soil"]) { id in
        id == "yr2020.t.soil" ? nil : ("您是市水利局的联络员,只能修改本单位牵头或配合的任务", "you are the liaison of 市水利局")
    }

    func testTheHeaderSaysTheRoleAndAnEditKeyExplainsARefusal() throws {
        let soilOnly = WriteGuard(role: "liaison of 市水利局") { $0 == "yr2020.t.soil" ? nil : "you are the liaison of 市水利局" }
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path, origin: Origin(account: "bob", uid: 1002),
                              writeGuard: soilOnly)
        let (rt, backend) = dashboard(store, rights: liaison, selecting: "yr2020.t.sewage")
        rt.render()
        XCTAssertTrue(backend.screen.text.contains("角色 联络员(市水利局)"), backend.screen.text)
        rt.handle(.key(.char("x")))
        rt.settle()
        XCTAssertEqual(rt.state.message, "您是市水利局的联络员,只能修改本单位牵头或配合的任务")
        rt.handle(.key(.char("s")))
        guard case .browse = rt.state.mode else { return XCTFail("no menu opens on a task the role may not change") }
        XCTAssertEqual(try store.eventCount(), 0)
        // The key presses are recorded as refused attempts, like the command line's.
        // (recorded on the writer's queue, off the input path: wait for it, with a deadline)
        let deadline = Date().addingTimeInterval(10)
        while try store.refusedCount() < 2 && Date() < deadline { usleep(10_000) }
        let refused = try store.refusedAttempts()
        XCTAssertEqual(refused.map(\.itemID), ["yr2020.t.sewage", "yr2020.t.sewage"])
        XCTAssertEqual(refused.map(\.account), ["bob", "bob"])
        // Its own unit's task is changed as usual.
        let (own, _) = dashboard(store, rights: liaison, selecting: "yr2020.t.soil")
        own.handle(.key(.char("w")))
        own.settle()
        XCTAssertEqual(try store.state(of: "yr2020.t.soil").status, .inProgress)
    }

    func testTheStoreRefusesWhatTheScreenLetThrough() throws {
        // The screen's rights allow everything, the store's guard does not: the store decides.
        let guardOnly = WriteGuard(role: "viewer") { _ in "you (account carol) are a viewer: you may look, not change" }
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path, origin: Origin(account: "carol", uid: 1003),
                              writeGuard: guardOnly)
        let everything = EditRights(role: "管理员", roleEnglish: "office administrator", changeable: nil) { _ in nil }
        let (rt, _) = dashboard(store, rights: everything, selecting: "yr2020.t.soil")
        rt.handle(.key(.char("x")))
        rt.settle()
        XCTAssertTrue(rt.state.message?.contains("are a viewer") ?? false, rt.state.message ?? "no message")
        XCTAssertEqual(try store.eventCount(), 0)
        XCTAssertEqual(try store.refusedAttempts().map(\.account), ["carol"])
    }
}
