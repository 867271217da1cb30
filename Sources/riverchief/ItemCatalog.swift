import Foundation
import RiverChiefCore

/// The item ids of the model library, for checking ids typed on the command line and for
/// `doctor`'s orphan report. Finds the library as the other commands do (--data DIR, then
/// RIVERCHIEF_DATA, then ./Data) and reads only the ids from each `*/model.json`.
// Interim: once the core loader is on main, build this from `LibraryLocator` + `LibraryLoader`.
struct ItemCatalog {
    var directory: String
    var ids: Set<String>

    enum Lookup {
        case found(ItemCatalog)
        /// No library: `explicit` when --data or RIVERCHIEF_DATA named a folder that is not there.
        case missing(String, explicit: Bool)
    }

    static func locate(data: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Lookup {
        let env = environment["RIVERCHIEF_DATA"].flatMap { $0.isEmpty ? nil : $0 }
        let explicit = data ?? env
        let dir = explicit ?? "Data"
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            return .missing(explicit == nil
                ? "no model library found (give --data DIR or RIVERCHIEF_DATA)"
                : "model library \(dir): no such directory", explicit: explicit != nil)
        }
        var ids = Set<String>()
        let subdirs = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        for sub in subdirs.sorted() {
            let file = dir + "/" + sub + "/model.json"
            guard let data = FileManager.default.contents(atPath: file),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let items = object["items"] as? [[String: Any]] else { continue }
            for item in items { if let id = item["id"] as? String { ids.insert(id) } }
        }
        return .found(ItemCatalog(directory: dir, ids: ids))
    }

    /// Up to `limit` known ids close to `id`: those containing it or sharing its last segment,
    /// then those within a small edit distance, closest first.
    func suggestions(for id: String, limit: Int = 5) -> [String] {
        let needle = id.lowercased()
        let tail = needle.split(separator: ".").last.map(String.init) ?? needle
        var scored: [(Int, String)] = []
        for candidate in ids {
            let c = candidate.lowercased()
            if c.contains(needle) || (tail.count >= 3 && c.hasSuffix("." + tail)) {
                scored.append((0, candidate))
                continue
            }
            let d = ItemCatalog.editDistance(needle, c, cap: 4)
            if d <= 3 { scored.append((d, candidate)) }
        }
        return scored.sorted { $0 < $1 }.prefix(limit).map(\.1)
    }

    /// Levenshtein distance, giving up (returning `cap`) once every entry of a row reaches it.
    static func editDistance(_ a: String, _ b: String, cap: Int) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if abs(x.count - y.count) >= cap { return cap }
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var row = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where !y.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            if row.min() ?? 0 >= cap { return cap }
            previous = row
        }
        return min(previous[y.count], cap)
    }
}
