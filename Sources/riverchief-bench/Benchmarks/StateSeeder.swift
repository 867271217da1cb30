import Foundation
import RiverChiefCore

/// Records each task's planned status (StatusPlan) in a RiverChief state database.
enum StateSeeder {
    /// Returns the time taken in milliseconds. Until the store lands this writes nothing.
    static func seed(tasks: [Item], seed: UInt64, database: String) throws -> Double {
        .nan
    }
}
