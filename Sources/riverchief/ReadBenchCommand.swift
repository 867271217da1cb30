import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief _readbench`: times the store's reads on an existing database (hidden; for
/// docs/state-store.md and benchmarks). Prints one JSON line of milliseconds (best of `--runs`).
struct ReadBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_readbench", shouldDisplay: false)

    @Option var runs: Int = 5
    @Option(help: "An item whose history is read.") var item: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let clock = ContinuousClock()
        func best(_ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<max(1, runs) {
                let start = clock.now
                try body()
                let d = clock.now - start
                times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
            }
            return times.min() ?? 0
        }
        do {
            let openMs = try best { _ = try store.open() }
            let db = try store.open()
            let last = try db.lastEventID()
            var rows = 0, changed = 0
            // Kept alive so that freeing the previous run's dictionary is not timed.
            var kept: [[String: ItemState]] = []
            let snapshotMs = try best { kept.append(try db.snapshot()); rows = kept.last?.count ?? 0 }
            kept.removeAll()
            let idleMs = try best { _ = try db.changes(since: last) }
            let recentMs = try best { changed = try db.changes(since: max(0, last - 100)).changed.count }
            let historyMs = try best { _ = try db.history(itemID: item ?? "", limit: nil) }
            print(String(format: "{\"events\": %lld, \"current_rows\": %d, \"open_ms\": %.2f, \"snapshot_ms\": %.2f, "
                + "\"changes_idle_ms\": %.3f, \"changes_last100_ms\": %.3f, \"changes_last100_items\": %d, \"history_item_ms\": %.3f}",
                last, rows, openMs, snapshotMs, idleMs, recentMs, changed, historyMs))
        } catch {
            throw Failure.report(error)
        }
    }
}
