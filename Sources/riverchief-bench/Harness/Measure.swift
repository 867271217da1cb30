/// Runs `body` `warmup` times unmeasured, then `iterations` times timed one by one; returns the
/// times in milliseconds. `body` gets the iteration number so it can vary its input.
func measure(warmup: Int = 3, iterations: Int, _ body: (Int) throws -> Void) rethrows -> Samples {
    for i in 0..<warmup { try body(i) }
    var s = Samples()
    for i in 0..<iterations {
        let t0 = monotonicNanos()
        try body(warmup + i)
        s.add(Double(monotonicNanos() - t0) / 1e6)
    }
    return s
}

/// Keeps a value alive and opaque to the optimiser, so measured work is not dropped as unused.
@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
