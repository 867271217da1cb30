import Foundation

/// Independent pieces of work run on every core, each answer kept in its own slot.
public enum Parallel {
    /// `body(0) … body(count - 1)`, run side by side (on at most as many threads as cores), in
    /// order of `k`.
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        let slots = Slots<T>(count)
        // concurrentPerform returns only when every piece is done, so `body` never outlives this call.
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: count) { k in slots.set(k, work(k)) }
        return slots.all()
    }

    /// How many pieces to cut `n` units of work into: one per core, none smaller than `minimum`.
    public static func pieces(_ n: Int, minimum: Int) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, n / max(1, minimum)))
    }

    /// `0..<n` cut into `pieces` contiguous ranges of nearly equal length.
    public static func ranges(_ n: Int, pieces: Int) -> [Range<Int>] {
        let p = max(1, pieces)
        return (0..<p).map { k in (n * k / p)..<(n * (k + 1) / p) }
    }
}

/// One slot per piece of work, each written by its own thread.
private final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(_ count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ v: T) {
        lock.lock()
        slots[k] = v
        lock.unlock()
    }

    /// Every slot's answer; `map` fills them all before it asks.
    func all() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
