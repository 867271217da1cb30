import XCTest
@testable import RiverChiefCore

final class LibraryLoaderTests: XCTestCase {
    func loadValid() throws -> Library {
        let r = LibraryLoader(displayBase: Fixtures.library.path).load(directory: Fixtures.library)
        XCTAssertEqual(r.diagnostics.map(\.rendered), [])
        XCTAssertEqual(r.modelFiles, ["tiny/model.json", "yr2020-citysec/model.json"])
        return try XCTUnwrap(r.library)
    }

    func testValidLibraryLoadsEveryModelWithIndexes() throws {
        let lib = try loadValid()
        XCTAssertEqual(lib.models.map(\.id), ["tiny", "yr2020"])
        XCTAssertEqual(lib.items.count, 14)
        XCTAssertEqual(lib.units.count, 5, "units shared by both models appear once")
        XCTAssertEqual(lib.children(of: "yr2020.s2").map(\.id), ["yr2020.s2.p1", "yr2020.s2.p2", "yr2020.s2.p3"])
        XCTAssertEqual(lib.tasks(of: "city.water", as: .supporting).map(\.id),
                       ["yr2020.t.implementation-plan", "yr2020.t.joint-meetings", "yr2020.t.pollution-control"])
        XCTAssertEqual(lib.item("yr2020.t.joint-meetings")?.lead, Assignment(unit: "city.river-chief-office", basis: .inferred))
        XCTAssertEqual(lib.model("yr2020")?.meeting.speakerRole, "市委书记")
        XCTAssertEqual(lib.model("yr2020")?.source.count, 3095)
        // Each item is held once: in `items`, a model's in its range.
        XCTAssertEqual(lib.models.map(\.items.count), [0, 0])
        XCTAssertEqual(lib.itemRanges.map(\.count).reduce(0, +), 14)
        for (m, range) in lib.itemRanges.enumerated() {
            XCTAssertFalse(range.isEmpty)
            XCTAssertTrue(lib.items[range].allSatisfy { $0.modelID == lib.models[m].id })
        }
        XCTAssertEqual(Library(models: lib.wholeModels()).items, lib.items, "put back whole, the models give the same library")
        for (i, it) in lib.items.enumerated() {
            XCTAssertEqual(lib.childPositions[i].map(Int.init), lib.items.indices.filter { lib.items[$0].parent == it.id },
                           "children of \(it.id) by position")
            XCTAssertEqual(lib.parentPosition[i] < 0 ? nil : lib.items[Int(lib.parentPosition[i])].id, it.parent, "parent of \(it.id)")
        }
        XCTAssertEqual(lib.rootPositions, lib.items.indices.filter { lib.items[$0].parent == nil }, "the roots are the items without a parent")
        // Every span quotes exactly its text.
        for it in lib.items {
            XCTAssertEqual(lib.model(of: it)?.source.slice(it.span), it.text, it.id)
        }
    }

    func testExplicitModelFolderAndModelFile() throws {
        let folder = Fixtures.library.appendingPathComponent("tiny")
        let a = LibraryLoader().load(paths: [folder])
        let b = LibraryLoader().load(paths: [folder.appendingPathComponent("model.json")])
        XCTAssertEqual(a.library?.items.map(\.id), ["tiny.s1", "tiny.t.meetings", "tiny.t.local"])
        XCTAssertEqual(b.library?.items.map(\.id), a.library?.items.map(\.id))
        // The same model named twice is loaded once.
        XCTAssertEqual(LibraryLoader().load(paths: [folder, folder.appendingPathComponent("model.json")]).modelFiles.count, 1)
    }

