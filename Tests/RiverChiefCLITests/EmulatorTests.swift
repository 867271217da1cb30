import Foundation
import XCTest

/// The real binary read through pyte, an emulator the project does not share with tmux
/// (Emulator/rc_emulator.py does the driving and the checks; issue 10 and issue 16):
/// - every view and overlay, narrow and ambiguous-wide, 80×24 and 120×40, Chinese and English:
///   no auto-wrap, no wide character split or in the last column, borders in one column, and the
///   screen equal to its Ctrl-L redraw;
/// - the search input split at every byte boundary of 生态流量 and 𠀀流, 0–400 ms apart;
/// - the terminal's master side closed under a half-typed report: gone within a second, non-zero
///   status, the draft in drafts.json, no busy loop before.
/// Skipped, with the reason printed, where python3 or pyte is missing (`.ci/run` installs pyte).
final class EmulatorTests: XCTestCase {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Emulator/rc_emulator.py")

    /// The python3 on PATH (the one `.ci/run` installed pyte for), else the system's.
    static let python: String? = which("python3") ?? ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    private static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs the driver; its exit status 77 means pyte is missing.
    private func drive(_ mode: String, _ options: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        guard let python = Self.python else {
            print("EmulatorTests skipped: python3 is not installed")
            throw XCTSkip("python3 is not installed")
        }
        let data = CLI.repositoryRoot.appendingPathComponent("Data").path
        let result = try CLI.run([Self.script.path, CLI.binary.path, data, mode] + options,
                                 executable: URL(fileURLWithPath: python))
        let output = result.stdout + result.stderr
        if result.status == 77 {
            print("EmulatorTests skipped: \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
            throw XCTSkip(output)
        }
        print(output.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(result.status, 0, output, file: file, line: line)
    }

    func testViewsNarrow80x24Chinese() throws { try drive("views", ["--ambiguous", "narrow", "--lang", "zh"]) }
    func testViewsWide80x24Chinese() throws { try drive("views", ["--ambiguous", "wide", "--lang", "zh"]) }
    func testViewsWide80x24English() throws { try drive("views", ["--ambiguous", "wide", "--lang", "en"]) }
    func testViewsNarrow120x40English() throws {
        try drive("views", ["--cols", "120", "--rows", "40", "--ambiguous", "narrow", "--lang", "en"])
    }
    func testViewsWide120x40Chinese() throws {
        try drive("views", ["--cols", "120", "--rows", "40", "--ambiguous", "wide", "--lang", "zh"])
    }
    /// `--ambiguous auto` on a wide client: the probe's question is answered by the emulator.
    func testViewsAutoOnAWideClient() throws {
        try drive("views", ["--cols", "120", "--rows", "40", "--ambiguous", "auto", "--client", "wide", "--lang", "zh"])
    }
    func testSearchInputSplitAtEveryByte() throws { try drive("split") }
    func testClosedTerminalEndsTheDashboardWithTheDraftSaved() throws { try drive("hangup") }
}
