import XCTest
@testable import RiverChiefCore

/// The compact structures the library is held in: each answers exactly what the plain Swift
/// collection it replaces would.
final class CompactIndexTests: XCTestCase {
    /// Ids shaped like the generated libraries' (m001.t.water-connect-3), some repeated.
    func randomIDs(_ n: Int, repeats: Int, using rng: inout some RandomNumberGenerator) -> [String] {
        var ids = (0..<n).map { k in "m\(k % 97).t.\(["water", "soil", "eco", "河长"].randomElement(using: &rng) ?? "x")-\(k)" }
        for _ in 0..<repeats { ids[Int.random(in: 0..<n, using: &rng)] = ids[Int.random(in: 0..<n, using: &rng)] }
        return ids
    }

    func testItemIDIndexAnswersAsADictionaryOfLastPositions() {
        var rng = SystemRandomNumberGenerator()
        for (n, repeats) in [(0, 0), (1, 0), (7, 3), (1_000, 0), (20_000, 500)] {
            let ids = randomIDs(n, repeats: repeats, using: &rng)
            var dict: [String: Int] = [:]
            for (i, id) in ids.enumerated() { dict[id] = i }
            let index = ItemIDIndex(ids: ids)
            XCTAssertEqual(index.count, dict.count, "\(n) ids, \(repeats) repeated")
            for (id, i) in dict { XCTAssertEqual(index[id], i, id) }
            XCTAssertEqual(Set(index.keys), Set(dict.keys))
            XCTAssertEqual(index.keys.count, dict.count, "each id once")
            for unknown in ["", "m1.t.nothing", "河长办", ids.first.map { $0 + "x" } ?? "y", String(ids.first?.dropLast() ?? "")] where dict[unknown] == nil {
                XCTAssertNil(index[unknown], unknown)
            }
        }
    }

    func testItemIDIndexEqualityIsTheSameMapping() {
        let a = ItemIDIndex(ids: ["a", "b", "c"])
        XCTAssertEqual(a, ItemIDIndex(ids: ["a", "b", "c"]))
        XCTAssertEqual(ItemIDIndex(ids: ["a", "b", "a"]), ItemIDIndex(ids: ["b", "b", "a"]), "a at 2 and b at 1 in both: an id given twice answers its last position")
        XCTAssertNotEqual(a, ItemIDIndex(ids: ["a", "c", "b"]), "another position")
        XCTAssertNotEqual(a, ItemIDIndex(ids: ["a", "b"]), "another count")
        XCTAssertNotEqual(a, ItemIDIndex(ids: ["a", "b", "d"]), "another id")
    }

    func testLibraryItemIndexFindsEveryItem() {
        let lib = LibraryLoader().load(directory: Fixtures.library).library
        guard let lib else { return XCTFail("the fixture library loads") }
        for (i, it) in lib.items.enumerated() { XCTAssertEqual(lib.itemIndex[it.id], i, it.id) }
        XCTAssertEqual(lib.itemIndex.count, lib.items.count)
        XCTAssertNil(lib.itemIndex["no.such.item"])
    }

    func address(_ a: [String]) -> UnsafeRawPointer? { a.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) } }

    func testValuePoolKeepsTheFirstListReadFromTheSameBytes() throws {
        let lists = [["g1", "g2"], ["g1", "g2"], ["g2", "g1"], [], ["g1", "g2"]]
        // Then 2,000 distinct lists, each twice: the table grows past its first size.
        let many = (0..<2_000).flatMap { k in [["m.g.\(k)"], ["m.g.\(k)"]] }
        var sink = ByteSink()
        for list in lists + many { sink.array(list) { $0.string($1) } }
        try sink.bytes.withUnsafeBytes { buf in
            var s = ByteSource(buf)
            let pool = ValuePool<[String]>()
            let read: (inout ByteSource) throws -> [String] = { try $0.array { try $0.string() } }
            let got = try (lists + many).map { _ in try pool.shared(&s, read) }
            XCTAssertEqual(s.remaining, 0, "each list read whole")
            XCTAssertEqual(got, lists + many, "the same lists")
            XCTAssertEqual(address(got[0]), address(got[1]), "one buffer for equal lists")
            XCTAssertEqual(address(got[0]), address(got[4]))
            XCTAssertNotEqual(address(got[0]), address(got[2]), "order counts")
            for k in stride(from: lists.count, to: got.count, by: 2) {
                XCTAssertEqual(address(got[k]), address(got[k + 1]), got[k].joined())
                if k > lists.count { XCTAssertNotEqual(address(got[k]), address(got[k - 2])) }
            }
            var changed = got[1]
            changed.append("g3")
            XCTAssertEqual(got[0], ["g1", "g2"], "a shared list changed elsewhere is copied first")
            XCTAssertEqual(changed, ["g1", "g2", "g3"])
        }
    }

    func testItemsReadFromTheCacheShareEqualLists() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rc-pool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let cache = LibraryCache(directory: work)
        let fresh = try XCTUnwrap(LibraryLoader(cache: cache).load(directory: Fixtures.library).library)
        let cached = try XCTUnwrap(LibraryLoader(cache: cache).load(directory: Fixtures.library).library)
        XCTAssertEqual(cached.items, fresh.items, "the same items")
        // Tasks of one speech with equal territorial lists hold one buffer between them (a pool
        // per speech, decoded on its own thread).
        struct Key: Hashable { var model: String, list: [Assignment] }
        var seen: [Key: UnsafeRawPointer] = [:]
        var shared = 0
        for it in cached.items where !it.territorial.isEmpty {
            // The list as the item holds it (units as positions in its speech's names).
            let address = it.territorialRefs.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
            let key = Key(model: it.modelID, list: it.territorial)
            if let earlier = seen[key] {
                XCTAssertEqual(earlier, address, it.id)
                shared += 1
            } else {
                seen[key] = address
            }
        }
        XCTAssertGreaterThan(shared, 0, "the fixture has tasks answering for the same counties")
    }

    func testSearchIndexFromStringsMadeOneAtATimeIsTheSame() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["加强", "水土", "保持", "APP", "生态流量", "河长制", " / ", "节水", "Shui", "一、"]
        let strings = (0..<500).map { _ in (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined() }
        var made = 0
        let lazy = SearchIndex(count: strings.count) { made += 1; return strings[$0] }
        let whole = SearchIndex(strings)
        XCTAssertEqual(made, 2 * strings.count, "each string made once to size the index and once to fill it")
        XCTAssertEqual(lazy.count, whole.count)
        for q in ["水土", "shuitu", "stbc", "app", "liuliang", "一", "/", "zzz", "s"] {
            XCTAssertEqual(lazy.search(SearchQuery(q)), whole.search(SearchQuery(q)), q)
        }
    }
}
