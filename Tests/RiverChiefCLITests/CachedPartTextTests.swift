import Foundation
import XCTest
@testable import RiverChiefCore
@testable import riverchief

/// `list --unit NAME` (with `--as` and `--kind`) as text straight from the cache's part
/// (`LibraryCache.part`, `ListCommand.text(of:)`): the same bytes as the tree of the library the
/// cache holds, for every unit by id, name, short name and part of a name, every role and kind, on
/// the seed and fixture libraries and on generated speeches of odd strings; a damaged byte it reads,
/// or a string that is not UTF-8 under good checksums, gives nothing (the library is loaded then).
final class CachedPartTextTests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cached-part-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

    /// What `list ARGS` prints from the loaded library (`ListCommand.run`'s path without the
    /// cache's part); nil when the unit's name is an error there.
    func expected(_ lib: Library, _ args: [String]) throws -> [UInt8]? {
        let cmd = try ListCommand.parse(args)
        let filter = ItemFilter(unit: cmd.unit, unitRole: cmd.role.flatMap(UnitRole.parse), kind: cmd.kind.flatMap(ItemKind.parse))
        guard let positions = try? lib.positions(matching: filter) else { return nil }
        return TreeText(library: lib, width: cmd.output.columns).render(positions: positions, withContext: true)
    }

    /// What `list ARGS` prints from the cache's part; nil when the part gives nothing.
    func got(_ cache: LibraryCache, _ paths: [String], _ args: [String]) throws -> [UInt8]? {
        let cmd = try ListCommand.parse(args)
        guard let part = cache.part(models: paths, unit: try XCTUnwrap(cmd.unit)) else { return nil }
        return try cmd.text(of: part).map { Array($0.joined()) }
    }

    /// Every role and kind filter with `--unit NAME` at `width`.
    static func argumentLists(_ name: String, widths: [Int]) -> [[String]] {
        var lists: [[String]] = []
        for width in widths {
            for role in [nil, "lead", "supporting", "territorial"] {
                for kind in [nil, "section", "point", "task"] {
                    lists.append(["--unit", name, "--width", "\(width)"] + (role.map { ["--as", $0] } ?? []) + (kind.map { ["--kind", $0] } ?? []))
                }
            }
        }
        return lists
    }

    func testTheSeedAndFixtureLibrariesGiveTheTreesBytesForEveryUnit() throws {
        var compared = 0
        for (k, dir) in [Paths.data, Paths.library].enumerated() {
            let cache = LibraryCache(directory: work.appendingPathComponent("cache\(k)"))
            let loader = LibraryLoader(cache: cache)
            let lib = try XCTUnwrap(loader.load(directory: dir).library)
            XCTAssertTrue(loader.load(directory: dir).fromCache)
            let paths = LibraryLoader.modelFiles([dir]).0.map(\.standardizedFileURL.path)
            XCTAssertNotNil(loader.cachedPart(directory: dir, unit: lib.units[0].id))
            var names = Set(lib.units.flatMap { [$0.id, $0.name] + ($0.shortName.map { [$0] } ?? []) })
            names.formUnion(["水利", "县", "city", "市", "没有这个单位"])
            // Every role and kind for each unit's id; each name, short name and part of a name alone
            // and as lead; two widths more.
            let ids = Set(lib.units.map(\.id))
            for name in names.sorted() {
                let lists = ids.contains(name) ? Self.argumentLists(name, widths: [80]) + Self.argumentLists(name, widths: [20, 200]).prefix(1)
                    : [["--unit", name, "--width", "80"], ["--unit", name, "--width", "80", "--as", "lead"]]
                for args in lists {
                    let want = try expected(lib, args)
                    XCTAssertEqual(try got(cache, paths, args), want, "\(dir.lastPathComponent): \(args.joined(separator: " "))")
                    if want != nil { compared += 1 }
                }
            }
        }
        XCTAssertGreaterThan(compared, 300)
    }

    /// `CachedTreeTextTests`' speeches (odd strings, unit ids named differently in two speeches,
    /// unknown units, long names with short names, chains deeper than 64 levels), their items also
    /// given supporting and territorial units.
    static func models(seed: UInt64, count: Int) -> [Model] {
        var models = CachedTreeTextTests.models(seed: seed, count: count)
        var r = CachedTreeTextTests.Random(state: seed &* 7_919)
        func assignments() -> [Assignment] {
            (0..<r.next(4)).map { _ in Assignment(unit: r.chance(85) ? "u\(r.next(12))" : "nowhere." + r.text(2), basis: .stated) }
        }
        for m in models.indices {
            for i in models[m].items.indices {
                models[m].items[i].supporting = assignments()
                models[m].items[i].territorial = assignments()
            }
        }
        return models
    }

    func testGeneratedSpeechesGiveTheTreesBytesForEveryUnitRoleAndKind() throws {
        var compared = 0, nonEmpty = 0, turn = 0
        for seed in UInt64(1)...8 {
            let models = Self.models(seed: seed, count: 1 + Int(seed % 4))
            let (cache, paths) = try CachedTreeTextTests.cache(models, name: "s\(seed)", in: work)
            let stored = Library(models: try XCTUnwrap(cache.read(models: paths), "seed \(seed): the cache reads back"))
            var names = Set(stored.units.flatMap { [$0.id, $0.name] + ($0.shortName.map { [$0] } ?? []) })
            names.formUnion(["单位1", "河长制办公室", "m1", "u", "nowhere", "é", "\u{1B}[31m"])
            // Each name with no role and kind at 80 columns (on one core and on two), and three
            // more of the role, kind and width lists in turn.
            let all = Self.argumentLists("NAME", widths: [20, 80, 300])
            for name in names.sorted() {
                var lists = [["--unit", name, "--width", "80"]]
                for _ in 0..<3 {
                    turn += 1
                    lists.append(all[turn * 7 % all.count].map { $0 == "NAME" ? name : $0 })
                }
                for (n, args) in lists.enumerated() {
                    let want = try expected(stored, args)
                    for cores in n == 0 ? [1, 2] : [2] {
                        try Parallel.asIfCores(cores) {
                            XCTAssertEqual(try got(cache, paths, args), want, "seed \(seed) on \(cores) core(s): \(args.joined(separator: " "))")
                        }
                    }
                    if let want {
                        compared += 1
                        if !want.starts(with: Array("没有符合条件的条目".utf8)) { nonEmpty += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 400)
        XCTAssertGreaterThan(nonEmpty, 200)
    }

    /// A parent named by id (in another speech): the part gives nothing (the library is loaded).
    func testAParentNamedByIdGivesNoPart() throws {
        var models = Self.models(seed: 7, count: 2)
        let unit = try XCTUnwrap(models[0].units.first).id
        models[1].items[3].parent = models[0].items[0].id
        models[1].items[3].lead = Assignment(unit: unit, basis: .stated)
        let (cache, paths) = try CachedTreeTextTests.cache(models, name: "foreign", in: work)
        XCTAssertNil(cache.part(models: paths, unit: unit))
        let (alone, path) = try CachedTreeTextTests.cache([models[0]], name: "alone", in: work)
        XCTAssertNotNil(alone.part(models: path, unit: unit))
    }

    /// Every 29th byte of the file flipped, one at a time: the part gives nothing, or (a byte it
    /// does not read) exactly the undamaged text. Cut short or lengthened: nothing.
    func testADamagedCacheGivesNothingOrTheSameBytes() throws {
        let models = Self.models(seed: 11, count: 3)
        let (cache, paths) = try CachedTreeTextTests.cache(models, name: "damage", in: work)
        let file = cache.file(for: paths)
        let good = try Data(contentsOf: file)
        let args = ["--unit", try XCTUnwrap(models[0].units.first).id, "--width", "80"]
        let want = try XCTUnwrap(try got(cache, paths, args))
        XCTAssertEqual(want, try expected(Library(models: try XCTUnwrap(cache.read(models: paths))), args))
        var refused = 0, same = 0
        for at in stride(from: 0, to: good.count, by: 29) {
            try write(file) { $0 = good; $0[at] ^= 0x20 }
            if let text = try got(cache, paths, args) {
                XCTAssertEqual(text, want, "byte \(at) of \(good.count)")
                same += 1
            } else {
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 20, "damage in what the part reads is refused")
        XCTAssertGreaterThan(same, 20, "what it does not read is not read")
        for bytes in [good.dropLast(), good.prefix(good.count / 2), good + Data([0])] {
            try write(file) { $0 = bytes }
            XCTAssertNil(try got(cache, paths, args))
        }
    }

    /// Every byte of the unit's items' records and of the speeches' heads (but their speech's
    /// text) flipped, one at a time: always refused.
    func testEveryByteReadIsChecked() throws {
        var models = Self.models(seed: 7, count: 2)
        let unitID = try XCTUnwrap(models[0].units.first).id
        models[1].items[0].title = "独一无二的标题"
        models[1].items[0].lead = Assignment(unit: unitID, basis: .stated)
        let (cache, paths) = try CachedTreeTextTests.cache(models, name: "every", in: work)
        let file = cache.file(for: paths)
        let good = try Data(contentsOf: file)
        let args = ["--unit", unitID, "--width", "80"]
        XCTAssertNotNil(try got(cache, paths, args))
        // The record of the item titled so (its title's length and bytes), and a unit's name in a head.
        let title = try XCTUnwrap(good.range(of: Self.stored("独一无二的标题")))
        let unit = try XCTUnwrap(good.range(of: Self.stored(try XCTUnwrap(models[0].units.first).name)))
        for at in Array(title) + Array(unit) {
            try write(file) { $0 = good; $0[at] ^= 0x01 }
            XCTAssertNil(try got(cache, paths, args), "byte \(at)")
        }
    }

    /// A title that is not UTF-8 under good checksums (its record's and the part index's made
    /// again): the full read repairs it, the part gives nothing (and so the library is loaded).
    func testAStringThatIsNotUTF8UnderGoodChecksumsGivesNothing() throws {
        var models = Self.models(seed: 7, count: 2)
        let unit = try XCTUnwrap(models[0].units.first).id
        models[1].items[0].title = "独一无二的标题"
        models[1].items[0].lead = Assignment(unit: unit, basis: .stated)
        let (cache, paths) = try CachedTreeTextTests.cache(models, name: "utf8", in: work)
        let args = ["--unit", unit, "--width", "80"]
        XCTAssertNotNil(try got(cache, paths, args))
        let file = cache.file(for: paths)
        var d = try Data(contentsOf: file)
        let at = try XCTUnwrap(d.range(of: Data("独一无二的标题".utf8))).lowerBound
        d[at + 1] = 0xFF
        try Self.resealRecord(&d, at: at, cache: cache, paths: paths)
        try write(file) { $0 = d }
        let repaired = Library(models: try XCTUnwrap(cache.read(models: paths), "the full read takes it"))
        XCTAssertTrue(repaired.items.contains { $0.title.contains("\u{FFFD}") })
        XCTAssertNotNil(cache.readPart(models: paths) { _ in [unit] }, "the record's checksum is good again")
        XCTAssertNil(try got(cache, paths, args))
    }

    // MARK: Helpers

    /// A string as the cache stores it: its length (8 bytes, little-endian), then its UTF-8.
    static func stored(_ s: String) -> Data {
        var d = withUnsafeBytes(of: UInt64(s.utf8.count).littleEndian) { Data($0) }
        d.append(contentsOf: s.utf8)
        return d
    }

    func write(_ file: URL, _ change: (inout Data) -> Void) throws {
        var d = Data()
        change(&d)
        try d.write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    /// Makes the checksum of the item record holding byte `at` (in the part index), the part
    /// index's own and its speech's match the bytes again, following the layout `LibraryPartIndex`
    /// and `LibraryCache.write` document.
    static func resealRecord(_ d: inout Data, at: Int, cache: LibraryCache, paths: [String]) throws {
        let keyEnd = try XCTUnwrap(cache.open(models: paths)).1.offset
        var (index, indexSum, slices) = (0..<0, 0, [(bytes: Range<Int>, sum: UInt64)]())
        try d.withUnsafeBytes { raw in
            var r = ByteSource(raw)
            r.offset = keyEnd
            try LibraryCache.skipSection(&r)
            let n = try r.int()
            indexSum = r.offset
            _ = try r.u64()
            index = r.offset..<(r.offset + n)
            r.offset += n
            _ = try r.int()
            slices = try XCTUnwrap(try LibraryCache.slices(&r, count: paths.count))
        }
        let k = try XCTUnwrap(slices.firstIndex { $0.bytes.contains(at) })
        func u32(_ o: Int) -> Int { Int(d.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }) }
        func put(_ v: UInt64, _ o: Int) { withUnsafeBytes(of: v.littleEndian) { d.replaceSubrange(o..<(o + 8), with: $0) } }
        func sum(_ r: Range<Int>) -> UInt64 { d.withUnsafeBytes { checksum64(UnsafeRawBufferPointer(rebasing: $0[r])) } }
        var o = index.lowerBound + 8
        for m in 0..<paths.count {
            let length = u32(o)
            o += 40
            let n = u32(o)
            o += 8
            if m == k {
                let base = slices[k].bytes.lowerBound
                for i in 0..<n {
                    let start = u32(o + 16 * i), end = i + 1 < n ? u32(o + 16 * (i + 1)) : length
                    if (start..<end).contains(at - base) { put(sum((base + start)..<(base + end)), o + 16 * i + 8) }
                }
            }
            o += 16 * n
        }
        put(sum(index), indexSum)
        // And the speech's own checksum in the body, which the full read checks.
        put(sum(slices[k].bytes), slices[k].bytes.lowerBound - 8)
    }
}
