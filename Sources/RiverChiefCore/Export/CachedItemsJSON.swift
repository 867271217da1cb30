import Foundation

// `list --json` of a whole library made straight from the library cache's bytes: no `Item`, no
// `String` per field, no `Library`. Every speech is read through and checked first
// (`CachedExport`); only then are the items written, each speech on a spare core
// (`CachedItemWriter`), and handed out in order in chunks, so a damaged cache gives nil (the
// caller loads the library as before), never half a document.
//
// The bytes are `ItemJSONWriter.stream`'s for the library the cache holds (tested): ids, titles,
// markers, deadlines and texts escaped from their stored UTF-8 (the text from the speech's bytes),
// a parent by its position, a unit's name as the merged library gives it (the first speech that
// defines the unit id), a target's title as its index does (the last speech that defines the id).
// Any stored string that is not valid UTF-8 (which the full read would repair) gives nil too.

/// The whole `{"KEY": [items…]}` document of a cache that was read through and found sound,
/// written on demand: each speech's items on a spare core into buffers of about `chunk` bytes,
/// handed out in order as they fill and then used again.
public final class CachedItemsJSON: @unchecked Sendable {
    /// Keeps the cache's bytes mapped while the writers read them.
    private let file: MappedFile
    private let writers: [CachedItemWriter]
    private let pieces: RawPieces
    private let array: (open: [UInt8], first: [UInt8], between: [UInt8], end: [UInt8], close: [UInt8])
    init(file: MappedFile, writers: [CachedItemWriter], pieces: RawPieces, under key: String) {
        self.file = file
        self.writers = writers
        self.pieces = pieces
        array = ItemJSONPieces.array(under: key)
    }

    deinit { pieces.deallocate() }

    /// A write that failed after the check had passed (it cannot: the same reading of the same
    /// mapped bytes), or was stopped by `sink`'s error.
    public struct Broken: Error, CustomStringConvertible {
        public var description: String { "the library cache could not be read a second time" }
    }

    /// Bytes handed out at a time, and buffers of them each worker may hold (filled, waiting to be
    /// handed out, or being filled): the writing never holds more than this, whatever the library.
    public static let chunk = 1 << 18, buffersPerWorker = 4

    /// Hands the document to `sink` piece by piece (about `chunk` bytes at a time), in order. The
    /// first error `sink` throws ends the writing (every worker has stopped when it is thrown).
    public func write(chunk: Int = CachedItemsJSON.chunk, buffers: Int = CachedItemsJSON.buffersPerWorker,
                      _ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try array.open.withUnsafeBufferPointer(sink)
        let count = writers.count, workers = min(Parallel.pieces(count, minimum: 1), 8)
        // Two at least: one handed out and one being filled.
        let state = StreamState(count: count, workers: workers, buffers: max(2, buffers), chunk: chunk)
        let group = DispatchGroup()
        for w in 0..<workers {
            // Worker w takes every workers-th speech, so big and small ones spread evenly.
            DispatchQueue.global(qos: .userInitiated).async(group: group) { [writers] in
                for k in stride(from: w, to: count, by: workers) {
                    var bytes = state.spare(w)
                    let ok = !state.stopped && (try? writers[k].write(into: &bytes, chunk: chunk) { full in
                        var next = state.spare(w)
                        swap(&full, &next)
                        state.hand(k, next)
                    }) != nil
                    state.hand(k, bytes)
                    state.finish(k, ok: ok)
                }
            }
        }
        var failure: Error?, empty = true
        for k in 0..<count {
            while let part = state.next(k) {
                if failure == nil && part.count > 0 {
                    // Every item starts with `between`: the document's first item without its comma.
                    do {
                        try sink(empty ? UnsafeBufferPointer(rebasing: part.bytes[1...]) : part.bytes)
                        empty = false
                    } catch {
                        failure = error
                        state.stop()
                    }
                }
                state.recycle(part, from: k % workers)
            }
            if failure == nil && !state.succeeded(k) {
                failure = Broken()
                state.stop()
            }
        }
        group.wait()
        state.free()
        if let failure { throw failure }
        if !empty { try array.end.withUnsafeBufferPointer(sink) }
        try array.close.withUnsafeBufferPointer(sink)
    }
}

/// The chunks written for each speech, waited for in order, and each worker's buffers; shared by
/// the writing threads under one lock.
private final class StreamState: @unchecked Sendable {
    private let lock = NSCondition()
    private var chunks: [[RawBytes]]
    private var finished: [Bool?]
    private var spares: [[RawBytes]]
    private var made: [Int]
    private let most: Int, chunk: Int
    private var stopFlag = false

    init(count: Int, workers: Int, buffers: Int, chunk: Int) {
        chunks = [[RawBytes]](repeating: [], count: count)
        finished = [Bool?](repeating: nil, count: count)
        spares = [[RawBytes]](repeating: [], count: workers)
        made = [Int](repeating: 0, count: workers)
        most = buffers
        self.chunk = chunk
    }

    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopFlag
    }

    func stop() {
        lock.lock()
        stopFlag = true
        lock.unlock()
    }

    /// An empty buffer for worker `w`: one it had back, or a new one while it holds fewer than its
    /// share; else waits for one to come back (the main thread hands them out in order, so the
    /// worker whose speech is being handed out always gets its own back).
    func spare(_ w: Int) -> RawBytes {
        lock.lock()
        defer { lock.unlock() }
        while spares[w].isEmpty && made[w] >= most { lock.wait() }
        if let b = spares[w].popLast() { return b }
        made[w] += 1
        return RawBytes(capacity: min(chunk, 1 << 24) + (1 << 16))
    }

    func hand(_ k: Int, _ bytes: RawBytes) {
        lock.lock()
        chunks[k].append(bytes)
        lock.broadcast()
        lock.unlock()
    }

    func finish(_ k: Int, ok: Bool) {
        lock.lock()
        finished[k] = ok
        lock.broadcast()
        lock.unlock()
    }

    /// Speech `k`'s next chunk, waiting for it; nil once it is finished and every chunk was taken.
    func next(_ k: Int) -> RawBytes? {
        lock.lock()
        defer { lock.unlock() }
        while chunks[k].isEmpty && finished[k] == nil { lock.wait() }
        return chunks[k].isEmpty ? nil : chunks[k].removeFirst()
    }

    func succeeded(_ k: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return finished[k] == true
    }

    func recycle(_ buffer: RawBytes, from w: Int) {
        var b = buffer
        b.removeAll()
        lock.lock()
        spares[w].append(b)
        lock.broadcast()
        lock.unlock()
    }

    /// Frees every buffer (once every worker has ended and every chunk was taken).
    func free() {
        lock.lock()
        for list in spares { for b in list { b.deallocate() } }
        spares = []
        lock.unlock()
    }
}
