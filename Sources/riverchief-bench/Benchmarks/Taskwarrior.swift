import Foundation
import RiverChiefCore

/// Taskwarrior 2.6 (Debian's `taskwarrior`) in a private TASKRC/TASKDATA, fed the same tasks as
/// RiverChief: project = lead unit, a `rcstatus` UDA with RiverChief's status, done ones completed.
struct Taskwarrior {
    let executable: String
    let directory: URL

    var rcPath: String { directory.appendingPathComponent("taskrc").path }
    var dataPath: String { directory.appendingPathComponent("data").path }

    /// The environment every `task` run gets: only its own rc and data, nothing from the user's.
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["TASKRC"] = rcPath
        env["TASKDATA"] = dataPath
        env["HOME"] = directory.path
        env["LANG"] = "C.UTF-8"
        return env
    }

    /// Finds `task` on PATH.
    static func locate() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/task"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Writes the rc file (no confirmations, no colour, no hooks, the status UDA) and an empty data folder.
    func prepare() throws {
        let fm = FileManager.default
        try? fm.removeItem(at: directory)
        try fm.createDirectory(atPath: dataPath, withIntermediateDirectories: true)
        let statuses = Status.allCases.map(\.rawValue).joined(separator: ",")
        let rc = """
            data.location=\(dataPath)
            confirmation=off
            verbose=nothing
            color=off
            hooks=off
            gc=on
            uda.rcstatus.type=string
            uda.rcstatus.label=Status
            uda.rcstatus.values=\(statuses)

            """
        try Data(rc.utf8).write(to: URL(fileURLWithPath: rcPath))
    }

    /// A stable UUID for a task id (taskwarrior identifies tasks by UUID).
    static func uuid(for id: String) -> String {
        let a = StatusPlan.hash(id, 1), b = StatusPlan.hash(id, 2)
        let hex = String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-8" + String(c[17..<20]) + "-" + String(c[20..<32])
    }

    /// The import file: one JSON object per task, in the library's order.
    static func importJSON(tasks: [Item], seed: UInt64) throws -> Data {
        var list: [[String: Any]] = []
        list.reserveCapacity(tasks.count)
        for t in tasks {
            let status = StatusPlan.status(of: t.id, seed: seed)
            var o: [String: Any] = [
                "uuid": uuid(for: t.id),
                "description": t.title,
                "project": t.lead?.unit ?? "none",
                "entry": "20201001T000000Z",
                "status": status == .done ? "completed" : "pending",
                "rcstatus": status.rawValue,
                "tags": [t.modelID],
            ]
            if status == .done { o["end"] = "20201201T000000Z" }
            if let d = t.deadline { o["due"] = d.replacingOccurrences(of: "-", with: "") + "T000000Z" }
            list.append(o)
        }
        return try JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
