import Foundation
import RiverChiefCore

/// Loading the library: in-process (the real `LibraryLoader`, parse + validate + index) and as
/// whole processes (`riverchief validate`, `riverchief list --json` of everything) with their peak memory.
struct LibraryBench {
    var library: URL
    var riverchief: String
    var runs: Int
    /// `XDG_CACHE_HOME` for the library cache of every run (in the scratch folder).
    var cacheHome: URL

    func report(into r: inout Report) throws {
        // Whole processes first: a child started by posix_spawn (vfork) inherits the bench's own
        // high-water mark in its peak RSS, so the bench must not have loaded the library yet.
        var validate = Samples(), validateRSS = Samples()
        var listJSON = Samples(), listRSS = Samples(), listBytes = 0, failures = 0
        var uncached = Samples(), uncachedRSS = Samples()
        let environment = ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": cacheHome.path]) { $1 }
        for n in 0..<(runs + 1) {
            let v = try ProcessTimer.run(riverchief, ["validate", "--data", library.path], environment: environment)
            let l = try ProcessTimer.run(riverchief, ["list", "--json", "--data", library.path], environment: environment)
            let u = try ProcessTimer.run(riverchief, ["list", "--json", "--no-cache", "--data", library.path], environment: environment)
            if n == 0 { continue }
            if v.status != 0 || l.status != 0 || u.status != 0 { failures += 1 }
            validate.add(v.wallMS); validateRSS.add(v.peakRSSMiB)
            listJSON.add(l.wallMS); listRSS.add(l.peakRSSMiB); listBytes = l.stdoutBytes
            uncached.add(u.wallMS); uncachedRSS.add(u.peakRSSMiB)
        }
        var diagnostics = 0
        var items = 0
        let load = measure(warmup: 1, iterations: runs) { _ in
            let result = LibraryLoader().load(directory: library)
            diagnostics = result.diagnostics.count
            items = result.library?.items.count ?? 0
            blackHole(result)
        }
        r.add("load + validate \(items) items (in-process, no cache)", load, target: "(part of first frame ≤ 200 ms)",
              note: "\(diagnostics) diagnostic(s); peak RSS of the bench so far \(fmt(peakRSSMiB())) MiB")

        // The same library from the cache (written by the first, unmeasured, load).
        let cache = LibraryCache(directory: cacheHome.appendingPathComponent("riverchief"))
        var hits = 0
        let cached = measure(warmup: 1, iterations: runs) { _ in
            let result = LibraryLoader(cache: cache).load(directory: library)
            if result.fromCache { hits += 1 }
            blackHole(result)
        }
        r.add("load \(items) items from the library cache (in-process)", cached, target: "(part of first frame ≤ 200 ms)",
              note: "\(hits) of \(runs + 1) loads from the cache")

        let note = failures > 0 ? "\(failures) run(s) exited non-zero" : ""
        r.add("riverchief validate (whole process)", validate, note: note)
        r.add("riverchief validate: peak RSS", validateRSS, unit: "MiB", target: "≤ 200 MB")
        r.add("riverchief list --json, everything (whole process)", listJSON, target: "≤ 1 s", note: "\(listBytes) bytes of JSON " + note)
        r.add("riverchief list --json: peak RSS", listRSS, unit: "MiB", target: "≤ 200 MB")
        r.add("riverchief list --json --no-cache (whole process)", uncached, note: "every model.json parsed")
        r.add("riverchief list --json --no-cache: peak RSS", uncachedRSS, unit: "MiB")
    }
}
