import Foundation
import XCTest
@testable import RiverChiefCore
@testable import riverchief

/// `list`'s text tree of the whole library straight from the cache's rows (`TreeText.render(_:width:)`
/// of a `CachedOutline`): the same bytes as `TreeText.render` of the library the cache holds, on the
/// seed library, the fixtures and generated speeches full of odd strings, at several widths.
final class CachedTreeTextTests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cached-tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

    static let widths = [1, 16, 30, 44, 80, 120, 300]

    /// What `list` writes from the loaded library: every item, no context.
    func expected(_ lib: Library, _ width: Int) -> [UInt8] {
        TreeText(library: lib, width: width).render(positions: Array(lib.items.indices), withContext: false)
    }

    /// Equal, or a failure showing where they part.
    func assertSame(_ got: [UInt8]?, _ expected: [UInt8], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let got else { return XCTFail("\(what): no text from the cache", file: file, line: line) }
        guard got != expected else { return }
        let at = zip(got, expected).prefix { $0 == $1 }.count
        func around(_ b: [UInt8]) -> String { String(decoding: b[max(0, at - 160)..<min(b.count, at + 160)], as: UTF8.self) }
        XCTFail("\(what): \(got.count) bytes against \(expected.count), first difference at \(at):\n\(around(got))\n---- expected ----\n\(around(expected))",
                file: file, line: line)
    }

    /// (The control-character fixture loads with warnings, so it is never cached: the generated
    /// speeches below carry its characters and more.)
    func testTheSeedAndFixtureLibrariesGiveTheTreesBytes() throws {
        for (k, dir) in [Paths.data, Paths.library].enumerated() {
            let loader = LibraryLoader(cache: LibraryCache(directory: work.appendingPathComponent("cache\(k)")))
            XCTAssertNil(loader.cachedOutline(directory: dir), "no cache yet")
            let files = try XCTUnwrap(loader.load(directory: dir).library)
            XCTAssertTrue(loader.load(directory: dir).fromCache)
            let outline = try XCTUnwrap(loader.cachedOutline(directory: dir), dir.path)
            for width in Self.widths {
                assertSame(TreeText.render(outline, width: width).map { Array($0.joined()) }, expected(files, width), "\(dir.lastPathComponent) at \(width)")
            }
            XCTAssertGreaterThan(files.items.count, 3)
        }
    }

    // MARK: Generated speeches

    /// Everything a width, a cut or a sanitising can trip on: C0/C1 controls, DEL, escapes,
    /// bidirectional overrides and isolates, zero-width and combining marks, wide (CJK, Hangul,
    /// emoji outside the BMP) and ambiguous (“…§°Ω) characters, a CJK compatibility ideograph.
    static let pieces = ["黄河", "水", "a", "Z", " ", "、", "。", "“", "”", "…", "§", "°", "Ω", "（", "1", "一是", "首先", "é", "e\u{301}",
                         "\u{301}", "😀", "𝄞", "\t", "\n", "\u{1B}[31m", "\u{85}", "\u{9B}", "\u{7F}", "\u{0}", "\u{202E}", "\u{2067}",
                         "\u{200B}", "\u{200F}", "한", "豈", "\u{FE0F}", "\r\n", "流域生态保护", "ｱ", "\u{3000}"]

    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
        mutating func text(_ most: Int) -> String { (0..<next(most)).map { _ in CachedTreeTextTests.pieces[next(CachedTreeTextTests.pieces.count)] }.joined() }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    /// Speeches whose units share ids under different names (some long, with short names, some
    /// odd), whose items name lead units no speech has, with very long titles, points whose title
    /// starts with their marker (or with it and a combining mark), chains deeper than 64 levels.
    static func models(seed: UInt64, count: Int) -> [Model] {
        var r = Random(state: seed)
        return (0..<count).map { m in
            let modelID = "m\(m)" + (r.chance(20) ? r.text(2) : "")
            let units = (0..<12).filter { _ in r.chance(70) }.map { u in
                let long = r.chance(30) ? String(repeating: "河长制办公室", count: 1 + r.next(3)) : ""
                return Unit(id: "u\(u)", name: "单位\(u)·m\(m)" + long + r.text(3), kind: UnitKind.allCases[r.next(UnitKind.allCases.count)],
                            shortName: r.chance(60) ? "短" + r.text(2) : nil)
            }
            func unitID() -> String { r.chance(85) ? "u\(r.next(12))" : "nowhere." + r.text(2) }
            var items: [Item] = []
            let deep = r.chance(20)
            for i in 0..<(r.chance(10) ? 0 : 20 + r.next(60)) {
                let parent: String? = deep && i > 0 && i < 70 ? items[i - 1].id : i == 0 || r.chance(30) ? nil : items[r.next(items.count)].id
                let marker: String? = r.chance(60) ? (r.chance(50) ? ["一", "二是", "首先", "(1)", ""][r.next(5)] : r.text(2)) : nil
                var title = r.chance(8) ? String(repeating: "加强流域生态保护和高质量发展", count: 1 + r.next(12)) + r.text(4) : r.text(8)
                if let marker, r.chance(40) { title = marker + (r.chance(30) ? "\u{301}" : "") + title }
                items.append(Item(id: "m\(m).i\(i)" + (r.chance(10) ? r.text(2) : ""), modelID: modelID, kind: ItemKind.allCases[r.next(3)],
                                  parent: parent, marker: marker, title: title, text: "", span: Span(start: 0, end: 0),
                                  lead: r.chance(75) ? Assignment(unit: unitID(), basis: .stated) : nil))
            }
            return Model(id: modelID, meeting: Meeting(title: r.text(6), speakerRole: "书记", kind: "会议"),
                         source: SourceText(""), units: units, targets: [], items: items)
        }
    }

    /// Writes `models` into a cache (each with files of its own for the cache's key); the cache
    /// and the model.json paths it is stored under.
    func cache(_ models: [Model], name: String) throws -> (LibraryCache, [String]) {
        try Self.cache(models, name: name, in: work)
    }

    /// `cache(_:name:)` in the folder `work`.
    static func cache(_ models: [Model], name: String, in work: URL) throws -> (LibraryCache, [String]) {
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

    func testGeneratedSpeechesWithOddStringsGiveTheTreesBytes() throws {
        var checked = 0, lines = 0
        for seed in UInt64(1)...16 {
            let models = Self.models(seed: seed, count: 1 + Int(seed % 4))
            let (cache, paths) = try cache(models, name: "s\(seed)")
            let stored = Library(models: try XCTUnwrap(cache.read(models: paths), "seed \(seed): the cache reads back"))
            guard !stored.items.isEmpty else { continue }
            let outline = try XCTUnwrap(cache.outline(models: paths), "seed \(seed)")
            for width in Self.widths {
                let want = expected(stored, width)
                XCTAssertEqual(expected(Library(models: models), width), want, "seed \(seed): the models as made and as cached")
                for cores in [1, 2] {
                    try Parallel.asIfCores(cores) {
                        let again = try XCTUnwrap(cache.outline(models: paths), "seed \(seed)")
                        assertSame(TreeText.render(again, width: width).map { Array($0.joined()) }, want, "seed \(seed) at \(width) on \(cores) core(s)")
                    }
                }
                assertSame(TreeText.render(outline, width: width).map { Array($0.joined()) }, want, "seed \(seed) at \(width)")
                lines += want.filter { $0 == 0x0A }.count
            }
            checked += stored.items.count
        }
        XCTAssertGreaterThan(checked, 800)
        XCTAssertGreaterThan(lines, 5_000)
        // What the generator made is what the test says it makes.
        let lib = Library(models: Self.models(seed: 3, count: 4))
        XCTAssertTrue(lib.items.contains { $0.lead.map { lib.unit($0.unit) == nil } ?? false }, "lead units unknown to the library")
        let names = Dictionary(grouping: Self.models(seed: 3, count: 4).flatMap(\.units), by: \.id).values.map { Set($0.map(\.name)) }
        XCTAssertTrue(names.contains { $0.count > 1 }, "a unit id named differently in two speeches")
        XCTAssertTrue(lib.units.contains { PlainBytes.width($0.name) > TreeText.maxLeadWidth && $0.shortName != nil }, "long names, short names")
        XCTAssertTrue(lib.items.contains { it in it.kind == .point && (it.marker.map { !$0.isEmpty && it.title.hasPrefix($0) } ?? false) },
                      "points whose title starts with their marker")
        XCTAssertTrue((1...16).contains { seed in
            let lib = Library(models: Self.models(seed: UInt64(seed), count: 1 + seed % 4))
            return lib.parentPosition.indices.contains { i in
                var d = 0, at = i
                while lib.parentPosition[at] >= 0 { at = Int(lib.parentPosition[at]); d += 1 }
                return d > 64
            }
        }, "a chain deeper than 64 levels")
    }

    /// A parent named by id (in another speech): the rows give no tree (the library is loaded
    /// instead, which resolves it), never a different one.
    func testAParentNamedByIdGivesNoTree() throws {
        var models = Self.models(seed: 7, count: 2)
        models[1].items[3].parent = models[0].items[0].id
        let (cache, paths) = try cache(models, name: "foreign")
        let outline = try XCTUnwrap(cache.outline(models: paths))
        XCTAssertNil(TreeText.render(outline, width: 80))
    }
}
