import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief _refreshbench`: how soon a watching store hears of another connection's write
/// (hidden; docs/performance.md). Opens the database twice; for each of `--writes` writes on one,
/// the time from the write's start until the other's change callback (PostgreSQL: LISTEN/NOTIFY
/// through the server). Prints one JSON line of milliseconds. A store that does not push changes
/// (SQLite) says so: the dashboard polls it every 0.4 s.
struct RefreshBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_refreshbench", shouldDisplay: false)

    @Option var writes: Int = 50
    @Option var intervalMs: Double = 20
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let watcher = try store.open(), writer = try store.open()
            let heard = DispatchSemaphore(value: 0)
            guard watcher.watchChanges({ heard.signal() }) else {
                print("{\"pushed\": false}")
                return
            }
            Thread.sleep(forTimeInterval: 0.5)        // the LISTEN connection is up
            while heard.wait(timeout: .now() + 0.2) == .success {}
            let clock = ContinuousClock()
            var ms: [Double] = []
            for n in 0..<max(1, writes) {
                let start = clock.now
                try writer.write(Change(progress: n % 100 + 1), to: "bench.refresh.\(n % 7)")   // always a change
                guard heard.wait(timeout: .now() + 5) == .success else { throw Console.fail("no notification within 5 s") }
                let d = clock.now - start
                ms.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
                Thread.sleep(forTimeInterval: intervalMs / 1000)
                while heard.wait(timeout: .now()) == .success {}
            }
            ms.sort()
            func pct(_ p: Double) -> Double { ms[min(ms.count - 1, Int(Double(ms.count) * p))] }
            print(String(format: "{\"pushed\": true, \"writes\": %d, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"max_ms\": %.3f}",
                         ms.count, pct(0.5), pct(0.9), ms.last ?? 0))
        } catch {
            throw Failure.report(error)
        }
    }
}
