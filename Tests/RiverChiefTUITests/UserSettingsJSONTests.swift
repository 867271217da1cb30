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
        // The unseen ids one by one, in order, straight or (an escape in one) through the decoder.
        for unseen in [settings.unseen, ["plain", "with \"quote\"", "河长"]] {
            var all = settings
            all.unseen = unseen
            XCTAssertNil(file.save(all))
            var handed: [String] = []
            let (rest, problem) = file.load { handed.append($0) }
            XCTAssertNil(problem)
            XCTAssertEqual(handed, unseen)
            XCTAssertEqual(rest, UserSettings(myUnit: "city.water", lastLooked: 1_001_760), "the ids are not held")
        }
    }

    /// The straight reader and `JSONDecoder` agree: on every file this program writes, and on
    /// damaged and hand-edited ones the reader either agrees or leaves to the decoder.
    func testReadStraightAsJSONDecoderReadsIt() throws {
        let odd = ["a/b", "q\"uote", "é河长", "", "yr2020.t.eco-flow", "m001.t.task-77", "\u{1}"]
        var rng = MonkeyTests.SeededRNG(state: 11)
        var files: [[UInt8]] = [UserSettings().json, UserSettings(myUnit: "city.water", lastLooked: 0).json]
        for _ in 0..<60 {
            let s = UserSettings(myUnit: Bool.random(using: &rng) ? odd.randomElement(using: &rng) : nil,
                                 lastLooked: Bool.random(using: &rng) ? Int64.random(in: Int64.min...Int64.max, using: &rng) : nil,
                                 unseen: (0..<Int.random(in: 0...5, using: &rng)).map { _ in odd.randomElement(using: &rng) ?? "" })
            files.append(s.json)
        }
        // Hand-edited: other spacing and order, nulls, an unknown key, a missing one, a float, a
        // repeated key, a leading zero, trailing text.
        files += [#"{"version":1,"unseen":[]}"#, #" { "unseen" : [ "a" , "b" ] , "lastLooked" : null , "myUnit" : null , "version" : 2 } "#,
                  #"{"version":1,"unseen":[],"extra":true}"#, #"{"unseen":[]}"#, #"{"version":1.0,"unseen":[]}"#,
                  #"{"version":1,"version":2,"unseen":[]}"#, #"{"version":01,"unseen":[]}"#, #"{"version":1,"unseen":[]} x"#,
                  #"{"version":1,"unseen":["a\u6cb3"]}"#, #"{"version":1,"lastLooked":9223372036854775808,"unseen":[]}"#,
                  #"{"version":-0,"unseen":[]}"#, "{}", "[]", ""].map { Array($0.utf8) }
        // Damaged: every file above cut short, and with a byte changed.
        var damaged: [[UInt8]] = []
        for f in files where !f.isEmpty {
            damaged.append(Array(f.prefix(Int.random(in: 0..<f.count, using: &rng))))
            var d = f
            d[Int.random(in: 0..<d.count, using: &rng)] = [0x22, 0x5C, 0x2C, 0x7D, 0x5D, 0x00, 0xFF, 0x30].randomElement(using: &rng) ?? 0
            damaged.append(d)
        }
        let written = files.prefix(62)
        for (k, f) in (files + damaged).enumerated() {
            let decoded = try? JSONDecoder().decode(UserSettings.self, from: Data(f))
            let read = f.withUnsafeBytes { UserSettings.read(json: $0) }
            if let read {
                XCTAssertEqual(read, decoded, "read straight differently from the decoder: \(String(decoding: f, as: UTF8.self))")
            } else if k < written.count, !f.contains(UInt8(ascii: "\\")) {
                XCTFail("a file this program wrote, with no escape in it, was not read straight: \(String(decoding: f, as: UTF8.self))")
            }
        }
        XCTAssertGreaterThan(written.filter { !$0.contains(UInt8(ascii: "\\")) }.count, 10)
    }
}
