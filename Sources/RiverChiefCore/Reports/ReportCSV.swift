import CSV
import Foundation

/// CSV for spreadsheets (Excel, WPS, LibreOffice): UTF-8 with a byte order mark, so the Chinese is
/// read as UTF-8, and RFC 4180 quoting (CRLF between rows; a cell holding a comma, a quote or a line
/// break is quoted, quotes doubled) by CSV.swift's writer.
///
/// Written as it is made, and fast at 100,000 rows: CSV.swift's `CSVWriter` costs about 7 µs a
/// cell (it searches each cell five times through Foundation and writes one byte at a time), 15 s
/// for the 1.9 million cells of a large ledger. So a cell holding nothing that needs quoting (no
/// comma, quote or line break, and nothing `cell` would escape) is copied as is, which is exactly
/// what CSV.swift writes for it; every other cell is written by CSV.swift, once per distinct text
/// (a ledger repeats its section names on every row). Commas between cells and CRLF before every
/// row but the first, as CSV.swift lays a table out. `ReportCSVTests` checks the bytes equal CSV.swift's
/// own output for the same table.
public enum ReportCSV {
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A cell as written: line breaks and tabs kept (quoted by the writer), other control characters
    /// and bidi overrides written as visible escapes (`\e`, `\u{202E}`), so a file printed to a
    /// terminal cannot drive it.
    public static func cell(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { Sanitize.needsEscape($0) && !["\n", "\r", "\t"].contains($0) }) else { return s }
        var out = ""
        for piece in s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).enumerated() {
            if piece.offset > 0 { out += "\n" }
            out += Sanitize.forTerminal(String(piece.element)).replacingOccurrences(of: "\\t", with: "\t")
        }
        return out
    }

    /// The table as the bytes of a file.
    public static func data(_ table: ReportTable) throws -> Data {
        Data(try ReportOutput.collect { try write(table, to: $0) })
    }

    /// Writes the byte order mark, the header and the table's rows.
    public static func write(_ table: ReportTable, to out: ReportOutput) throws {
        try write(headers: table.headers, count: table.rows.count, to: out) { table.rows[$0] }
    }

    /// Writes the byte order mark, the header and `count` rows (`row(k)` gives row k's cells), a
    /// large table's rows rendered on every core (`ReportOutput.writeRows`), each worker with its
    /// own memory of quoted cells (the bytes are those of one piece).
    public static func write(headers: [String], count: Int, to out: ReportOutput, row: (Int) -> [String]) throws {
        out.write(bytes: byteOrderMark)
        var first = Cells()
        try first.row(headers, first: true, to: out)
        let workers = (0..<Parallel.cores).map { _ in Worker() }
        out.writeRows(count: count) { range, w, piece in
            let worker = workers[w]
            guard worker.failure == nil else { return }
            do {
                for k in range { try worker.cells.row(row(k), first: false, to: piece) }
            } catch {
                worker.failure = error
            }
        }
        if let failure = workers.lazy.compactMap(\.failure).first { throw failure }
    }

    /// One worker's cells and the first error it met (only that worker's thread touches it).
    private final class Worker {
        var cells = Cells()
        var failure: Error?
    }

    /// Writes cells, remembering what CSV.swift wrote for each text that needed it.
    struct Cells {
        private var quoted: [String: [UInt8]] = [:]

        mutating func row(_ cells: [String], first: Bool, to out: ReportOutput) throws {
            if !first { out.write(bytes: crlf) }
            for (k, c) in cells.enumerated() {
                if k > 0 { out.write(byte: 0x2C) }
                var text = c
                let plain = text.withUTF8 { u -> Bool in
                    guard ReportCSV.isPlain(u) else { return false }
                    out.write(bytes: u)
                    return true
                }
                if plain { continue }
                // A column often holds the same text row after row (the section's name): the same
                // string is recognised without hashing it.
                if k < recent.count, let last = recent[k], last.text == c {
                    out.write(bytes: last.bytes)
                    continue
                }
                text = ReportCSV.cell(c)
                let bytes: [UInt8]
                if let known = quoted[text] {
                    bytes = known
                } else {
                    bytes = try ReportCSV.library(text)
                    quoted[text] = bytes
                }
                out.write(bytes: bytes)
                while recent.count <= k { recent.append(nil) }
                recent[k] = (c, bytes)
            }
        }

        /// Per column, the last text that needed CSV.swift and what it wrote.
        private var recent: [(text: String, bytes: [UInt8])?] = []

        private let crlf: [UInt8] = [0x0D, 0x0A]
    }

    /// One cell as CSV.swift writes it: a record of one field.
    static func library(_ text: String) throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, codecType: UTF8.self, delimiter: ",", newline: .crlf)
        try writer.write(row: [text])
        writer.stream.close()
        return [UInt8]((stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data())
    }

    /// True when the cell's bytes hold no comma, quote, CR or LF, no control character but tab, no
    /// DEL, C1 control or bidi override: `cell` keeps it as it is and CSV.swift writes it unquoted.
    static func isPlain(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in u.indices {
            let c = u[k]
            guard special[Int(c)] else { continue }
            if c == 0x09 { continue }
            if c == 0xC2 || c == 0xE2 {
                if JSONWriter.terminalControl(u, at: k) == nil { continue }
            }
            return false
        }
        return true
    }

    /// The bytes `isPlain` looks at closer: controls, `"`, `,`, DEL and the lead bytes of C1 controls
    /// (0xC2) and bidi overrides (0xE2).
    private static let special: [Bool] = (0..<256).map { b in
        b < 0x20 || b == 0x22 || b == 0x2C || b == 0x7F || b == 0xC2 || b == 0xE2
    }
}
