import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief _stress`: a writer for tests and benchmarks (hidden from help). Writes `--writes`
/// changes round-robin over `--items` items, each carrying a note "<tag>-<n>" so a test can find
/// every one, then prints one JSON line with the per-write latencies.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_stress", shouldDisplay: false)

    @Option var writes: Int = 100
    @Option var itemPrefix: String = "stress."
    @Option var items: Int = 10
    @Option(help: "Text that starts every note; default: the process id.") var tag: String?
    @Option(help: "Wait until this Unix time in milliseconds before the first write (to start several writers together).")
    var startAt: Int64?
    @Option(help: "Pause this many milliseconds after each write (a paced writer; default: none).")
    var intervalMs: Double = 0
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard writes >= 0, items > 0 else { throw ValidationError("--writes must be ≥ 0 and --items > 0") }
        let db = try store.open()
        let tag = self.tag ?? String(ProcessInfo.processInfo.processIdentifier)
        let statuses: [Status] = [.inProgress, .behind, .blocked, .done, .notStarted]
        var latencies: [Double] = []
        latencies.reserveCapacity(writes)
        let clock = ContinuousClock()
        if let startAt {
            let wait = Double(startAt) / 1000 - Date().timeIntervalSince1970
            if wait > 0 { Thread.sleep(forTimeInterval: min(wait, 10)) }
        }
        do {
            for n in 0..<writes {
                let change = Change(status: statuses[n % statuses.count], progress: n % 101,
                                    note: ProgressNote(done: "\(tag)-\(n)"))
                let started = clock.now
                try db.write(change, to: itemPrefix + String(n % items))
                let d = clock.now - started
                latencies.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
                if intervalMs > 0 { Thread.sleep(forTimeInterval: intervalMs / 1000) }
            }
        } catch {
            throw Failure.report(error)
        }
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let line = String(format: "{\"writes\": %d, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}",
                          writes, pct(0.5), pct(0.9), pct(0.99), latencies.last ?? 0)
        print(line)
    }
}
