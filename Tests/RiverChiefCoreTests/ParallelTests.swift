import Foundation
import XCTest
@testable import RiverChiefCore

/// The pipeline between a reading thread and a folding one: every batch, in order; the first error
/// of either side ends both and is thrown; nothing is left waiting.
final class ParallelTests: XCTestCase {
    struct Stop: Error, Equatable { var at: Int }

    func testEveryBatchArrivesInOrder() throws {
        var got: [Int] = []
        try Parallel.pipeline(depth: 2, produce: { send in
            for k in 0..<1_000 { try send(k) }
        }, consume: { got.append($0) })
        XCTAssertEqual(got, Array(0..<1_000))
    }

    func testTheConsumersErrorStopsTheProducerAndIsThrown() {
        let sent = Counter()
        XCTAssertThrowsError(try Parallel.pipeline(depth: 2, produce: { send in
            for k in 0..<100_000 {
                try send(k)
                sent.add()
            }
        }, consume: { k in if k == 10 { throw Stop(at: k) } })) { error in
            XCTAssertEqual(error as? Stop, Stop(at: 10))
        }
        // The producer stopped soon after the failure (at most a few batches later), not at the end.
        XCTAssertLessThan(sent.value, 100)
    }

    func testTheProducersErrorIsThrownAfterWhatItSent() {
        var got: [Int] = []
        XCTAssertThrowsError(try Parallel.pipeline(produce: { send in
            for k in 0..<5 { try send(k) }
            throw Stop(at: 5)
        }, consume: { got.append($0) })) { error in
            XCTAssertEqual(error as? Stop, Stop(at: 5))
        }
        XCTAssertEqual(got, [0, 1, 2, 3, 4])
    }

    func testLaterHandsItsAnswerOverOnce() throws {
        let later = Parallel.Later { 6 * 7 }
        XCTAssertEqual(try later.take(), 42)
        XCTAssertThrowsError(try later.take())
        let failing = Parallel.Later { () throws -> Int in throw Stop(at: 1) }
        XCTAssertThrowsError(try failing.take()) { XCTAssertEqual($0 as? Stop, Stop(at: 1)) }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.lock(); n += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return n }
    }
}
