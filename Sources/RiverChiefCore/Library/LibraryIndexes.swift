import Foundation

/// A library's indexes by id: built the first time any is asked for, by whichever thread asks
/// (others wait for it), then shared by every copy of the `Library`.
final class LibraryIndexes: @unchecked Sendable {
    struct Built {
        var itemIndex = ItemIDIndex(ids: [])
        var leads: [String: [Int]] = [:], supports: [String: [Int]] = [:], territorial: [String: [Int]] = [:]
        var servedBy: [String: [Int]] = [:]
        /// The most tasks one unit leads, supports or answers for (for a column wide enough for all).
        var mostTasksOfAUnit = 0
    }

    private let lock = NSLock()
    private var items: [Item]
    private var done: Built?

    init(items: [Item]) {
        self.items = items
    }

    var built: Built {
        lock.lock()
        defer { lock.unlock() }
        if let done { return done }
        let b = Self.build(items)
        done = b
        items = []
        return b
    }

    /// The id index and the relation indexes are independent: built side by side, on two cores
    /// when there are two (each is about a tenth of a second at 100,000 items).
    static func build(_ items: [Item]) -> Built {
        let halves = Parallel.map(2) { part -> Built in
            part == 0 ? ids(items) : relations(items)
        }
        var b = halves[1]
        b.itemIndex = halves[0].itemIndex
        return b
    }

    static func ids(_ items: [Item]) -> Built {
        var b = Built()
        // Fields read in place: `for it in items` would copy every Item.
        b.itemIndex = ItemIDIndex(ids: items.withUnsafeBufferPointer { buf in buf.indices.map { buf[$0].id } })
        return b
    }

    static func relations(_ items: [Item]) -> Built {
        var r = Built()
        items.withUnsafeBufferPointer { buf in
            // Fields read in place, not whole Items copied.
            for i in buf.indices {
                if let l = buf[i].lead { r.leads[l.unit, default: []].append(i) }
                for s in buf[i].supporting { r.supports[s.unit, default: []].append(i) }
                for t in buf[i].territorial { r.territorial[t.unit, default: []].append(i) }
                for g in buf[i].targets { r.servedBy[g, default: []].append(i) }
            }
        }
        r.mostTasksOfAUnit = [r.leads, r.supports, r.territorial].flatMap { $0.values.map(\.count) }.max() ?? 0
        return r
    }
}
