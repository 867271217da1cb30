import CSV
import Foundation

/// CSV for spreadsheets (Excel, WPS, LibreOffice): UTF-8 with a byte order mark, so the Chinese is
/// read as UTF-8, and RFC 4180 quoting (CRLF between rows; a cell holding a comma, a quote or a line
/// break is quoted, quotes doubled) by CSV.swift's writer.
public enum ReportCSV {
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public static func data(_ table: ReportTable) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, codecType: UTF8.self, delimiter: ",", newline: .crlf)
        try writer.write(row: table.headers)
        for row in table.rows { try writer.write(row: row) }
        writer.stream.close()
        let body = (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
        return Data(byteOrderMark) + body
    }
}
