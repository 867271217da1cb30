import XCTest
@testable import RiverChiefTUI

/// The unseen marks by position answer as the set of ids they replace did.
final class ItemMarksTests: XCTestCase {
    func testMarksAgreeWithASetThroughRandomChanges() {
        for items in [0, 1, 63, 64, 65, 1_000] {
            var marks = ItemMarks(items: items)
            var reference = Set<Int>()
            var rng = MonkeyTests.SeededRNG(state: UInt64(items))
            for _ in 0..<3_000 {
                let i = Int.random(in: -2...(items + 2), using: &rng)
                if Bool.random(using: &rng) {
                    marks.insert(i)
                    if (0..<items).contains(i) { reference.insert(i) }
                } else {
                    marks.remove(i)
                    reference.remove(i)
                }
                XCTAssertEqual(marks.contains(i), reference.contains(i), "\(i) of \(items)")
            }
            XCTAssertEqual(marks.count, reference.count)
            XCTAssertEqual(marks.isEmpty, reference.isEmpty)
            XCTAssertEqual(marks.positions, reference.sorted())
        }
    }
}
