import ArgumentParser
import Foundation

/// `riverchief-bench run`: the benchmarks of docs/performance.md, printed as a Markdown table.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the benchmarks (use a release build) and print every figure as a Markdown table row.")

    @Option(name: .long, help: "Suites to run, comma-separated: terminal, taskwarrior.")
    var suite = "terminal"

    @Option(name: .long, help: "Folder holding riverchief and riverchief-floor (default: beside this program).")
    var bin: String?

    @Option(name: .long, help: "Programs the terminal suite drives, comma-separated: floor, riverchief.")
    var programs = "floor,riverchief"

    @Option(name: .long, help: "Runs of each whole-program measurement (pty, process).")
    var runs = 5

    @Option(name: .long, help: "Scratch folder for generated libraries, databases and taskwarrior's data.")
    var work = "/tmp/riverchief-bench"

    @Option(name: .long, help: "Seed of every generated library.")
    var seed: UInt64 = 1

    func run() throws {
        let dir = bin ?? Self.ownDirectory()
        let suites = Set(suite.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        BenchMachine.printHeader()
        var report = Report()
        print(Report.header)
        if suites.contains("terminal") {
            let floor = TerminalBench.Program(label: "floor", executable: dir + "/riverchief-floor", arguments: [])
            for (rows, cols) in [(30, 100), (24, 80)] {
                try TerminalBench(rows: rows, cols: cols, runs: runs).report([floor], into: &report)
            }
        }
        if suites.contains("taskwarrior") {
            let w = URL(fileURLWithPath: work).appendingPathComponent("versus-taskwarrior")
            try VersusTaskwarrior(work: w, runs: runs, riverchief: dir + "/riverchief", seed: seed).run(into: &report)
        }
    }

    /// The folder this executable is in (from /proc/self/exe).
    static func ownDirectory() -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().path
    }
}
