import Foundation
import XCTest
import RiverChiefCore
@testable import RiverChiefStore

/// The SQLite store folds the history on two threads, a reader handing batches of numbered events
/// to a folder: the facts are the same whether they cross in one batch or in many, and the same
/// as the `current` table the writes keep.
final class FactsFoldBatchTests: StoreTestCase {
    func testTheFactsAreTheSameInOneBatchAndInMany() throws {
        let store = try open()
        let bob = try open(StoreTestCase.bob)
        let ids = ["m.t.a", "m.t.b", "m.t.c", "m.t.d", "m.t.e"]
        let statuses: [Status] = [.inProgress, .behind, .blocked, .done, .inProgress]
        // 60 writes of every kind by two accounts, interleaved over five items, with undos.
        for k in 0..<60 {
            let who = k % 2 == 0 ? store : bob
            let id = ids[k % ids.count]
            switch k % 4 {
            case 0: try who.write(Change(status: statuses[k % statuses.count], progress: k), to: id)
            case 1: try who.write(Change(deadline: .set("2026-12-\(10 + k % 18)")), to: id)
            case 2: try who.write(Change(note: ProgressNote(done: "第\(k)次，\"完成\"", problems: k % 3 == 0 ? "问题\n两行" : nil)), to: id)
            default: _ = try? who.undo(itemID: id)
            }
        }
        let before = FactsFoldBatchTests.batch
        defer { Store.foldBatch = before }
        Store.foldBatch = 4096
        let oneBatch = try store.facts(untilMillis: nil)
        Store.foldBatch = 7
        let many = try store.facts(untilMillis: nil)
        XCTAssertEqual(many, oneBatch)
        XCTAssertEqual(Set(many.keys), Set(ids))
        for id in ids {
            XCTAssertEqual(many[id]?.state, try store.state(of: id), "\(id): the fold is the current table")
        }
        XCTAssertNotNil(many["m.t.c"]?.report, "a report survives")
    }

    static let batch = Store.foldBatch
}
