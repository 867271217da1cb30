import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief-bench writer`: another person writing statuses, for the concurrent-write benchmark.
/// Writes until killed, to random ids read from a file, pausing between writes.
struct WriterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "writer", abstract: "Write statuses until killed (a background writer for `run --suite store`).")

    @Option(help: "The state database.") var db: String
    @Option(help: "A file of item ids, one per line.") var ids: String
    @Option(help: "Milliseconds to pause between writes (0: none).") var pauseMs = 20
    @Option(help: "Seed for the choice of items.") var seed: UInt64 = 1

    func run() throws {
        let list = try String(contentsOfFile: ids, encoding: .utf8).split(separator: "\n").map(String.init)
        guard !list.isEmpty else { throw ValidationError("\(ids) holds no ids") }
        let store = try Store(path: db, origin: Origin(account: "writer\(seed)", uid: 3000 + Int(seed), host: "bench"))
        var rng = SeededRandom(seed: seed)
        var n = 0
        while true {
            try store.write(Change(status: Status.allCases[n % Status.allCases.count], progress: n % 101), to: list[rng.below(list.count)])
            n += 1
            if pauseMs > 0 { usleep(useconds_t(pauseMs * 1000)) }
        }
    }
}
