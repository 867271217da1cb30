import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore
import RiverChiefTUI

/// `riverchief-bench run`: the benchmarks of docs/performance.md, printed as a Markdown table.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the benchmarks (use a release build) and print every figure as a Markdown table row.",
        discussion: """
            Suites: terminal (floor and dashboard through a pty), library (load, validate, list --json), \
            tui (key presses in-process), store (status writes with other writers), taskwarrior (side by side). \
            The library and the history are generated into --work when missing.
            """)

    @Option(name: .long, help: "Suites to run, comma-separated: terminal, library, tui, store, taskwarrior.")
    var suite = "terminal,library,tui,store,taskwarrior"

    @Option(name: .long, help: "Folder holding riverchief and riverchief-floor (default: beside this program).")
    var bin: String?

    @Option(name: .long, help: "Programs the terminal suite drives, comma-separated: floor, riverchief.")
    var programs = "floor,riverchief"

    @Option(name: .long, help: "Runs of each whole-program measurement (pty, process).")
    var runs = 5

    @Option(name: .long, help: "Iterations of each in-process measurement.")
    var iterations = 1_000

    @Option(name: .long, help: "Scratch folder for generated libraries, databases and taskwarrior's data.")
    var work = "/tmp/riverchief-bench"

    @Option(name: .long, help: "The library to measure (default: <work>/lib-100k, generated when missing).")
    var library: String?

    @Option(name: .long, help: "The state database with the history (default: <work>/history-1m.sqlite, generated when missing).")
    var db: String?

    @Option(name: .long, help: "Seed of every generated library and history.")
    var seed: UInt64 = 1

    func run() throws {
        let dir = bin ?? Self.ownDirectory()
        let suites = Set(suite.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        let workURL = URL(fileURLWithPath: work)
        try FileManager.default.createDirectory(at: workURL, withIntermediateDirectories: true)
        BenchMachine.printHeader()
        let drive = Set(programs.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        let dashboardInTerminal = suites.contains("terminal") && drive.contains("riverchief")
        // The 100,000-item library and the million-event history, only where a suite uses them.
        let needsLibrary = dashboardInTerminal || !suites.isDisjoint(with: ["library", "tui", "store"])
        let libraryPath = needsLibrary ? try library ?? prepareLibrary(workURL) : ""
        let needsHistory = dashboardInTerminal || !suites.isDisjoint(with: ["tui", "store"])
        let dbPath = needsHistory ? try db ?? prepareHistory(workURL, library: libraryPath) : ""
        // The library cache every RiverChief process of the run uses (warmed by each suite's first, unmeasured, run).
        let cacheHome = workURL.appendingPathComponent("cache")
        var report = Report()
        print(Report.header)
        if dashboardInTerminal {
            // The dashboard's runs all start from a warm library cache, as every start after the first does.
            _ = try ProcessTimer.run(dir + "/riverchief", ["list", "--kind", "section", "--data", libraryPath],
                                     environment: ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": cacheHome.path]) { $1 })
        }
        if suites.contains("terminal") {
            for (rows, cols) in [(30, 100), (24, 80)] {
                // The floor with the dashboard's own rows and its pane's text, when the dashboard
                // is driven on the same library.
                let paneItems = drive.contains("floor") && dashboardInTerminal
                    ? try FloorItems.write(library: libraryPath, rows: rows, cols: cols,
                                           to: workURL.appendingPathComponent("floor-items-\(cols)x\(rows).json")) : nil
                var list: [TerminalBench.Program] = []
                if drive.contains("floor") {
                    list.append(TerminalBench.Program(label: "floor", executable: dir + "/riverchief-floor", arguments: []))
                    list.append(TerminalBench.Program(label: TerminalBench.detailFloor, executable: dir + "/riverchief-floor", arguments: ["--detail"]))
                    if let paneItems {
                        list.append(TerminalBench.Program(label: TerminalBench.itemsFloor, executable: dir + "/riverchief-floor",
                                                          arguments: ["--detail"] + paneItems))
                    }
                }
                if drive.contains("riverchief") {
                    list.append(TerminalBench.Program(label: "riverchief", executable: dir + "/riverchief",
                                                      arguments: ["--data", libraryPath, "--ambiguous", "narrow", "--lang", "zh"],
                                                      environment: ["RIVERCHIEF_DB": dbPath, "XDG_CACHE_HOME": cacheHome.path]))
                }
                try TerminalBench(rows: rows, cols: cols, runs: runs).report(list, into: &report)
            }
        }
        if suites.contains("library") {
            try LibraryBench(library: URL(fileURLWithPath: libraryPath), riverchief: dir + "/riverchief", runs: runs,
                             cacheHome: cacheHome).report(into: &report)
        }
        if suites.contains("tui") {
            let t0 = monotonicNanos()
            let loaded = LibraryLoader().load(directory: URL(fileURLWithPath: libraryPath))
            guard let lib = loaded.library else { throw ValidationError("the library at \(libraryPath) does not load") }
            let loadMS = Double(monotonicNanos() - t0) / 1e6
            let t1 = monotonicNanos()
            let states = try Store(path: dbPath, readOnly: true).snapshot()
            report.add("state snapshot read (\(states.count) items with state)", Samples([Double(monotonicNanos() - t1) / 1e6]),
                       note: "library load for this suite took \(fmt(loadMS)) ms")
            for size in [Size(width: 100, height: 30), Size(width: 80, height: 24)] {
                TUIBench(library: lib, states: states, size: size, iterations: iterations).report(into: &report)
            }
            report.add("bench process peak RSS after the tui suite", Samples([peakRSSMiB()]), unit: "MiB")
        }
        if suites.contains("store") {
            let ids = try HistoryCommand.taskIDs(libraryPath)
            try StoreBench(database: dbPath, itemIDs: ids, bench: dir + "/riverchief-bench", writes: min(iterations, 500))
                .report(into: &report, work: workURL)
        }
        if suites.contains("taskwarrior") {
            let w = workURL.appendingPathComponent("versus-taskwarrior")
            try VersusTaskwarrior(work: w, runs: runs, riverchief: dir + "/riverchief", seed: seed).run(into: &report)
        }
    }

    /// The 100,000-item library in `work`, generated once (its folder name records the seed).
    func prepareLibrary(_ work: URL) throws -> String {
        let path = work.appendingPathComponent("lib-100k-seed\(seed)")
        if FileManager.default.fileExists(atPath: path.appendingPathComponent("m100/model.json").path) { return path.path }
        FileHandle.standardError.write(Data("generating the 100,000-item library into \(path.path)\n".utf8))
        try LibraryGenerator(seed: seed, models: 100, items: 100_000, units: 2_000).write(to: path)
        return path.path
    }

    /// A copy of the million-event history for this run (the store suite writes to it), generated
    /// once into `history-1m-seed<N>.sqlite` and copied, so every run starts from the same state.
    func prepareHistory(_ work: URL, library: String) throws -> String {
        let fm = FileManager.default
        let master = work.appendingPathComponent("history-1m-seed\(seed).sqlite").path
        if !fm.fileExists(atPath: master) {
            FileHandle.standardError.write(Data("writing 1,000,000 events into \(master) (a few minutes)\n".utf8))
            let ids = try HistoryCommand.taskIDs(library)
            let n = try HistoryGenerator(itemIDs: ids, events: 1_000_000, seed: seed).run(database: master + ".tmp")
            // The database with its WAL and shared-memory files, renamed together once complete.
            for ext in ["", "-wal", "-shm"] where fm.fileExists(atPath: master + ".tmp" + ext) {
                try fm.moveItem(atPath: master + ".tmp" + ext, toPath: master + ext)
            }
            FileHandle.standardError.write(Data("history: \(n) events\n".utf8))
        }
        let copy = work.appendingPathComponent("history-run.sqlite").path
        for ext in ["", "-wal", "-shm"] {
            try? fm.removeItem(atPath: copy + ext)
            if fm.fileExists(atPath: master + ext) { try fm.copyItem(atPath: master + ext, toPath: copy + ext) }
        }
        return copy
    }

    /// The folder this executable is in (from /proc/self/exe).
    static func ownDirectory() -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().path
    }
}
