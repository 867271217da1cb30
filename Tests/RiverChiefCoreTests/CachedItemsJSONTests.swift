import Foundation
import XCTest
@testable import RiverChiefCore

/// `list --json` of the whole library straight from the cache (`CachedItemsJSON`): the same bytes
/// as `ItemJSONWriter.stream` of the library the cache holds, on the seed library, the fixtures and
/// generated speeches full of odd strings; nothing at all from a damaged or short cache.
final class CachedItemsJSONTests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cached-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

    /// What `list --json` wrote before: the library's items through `ItemJSONWriter`.
    func written(_ lib: Library) -> [UInt8] {
        var bytes: [UInt8] = []
        ItemJSONWriter.stream(under: "items", lib.items, library: lib, chunk: 1 << 16) { bytes.append(contentsOf: $0) }
        return bytes
    }

    func bytes(_ doc: CachedItemsJSON, chunk: Int = CachedItemsJSON.chunk, buffers: Int = CachedItemsJSON.buffersPerWorker) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try doc.write(chunk: chunk, buffers: buffers) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Equal, or a failure showing where they part (not two 12 MB arrays).
    func assertSame(_ got: [UInt8], _ expected: [UInt8], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard got != expected else { return }
        let at = zip(got, expected).prefix { $0 == $1 }.count
        func around(_ b: [UInt8]) -> String { String(decoding: b[max(0, at - 120)..<min(b.count, at + 120)], as: UTF8.self) }
        XCTFail("\(what): \(got.count) bytes against \(expected.count), first difference at \(at):\n\(around(got))\n---- expected ----\n\(around(expected))",
                file: file, line: line)
    }

    func testTheSeedAndFixtureLibrariesGiveTheWritersBytes() throws {
        for (k, dir) in [RealLibraryTests.data, Fixtures.library].enumerated() {
            let loader = LibraryLoader(cache: LibraryCache(directory: work.appendingPathComponent("cache\(k)")))
            XCTAssertNil(loader.cachedItemsJSON(directory: dir, under: "items"), "no cache yet")
            let files = try XCTUnwrap(loader.load(directory: dir).library)
            let cached = loader.load(directory: dir)
            XCTAssertTrue(cached.fromCache)
            let expected = written(files)
            assertSame(written(try XCTUnwrap(cached.library)), expected, "the cached library writes what the files' does")
            for cores in [1, 2, 3] {
                try Parallel.asIfCores(cores) {
                    let doc = try XCTUnwrap(loader.cachedItemsJSON(directory: dir, under: "items"))
                    assertSame(try bytes(doc), expected, "\(dir.lastPathComponent) on \(cores) core(s)")
                }
            }
            XCTAssertGreaterThan(files.items.count, 10)
        }
    }

    struct Full: Error {}

    /// An output that fails (a full disk) ends the writing with its error, every worker stopped;
    /// the document can be written again after.
    func testAnOutputErrorStopsTheWritingAndIsThrown() throws {
        let models = Self.models(seed: 4, count: 4)
        let (cache, paths) = try cache(models, name: "sink")
        let doc = try XCTUnwrap(cache.itemsJSON(models: paths, under: "items"))
        for failAt in [1, 2, 4] {
            var calls = 0
            XCTAssertThrowsError(try doc.write { _ in
                calls += 1
                if calls == failAt { throw Full() }
            }) { XCTAssertTrue($0 is Full, "\($0)") }
            XCTAssertEqual(calls, failAt, "nothing handed out after the error")
        }
        assertSame(try bytes(doc), written(Library(models: models)), "written again after")
    }

    // MARK: Generated speeches

    /// Text pieces with everything an escape or a look-up can trip on: quotes, backslashes, control
    /// characters (C0, DEL, C1), bidirectional overrides, characters outside the BMP, Chinese.
    static let pieces = ["黄河", "水", "\"", "\\", "\u{1}", "\n", "\t", "\r", "a", "Z", "𝄞", "😀", "\u{9B}6n", "\u{202E}", "\u{7F}",
                         "é", " ", "、", "\u{2067}", "\u{1B}[31m", "流域生态保护", "/", "\u{0}", "ab\"cd\\ef"]

    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
        mutating func text(_ most: Int) -> String { (0..<next(most)).map { _ in CachedItemsJSONTests.pieces[next(CachedItemsJSONTests.pieces.count)] }.joined() }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    /// Speeches whose units share ids under different names, whose targets share ids under
    /// different titles, whose items name units and targets no speech has and parents in other
    /// speeches, carry rules, and have texts of their own beside texts from the speech.
    static func models(seed: UInt64, count: Int) -> [Model] {
        var r = Random(state: seed)
        return (0..<count).map { m in
            let modelID = "m\(m)" + (m == 1 ? "\"引\\号" : "")
            let source = SourceText((0..<300).map { _ in pieces[r.next(pieces.count)] }.joined())
            let units = (0..<12).filter { _ in r.chance(70) }.map { u in
                Unit(id: "u\(u)", name: "单位\(u)·m\(m)" + r.text(3), kind: UnitKind.allCases[r.next(UnitKind.allCases.count)],
                     shortName: r.chance(50) ? r.text(2) : nil)
            }
            func span() -> Span {
                let a = r.next(source.count + 1)
                return Span(start: a, end: a + r.next(source.count - a + 1))
            }
            let targets = (0..<6).filter { _ in r.chance(60) }.map { t -> Target in
                let s = span()
                return Target(id: "t\(t)", modelID: modelID, title: "目标\(t)·m\(m)" + r.text(2), text: r.chance(70) ? source.slice(s) ?? "" : r.text(4), span: s)
            }
            func unitID() -> String { r.chance(90) ? "u\(r.next(12))" : "nowhere." + r.text(2) }
            func assignment() -> Assignment {
                Assignment(unit: unitID(), basis: Basis.allCases[r.next(2)], rule: r.chance(25) ? "rule." + r.text(3) : nil)
            }
            var items: [Item] = []
            for i in 0..<(r.chance(15) ? 0 : 20 + r.next(40)) {
                let s = span()
                let parent: String? = i == 0 || r.chance(30) ? nil : r.chance(85) ? items[r.next(items.count)].id : "m\(r.next(count)).i\(r.next(5))"
                items.append(Item(id: "m\(m).i\(i)" + (r.chance(10) ? r.text(2) : ""), modelID: modelID, kind: ItemKind.allCases[r.next(3)],
                                  parent: parent, marker: r.chance(40) ? r.text(2) : nil,
                                  role: r.chance(40) ? SectionRole.allCases[r.next(3)] : nil, title: r.text(6),
                                  text: r.chance(75) ? source.slice(s) ?? "" : r.text(8), span: s,
                                  lead: r.chance(70) ? assignment() : nil, supporting: (0..<r.next(5)).map { _ in assignment() },
                                  territorial: (0..<r.next(3)).map { _ in assignment() },
                                  targets: (0..<r.next(4)).map { _ in r.chance(85) ? "t\(r.next(8))" : "nowhere." + r.text(2) },
                                  deadline: r.chance(30) ? "2026-0\(1 + r.next(9))-1\(r.next(10))" + r.text(1) : nil))
            }
            return Model(id: modelID, meeting: Meeting(title: r.text(4), speakerRole: "书记", kind: "会议"),
                         source: source, units: units, targets: targets, items: items)
        }
    }

    /// Writes `models` into a cache (each with files of its own for the cache's key); the cache
    /// and the model.json paths it is stored under.
    func cache(_ models: [Model], name: String) throws -> (LibraryCache, [String]) {
        var entries: [LibraryCache.Entry] = []
        for k in models.indices {
            let dir = work.appendingPathComponent("\(name)/m\(k)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let model = dir.appendingPathComponent("model.json").path, speech = dir.appendingPathComponent("speech.txt").path
            for path in [model, speech] { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("\(k)".utf8))) }
            entries.append(LibraryCache.Entry(model: try XCTUnwrap(FileStamp.of(model)), speech: try XCTUnwrap(FileStamp.of(speech))))
        }
        let cache = LibraryCache(directory: work.appendingPathComponent("\(name)-cache"))
        cache.write(models, entries: entries)
        return (cache, entries.map(\.model.path))
    }

    func testGeneratedSpeechesWithOddStringsGiveTheWritersBytes() throws {
        var checked = 0
        for seed in UInt64(1)...12 {
            var models = Self.models(seed: seed, count: 1 + Int(seed % 4))
            if seed % 5 == 0 {
                // A speech with no units or targets of its own: every one its items name is written out.
                models[models.count - 1].units = []
                models[models.count - 1].targets = []
            }
            let (cache, paths) = try cache(models, name: "s\(seed)")
            let stored = Library(models: try XCTUnwrap(cache.read(models: paths), "seed \(seed): the cache reads back"))
            let expected = written(stored)
            assertSame(written(Library(models: models)), expected, "seed \(seed): the models as made and as cached")
            for cores in [1, 2, 3] {
                try Parallel.asIfCores(cores) {
                    let doc = try XCTUnwrap(cache.itemsJSON(models: paths, under: "items"), "seed \(seed)")
                    // Handed out in pieces of one item, a few, or whole speeches; each worker with
                    // the fewest buffers (one handed out, one being filled: it waits for every one
                    // to come back) or a few.
                    for (chunk, buffers) in [(1, 1), (1, 3), (3_000, 2), (3_000, 4), (CachedItemsJSON.chunk, 4)] {
                        assertSame(try bytes(doc, chunk: chunk, buffers: buffers), expected,
                                   "seed \(seed) on \(cores) core(s), chunks of \(chunk), \(buffers) buffer(s)")
                    }
                }
            }
            checked += stored.items.count
        }
        XCTAssertGreaterThan(checked, 500)
        // What the generator made is what the test says it makes.
        let lib = Library(models: Self.models(seed: 3, count: 4))
        XCTAssertTrue(lib.items.contains { $0.text != lib.models[0].source.slice($0.span) }, "texts of their own")
        XCTAssertTrue(lib.items.contains { $0.lead?.rule != nil }, "rules")
        XCTAssertTrue(lib.items.contains { $0.targets.contains { lib.target($0) == nil } }, "targets unknown to the library")
        XCTAssertTrue(lib.items.contains { ($0.supporting + $0.territorial).contains { lib.unit($0.unit) == nil } }, "units unknown")
        let names = Dictionary(grouping: Self.models(seed: 3, count: 4).flatMap(\.units), by: \.id).values.map { Set($0.map(\.name)) }
        XCTAssertTrue(names.contains { $0.count > 1 }, "a unit id named differently in two speeches")
        let titles = Dictionary(grouping: lib.targets, by: \.id).values.map { Set($0.map(\.title)) }
        XCTAssertTrue(titles.contains { $0.count > 1 }, "a target id titled differently in two speeches")
    }

    /// The cache file's bytes, written back with `change` made to them.
    func rewrite(_ file: URL, _ change: (inout Data) -> Void) throws {
        var d = try Data(contentsOf: file)
        change(&d)
        try d.write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    func testADamagedOrShortCacheGivesNothingOrTheSameBytes() throws {
        let models = Self.models(seed: 7, count: 3)
        let (cache, paths) = try cache(models, name: "damaged")
        let expected = written(Library(models: models))
        let file = cache.file(for: paths)
        let good = try Data(contentsOf: file)
        var refused = 0, damaged = 0
        // Every 53rd byte flipped: the key, the ids, the part index, every speech's bytes.
        for at in stride(from: 0, to: good.count, by: 53) {
            try rewrite(file) { $0[at] ^= 0x04 }
            damaged += 1
            if let doc = cache.itemsJSON(models: paths, under: "items") {
                // Only the part index is not checked (neither the full read nor this one uses it).
                assertSame(try bytes(doc), expected, "byte \(at) damaged")
            } else {
                refused += 1
                XCTAssertNil(cache.read(models: paths), "byte \(at): the full read refuses it too")
            }
            try rewrite(file) { $0 = good }
        }
        XCTAssertGreaterThan(refused, damaged * 3 / 4)
        for length in [0, 10, good.count / 3, good.count / 2, good.count - 9, good.count - 1] {
            try rewrite(file) { $0 = $0.prefix(length) }
            XCTAssertNil(cache.itemsJSON(models: paths, under: "items"), "cut to \(length) bytes")
            try rewrite(file) { $0 = good }
        }
        try rewrite(file) { $0.append(0) }
        XCTAssertNil(cache.itemsJSON(models: paths, under: "items"), "a byte too many")
        try rewrite(file) { $0 = good }
        assertSame(try bytes(try XCTUnwrap(cache.itemsJSON(models: paths, under: "items"))), expected, "put back")
    }

    /// A title made invalid UTF-8 with its speech's checksum made to match: the full read repairs it
    /// (U+FFFD), so the export from bytes gives nothing and the caller takes the full read.
    func testAStringThatIsNotUTF8UnderAGoodChecksumGivesNothing() throws {
        var models = Self.models(seed: 5, count: 2)
        models[1].items[0].title = "独一无二的标题"
        let (cache, paths) = try cache(models, name: "utf8")
        XCTAssertNotNil(cache.itemsJSON(models: paths, under: "items"))
        let file = cache.file(for: paths)
        var d = try Data(contentsOf: file)
        let title = Data("独一无二的标题".utf8)
        let at = try XCTUnwrap(d.range(of: title)).lowerBound
        d[at + 1] = 0xFF
        // The speech's record holding it, and its checksum just before it.
        let keyEnd = try XCTUnwrap(cache.open(models: paths)).1.offset
        let slices = try d.withUnsafeBytes { raw -> [(bytes: Range<Int>, sum: UInt64)] in
            var r = ByteSource(raw)
            r.offset = keyEnd
            _ = try CachedItemIDs.section(&r)
            try LibraryCache.skipSection(&r)
            _ = try r.int()
            return try XCTUnwrap(try LibraryCache.slices(&r, count: paths.count))
        }
        let slice = try XCTUnwrap(slices.first { $0.bytes.contains(at) })
        let sum = d.withUnsafeBytes { checksum64(UnsafeRawBufferPointer(rebasing: $0[slice.bytes])) }
        withUnsafeBytes(of: sum.littleEndian) { d.replaceSubrange((slice.bytes.lowerBound - 8)..<slice.bytes.lowerBound, with: $0) }
        try rewrite(file) { $0 = d }
        let repaired = Library(models: try XCTUnwrap(cache.read(models: paths), "the full read takes it"))
        XCTAssertTrue(repaired.items.contains { $0.title.contains("\u{FFFD}") })
        XCTAssertNil(cache.itemsJSON(models: paths, under: "items"))
    }

    /// The cache's UTF-8 check gives the standard library's answer on random bytes near every edge
    /// (ASCII, continuation bytes, overlong leads, surrogates, past U+10FFFF, cut sequences), short
    /// (its own loop) and long (the standard library's).
    func testTheUTF8CheckAgreesWithTheStandardLibrary() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
                              0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let valid = Array("河长制 a—é😀\u{10FFFF}\u{FFFD}".utf8)
        var agreed = (valid: 0, invalid: 0)
        for round in 0..<40_000 {
            let length = round % 50 == 0 ? 200 + next(200) : next(12)
            var bytes = (0..<length).map { _ in next(3) == 0 ? edges[next(edges.count)] : valid[next(valid.count)] }
            if round % 3 == 0 { bytes = Array(String(decoding: bytes, as: UTF8.self).utf8) } // valid, mostly multi-byte
            let expected = String(validating: bytes, as: UTF8.self) != nil
            XCTAssertEqual(bytes.withUnsafeBufferPointer(isValidUTF8), expected, "\(bytes.map { String($0, radix: 16) })")
            if expected { agreed.valid += 1 } else { agreed.invalid += 1 }
        }
        XCTAssertGreaterThan(agreed.valid, 10_000)
        XCTAssertGreaterThan(agreed.invalid, 10_000)
    }
}
