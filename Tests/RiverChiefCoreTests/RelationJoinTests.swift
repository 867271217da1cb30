import XCTest
@testable import RiverChiefCore

/// The library's joins by unit and target position (`leads`, `supports`, `territorial`,
/// `servedBy`) answer, for every id, exactly the task positions that the items' own id strings
/// name: the same answer the joins keyed by id strings gave.
final class RelationJoinTests: XCTestCase {
    /// The positions of the items naming each id, by reading the items' strings.
    struct ByID {
        var leads: [String: [Int]] = [:], supports: [String: [Int]] = [:], territorial: [String: [Int]] = [:]
        var servedBy: [String: [Int]] = [:]

        init(_ lib: Library) {
            for (i, it) in lib.items.enumerated() {
                if let l = it.lead { leads[l.unit, default: []].append(i) }
                for s in it.supporting { supports[s.unit, default: []].append(i) }
                for t in it.territorial { territorial[t.unit, default: []].append(i) }
                for g in it.targets { servedBy[g, default: []].append(i) }
            }
        }
    }

    /// Checks every unit and target of `lib`, and every id an item names, both through the id and
    /// through the position; gives how many (id, task) pairs it compared.
    @discardableResult
    static func assertJoinsMatchTheIDs(_ lib: Library, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        let want = ByID(lib)
        var compared = 0
        let unitIDs = Set(lib.units.map(\.id)).union(want.leads.keys).union(want.supports.keys).union(want.territorial.keys)
        for id in unitIDs {
            for (name, join, byID, named) in [("leads", lib.leads, want.leads, lib.leads(of: id)),
                                              ("supports", lib.supports, want.supports, lib.supports(of: id)),
                                              ("territorial", lib.territorial, want.territorial, lib.territorial(of: id))] {
                let expected = byID[id] ?? []
                XCTAssertEqual(named, expected, "\(what): \(name) of \(id)", file: file, line: line)
                let key = lib.unitKey(id)
                XCTAssertEqual(key.map { join[$0].map(Int.init) } ?? [], expected, "\(what): \(name) of \(id) by position", file: file, line: line)
                compared += expected.count
            }
            if let u = lib.unitIndex[id] { XCTAssertEqual(lib.unitKey(id), u, "\(what): a defined unit's key is its position") }
        }
        for (k, t) in lib.targets.enumerated() {
            let expected = want.servedBy[t.id] ?? []
            XCTAssertEqual(lib.tasks(serving: t.id), expected, "\(what): tasks serving \(t.id)", file: file, line: line)
            XCTAssertEqual(lib.servedBy[k].map(Int.init), expected, "\(what): tasks serving \(t.id) by position", file: file, line: line)
            compared += expected.count
        }
        for (id, expected) in want.servedBy where lib.target(id) == nil {
            XCTAssertEqual(lib.tasks(serving: id), expected, "\(what): tasks naming the undefined target \(id)", file: file, line: line)
        }
        let most = [want.leads, want.supports, want.territorial].flatMap { $0.values.map(\.count) }.max() ?? 0
        XCTAssertEqual(lib.mostTasksOfAUnit, most, "\(what): the most tasks of one unit", file: file, line: line)
        XCTAssertNil(lib.unitKey("no.such.unit"))
        XCTAssertEqual(lib.leads(of: "no.such.unit"), [])
        XCTAssertEqual(lib.tasks(serving: "no.such.target"), [])
        return compared
    }

