import Foundation
import RiverChiefCore

/// Loading the library: in-process (the real `LibraryLoader`, parse + validate + index) and as
/// whole processes (`riverchief validate`, `riverchief list --json` of everything) with their peak memory.
struct LibraryBench {
    var library: URL
    var riverchief: String
    var runs: Int

    func report(into r: inout Report) throws {
        var diagnostics = 0
        var items = 0
        let load = measure(warmup: 1, iterations: runs) { _ in
            let result = LibraryLoader().load(directory: library)
            diagnostics = result.diagnostics.count
            items = result.library?.items.count ?? 0
            blackHole(result)
        }
        r.add("load + validate \(items) items (in-process)", load, target: "(part of first frame ≤ 200 ms)",
              note: "\(diagnostics) diagnostic(s); peak RSS of the bench so far \(fmt(peakRSSMiB())) MiB")

        var validate = Samples(), validateRSS = Samples()
        var listJSON = Samples(), listRSS = Samples(), listBytes = 0, failures = 0
        for n in 0..<(runs + 1) {
            let v = try ProcessTimer.run(riverchief, ["validate", "--data", library.path])
            let l = try ProcessTimer.run(riverchief, ["list", "--json", "--data", library.path])
            if n == 0 { continue }
            if v.status != 0 || l.status != 0 { failures += 1 }
            validate.add(v.wallMS); validateRSS.add(v.peakRSSMiB)
            listJSON.add(l.wallMS); listRSS.add(l.peakRSSMiB); listBytes = l.stdoutBytes
        }
        let note = failures > 0 ? "\(failures) run(s) exited non-zero" : ""
        r.add("riverchief validate (whole process)", validate, note: note)
        r.add("riverchief validate: peak RSS", validateRSS, unit: "MiB", target: "≤ 200 MB")
        r.add("riverchief list --json, everything (whole process)", listJSON, target: "≤ 1 s", note: "\(listBytes) bytes of JSON " + note)
        r.add("riverchief list --json: peak RSS", listRSS, unit: "MiB", target: "≤ 200 MB")
    }
}
