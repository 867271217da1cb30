import Foundation
import RiverChiefCore

/// The same 10,000 tasks in taskwarrior and in RiverChief, and the same operations timed as whole
/// processes, alternating the two tools run by run so both see the same machine noise.
struct VersusTaskwarrior {
    var work: URL
    var runs: Int
    var riverchief: String
    var seed: UInt64 = 1

    /// 10 speeches × 1,112 items: 12 sections, 100 points and exactly 1,000 tasks each.
    static let models = 10, items = 11_120, units = 2_000

    /// One operation in both tools; `run` is the run number, so writes can vary their target.
    struct Operation {
        var name: String
        var taskwarrior: (Int) -> [String]
        var riverchief: (Int) -> [String]
    }

    func run(into report: inout Report) throws {
        guard let task = Taskwarrior.locate() else {
            print("taskwarrior: `task` not found; install Debian's taskwarrior (apt-get install -y taskwarrior)")
            return
        }
        let gen = LibraryGenerator(seed: seed, models: Self.models, items: Self.items, units: Self.units)
        let library = work.appendingPathComponent("library")
        try? FileManager.default.removeItem(at: library)
        try gen.write(to: library)
        let tasks = gen.library().flatMap { $0.items.filter { $0.kind == .task } }
        let tw = Taskwarrior(executable: task, directory: work.appendingPathComponent("taskwarrior"))
        try tw.prepare()
        let importFile = work.appendingPathComponent("taskwarrior-import.json")
        try Taskwarrior.importJSON(tasks: tasks, seed: seed).write(to: importFile)
        let imported = try ProcessTimer.run(task, ["import", importFile.path], environment: tw.environment)
        report.add("taskwarrior: import \(tasks.count) tasks", Samples([imported.wallMS]), note: "exit \(imported.status)")

        let db = work.appendingPathComponent("state.sqlite").path
        for ext in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + ext) }
        let seeded = try StateSeeder.seed(tasks: tasks, seed: seed, database: db)
        report.add("riverchief: record the same \(tasks.count) statuses", Samples([seeded]), note: "one store write per task not \"not started\", in-process")

        // The unit with the most tasks it leads, and a status most of its tasks are not in.
        let byUnit = Dictionary(grouping: tasks, by: { $0.lead?.unit ?? "" })
        let unit = byUnit.max { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key > $1.key) }?.key ?? "city.water"
        let lib = ["--data", library.path]
        var rcEnvironment = ProcessInfo.processInfo.environment
        rcEnvironment["RIVERCHIEF_DB"] = db
        rcEnvironment["XDG_CACHE_HOME"] = work.appendingPathComponent("cache").path
        let ops = [
            Operation(name: "list everything (text)", taskwarrior: { _ in ["all"] },
                      riverchief: { _ in ["list"] + lib }),
            Operation(name: "export everything (JSON)", taskwarrior: { _ in ["export"] },
                      riverchief: { _ in ["list", "--json"] + lib }),
            Operation(name: "filter by unit", taskwarrior: { _ in ["project:\(unit)", "all"] },
                      riverchief: { _ in ["list", "--unit", unit] + lib }),
            Operation(name: "filter by unit and status", taskwarrior: { _ in ["project:\(unit)", "rcstatus:behind", "all"] },
                      riverchief: { _ in ["list", "--unit", unit, "--status", "behind"] + lib }),
            Operation(name: "modify one task's status", taskwarrior: { n in [Taskwarrior.uuid(for: tasks[n * 97 % tasks.count].id), "modify", "rcstatus:\(n % 2 == 0 ? "done" : "behind")"] },
                      riverchief: { n in ["set", tasks[n * 97 % tasks.count].id, "--status", n % 2 == 0 ? "done" : "behind"] + lib }),
        ]
        for op in ops {
            var twTimes = Samples(), rcTimes = Samples()
            var twFail = 0, rcFail = 0
            for n in 0..<(runs + 1) {
                let a = try ProcessTimer.run(task, op.taskwarrior(n), environment: tw.environment)
                let b = try ProcessTimer.run(riverchief, op.riverchief(n), environment: rcEnvironment)
                if n == 0 { continue } // the first run warms the page cache for both
                twTimes.add(a.wallMS); rcTimes.add(b.wallMS)
                if a.status != 0 { twFail += 1 }
                if b.status != 0 { rcFail += 1 }
            }
            report.add("taskwarrior: \(op.name)", twTimes, note: twFail > 0 ? "\(twFail) run(s) failed" : "")
            report.add("riverchief: \(op.name)", rcTimes, note: rcFail > 0 ? "\(rcFail) run(s) failed" : "")
            let ratio = twFail + rcFail == 0 ? twTimes.median / rcTimes.median : .nan
            report.add("taskwarrior/riverchief: \(op.name)", Samples([ratio]), unit: "×", target: "≥ 10×",
                       note: ratio.isNaN ? "no ratio: a run failed" : "")
        }
    }
}
