import Foundation
import RiverChiefCore
import RiverChiefStore

/// Records each task's planned status (StatusPlan) in a RiverChief state database, through the store.
enum StateSeeder {
    /// Returns the time taken in milliseconds.
    static func seed(tasks: [Item], seed: UInt64, database: String) throws -> Double {
        let store = try Store(path: database, createDirectory: true, origin: Origin(account: "importer", uid: 1500, host: "bench"))
        let t0 = monotonicNanos()
        for t in tasks {
            let status = StatusPlan.status(of: t.id, seed: seed)
            guard status != .notStarted else { continue }
            try store.write(Change(status: status, progress: StatusPlan.progress(of: t.id, status: status, seed: seed)), to: t.id)
        }
        return Double(monotonicNanos() - t0) / 1e6
    }
}
