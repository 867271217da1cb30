import Foundation
import XCTest

/// The pty harness drives the floor as a person would and counts what reaches the terminal.
/// Nothing here checks a time: only that bytes flow, keys are answered and `q` ends the program.
final class TerminalHarnessTests: XCTestCase {
    func testTheFloorDrawsAScreenMovesOnJPagesAndQuitsThroughThePty() throws {
        let p = Process()
        p.executableURL = Bench.binary
        p.environment = Bench.environment
        p.arguments = ["run", "--suite", "terminal", "--runs", "1", "--programs", "floor"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        func median(_ row: String) -> Double? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("| " + row + " |") }) else { return nil }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.count > 4 ? Double(cells[4]) : nil
        }
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
}
