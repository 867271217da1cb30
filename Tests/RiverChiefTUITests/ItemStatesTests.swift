import RiverChiefCore
import XCTest
@testable import RiverChiefTUI

/// The dashboard's states by item position: the same answers as the snapshot by id they are made
/// from, states of ids the library lacks kept too.
final class ItemStatesTests: XCTestCase {
    func snapshot(_ lib: Library) -> [String: ItemState] {
        var out: [String: ItemState] = [:]
        for (k, it) in lib.items.enumerated() where k % 3 != 1 {
            out[it.id] = ItemState(status: Status.allCases[k % Status.allCases.count], progress: k % 101,
                                   deadline: k % 4 == 0 ? "2021-0\(k % 9 + 1)-01" : nil, lastEventID: Int64(k * 7 % 50),
                                   updatedBy: k % 2 == 0 ? "colleague" : "tester", latestNote: k % 5 == 0 ? "第\(k)次报送" : nil)
        }
        out["gone.t.old"] = ItemState(status: .blocked, lastEventID: 99, updatedBy: "colleague")
        return out
    }

    func testEveryStateIsFoundByIDAndByPosition() {
        for lib in [Fixtures.speech(), Fixtures.large(speeches: 3)] {
            let byID = snapshot(lib)
            let states = ItemStates(byID, library: lib)
            for (i, it) in lib.items.enumerated() {
                XCTAssertEqual(states[position: i], byID[it.id], it.id)
                XCTAssertEqual(states[it.id], byID[it.id], it.id)
            }
            XCTAssertEqual(states["gone.t.old"]?.status, .blocked, "an id the library lacks is kept")
            XCTAssertNil(states["no.such.item"])
            XCTAssertEqual(states.count, byID.count)
            XCTAssertEqual(states.byID, byID, "nothing lost or added")
            XCTAssertEqual(states.lastEventID, 99)
            var visited: [String] = []
            states.forEach { position, id, s in
                visited.append(id)
                XCTAssertEqual(position.map { lib.items[$0].id }, position == nil ? nil : id)
                XCTAssertEqual(s, byID[id])
            }
            XCTAssertEqual(visited.sorted(), byID.keys.sorted(), "each state once")
        }
    }

    func testChangesByIDAndByPosition() {
        let lib = Fixtures.speech()
        var states = ItemStates(library: lib)
        XCTAssertEqual(states.count, 0)
        XCTAssertNil(states.lastEventID)
        let soil = lib.itemIndex["yr2020.t.soil"]!
        states["yr2020.t.soil"] = ItemState(status: .done, lastEventID: 3)
        XCTAssertEqual(states[position: soil]?.status, .done)
        states[position: soil] = nil
        XCTAssertNil(states["yr2020.t.soil"])
        states["elsewhere.t.x"] = ItemState(status: .behind, lastEventID: 8)
        XCTAssertEqual(states.byID.keys.sorted(), ["elsewhere.t.x"])
        XCTAssertEqual(states.lastEventID, 8)
        XCTAssertEqual(ItemStates([:], library: lib).count, 0)
    }

    func testTheDashboardShowsTheSameCountsAsTheSnapshot() {
        let lib = Fixtures.large(speeches: 2)
        let byID = snapshot(lib)
        var s = Fixtures.state(lib)
        _ = update(&s, .statesLoaded(byID))
        for (i, it) in lib.items.enumerated() {
            XCTAssertEqual(s.state(of: i), byID[it.id] ?? .initial, it.id)
        }
        // The book folded by position counts what a fold by id would.
        var done = 0
        for it in lib.items where it.kind == .task && byID[it.id]?.status == .done { done += 1 }
        XCTAssertEqual(s.book.counts[Standing.done.rawValue], done)
        XCTAssertEqual(s.userSettingsToKeep.lastLooked, 99, "the newest event of every state, the unknown id's too")
    }

    func testAPreloadHandsItsStatesOverOnce() throws {
        let p = StatePreload(readsReportTimes: true)
        p.states.finish(.success(["a": ItemState(status: .done)]))
        guard case .success(let states)? = p.take() else { return XCTFail("the states are handed over") }
        XCTAssertEqual(states["a"]?.status, .done)
        XCTAssertNil(p.take(timeout: 0.1), "and then no longer held")
        // The report times: nothing while they are being read, then handed over once.
        XCTAssertNil(p.takeReportTimes())
        p.reportTimes?.finish(.success(["a": 7]))
        guard case .success(let times)? = p.takeReportTimes() else { return XCTFail("the report times are handed over") }
        XCTAssertEqual(times, ["a": 7])
        XCTAssertNil(p.takeReportTimes(timeout: 0.1))
        XCTAssertNil(StatePreload(readsReportTimes: false).takeReportTimes(timeout: 5), "none read: no wait")
    }
}
