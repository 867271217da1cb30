/// The benchmark report: one Markdown table row per figure, in the order measured, so a run can be
/// pasted into docs/performance.md as it is.
struct Report {
    struct Row {
        var name: String
        var samples: Samples
        var unit: String
        var target: String
        var note: String
    }
    private(set) var rows: [Row] = []

    static let header = "| benchmark | n | min | median | p99 | max | unit | target | note |\n|---|---|---|---|---|---|---|---|---|"

    /// Records a row and prints it at once (a long run shows progress).
    mutating func add(_ name: String, _ samples: Samples, unit: String = "ms", target: String = "", note: String = "") {
        let row = Row(name: name, samples: samples, unit: unit, target: target, note: note)
        rows.append(row)
        print(Self.line(row))
    }

    static func line(_ r: Row) -> String {
        let s = r.samples
        return "| \(r.name) | \(s.count) | \(fmt(s.min)) | \(fmt(s.median)) | \(fmt(s.p99)) | \(fmt(s.max)) | \(r.unit) | \(r.target) | \(r.note) |"
    }
}
