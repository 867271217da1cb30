import RiverChiefCore

/// The status a generated item is given, from its id and the seed alone, so two tools fed the same
/// library (RiverChief's store, taskwarrior's import) hold the same statuses without sharing state.
enum StatusPlan {
    /// Not started 30 %, in progress 40 %, done 15 %, behind 10 %, blocked 5 %.
    static func status(of id: String, seed: UInt64) -> Status {
        switch hash(id, seed) % 100 {
        case 0..<30: return .notStarted
        case 30..<70: return .inProgress
        case 70..<85: return .done
        case 85..<95: return .behind
        default: return .blocked
        }
    }

    /// Progress that fits the status (done: 100, not started: 0).
    static func progress(of id: String, status: Status, seed: UInt64) -> Int {
        switch status {
        case .notStarted: return 0
        case .done: return 100
        default: return Int(hash(id, seed &+ 1) % 19 + 1) * 5
        }
    }

    /// FNV-1a over the id's UTF-8, mixed with the seed: stable across runs and platforms.
    static func hash(_ id: String, _ seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for b in id.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
