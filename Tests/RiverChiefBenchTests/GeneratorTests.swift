import Foundation
import XCTest

/// The generated libraries the benchmarks run on: deterministic, and shaped as docs/data-model.md says.
final class GeneratorTests: XCTestCase {
    private func generate(into dir: URL, seed: Int = 7) throws {
        let r = try Bench.run(["generate", "--out", dir.path, "--models", "3", "--items", "900", "--units", "200", "--seed", "\(seed)"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testSameSeedGivesIdenticalBytesAndAnotherSeedDoes() throws {
        let tmp = try Bench.temporaryDirectory(self)
        let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b"), c = tmp.appendingPathComponent("c")
        try generate(into: a)
        try generate(into: b)
        try generate(into: c, seed: 8)
        let fa = try Bench.files(a), fb = try Bench.files(b), fc = try Bench.files(c)
        XCTAssertEqual(fa.keys.sorted(), ["/m001/model.json", "/m001/speech.txt", "/m002/model.json", "/m002/speech.txt",
                                          "/m003/model.json", "/m003/speech.txt"])
        XCTAssertEqual(fa, fb, "the same seed must give byte-identical files")
        XCTAssertNotEqual(fa["/m001/speech.txt"], fc["/m001/speech.txt"], "another seed must give another speech")
    }

    func testEverySpanHoldsItsTextAndEveryReferenceResolves() throws {
        let dir = try Bench.temporaryDirectory(self)
        try generate(into: dir)
        var items = 0
        for m in ["m001", "m002", "m003"] {
            let folder = dir.appendingPathComponent(m)
            let speech = Array(try String(contentsOf: folder.appendingPathComponent("speech.txt"), encoding: .utf8).unicodeScalars)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("model.json"))) as? [String: Any])
            XCTAssertEqual((json["source"] as? [String: Any])?["codepoints"] as? Int, speech.count)
            let units = Set(((json["units"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
            let targets = (json["targets"] as? [[String: Any]]) ?? []
            let list = (json["items"] as? [[String: Any]]) ?? []
            items += list.count
            for obj in list + targets {
                let span = try XCTUnwrap(obj["span"] as? [Int])
                var text = String.UnicodeScalarView()
                text.append(contentsOf: speech[span[0]..<span[1]])
                XCTAssertEqual(String(text), obj["text"] as? String, "\(obj["id"] ?? "?")")
            }
            let targetIDs = Set(targets.compactMap { $0["id"] as? String })
            for task in list where task["kind"] as? String == "task" {
                let assigned = [task["lead"]] + ((task["supporting"] as? [Any]) ?? []) + ((task["territorial"] as? [Any]) ?? [])
                for case let a as [String: Any] in assigned { XCTAssertTrue(units.contains(a["unit"] as? String ?? ""), "\(a)") }
                for case let t as String in (task["targets"] as? [Any]) ?? [] { XCTAssertTrue(targetIDs.contains(t), t) }
            }
        }
        XCTAssertEqual(items, 900)
    }

    func testTooSmallSizesAreRefusedWithAMessage() throws {
        let dir = try Bench.temporaryDirectory(self)
        let r = try Bench.run(["generate", "--out", dir.path, "--models", "10", "--items", "20"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--items must be at least 5 per model"), r.stderr)
    }
}