    func testTheSeedLibrarysJoinsMatchItsIDsFromTheFilesAndFromTheCache() throws {
        let cacheDir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-joins-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cacheDir) }
        for pass in ["files", "cache written", "cache read"] {
            let loader = pass == "files" ? LibraryLoader() : LibraryLoader(cache: LibraryCache(directory: cacheDir))
            let lib = try XCTUnwrap(loader.load(directory: RealLibraryTests.data).library, pass)
            let pairs = Self.assertJoinsMatchTheIDs(lib, "seed, \(pass)")
            XCTAssertGreaterThan(pairs, lib.items.filter { $0.kind == .task }.count, "every task has a lead, many more units and targets")
        }
    }

    func testTheFixtureLibrarysJoinsMatchItsIDs() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        Self.assertJoinsMatchTheIDs(lib, "fixture")
    }

    /// `Library(models:)` is also given models that name units and targets they do not define
    /// (the validator reports those before a loader builds a library; code and tests build one
    /// directly): their tasks are found by the id as before.
    func testUnitsAndTargetsTheLibraryDoesNotDefineAreJoinedByTheirIDs() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        var models = lib.wholeModels()
        let k = try XCTUnwrap(models[0].items.firstIndex { $0.kind == .task })
        models[0].items[k].lead = Assignment(unit: "nowhere.lead", basis: .stated)
        models[0].items[k].supporting.append(Assignment(unit: "nowhere.support", basis: .inferred, rule: "r"))
        models[0].items[k].supporting.append(Assignment(unit: lib.units[0].id, basis: .stated))
        models[0].items[k].targets.append("nowhere.target")
        let odd = Library(models: models)
        Self.assertJoinsMatchTheIDs(odd, "undefined ids")
        let at = odd.itemRanges[0].lowerBound + k
        XCTAssertEqual(odd.leads(of: "nowhere.lead"), [at])
        XCTAssertEqual(odd.supports(of: "nowhere.support"), [at])
        XCTAssertEqual(odd.tasks(serving: "nowhere.target"), [at])
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(odd.unitKey("nowhere.lead")), odd.units.count, "a key past the defined units")
        XCTAssertTrue(odd.supports(of: lib.units[0].id).contains(at))
    }

    func testAPositionJoinGroupsPairsInOrderAndIgnoresKeysOutOfRange() {
        let j = PositionJoin(keys: 3, pairs: [(2, 0), (0, 1), (2, 1), (5, 2), (-1, 3), (0, 4), (2, 9)])
        XCTAssertEqual(j.keyCount, 3)
        XCTAssertEqual(Array(j[0]), [1, 4])
        XCTAssertEqual(Array(j[1]), [])
        XCTAssertEqual(Array(j[2]), [0, 1, 9])
        XCTAssertEqual(Array(j[3]), [], "a key past the groups has none")
        XCTAssertEqual(Array(j[-1]), [])
        XCTAssertEqual([0, 1, 2, 7].map(j.count), [2, 0, 3, 0])
        XCTAssertEqual(j.largest, 3)
        XCTAssertEqual(PositionJoin(keys: 0, pairs: []).largest, 0)
    }
}

/// Items hold their model id, units and targets as positions in their speech's names: read back
/// as ids, they are the ids the model files give, for every item, from the files and from the cache.
final class CompactItemTests: XCTestCase {
    /// Each item's model id, parent, assignments and targets as the model files write them
    /// (parsed by Foundation, not by the loader), by item id.
    static func idsInFiles(_ dir: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .map { $0.appendingPathComponent("model.json") }.filter { FileManager.default.fileExists(atPath: $0.path) }
        for file in files {
            let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let model = try XCTUnwrap(doc["id"] as? String)
            for case let it as [String: Any] in try XCTUnwrap(doc["items"] as? [Any]) {
                func a(_ v: Any?) -> String {
                    guard let d = v as? [String: Any] else { return "-" }
                    return "\(d["unit"] as? String ?? "?")/\(d["basis"] as? String ?? "?")/\(d["rule"] as? String ?? "-")"
                }
                let fields = [model, it["parent"] as? String ?? "-", a(it["lead"]),
                              ((it["supporting"] as? [Any]) ?? []).map(a).joined(separator: ","),
                              ((it["territorial"] as? [Any]) ?? []).map(a).joined(separator: ","),
                              ((it["targets"] as? [String]) ?? []).joined(separator: ",")]
                out[try XCTUnwrap(it["id"] as? String)] = fields.joined(separator: " | ")
            }
        }
        return out
    }

    /// The same fields of `it`, through its accessors (and the views read in place).
    static func ids(_ it: Item) -> String {
        func a(_ x: Assignment?) -> String { x.map { "\($0.unit)/\($0.basis.rawValue)/\($0.rule ?? "-")" } ?? "-" }
        XCTAssertEqual(it.supporting, Array(it.supportingIDs))
        XCTAssertEqual(it.territorial, Array(it.territorialIDs))
        XCTAssertEqual(it.targets, Array(it.targetIDs))
        XCTAssertEqual(it.leadUnit, it.lead?.unit)
        return [it.modelID, it.parent ?? "-", a(it.lead), it.supporting.map(a).joined(separator: ","),
                it.territorial.map(a).joined(separator: ","), it.targets.joined(separator: ",")].joined(separator: " | ")
    }