    func testDecoderChecksFieldsAgainstTheItemKind() throws {
        let json = """
        {"format": "riverchief.model/1", "id": "m", "source": {"file": "s.txt", "codepoints": 3},
         "meeting": {"title": "t", "speaker_role": "r", "kind": "k"}, "units": [],
         "items": [
          {"id": "m.s1", "kind": "section", "parent": null, "marker": null, "title": "a", "text": "x", "span": [0, 1]},
          {"id": "m.t1", "kind": "task", "role": "body", "marker": "一", "parent": "m.s1", "title": "b", "text": "x",
           "span": [0, 1], "lead": null, "supporting": [], "deadline": null},
          {"id": "m.p1", "kind": "point", "parent": "m.s1", "marker": "一是", "title": "c", "text": "x", "span": [0, 1],
           "lead": {"unit": "u", "basis": "stated"}, "targets": [], "role": null}
         ]}
        """
        let tree = try XCTUnwrap(JSONParser.parse(Array(json.utf8)).value)
        let (doc, issues) = ModelDecoder.decode(tree)
        XCTAssertEqual(issues.map { issue -> String in
            guard case .json(let path, _) = issue.place else { return issue.message }
            return "\(path): \(issue.message)"
        }, [
            "$.items[0]: missing field \"role\" (a section is the preamble, a body section or the conclusion)",
            "$.items[1]: a task needs a lead unit: missing field \"lead\"",
            "$.items[1].role: field \"role\" is not allowed on a task",
            "$.items[1].marker: field \"marker\" is not allowed on a task",
            "$.items[2].lead: field \"lead\" is not allowed on a point",
        ])
        XCTAssertEqual(doc.items.map(\.id), ["m.s1", "m.t1", "m.p1"], "items with field problems are still decoded")
        XCTAssertEqual(doc.targets.count, 0)
    }

