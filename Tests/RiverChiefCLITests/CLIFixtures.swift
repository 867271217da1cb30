import Foundation
import XCTest

/// Paths the CLI tests use: the real library and the core tests' fixtures.
enum Paths {
    static let data = CLI.repositoryRoot.appendingPathComponent("Data")
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/RiverChiefCoreTests/Fixtures")
    static let library = fixtures.appendingPathComponent("library")
    static func broken(_ name: String) -> String { "Tests/RiverChiefCoreTests/Fixtures/broken/" + name }

    /// A copy of the format-and-controls fixture with its one error fixed: a valid library whose
    /// unit name and task title hold control characters.
    static func controlCharacterLibrary(_ test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cli-\(UUID().uuidString)")
        let model = dir.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("broken/format-and-controls"), to: model)
        let file = model.appendingPathComponent("model.json")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "riverchief.model/2", with: "riverchief.model/1")
        try text.write(to: file, atomically: true, encoding: .utf8)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// Parses JSON output with Foundation (an independent parser from the one under test).
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}
