import CSV
import Foundation
import XCTest
@testable import RiverChiefCore

/// The ledger's CSV writer copies cells that need no quoting and hands the rest to CSV.swift: the
/// bytes must be exactly those CSV.swift's own writer gives for the whole table.
final class ReportCSVTests: XCTestCase {
    /// CSV.swift alone: every cell through `CSVWriter`, as the first version wrote the ledger.
    func library(_ headers: [String], _ rows: [[String]]) throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, codecType: UTF8.self, delimiter: ",", newline: .crlf)
        try writer.write(row: headers.map(ReportCSV.cell))
        for row in rows { try writer.write(row: row.map(ReportCSV.cell)) }
        writer.stream.close()
        return ReportCSV.byteOrderMark + [UInt8]((stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data())
    }

    func testTheBytesAreCSVSwiftsOwnForEveryKindOfCell() throws {
        let cells = ["", "plain", "中文，全角逗号", "a,b", "\"quoted\"", "say \"hi\", then", "line\nbreak", "cr\r\nlf", "lone\rcr",
                     "tab\there", "esc\u{1B}[31m", "bidi\u{202E}x", "c1\u{9B}y", "nbsp\u{A0}z", "dash—ok", "、分隔", "\u{2066}iso",
                     "第一部分，总体要求", "trailing,", ",leading", "\"", "\"\"", "emoji 🌊,", "a\u{7F}b"]
        // Every cell in every column, the same text repeated down a column (the writer remembers
        // what CSV.swift wrote for the last one) and changing from row to row.
        let headers = ["序号", "部分", "任务,说明", "备注"]
        var rows: [[String]] = []
        for (k, c) in cells.enumerated() {
            rows.append([String(k), c, cells[(k + 3) % cells.count], c])
            rows.append([String(k), c, c, "固定"])
        }
        let ours = try ReportOutput.collect { try ReportCSV.write(ReportTable(headers: headers, rows: rows), to: $0) }
        XCTAssertEqual(ours, try library(headers, rows))
        XCTAssertEqual(Array(try ReportCSV.data(ReportTable(headers: headers, rows: rows))), ours)
        // And a reader gets the cells back (line breaks and tabs kept, other controls escaped).
        let reader = try CSVReader(string: String(decoding: ours.dropFirst(3), as: UTF8.self), hasHeaderRow: true)
        var back: [[String]] = []
        while let row = reader.next() { back.append(row) }
        XCTAssertEqual(back, rows.map { $0.map(ReportCSV.cell) })
    }

    func testOutputIsHandedOnInChunksAndASinkErrorIsThrownAtTheEnd() throws {
        var chunks: [[UInt8]] = []
        let out = ReportOutput(chunk: 8) { chunks.append($0) }
        out.write("0123456789")
        out.write(byte: 0x41)
        XCTAssertEqual(chunks.count, 1, "a full chunk is handed on as soon as it is full")
        try out.finish()
        XCTAssertEqual(chunks.flatMap { $0 }, Array("0123456789A".utf8))

        struct Full: Error {}
        var calls = 0
        let failing = ReportOutput(chunk: 4) { _ in calls += 1; throw Full() }
        failing.write("abcdefgh")
        failing.write("ijklmnop")
        XCTAssertThrowsError(try failing.finish()) { XCTAssertTrue($0 is Full) }
        XCTAssertEqual(calls, 1, "nothing more is handed to a sink that failed")
    }
}