    func testTopLevelProblemsAreAllReported() throws {
        let tree = try XCTUnwrap(JSONParser.parse(Array(#"{"format": 1, "extra": true, "items": {}}"#.utf8)).value)
        let (_, issues) = ModelDecoder.decode(tree)
        XCTAssertEqual(issues.map(\.message), [
            "expected a string, found a number",
            "unknown field \"extra\" (known: format, id, source, meeting, units, targets, items)",
            "missing field \"id\"", "missing field \"source\"", "missing field \"meeting\"", "missing field \"units\"",
            "expected an array, found an object",
        ])
        let (_, notObject) = ModelDecoder.decode(try XCTUnwrap(JSONParser.parse(Array("[1]".utf8)).value))
        XCTAssertEqual(notObject.map(\.message), ["expected an object, found an array"])
    }

    func testIdentifierShapes() {
        XCTAssertTrue(Identifier.isModelID("yr2020"))
        XCTAssertTrue(Identifier.isModelID("yr-2020"))
        XCTAssertFalse(Identifier.isModelID("-yr"))
        XCTAssertFalse(Identifier.isModelID("Yr2020"))
        XCTAssertFalse(Identifier.isModelID("yr.2020"))
        XCTAssertTrue(Identifier.isUnitID("city.river-chief-office"))
        XCTAssertFalse(Identifier.isUnitID(""))
        XCTAssertTrue(Identifier.isDate("2020-12-31"))
        XCTAssertFalse(Identifier.isDate("2020-13-01"))
        XCTAssertFalse(Identifier.isDate("2020/12/31"))
    }
}

final class LibraryLocatorTests: XCTestCase {
    let temp = FileManager.default.temporaryDirectory

    func makeDir(_ path: String) throws -> URL {
        let url = temp.appendingPathComponent("rc-loc-\(UUID().uuidString)").appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testOrderOptionThenEnvironmentThenBuildTreeThenInstallThenWorkingDirectory() throws {
        let repo = try makeDir("repo")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("Data"), withIntermediateDirectories: true)
        let exe = repo.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/riverchief")
        let other = try makeDir("other")
        func where_(_ option: String?, _ env: [String: String], _ exe: URL?, _ cwd: URL) -> String {
            switch LibraryLocator.locate(option: option, environment: env, executable: exe, currentDirectory: cwd) {
            case .found(let url, let source): return "\(source) \(url.path)"
            case .notFound(let tried, _): return "none " + tried.map(\.source).joined(separator: ",")
            }
        }
        XCTAssertEqual(where_(other.path, ["RIVERCHIEF_DATA": repo.path], exe, other), "--data \(other.path)")
        XCTAssertEqual(where_(nil, ["RIVERCHIEF_DATA": other.path], exe, other), "RIVERCHIEF_DATA \(other.path)")
        XCTAssertEqual(where_(nil, [:], exe, other), "build tree \(repo.appendingPathComponent("Data").path)")
        // Installed: <prefix>/bin/riverchief → <prefix>/share/riverchief/Data.
        let prefix = try makeDir("prefix")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share/riverchief/Data"), withIntermediateDirectories: true)
        XCTAssertEqual(where_(nil, [:], prefix.appendingPathComponent("bin/riverchief"), other),
                       "install prefix \(prefix.appendingPathComponent("share/riverchief/Data").path)")
        // Last: ./Data.
        XCTAssertEqual(where_(nil, [:], other.appendingPathComponent("bin/riverchief"), repo),
                       "working directory \(repo.appendingPathComponent("Data").path)")
        XCTAssertEqual(where_(nil, [:], other.appendingPathComponent("bin/riverchief"), other),
                       "none --data,RIVERCHIEF_DATA,install prefix,working directory")
    }

    func testAMissingExplicitChoiceIsAnErrorNotAFallback() throws {
        let repo = try makeDir("repo2")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("Data"), withIntermediateDirectories: true)
        let outcome = LibraryLocator.locate(option: "/no/such/lib", environment: [:], executable: nil, currentDirectory: repo)
        guard case .notFound(let tried, let explicit) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(explicit)
        XCTAssertEqual(LibraryLocator.explain(tried, explicit: explicit), "model library /no/such/lib (from --data): no such directory")
        let none = LibraryLocator.locate(option: nil, environment: ["RIVERCHIEF_DATA": ""], executable: nil, currentDirectory: try makeDir("empty"))
        guard case .notFound(let t2, let e2) = none else { return XCTFail("\(none)") }
        let text = LibraryLocator.explain(t2, explicit: e2)
        XCTAssertTrue(text.hasPrefix("no model library found; looked at:\n  --data: not given\n  RIVERCHIEF_DATA: not set\n  working directory: "), text)
        XCTAssertTrue(text.hasSuffix("give one with --data DIR or RIVERCHIEF_DATA=DIR"), text)
    }

    func testParentPositionsThatDoNotMatchTheIdsAreNotTrusted() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        let honest = Library(models: lib.wholeModels())
        var models = lib.wholeModels()
        // As a damaged cache could give them: every item under the first one.
        for m in models.indices { models[m].parentPositions = models[m].items.indices.map { $0 == 0 ? -1 : 0 } }
        let checked = Library(models: models)
        XCTAssertEqual(checked.childPositions, honest.childPositions)
        XCTAssertEqual(checked.rootPositions, honest.rootPositions)
        XCTAssertEqual(checked.rootPositions, lib.rootPositions)
    }
}

/// An Item is a value: a copy changed leaves the original as it was, however the text is held.
final class ItemValueTests: XCTestCase {
    func testACopyChangedLeavesTheOriginal() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        let original = try XCTUnwrap(lib.item("yr2020.t.joint-meetings"))
        var copy = original
        XCTAssertEqual(copy, original)
        copy.title = "改过的标题"
        copy.text = "改过的原文"
        copy.supporting.append(Assignment(unit: "city.water", basis: .stated))
        XCTAssertNotEqual(copy, original)
        XCTAssertEqual(lib.item("yr2020.t.joint-meetings"), original)
        XCTAssertEqual(copy.title, "改过的标题")
        XCTAssertEqual(copy.text, "改过的原文")
        XCTAssertNotEqual(original.title, "改过的标题")
        XCTAssertEqual(lib.model(of: original)?.source.slice(original.span), original.text)
        // Equal fields are equal Items, whether or not they share their storage.
        let rebuilt = Item(id: original.id, modelID: original.modelID, kind: original.kind, parent: original.parent,
                           marker: original.marker, role: original.role, title: original.title, text: original.text,
                           span: original.span, lead: original.lead, supporting: original.supporting,
                           territorial: original.territorial, targets: original.targets, deadline: original.deadline)
        XCTAssertEqual(rebuilt, original)
    }

