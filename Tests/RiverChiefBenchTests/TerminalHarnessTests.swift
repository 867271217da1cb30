import Foundation
import XCTest

/// The pty harness drives the floor as a person would and counts what reaches the terminal.
/// Nothing here checks a time: only that bytes flow, keys are answered and `q` ends the program.
final class TerminalHarnessTests: XCTestCase {
    func testTheFloorDrawsAScreenMovesOnJPagesAndQuitsThroughThePty() throws {
        let text = try report(["run", "--suite", "terminal", "--runs", "1", "--programs", "floor"])
        func median(_ row: String) -> Double? { Self.median(row, in: text) }
        // A full 100×30 screen of Chinese text is well over a kilobyte; one move rewrites two rows.
        let first = try XCTUnwrap(median("floor 100×30: first frame bytes"), text)
        let move = try XCTUnwrap(median("floor 100×30: cursor move (j) bytes, all"), text)
        let page = try XCTUnwrap(median("floor 100×30: page (PgDn) bytes, all"), text)
        XCTAssertGreaterThan(first, 1_000)
        XCTAssertGreaterThan(move, 20)
        XCTAssertLessThan(move, first / 4, "a cursor move must not repaint the screen")
        XCTAssertGreaterThan(page, move)
        XCTAssertNotNil(median("floor 80×24: first frame bytes"), text)
        XCTAssertFalse(text.contains("did not exit on q"), text)
    }

    /// The floor for the dashboard's cursor move with its pane: the bench takes the dashboard's own
    /// tree rows and pane text from its frame, and the floor lists and redraws them where the
    /// dashboard's pane is, so a move rewrites about as many bytes as the dashboard's (styles apart).
    func testTheItemsFloorShowsTheDashboardsPaneTextAndIsComparedWithTheDashboard() throws {
        let work = try Bench.temporaryDirectory(self)
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data").path
        let text = try report(["run", "--suite", "terminal", "--runs", "1", "--programs", "floor,riverchief", "--library", data,
                               "--db", work.appendingPathComponent("state.sqlite").path, "--work", work.path])

        // The rows and panes: the seed's tree opens on its preamble, whose pane shows its title,
        // kind and id; every pane line fits the pane (100 columns: the pane starts at column 56).
        struct Row: Decodable { var row: String; var pane: [String] }
        let rows = try JSONDecoder().decode([Row].self, from: Data(contentsOf: work.appendingPathComponent("floor-items-100x30.json")))
        XCTAssertGreaterThan(rows.count, 20)
        let first = try XCTUnwrap(rows.first)
        XCTAssertTrue(first.row.contains("前言"), first.row)
        XCTAssertTrue(first.pane.contains { $0.contains("yr2020.pre") }, "\(first.pane)")
        XCTAssertEqual(first.pane.count, 30 - 4 - 1, "the pane's rows: the screen less the header, the panes' title row and the footer")
        XCTAssertTrue(rows.dropFirst().contains { $0.pane != first.pane }, "each row has its own pane")

        func median(_ row: String) -> Double? { Self.median(row, in: text) }
        // The pane redrawn on each move: far more than the two rows of the plain floor's move.
        let plain = try XCTUnwrap(median("floor 100×30: cursor move (j) bytes, all"), text)
        let items = try XCTUnwrap(median("floor with the items' pane 100×30: cursor move (j) bytes, all"), text)
        XCTAssertGreaterThan(items, 3 * plain, text)
        let ratio = try XCTUnwrap(median("riverchief/floor with the items' pane 80×24: cursor move bytes, all (the pane's catch-up included)"), text)
        XCTAssertGreaterThan(ratio, 0.5, text)
        XCTAssertLessThan(ratio, 3, "the same text in the same place: the dashboard's move is within a small factor of it")
    }

    /// The bench's report (its standard output) for `arguments`; fails the test unless it exits 0.
    func report(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let p = Process()
        p.executableURL = Bench.binary
        p.environment = Bench.environment
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text, file: file, line: line)
        return text
    }

    /// The median column of the report's row named `row`.
    static func median(_ row: String, in text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("| " + row + " |") }) else { return nil }
        let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        return cells.count > 4 ? Double(cells[4]) : nil
    }
}
