import Foundation
import XCTest

/// Soak: several writer processes (the real binary's `set`, one after another in each of four
/// threads) and a running dashboard (the real binary in tmux, moved around meanwhile) on one
/// database. Afterwards every event is accounted for: the history holds exactly the events the
/// writers were told were recorded, numbered without a gap; each item's status in the current
/// state is the fold of its events; `doctor` finds the state consistent with the history; and the
/// dashboard shows the final counts and still answers keys.
///
/// RC_SOAK_SECONDS sets how long the writers run (default 25; e.g. 300 for five minutes).
final class SoakTests: XCTestCase {
    let data = CLI.repositoryRoot.appendingPathComponent("Data").path
    static let statuses = ["not-started", "in-progress", "done", "behind", "blocked"]

    /// What one writer was told: the events recorded, and every refusal.
    struct Tally {
        var recorded = 0
        var failures: [String] = []
        var notes: [String] = []
    }

    final class Tallies: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var all: [Tally] = []
        func add(_ t: Tally) { lock.lock(); all.append(t); lock.unlock() }
    }

    /// The events a `set` said it recorded: "recorded (event 12)" or "recorded (events 12–13)".
    static func recordedCount(_ output: String) -> Int? {
        if output.contains(": unchanged (") { return 0 }
        guard let r = output.range(of: #"recorded \(events? (\d+)(–(\d+))?\)"#, options: .regularExpression) else { return nil }
        let numbers = output[r].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return numbers.count == 2 ? numbers[1] - numbers[0] + 1 : 1
    }

    func testWritersAndADashboardForAWhileLoseNothing() throws {
        let seconds = ProcessInfo.processInfo.environment["RC_SOAK_SECONDS"].flatMap { Double($0) } ?? 25
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-soak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("state.sqlite").path
        let list = try CLI.run(["list", "--kind", "task", "--json", "--data", data])
        let items = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])["items"] as? [[String: Any]]
        let ids = try XCTUnwrap(items?.compactMap { $0["id"] as? String })
        XCTAssertEqual(ids.count, 50)
        let first = try CLI.run(["set", ids[0], "--status", "in-progress", "--db", db, "--data", data])
        XCTAssertEqual(first.status, 0, first.stderr)

        let s = try TmuxSession(arguments: ["--data", data, "--db", db, "--ambiguous", "narrow", "--lang", "zh"],
                                environment: ["LANG": "C.UTF-8", "TERM": "screen-256color"], width: 120, height: 30)
        defer { s.close() }
        s.wait(timeout: 15, "the dashboard") { $0.contains("/50") }

        let writers = 4, data = self.data
        let end = Date().addingTimeInterval(seconds)
        let tallies = Tallies()
        let group = DispatchGroup()
        for w in 0..<writers {
            group.enter()
            Thread.detachNewThread {
                var rng = SystemRandomNumberGenerator()
                var tally = Tally()
                var n = 0
                while Date() < end {
                    n += 1
                    let id = ids.randomElement(using: &rng) ?? ids[0]
                    var args = ["set", id, "--db", db, "--data", data]
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: args += ["--status", Self.statuses.randomElement(using: &rng) ?? "done"]
                    case 1: args += ["--progress", String(Int.random(in: 0...100, using: &rng))]
                    case 2:
                        let note = "写入者\(w)第\(n)次"
                        tally.notes.append(note)
                        args += ["--note", note]
                    default:
                        let note = "写入者\(w)第\(n)次 合并"
                        tally.notes.append(note)
                        args += ["--status", Self.statuses.randomElement(using: &rng) ?? "done",
                                 "--progress", String(Int.random(in: 0...100, using: &rng)), "--note", note]
                    }
                    guard let r = try? CLI.run(args, timeout: 60) else {
                        tally.failures.append("\(args): could not start")
                        continue
                    }
                    if r.status == 0, let k = Self.recordedCount(r.stdout) {
                        tally.recorded += k
                    } else {
                        tally.failures.append("\(args): exit \(r.status), \(r.stdout) \(r.stderr)")
                    }
                }
                tallies.add(tally)
                group.leave()
            }
        }
        // The dashboard is used meanwhile: moving through the tree and switching views.
        var moves = 0
        while Date() < end {
            try s.send(["j", "j", "k", "4", "1", "2", "1", "G", "g"][moves % 9])
            moves += 1
            usleep(200_000)
        }
        XCTAssertEqual(group.wait(timeout: .now() + 120), .success, "the writers finished")

        let all = tallies.all
        XCTAssertEqual(all.count, writers)
        let failures = all.flatMap(\.failures)
        XCTAssertEqual(failures, [], "every write was recorded")
        let told = all.map(\.recorded).reduce(1, +) // and the first set
        let history = try CLI.run(["history", "--json", "--db", db])
        XCTAssertEqual(history.status, 0, history.stderr)
        let events = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        print("soak: \(writers) writers for \(Int(seconds)) s: \(told) events recorded, \(events.count) in the history; \(moves) keys to the dashboard")
        XCTAssertGreaterThan(told, writers * 5, "the writers wrote")

        // Every event accounted for: as many as the writers were told, numbered 1…N.
        XCTAssertEqual(events.count, told)
        XCTAssertEqual(events.compactMap { $0["id"] as? Int }, Array(1...max(1, events.count)))
        let notes = events.filter { $0["kind"] as? String == "note" }.compactMap { ($0["note"] as? [String: String])?["done"] }
        XCTAssertEqual(notes.sorted(), all.flatMap(\.notes).sorted(), "every report once")

        // The current state is the fold of the events: each item's last status event.
        var folded: [String: String] = [:]
        for e in events where e["field"] as? String == "status" {
            if let item = e["item"] as? String, let value = e["new"] as? String { folded[item] = value }
        }
        for status in Self.statuses {
            let r = try CLI.run(["list", "--status", status, "--kind", "task", "--json", "--db", db, "--data", data])
            XCTAssertEqual(r.status, 0, r.stderr)
            let shown = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])["items"] as? [[String: Any]]
            let current = Set(shown?.compactMap { $0["id"] as? String } ?? [])
            let expected = Set(ids.filter { (folded[$0] ?? "not-started") == status })
            XCTAssertEqual(current, expected, "tasks in status \(status)")
        }
        let doctor = try CLI.run(["doctor", "--db", db, "--data", data])
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.contains("ok (current state matches the history)"), doctor.stdout)

        // The dashboard followed every change and still answers: the done count, then a key.
        let done = ids.filter { folded[$0] == "done" }.count
        try s.send("1")
        s.wait(timeout: 10, "the final done count \(done)/50") { $0.contains("\(done)/50") }
        try s.send("?")
        s.wait(timeout: 10, "the help after the soak") { $0.contains("Esc") || $0.contains("帮助") }
        try s.send("Escape", "q")
        s.wait(timeout: 10, "the dashboard's exit") { $0.contains("RC-EXIT=0") }
    }
}
