import Foundation
import XCTest

/// The behaviour suites run on both backends through `…PostgreSQL` subclasses. XCTest on Linux
/// finds only the test methods a class declares itself, so each subclass lists its base's tests
/// as overrides that call them; this test fails when a test is added to a base class and not to
/// its PostgreSQL subclass (and so would silently run on SQLite only).
final class BackendSuiteTests: XCTestCase {
    func testEveryBehaviourTestAlsoRunsOnPostgreSQL() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            for sub in matches(#"final class (\w+)PostgreSQL: (\w+) \{"#, in: text) {
                let base = sub[2]
                XCTAssertEqual(sub[1], base, name)
                let baseBody = body(of: "class \(base): StoreTestCase {", in: text)
                let subBody = body(of: "final class \(base)PostgreSQL: \(base) {", in: text)
                let tests = matches(#"\n    func (test\w+)\("#, in: baseBody).map { $0[1] }
                let overridden = Set(matches(#"override func (test\w+)\("#, in: subBody).map { $0[1] })
                XCTAssertFalse(tests.isEmpty, "\(base) in \(name) has no tests")
                for t in tests {
                    XCTAssertTrue(overridden.contains(t), "\(base).\(t) does not run on PostgreSQL: add it to \(base)PostgreSQL")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 27, "the behaviour suites were not found")
    }

    private func matches(_ pattern: String, in text: String) -> [[String]] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }

    /// The text from `header` to the next line that is exactly "}".
    private func body(of header: String, in text: String) -> String {
        guard let start = text.range(of: header) else { return "" }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n}\n")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}
