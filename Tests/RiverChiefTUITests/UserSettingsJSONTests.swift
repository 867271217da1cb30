import Foundation
import XCTest
@testable import RiverChiefTUI

/// The settings file is written straight, without `JSONEncoder`'s tree; it is the encoder's bytes.
final class UserSettingsJSONTests: XCTestCase {
    func testTheFileIsWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let odd = ["a/b", "q\"uote", "back\\slash", "\u{1}\u{1f}\u{7f}", "é河长", "\n\t\r\u{8}\u{c}", "", "yr2020.t.eco-flow"]
        var rng = MonkeyTests.SeededRNG(state: 7)
        var cases = [UserSettings(), UserSettings(myUnit: "city.water", lastLooked: 0),
                     UserSettings(lastLooked: -3, unseen: odd), UserSettings(myUnit: "市水利局\"/", unseen: ["x"])]
        for _ in 0..<50 {
            let unseen = (0..<Int.random(in: 0...6, using: &rng)).map { _ in odd.randomElement(using: &rng) ?? "" }
            cases.append(UserSettings(myUnit: Bool.random(using: &rng) ? odd.randomElement(using: &rng) : nil,
                                      lastLooked: Bool.random(using: &rng) ? Int64.random(in: -5...Int64.max, using: &rng) : nil,
                                      unseen: unseen))
        }
        for settings in cases {
            XCTAssertEqual(String(decoding: settings.json, as: UTF8.self), String(decoding: try encoder.encode(settings), as: UTF8.self))
        }
    }

    func testWrittenSettingsAreReadBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-settings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = UserSettingsFile(path: dir.appendingPathComponent("riverchief/settings.json").path)
        let settings = UserSettings(myUnit: "city.water", lastLooked: 1_001_760, unseen: (0..<1_000).map { "m001.t.task-\($0)" })
        XCTAssertNil(file.save(settings))
        let (read, problem) = file.load()
        XCTAssertNil(problem)
        XCTAssertEqual(read, settings)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }
}