    /// Checks every item of the library in `dir`, from the files, then written to and read from a cache.
    static func assertItemsNameTheFilesIDs(_ dir: URL, minimumItems: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let want = try idsInFiles(dir)
        XCTAssertGreaterThanOrEqual(want.count, minimumItems, file: file, line: line)
        let cacheDir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-compact-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cacheDir) }
        for pass in ["files", "cache written", "cache read"] {
            let loader = pass == "files" ? LibraryLoader() : LibraryLoader(cache: LibraryCache(directory: cacheDir))
            let lib = try XCTUnwrap(loader.load(directory: dir).library, pass, file: file, line: line)
            XCTAssertEqual(lib.items.count, want.count, pass, file: file, line: line)
            for it in lib.items { XCTAssertEqual(ids(it), want[it.id], "\(pass): \(it.id)", file: file, line: line) }
        }
    }

    func testEveryItemOfTheSeedLibraryNamesTheIDsOfItsFile() throws {
        try Self.assertItemsNameTheFilesIDs(RealLibraryTests.data, minimumItems: 50)
    }

    func testEveryItemOfTheFixtureLibraryNamesTheIDsOfItsFile() throws {
        try Self.assertItemsNameTheFilesIDs(Fixtures.library, minimumItems: 5)
    }

    /// Changing a unit, target or model id to one the speech's names lack gives that item names of
    /// its own: the item reads the new id, and the speech's other items keep theirs.
    func testChangingAnIDTheNamesLackLeavesTheOtherItemsAsTheyWere() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: RealLibraryTests.data).library)
        let tasks = lib.items.filter { $0.kind == .task }
        var changed = tasks[0]
        let before = tasks.map(Self.ids)
        changed.lead = Assignment(unit: "new.unit", basis: .inferred, rule: "new.rule")
        changed.supporting.append(Assignment(unit: "other.unit", basis: .stated))
        changed.targets = ["new.target"] + changed.targets
        changed.modelID = "other.model"
        XCTAssertEqual(changed.lead, Assignment(unit: "new.unit", basis: .inferred, rule: "new.rule"))
        XCTAssertEqual(changed.supporting.last, Assignment(unit: "other.unit", basis: .stated))
        XCTAssertEqual(changed.targets, ["new.target"] + tasks[0].targets)
        XCTAssertEqual(changed.modelID, "other.model")
        XCTAssertNotEqual(changed, tasks[0])
        XCTAssertEqual(tasks.map(Self.ids), before, "the speech's other items (and the original) are unchanged")
        XCTAssertFalse(lib.items[0].names.units.contains("new.unit"), "the speech's names are not grown")
        var back = changed
        back.lead = tasks[0].lead
        back.supporting = tasks[0].supporting
        back.targets = tasks[0].targets
        back.modelID = tasks[0].modelID
        XCTAssertEqual(back, tasks[0], "changed back, equal again (compared by id, not by position)")
    }
}

/// The same checks on a library `riverchief-bench generate` makes (3,000 items of 300 units).
final class GeneratedLibraryIDTests: XCTestCase {
    func testAGeneratedLibrarysItemsAndJoinsNameTheFilesIDs() throws {
        // The tool sits beside the test bundle in `.build/<config>/`, built with the tests.
        var binary = Bundle.main.bundleURL.appendingPathComponent("riverchief-bench")
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            binary = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("riverchief-bench")
        }
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary.path), "riverchief-bench is built beside the tests: \(binary.path)")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rc-generated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("lib")
        var env = ProcessInfo.processInfo.environment
        for (name, sub) in [("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                            ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")] {
            env[name] = root.appendingPathComponent(sub).path
        }
        env["RIVERCHIEF_DB"] = root.appendingPathComponent("state.sqlite").path
        let p = Process()
        p.executableURL = binary
        p.arguments = ["generate", "--out", out.path, "--models", "3", "--items", "3000", "--units", "300", "--seed", "11"]
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "riverchief-bench generate")
        try CompactItemTests.assertItemsNameTheFilesIDs(out, minimumItems: 3000)
        let lib = try XCTUnwrap(LibraryLoader().load(directory: out).library)
        XCTAssertFalse(lib.items.allSatisfy { $0.supporting.isEmpty }, "the generated tasks have supporting units")
        XCTAssertFalse(lib.items.allSatisfy { $0.territorial.isEmpty }, "and territorial ones")
        XCTAssertGreaterThan(RelationJoinTests.assertJoinsMatchTheIDs(lib, "generated"), 2000)
    }
}
