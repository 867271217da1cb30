import Foundation

/// Where a report's bytes go as they are made: gathered in a buffer and handed to `sink` whenever
/// about `chunk` bytes have gathered, so a large report (80 MB of JSON at 100,000 items) is never
/// held whole, as text or as a table. The writers stay pure: the same ledger always gives the same
/// bytes; only where they go differs (a file, standard output, or memory for `render`).
///
/// Writes never throw: the first error `sink` throws is kept, nothing more is handed to it, and
/// `finish()` throws it.
public final class ReportOutput {
    private var buffer: [UInt8] = []
    private let chunk: Int
    private let sink: ([UInt8]) throws -> Void
    private var failure: Error?

    public init(chunk: Int = 1 << 20, sink: @escaping ([UInt8]) throws -> Void) {
        self.chunk = chunk
        self.sink = sink
        buffer.reserveCapacity(chunk + (chunk >> 3))
    }

    /// An output that only gathers (never hands on): what one piece of `writeRows` renders.
    private init(gathering capacity: Int) {
        chunk = .max
        sink = { _ in }
        buffer.reserveCapacity(capacity)
    }

    /// Appends the UTF-8 of `s`.
    @inline(__always)
    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= chunk { flush() }
    }

    /// Appends these bytes.
    public func write<C: Collection>(bytes: C) where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunk { flush() }
    }

    /// Appends one byte.
    @inline(__always)
    public func write(byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= chunk { flush() }
    }

    /// Lets `body` append to the buffer directly (a writer that works on bytes), then hands on a
    /// full chunk.
    public func withBuffer(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= chunk { flush() }
    }

    /// Hands what is gathered to the sink and throws the first error the sink threw.
    public func finish() throws {
        flush()
        if let failure { throw failure }
    }

    private func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.isEmpty else { return }
        do { try sink(buffer) } catch { failure = error }
    }

    /// Writes `count` rows in order. `render(rows, worker, out)` writes the rows `rows` to `out`;
    /// pieces of `perPiece` rows are rendered side by side, one per core, into memory and handed on
    /// in order, a round at a time, so the bytes are exactly those of rendering every row in turn
    /// and no more than a round's pieces are held. `worker` (0 ..< the number of cores) is the same
    /// for pieces that never run at once, so a writer can keep per-worker state (CSV's quoted cells)
    /// that no two threads share (`worker` < `Parallel.cores`). A few rows, or one core: rendered here, in one piece.
    public func writeRows(count: Int, perPiece: Int = 1024, _ render: (Range<Int>, Int, ReportOutput) -> Void) {
        let workers = Parallel.pieces(count, minimum: perPiece)
        guard workers > 1 else {
            render(0..<count, 0, self)
            return
        }
        var start = 0
        while start < count {
            let first = start
            let parts = Parallel.map(workers) { w -> [UInt8] in
                let rows = min(count, first + w * perPiece)..<min(count, first + (w + 1) * perPiece)
                let piece = ReportOutput(gathering: perPiece * 512)
                render(rows, w, piece)
                return piece.buffer
            }
            for p in parts { write(bytes: p) }
            start += workers * perPiece
        }
    }

    /// The bytes `write` hands to a fresh output, gathered in memory (for a small report, the
    /// dashboard's export and the tests).
    public static func collect(_ write: (ReportOutput) throws -> Void) throws -> [UInt8] {
        var all: [UInt8] = []
        let out = ReportOutput(chunk: 1 << 16) { all.append(contentsOf: $0) }
        try write(out)
        try out.finish()
        return all
    }
}
