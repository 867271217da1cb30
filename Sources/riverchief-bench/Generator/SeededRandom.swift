// A small deterministic generator: the same seed gives the same library on every machine and
// every Swift version (the standard library's generators promise neither).

/// SplitMix64: fast, well distributed, and fully specified, so output never drifts.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<n (n > 0), by multiply-shift (no modulo bias worth mentioning at these sizes).
    mutating func below(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        return Int((UInt64(n).multipliedFullWidth(by: next())).high)
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ array: [T]) -> T { array[below(array.count)] }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// A generator for a sub-stream (one per model), so models do not depend on each other's draws.
    func fork(_ salt: UInt64) -> SeededRandom {
        var r = SeededRandom(seed: state ^ (salt &* 0xD6E8_FEB8_6659_FD93))
        _ = r.next()
        return r
    }
}
