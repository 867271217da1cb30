import ArgumentParser
import Foundation
import RiverChiefCore

/// `riverchief-bench history`: a synthetic history of status, progress, deadline and note events
/// written into a state database through the real store.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Write a synthetic history (status, progress, deadline, notes) for a library's tasks into a state database.")

    @Option(help: "The model library whose tasks the events are about.") var library: String
    @Option(help: "The state database to write (created when missing).") var db: String
    @Option(help: "Events to write (at least).") var events = 1_000_000
    @Option(help: "Seed: the same seed gives the same sequence of changes.") var seed: UInt64 = 1

    func run() throws {
        let ids = try HistoryCommand.taskIDs(library)
        let start = monotonicNanos()
        var last = 0
        let n = try HistoryGenerator(itemIDs: ids, events: events, seed: seed).run(database: db) { written in
            if written - last >= 100_000 {
                last = written
                let s = Double(monotonicNanos() - start) / 1e9
                FileHandle.standardError.write(Data("history: \(written) events, \(Int(Double(written) / s)) events/s\n".utf8))
            }
        }
        print("wrote \(n) events for \(ids.count) tasks to \(db) in \(fmt(Double(monotonicNanos() - start) / 1e9)) s")
    }

    /// The task ids of a library, loaded (and validated) by the real loader.
    static func taskIDs(_ path: String) throws -> [String] {
        let result = LibraryLoader().load(directory: URL(fileURLWithPath: path))
        guard let lib = result.library else {
            throw ValidationError("the library at \(path) does not load: \(result.diagnostics.prefix(3).map(\.rendered).joined(separator: "; "))")
        }
        return lib.items.filter { $0.kind == .task }.map(\.id)
    }
}