    func testAnItemReadFromTheSpeechRefusesARangeOffCharacterBoundaries() {
        let speech = "黄河流域生态保护"
        func item(_ r: Range<Int>) -> Item? {
            Item(id: "a.t.x", modelID: "a", kind: .task, parent: nil, marker: nil, role: nil, title: "x", speech: Array(speech.utf8), bytes: r,
                 span: Span(start: 0, end: 2), lead: nil, supporting: [], territorial: [], targets: [], deadline: nil)
        }
        XCTAssertEqual(item(12..<18)?.text, "生态")
        XCTAssertEqual(item(6..<12)?.text, "流域")
        XCTAssertNil(item(1..<6), "starts inside 黄")
        XCTAssertNil(item(0..<7), "ends inside 流")
        XCTAssertNil(item(0..<25), "past the end")
    }
}

/// Code points by position agree with Swift's own view of the string, whatever its mix of widths.
final class ScalarIndexTests: XCTestCase {
    func testEveryCodePointAndSliceAgreesWithUnicodeScalars() {
        let pieces = ["a", "黄", "河", "，", "é", "😀", "\u{301}", "“", "12", "水土保持", "\n"]
        var rng = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 200, 1000] {
            let text = (0..<length).map { _ in pieces.randomElement(using: &rng) ?? "a" }.joined()
            let scalars = Array(text.unicodeScalars)
            let index = ScalarIndex(text)
            XCTAssertEqual(index.count, scalars.count, "length \(length)")
            XCTAssertEqual(Array(index), scalars, "length \(length): \(text)")
            if scalars.count > 2 {
                let a = Int.random(in: 0..<scalars.count, using: &rng), b = Int.random(in: a...scalars.count, using: &rng)
                var expected = String.UnicodeScalarView()
                expected.append(contentsOf: scalars[a..<b])
                XCTAssertEqual(index.string(a..<b), String(expected))
            }
        }
    }
}

extension ScalarIndexTests {
    func testEmptySlicesAtTheEndAndOfAnEmptyText() {
        for n in [0, 1, 31, 32, 64] {
            let text = SourceText(String(repeating: "黄", count: n))
            XCTAssertEqual(text.slice(Span(start: n, end: n)), "", "an empty slice at the end of \(n) code points")
            XCTAssertEqual(text.slice(Span(start: 0, end: n)), String(repeating: "黄", count: n))
            XCTAssertNil(text.slice(Span(start: n, end: n + 1)))
        }
    }

    func testStoredCheckpointsAreCheckedBeforeTheyAreTrusted() {
        let text = String(repeating: "黄河a流域", count: 20)
        let index = ScalarIndex(text)
        let again = ScalarIndex(.bytes(Array(text.utf8)), checkpoints: index.checkpoints, count: index.count)
        XCTAssertEqual(again.map(Array.init), Array(index))
        XCTAssertNil(ScalarIndex(.bytes(Array(text.utf8)), checkpoints: index.checkpoints.map { $0 + 1 }, count: index.count), "inside a character")
        XCTAssertNil(ScalarIndex(.bytes(Array(text.utf8)), checkpoints: index.checkpoints.reversed(), count: index.count), "not rising")
        XCTAssertNil(ScalarIndex(.bytes(Array(text.utf8)), checkpoints: index.checkpoints, count: index.count + 40), "too many code points")
        XCTAssertNil(ScalarIndex(.bytes(Array(text.utf8)), checkpoints: index.checkpoints + [Int32(text.utf8.count)], count: index.count + 32),
                     "outside the text")
        // Checkpoints that pass those checks and still lie (bunched at the end of the text) give
        // wrong characters, never a read outside the text.
        let plain = String(repeating: "ab", count: 100)
        let honest = ScalarIndex(plain)
        let n = honest.checkpoints.count
        let bunched = (0..<n).map { k in Int32(plain.utf8.count - 1 - (n - 1 - k)) }
        guard let liar = ScalarIndex(.bytes(Array(plain.utf8)), checkpoints: bunched, count: honest.count) else {
            return XCTFail("checkpoints that pass the checks were refused")
        }
        for k in [0, 31, 32, 63, 150, honest.count - 1] { XCTAssertTrue(["a", "b", "\u{FFFD}"].contains(liar[k]), "\(k)") }
        XCTAssertLessThanOrEqual(liar.string(0..<honest.count).utf8.count, plain.utf8.count)
        XCTAssertLessThanOrEqual(liar.string(150..<190).utf8.count, plain.utf8.count)
    }
}
