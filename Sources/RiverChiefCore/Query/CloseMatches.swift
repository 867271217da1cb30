// "Did you mean": ids close to one that was not found.

extension Library {
    /// Up to `limit` item and target ids close to `id`: containing it, or within a small edit
    /// distance of it (also without the model prefix), nearest first.
    public func closeMatches(to id: String, limit: Int = 5) -> [String] {
        let query = Array(id.lowercased().unicodeScalars)
        guard !query.isEmpty else { return [] }
        var scored: [(Int, String)] = []
        let allowed = max(2, query.count / 3)
        for candidate in items.map(\.id) + targets.map(\.id) {
            let c = candidate.lowercased()
            if c.contains(id.lowercased()) { scored.append((0, candidate)); continue }
            let full = Array(c.unicodeScalars)
            var d = CloseMatches.distance(query, full, limit: allowed)
            if let dot = full.firstIndex(of: ".") {
                d = min(d, CloseMatches.distance(query, Array(full[(dot + 1)...]), limit: allowed))
            }
            if d <= allowed { scored.append((d, candidate)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }
}

enum CloseMatches {
    /// Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
