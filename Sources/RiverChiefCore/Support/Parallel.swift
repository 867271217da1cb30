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
        max(1, min(cores, n / max(1, minimum)))
    }

    /// The cores work is spread over: the machine's, or as many as a test says (`asIfCores`).
    public static var cores: Int {
        coresLock.lock()
        defer { coresLock.unlock() }
        return coresLimit ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Runs `body` as if the machine had `n` cores (for tests: the same answer in one piece and in
    /// several, whatever the machine has).
    public static func asIfCores<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
        coresLock.lock()
        let before = coresLimit
        coresLimit = max(1, n)
        coresLock.unlock()
        defer {
            coresLock.lock()
            coresLimit = before
            coresLock.unlock()
        }
        return try body()
    }

    private static let coresLock = NSLock()
    nonisolated(unsafe) private static var coresLimit: Int?

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

extension Parallel {
    /// Work started on another thread now, its answer (or error) collected later with `value()`:
    /// what a command reads from the store while it loads the library.
    public final class Later<T>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var result: Result<T, Error>?

        public init(_ work: @escaping () throws -> T) {
            nonisolated(unsafe) let work = work
            DispatchQueue.global(qos: .userInitiated).async {
                let r = Result { try work() }
                self.lock.lock()
                self.result = r
                self.lock.unlock()
                self.done.signal()
            }
        }

        /// Waits for the work to end and hands over its answer, or throws its error. The answer is
        /// handed over once (this object lets go of it, so the caller alone decides how long a
        /// large answer lives); a second call throws `LaterError.taken`.
        public func take() throws -> T {
            done.wait()
            done.signal()
            lock.lock()
            defer { lock.unlock() }
            guard let r = result else { throw LaterError.taken }
            result = nil
            return try r.get()
        }
    }

    public enum LaterError: Error, CustomStringConvertible {
        case taken
        public var description: String { "internal: an answer read twice" }
    }
}

extension Parallel {
    /// `produce` runs on another thread and hands batches (through `send`) to `consume`, which runs
    /// on this one, in order, at most `depth` batches ahead: a reader and a folder on two cores.
    /// The first error either throws ends both (the producer's `send` throws once the consumer has
    /// failed) and is thrown here; the producer has ended when this returns.
    public static func pipeline<Batch>(depth: Int = 4, produce: @escaping (_ send: (Batch) throws -> Void) throws -> Void,
                                       consume: (Batch) throws -> Void) throws {
        let line = Line<Batch>(depth: depth)
        nonisolated(unsafe) let produce = produce
        DispatchQueue.global(qos: .userInitiated).async {
            do {
                try produce { try line.put($0) }
                line.end(nil)
            } catch {
                line.end(error)
            }
        }
        var failure: Error?
        while let batch = line.take() {
            guard failure == nil else { continue }  // drain, so the producer is never left waiting
            do { try consume(batch) } catch {
                failure = error
                line.cancel()
            }
        }
        if let failure { throw failure }
        if let e = line.producerError { throw e }
    }

    /// The batches between the two threads.
    private final class Line<Batch>: @unchecked Sendable {
        private let lock = NSLock()
        private let free: DispatchSemaphore
        private let filled = DispatchSemaphore(value: 0)
        private var queue: [Batch?] = []   // nil: the producer has ended
        private var cancelled = false
        private(set) var producerError: Error?

        init(depth: Int) { free = DispatchSemaphore(value: max(1, depth)) }

        func put(_ b: Batch) throws {
            free.wait()
            lock.lock()
            if cancelled {
                lock.unlock()
                free.signal()
                throw PipelineCancelled()
            }
            queue.append(b)
            lock.unlock()
            filled.signal()
        }

        func end(_ error: Error?) {
            lock.lock()
            if !(error is PipelineCancelled) { producerError = error }
            queue.append(nil)
            lock.unlock()
            filled.signal()
        }

        func cancel() {
            lock.lock()
            cancelled = true
            lock.unlock()
        }

        /// The next batch, or nil once the producer has ended.
        func take() -> Batch? {
            filled.wait()
            lock.lock()
            let b = queue.removeFirst()
            lock.unlock()
            free.signal()
            return b
        }
    }

    private struct PipelineCancelled: Error {}
}
