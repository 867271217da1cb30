import Glibc

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC): unaffected by clock changes.
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Samples of one measurement (milliseconds, bytes, …) and the order statistics we report.
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    mutating func add(_ v: Double) { values.append(v) }

    var count: Int { values.count }
    var sorted: [Double] { values.sorted() }
    var min: Double { sorted.first ?? .nan }
    var max: Double { sorted.last ?? .nan }
    var median: Double { quantile(0.5) }
    var p99: Double { quantile(0.99) }

    /// Nearest-rank quantile: the smallest sample with at least `q` of the samples at or below it.
    func quantile(_ q: Double) -> Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        let rank = Int((q * Double(s.count)).rounded(.up))
        return s[Swift.max(0, Swift.min(s.count - 1, rank - 1))]
    }
}

/// Peak resident set size of this process so far, in MiB (getrusage's ru_maxrss is in KiB on Linux).
func peakRSSMiB(_ who: Int32 = RUSAGE_SELF.rawValue) -> Double {
    var ru = rusage()
    getrusage(__rusage_who_t(who), &ru)
    return Double(ru.ru_maxrss) / 1024
}

/// Formats a number for the report: three significant figures, no exponent.
func fmt(_ v: Double) -> String {
    guard v.isFinite else { return "–" }
    let a = abs(v)
    let decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
    var s = String(Int((v * pow(10, Double(decimals))).rounded()))
    if decimals > 0 {
        let neg = s.hasPrefix("-")
        if neg { s.removeFirst() }
        while s.count <= decimals { s = "0" + s }
        s.insert(".", at: s.index(s.endIndex, offsetBy: -decimals))
        if neg { s = "-" + s }
    }
    return s
}
