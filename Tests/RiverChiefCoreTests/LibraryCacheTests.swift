import Foundation
import XCTest
@testable import RiverChiefCore

/// The library cache: used only while every file is unchanged, ignored when stale, damaged, not the
/// user's own or unwritable, and never a way round a diagnostic.
final class LibraryCacheTests: XCTestCase {
    var work: URL!
    var library: URL { work.appendingPathComponent("lib") }
    var cacheDir: URL { work.appendingPathComponent("cache/riverchief") }

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.library, to: library)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func load(cache: LibraryCache? = nil) -> LoadResult {
        LibraryLoader(displayBase: library.path, cache: cache ?? LibraryCache(directory: cacheDir)).load(directory: library)
    }

    func cacheFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: cacheDir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "bin" }
    }

    func assertSameLibrary(_ a: Library?, _ b: Library?, file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try XCTUnwrap(a, file: file, line: line), b = try XCTUnwrap(b, file: file, line: line)
        XCTAssertEqual(a.items, b.items, file: file, line: line)
        XCTAssertEqual(a.targets, b.targets, file: file, line: line)
        XCTAssertEqual(a.units, b.units, file: file, line: line)
        XCTAssertEqual(a.models.map(\.meeting), b.models.map(\.meeting), file: file, line: line)
        XCTAssertEqual(a.models.map(\.source.text), b.models.map(\.source.text), file: file, line: line)
        XCTAssertEqual(a.models.map { Array($0.source.scalars) }, b.models.map { Array($0.source.scalars) }, file: file, line: line)
        XCTAssertEqual(a.targets.map(\.text), b.targets.map(\.text), file: file, line: line)
        XCTAssertEqual(a.itemIndex, b.itemIndex, file: file, line: line)
        XCTAssertEqual(a.rootPositions, b.rootPositions, file: file, line: line)
        XCTAssertEqual(a.childPositions, b.childPositions, file: file, line: line)
    }

    /// Runs `check` with one byte of the cache file damaged, for 97 bytes spread over it; the file
    /// is put back after.
    func withEachDamagedByte(_ check: (Int) throws -> Void) throws {
        let file = try XCTUnwrap(try cacheFiles().first)
        let bytes = try Data(contentsOf: file)
        for at in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            var d = bytes
            d[at] ^= 0x04
            try d.write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            try check(at)
        }
        try bytes.write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    func testSecondLoadComesFromTheCacheAndIsTheSameLibrary() throws {
        let first = load()
        XCTAssertFalse(first.fromCache)
        XCTAssertEqual(try cacheFiles().count, 1)
        let second = load()
        XCTAssertTrue(second.fromCache)
        XCTAssertEqual(second.diagnostics.map(\.rendered), [])
        XCTAssertEqual(second.modelFiles, ["tiny/model.json", "yr2020-citysec/model.json"])
        try assertSameLibrary(first.library, second.library)
        try assertSameLibrary(LibraryLoader().load(directory: library).library, second.library)
    }

    func testAnOutlineReadIsTheLibraryWithoutSupportingUnitsAndTargets() throws {
        let full = try XCTUnwrap(load().library)
        var loader = LibraryLoader(displayBase: library.path, cache: LibraryCache(directory: cacheDir))
        loader.outline = true
        let result = loader.load(directory: library)
        XCTAssertTrue(result.fromCache)
        let outline = try XCTUnwrap(result.library)
        XCTAssertTrue(full.items.contains { !$0.supporting.isEmpty } && full.items.contains { !$0.targets.isEmpty })
        XCTAssertEqual(outline.items.count, full.items.count)
        for (o, f) in zip(outline.items, full.items) {
            var expected = f
            expected.supporting = []
            expected.territorial = []
            expected.targets = []
            XCTAssertEqual(o, expected, f.id)
        }
        XCTAssertEqual(outline.units, full.units)
        XCTAssertEqual(outline.targets, full.targets)
        XCTAssertEqual(outline.rootPositions, full.rootPositions)
        XCTAssertEqual(outline.childPositions, full.childPositions)
        // Read from the files, a library is always whole.
        loader.cache = nil
        XCTAssertEqual(try XCTUnwrap(loader.load(directory: library).library).items, full.items)
    }

    func testEditedModelIsReadAgainEvenWithTheSameSizeAndModificationTime() throws {
        _ = load()
        let model = library.appendingPathComponent("yr2020-citysec/model.json")
        let before = try FileManager.default.attributesOfItem(atPath: model.path)
        let text = try String(contentsOf: model, encoding: .utf8)
        // Same length in bytes: 市委书记 → 市长书记 (both four CJK characters).
        let edited = text.replacingOccurrences(of: "\"speaker_role\": \"市委书记\"", with: "\"speaker_role\": \"市长书记\"")
        XCTAssertNotEqual(edited, text)
        XCTAssertEqual(edited.utf8.count, text.utf8.count)
        try Data(edited.utf8).write(to: model)
        try FileManager.default.setAttributes([.modificationDate: before[.modificationDate] as Any], ofItemAtPath: model.path)

        let after = load()
        XCTAssertFalse(after.fromCache, "a changed file must not be served from the cache")
        XCTAssertEqual(after.library?.model("yr2020")?.meeting.speakerRole, "市长书记")
        XCTAssertTrue(load().fromCache, "the cache is rebuilt with the new content")
        XCTAssertEqual(load().library?.model("yr2020")?.meeting.speakerRole, "市长书记")
    }

    func testEditedSpeechIsNoticed() throws {
        _ = load()
        let speech = library.appendingPathComponent("tiny/speech.txt")
        let text = try String(contentsOf: speech, encoding: .utf8)
        try Data((text + "\n").utf8).write(to: speech)
        let after = load()
        XCTAssertFalse(after.fromCache)
        XCTAssertNil(after.library, "the span check fails on the new speech, as without a cache")
        XCTAssertEqual(after.diagnostics.map(\.rendered), LibraryLoader(displayBase: library.path).load(directory: library).diagnostics.map(\.rendered))
    }

    func testBrokenModelAfterCachingGetsItsDiagnostics() throws {
        _ = load()
        let model = library.appendingPathComponent("tiny/model.json")
        try Data("{\"format\": ".utf8).write(to: model)
        let after = load()
        XCTAssertNil(after.library)
        XCTAssertFalse(after.diagnostics.isEmpty)
        XCTAssertEqual(after.diagnostics.map(\.rendered), LibraryLoader(displayBase: library.path).load(directory: library).diagnostics.map(\.rendered))
    }

    func testNewModelFolderIsNoticed() throws {
        _ = load()
        try FileManager.default.removeItem(at: library.appendingPathComponent("tiny"))
        let after = load()
        XCTAssertFalse(after.fromCache)
        XCTAssertEqual(after.library?.models.map(\.id), ["yr2020"])
    }

    func testDamagedOrTruncatedCacheIsIgnoredAndReplaced() throws {
        let good = load()
        let file = try XCTUnwrap(try cacheFiles().first)
        let bytes = try Data(contentsOf: file)
        for damaged in [Data(bytes.prefix(bytes.count / 2)), Data(), Data("not a cache".utf8),
                        { var d = bytes; d[d.count - 100] ^= 0x55; return d }(),
                        { var d = bytes; d[d.count / 2] ^= 0x01; return d }()] {
            try damaged.write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            let r = load()
            XCTAssertFalse(r.fromCache)
            XCTAssertEqual(r.diagnostics.map(\.rendered), [])
            try assertSameLibrary(good.library, r.library)
            XCTAssertTrue(load().fromCache, "the damaged file was replaced by a good one")
        }
    }

    func testItemIDsAreReadFromTheCacheWithoutLoadingAndOnlyWhileItMatches() throws {
        let lib = try XCTUnwrap(load().library)
        let loader = LibraryLoader(displayBase: library.path, cache: LibraryCache(directory: cacheDir))
        let ids = try XCTUnwrap(loader.cachedItemIDs(directory: library))
        for it in lib.items { XCTAssertTrue(ids.contains(it.id), it.id) }
        for other in ["", "yr2020", "yr2020.t", "yr2020.t.joint-meeting", "yr2020.t.joint-meetingsx", "zzz"] + lib.targets.map(\.id) {
            XCTAssertFalse(ids.contains(other), other)
        }
        XCTAssertNil(LibraryLoader(displayBase: library.path, cache: LibraryCache(directory: work.appendingPathComponent("none")))
            .cachedItemIDs(directory: library), "no cache, no answer")

        // A damaged id section is refused, by this and by the full read (which reloads the files).
        let file = try XCTUnwrap(try cacheFiles().first)
        var bytes = try Data(contentsOf: file)
        let needle = Data("yr2020.t.joint-meetings".utf8)
        let at = try XCTUnwrap(bytes.range(of: needle)).lowerBound
        XCTAssertLessThan(at, bytes.count / 4, "the ids come before the models")
        bytes[at + 3] ^= 0x20
        try bytes.write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        XCTAssertNil(loader.cachedItemIDs(directory: library))
        XCTAssertFalse(load().fromCache)

        // A model edited since: the cache no longer answers for it.
        XCTAssertNotNil(loader.cachedItemIDs(directory: library), "rewritten by the load above")
        let model = library.appendingPathComponent("tiny/model.json")
        try Data((try String(contentsOf: model, encoding: .utf8) + " ").utf8).write(to: model)
        XCTAssertNil(loader.cachedItemIDs(directory: library))
    }

    func testPartReadGivesEveryUnitFilterTheSameAnswerAsTheWholeLibrary() throws {
        let whole = try XCTUnwrap(load().library)
        let loader = LibraryLoader(displayBase: library.path, cache: LibraryCache(directory: cacheDir))
        XCTAssertGreaterThanOrEqual(whole.units.count, 5)
        for unit in whole.units {
            var seenNames: [String] = []
            let part = try XCTUnwrap(loader.loadPart(directory: library) { bare in
                seenNames = bare.units.map(\.name)
                return [unit.id]
            }, unit.id)
            XCTAssertEqual(seenNames, whole.units.map(\.name), "names are resolved against every unit")
            XCTAssertEqual(part.models.map(\.meeting), whole.models.map(\.meeting))
            XCTAssertEqual(part.targets, whole.targets)
            for role in [nil] + UnitRole.allCases.map(Optional.some) {
                for kind in [nil] + ItemKind.allCases.map(Optional.some) {
                    let filter = ItemFilter(unit: unit.id, unitRole: role, kind: kind)
                    let expected = try whole.items(matching: filter)
                    XCTAssertEqual(try part.items(matching: filter), expected, "\(unit.id) \(String(describing: role)) \(String(describing: kind))")
                    for it in expected {
                        XCTAssertEqual(part.ancestors(of: it).map(\.id), whole.ancestors(of: it).map(\.id), it.id)
                        XCTAssertEqual(part.item(it.id)?.text, it.text)
                    }
                }
            }
            // Only the unit's items and their ancestors were decoded.
            let kept = Set(try whole.items(matching: ItemFilter(unit: unit.id)).flatMap { [$0.id] + whole.ancestors(of: $0).map(\.id) })
            XCTAssertEqual(Set(part.items.map(\.id)), kept, unit.id)
            XCTAssertLessThan(part.items.count, whole.items.count, unit.id)
        }
        XCTAssertNil(loader.loadPart(directory: library) { _ in nil }, "no units picked: load the library instead")
        XCTAssertEqual(loader.loadPart(directory: library) { _ in ["no.such.unit"] }?.items.count, 0)
    }

    func testMeetingsAreReadFromTheCacheAloneAndOnlyWhileItMatches() throws {
        let loader = LibraryLoader(displayBase: library.path, cache: LibraryCache(directory: cacheDir))
        XCTAssertNil(loader.meetings(directory: library), "no cache yet")
        let whole = try XCTUnwrap(load().library)
        let meetings = try XCTUnwrap(loader.meetings(directory: library))
        XCTAssertGreaterThan(whole.models.count, 1, "the fixture has several speeches")
        XCTAssertEqual(meetings.models.map(\.id), whole.models.map(\.id))
        XCTAssertEqual(meetings.models.map(\.meeting), whole.models.map(\.meeting))
        XCTAssertTrue(meetings.items.isEmpty, "no item is decoded")
        XCTAssertNil(LibraryLoader(displayBase: library.path, cache: nil).meetings(directory: library))
        let single = library.appendingPathComponent("tiny")
        XCTAssertTrue(loader.load(directory: single).fromCache == false && loader.load(directory: single).fromCache, "cached")
        XCTAssertNil(loader.meetings(directory: single), "one speech: its first screen is its sections")

        // A damaged byte anywhere: no crash, and never a different number of speeches (what the
        // meetings do not cover is checked by the whole load, which replaces them).
        try withEachDamagedByte { at in
            if let m = loader.meetings(directory: library) { XCTAssertEqual(m.models.count, whole.models.count, "byte \(at)") }
        }
        XCTAssertNotNil(loader.meetings(directory: library))

        // A speech edited since: no meetings from the cache.
        let speech = library.appendingPathComponent("tiny/model.json")
        try Data((try String(contentsOf: speech, encoding: .utf8) + " ").utf8).write(to: speech)
        XCTAssertNil(loader.meetings(directory: library))
    }

    func testPartReadRefusesAStaleOrDamagedCache() throws {
        _ = load()
        let loader = LibraryLoader(displayBase: library.path, cache: LibraryCache(directory: cacheDir))
        let unit = "city.water"
        XCTAssertNotNil(loader.loadPart(directory: library) { _ in [unit] })
        XCTAssertNil(LibraryLoader(displayBase: library.path, cache: nil).loadPart(directory: library) { _ in [unit] }, "no cache")

        // Any damaged byte in the file: either refused, or (outside what a part read uses) the same answer.
        let whole = try XCTUnwrap(LibraryLoader().load(directory: library).library)
        let expected = try whole.items(matching: ItemFilter(unit: unit))
        try withEachDamagedByte { at in
            if let part = loader.loadPart(directory: library, units: { _ in [unit] }) {
                XCTAssertEqual(try part.items(matching: ItemFilter(unit: unit)), expected, "byte \(at)")
            }
        }
        XCTAssertNotNil(loader.loadPart(directory: library) { _ in [unit] })

        // A model edited since: no part read.
        let model = library.appendingPathComponent("yr2020-citysec/model.json")
        try Data((try String(contentsOf: model, encoding: .utf8) + " ").utf8).write(to: model)
        XCTAssertNil(loader.loadPart(directory: library) { _ in [unit] })
    }

    func testCacheWritableByOthersIsNotTrusted() throws {
        _ = load()
        let file = try XCTUnwrap(try cacheFiles().first)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: file.path)
        XCTAssertFalse(load().fromCache)
    }

    func testUnusableCacheFolderMeansNoCache() throws {
        // A regular file where the folder should be: nothing can be created below it.
        let blocker = work.appendingPathComponent("blocker")
        try Data().write(to: blocker)
        let cache = LibraryCache(directory: blocker.appendingPathComponent("riverchief"))
        for _ in 0..<2 {
            let r = load(cache: cache)
            XCTAssertFalse(r.fromCache)
            XCTAssertEqual(r.diagnostics.map(\.rendered), [])
            XCTAssertEqual(r.library?.items.count, 14)
        }
    }

    /// A writer killed before its rename leaves `.tmp-PID-N` beside the cache. The next cache
    /// write removes such a file once its process is gone and nothing has written it for ten
    /// minutes; a live writer's file, a recent one, a symbolic link and other names stay.
    func testAWriterKilledMidWriteLeavesNoTemporaryFileForGood() throws {
        try FileManager.default.createDirectory(at: cacheDir, withIntermediateDirectories: true)
        // A process number that is gone: a child that has exited and been waited for.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let old = Date().addingTimeInterval(-3_600)
        func plant(_ name: String, modified: Date) throws -> String {
            let path = cacheDir.appendingPathComponent(name).path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 4096)))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
            return name
        }
        let abandoned = try plant(".tmp-\(dead)-123456789", modified: old)
        let recent = try plant(".tmp-\(dead)-42", modified: Date())
        let live = try plant(".tmp-\(getpid())-7", modified: old)
        let other = try plant(".tmp-notes", modified: old)
        let link = ".tmp-\(dead)-99"
        try FileManager.default.createSymbolicLink(atPath: cacheDir.appendingPathComponent(link).path,
                                                   withDestinationPath: cacheDir.appendingPathComponent(other).path)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: cacheDir.appendingPathComponent(other).path)

        XCTAssertNotNil(load().library)
        XCTAssertEqual(try cacheFiles().count, 1, "the cache was written")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: cacheDir.path).filter { $0.hasPrefix(".tmp-") })
        XCTAssertEqual(left, [recent, live, other, link], "only the dead writer's old file is gone (\(abandoned))")
    }

    func testSourceTextScalarsMatchTheStandardLibrary() {
        for text in ["", "a", "黄河流域生态保护,要(确保)“四乱”。\n", "é😀\u{10FFFF}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"] {
            XCTAssertEqual(Array(SourceText(text).scalars), Array(text.unicodeScalars), text)
        }
        // Random access and slices across the index's checkpoints, with 1- to 4-byte code points.
        let parts = ["a", "黄", "é", "😀", "\n", "河", ",", "“"]
        let text = (0..<333).map { parts[($0 * 7 + $0 / 5) % parts.count] }.joined()
        let source = SourceText(text), all = Array(text.unicodeScalars)
        XCTAssertEqual(source.count, all.count)
        for k in all.indices { XCTAssertEqual(source.scalars[k], all[k], "code point \(k)") }
        for (a, b) in [(0, 0), (0, 333), (31, 33), (32, 64), (63, 200), (100, 101), (332, 333), (333, 333)] {
            var expected = String.UnicodeScalarView()
            expected.append(contentsOf: all[a..<b])
            XCTAssertEqual(source.slice(Span(start: a, end: b)), String(expected), "[\(a), \(b))")
        }
        XCTAssertNil(source.slice(Span(start: 10, end: 334)))
    }

    func testStandardLocation() {
        XCTAssertEqual(LibraryCache.standard(environment: ["XDG_CACHE_HOME": "/x/c", "HOME": "/h"])?.directory.path, "/x/c/riverchief")
        XCTAssertEqual(LibraryCache.standard(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])?.directory.path, "/h/.cache/riverchief")
        XCTAssertNil(LibraryCache.standard(environment: [:]))
        XCTAssertNil(LibraryCache.standard(environment: ["HOME": "/h", "RIVERCHIEF_NO_CACHE": "1"]))
    }
}
