import Foundation
import RiverChiefCore
import RiverChiefStore

/// One status write (the store's `write`, one transaction) while four other processes write to the
/// same database, on a database that already holds the generated history.
struct StoreBench {
    var database: String
    var itemIDs: [String]
    var bench: String
    var writes: Int

    /// Writer processes: `riverchief-bench writer`, each a separate process with its own connection.
    func startWriters(_ count: Int, pauseMS: Int, idsFile: String) throws -> [Process] {
        try (0..<count).map { n in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bench)
            p.arguments = ["writer", "--db", database, "--ids", idsFile, "--pause-ms", "\(pauseMS)", "--seed", "\(n + 11)"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
    }

    func measureWrites(label: String, into r: inout Report) throws {
        let store = try Store(path: database, origin: Origin(account: "bench", uid: 4242, host: "bench"))
        var rng = SeededRandom(seed: 99)
        let statuses = Status.allCases
        let s = try measure(warmup: 5, iterations: writes) { n in
            let id = itemIDs[rng.below(itemIDs.count)]
            try store.write(Change(status: statuses[n % statuses.count]), to: id)
            usleep(2_000) // a person, not a loop: leave the lock to the others between writes
        }
        r.add("status write, \(label)", s, target: "≤ 10 ms", note: "median and p99 are the targets' figures")
    }

    func report(into r: inout Report, work: URL) throws {
        let idsFile = work.appendingPathComponent("item-ids.txt").path
        try Data(itemIDs.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: idsFile))
        try measureWrites(label: "no other writer", into: &r)
        for (pause, label) in [(20, "4 other writers, one write every 20 ms each"), (0, "4 other writers writing flat out")] {
            let writers = try startWriters(4, pauseMS: pause, idsFile: idsFile)
            usleep(300_000)
            defer { for w in writers { w.terminate(); w.waitUntilExit() } }
            try measureWrites(label: label, into: &r)
        }
    }
}
