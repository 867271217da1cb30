import Foundation
import XCTest
import RiverChiefCore
import RiverChiefStore
#if canImport(Glibc)
import Glibc
#endif

/// Several real `riverchief` processes writing to one database at once, and a writer killed with
/// SIGKILL mid-write: nothing lost, nothing half-written.
final class ConcurrentWriterTests: XCTestCase {
    var dir: URL!
    var db: String { dir.appendingPathComponent("state.sqlite").path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-writers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Starts `riverchief _stress` with its output in a file; returns the process and that file.
    func startWriter(writes: Int, tag: String, items: Int = 12, startAt: Int64? = nil) throws -> (Process, URL) {
        let p = Process()
        p.executableURL = CLI.binary
        p.environment = TestHome.processEnvironment
        p.arguments = ["_stress", "--db", db, "--writes", String(writes), "--items", String(items),
                       "--item-prefix", "yr.t.shared-", "--tag", tag] + (startAt.map { ["--start-at", String($0)] } ?? [])
        let out = dir.appendingPathComponent("\(tag).out")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return (p, out)
    }

    func testFiveProcessesWritingAtOnceLoseNothing() throws {
        // Create the schema first so every writer starts on the same file.
        _ = try Store(path: db)
        let writers = 5, writes = 300
        // All start writing at the same moment, once every process is up.
        let go = Int64((Date().timeIntervalSince1970 + 1) * 1000)
        let started = try (0..<writers).map { try startWriter(writes: writes, tag: "w\($0)", startAt: go) }
        for (p, out) in started {
            p.waitUntilExit()
            let output = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            XCTAssertEqual(p.terminationStatus, 0, output)
            XCTAssertTrue(output.contains("\"writes\": \(writes)"), output)
        }
        let store = try Store(path: db)
        let events = try store.history()
        // Every write's note is there exactly once.
        let notes = events.compactMap { $0.kind == .note ? $0.note?.done : nil }
        XCTAssertEqual(notes.count, writers * writes)
        XCTAssertEqual(Set(notes), Set((0..<writers).flatMap { w in (0..<writes).map { "w\(w)-\($0)" } }))
        // The writers really ran at the same time: their writes interleave.
        let tags = notes.map { $0.prefix(while: { $0 != "-" }) }
        let switches = zip(tags, tags.dropFirst()).filter { $0 != $1 }.count
        XCTAssertGreaterThan(switches, writers * 3, "writes did not interleave")
        // Ids are dense and each write's events are one batch with one base.
        XCTAssertEqual(events.map(\.id), Array(1...Int64(events.count)))
        try assertCurrentMatchesFold(store, events: events)
        XCTAssertEqual(try store.doctor().integrity, ["ok"])
    }

    func testAWriterKilledMidWriteLeavesASoundDatabaseWithNoPartialChange() throws {
        _ = try Store(path: db)
        let reader = try Store(path: db)
        for round in 0..<5 {
            let (p, _) = try startWriter(writes: 1_000_000, tag: "k\(round)")
            // Let it write for a while, at a different moment each round.
            let target = try reader.lastEventID() + 60 + Int64(round * 37)
            let deadline = Date().addingTimeInterval(15)
            while try reader.lastEventID() < target && Date() < deadline && p.isRunning { usleep(2_000) }
            usleep(useconds_t(1_000 * (round * 3 + 1)))
            XCTAssertTrue(p.isRunning, "the writer stopped before it was killed")
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .uncaughtSignal)

            let store = try Store(path: db)
            let report = try store.doctor()
            XCTAssertEqual(report.integrity, ["ok"])
            XCTAssertEqual(report.inconsistentItems, [])
            let events = try store.history()
            XCTAssertGreaterThan(events.count, Int(target) - 1)
            try assertCurrentMatchesFold(store, events: events)
            // Each write is whole: its batch holds its note, and every note is a complete write.
            let batches = Dictionary(grouping: events, by: \.batchID)
            for (_, batch) in batches {
                XCTAssertEqual(batch.filter { $0.kind == .note }.count, 1, "a write without its note: \(batch.map(\.id))")
            }
        }
    }

    /// Folds the events independently of the store (the newest event of each field wins; an
    /// item's last event is its newest) and compares with `current` as `snapshot()` reads it.
    func assertCurrentMatchesFold(_ store: Store, events: [StateEvent], file: StaticString = #filePath, line: UInt = #line) throws {
        var folded: [String: ItemState] = [:]
        for e in events {
            var s = folded[e.itemID] ?? ItemState()
            switch e.field {
            case .status: s.status = e.newValue.flatMap(Status.init(rawValue:)) ?? .notStarted
            case .progress: s.progress = e.newValue.flatMap { Int($0) } ?? 0
            case .deadline: s.deadline = e.newValue
            case .note: s.latestNote = e.newValue
            }
            s.lastEventID = e.id
            s.updatedBy = e.account
            s.updatedAt = Double(e.atMillis) / 1000
            folded[e.itemID] = s
        }
        let current = try store.snapshot()
        XCTAssertEqual(Set(current.keys), Set(folded.keys), file: file, line: line)
        for (id, state) in folded {
            XCTAssertEqual(current[id], state, "item \(id)", file: file, line: line)
        }
    }
}
