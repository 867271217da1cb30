import Foundation
import RiverChiefCore
import XCTest

/// Generated libraries are valid libraries: the real loader reads them with no diagnostic at all.
final class LoaderTests: XCTestCase {
    func testTheRealLoaderReadsAGeneratedLibraryWithNoDiagnostic() throws {
        let dir = try Bench.temporaryDirectory(self)
        let r = try Bench.run(["generate", "--out", dir.path, "--models", "3", "--items", "900", "--units", "200", "--seed", "7"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let result = LibraryLoader().load(directory: dir)
        XCTAssertEqual(result.diagnostics.map(\.rendered), [])
        let lib = try XCTUnwrap(result.library)
        XCTAssertEqual(lib.models.map(\.id), ["m001", "m002", "m003"])
        XCTAssertEqual(lib.items.count, 900)
        XCTAssertEqual(lib.units.count, 200)
        XCTAssertEqual(Set(lib.items.map(\.kind)), [.section, .point, .task])
        // Every task has a lead, and the assignments the sentences state are there.
        let tasks = lib.items.filter { $0.kind == .task }
        XCTAssertTrue(tasks.allSatisfy { $0.lead != nil })
        XCTAssertTrue(tasks.contains { $0.lead?.basis == .stated })
        XCTAssertTrue(tasks.contains { !$0.targets.isEmpty })
    }

    func testTheRealLoaderReadsTheGeneratedLibraryBesideTheRealOne() throws {
        // The generator defines the real library's units identically, so both load together.
        let dir = try Bench.temporaryDirectory(self)
        let r = try Bench.run(["generate", "--out", dir.path, "--models", "2", "--items", "200", "--units", "100", "--seed", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let real = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data")
        let result = LibraryLoader().load(paths: [real, dir])
        XCTAssertEqual(result.diagnostics.filter(\.isError).map(\.rendered), [])
        XCTAssertEqual(try XCTUnwrap(result.library).models.count, 3)
    }
}
