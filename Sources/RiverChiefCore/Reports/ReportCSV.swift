import CSV
import Foundation

/// CSV for spreadsheets (Excel, WPS, LibreOffice): UTF-8 with a byte order mark, so the Chinese is
/// read as UTF-8, and RFC 4180 quoting (CRLF between rows; a cell holding a comma, a quote or a line
/// break is quoted, quotes doubled) by CSV.swift's writer.
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

    public static func data(_ table: ReportTable) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, codecType: UTF8.self, delimiter: ",", newline: .crlf)
        try writer.write(row: table.headers.map(cell))
        for row in table.rows { try writer.write(row: row.map(cell)) }
        writer.stream.close()
        let body = (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
        return Data(byteOrderMark) + body
    }
}
