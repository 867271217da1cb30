import XCTest
@testable import RiverChiefCore

/// The words `set --status` and `list --status` accept.
final class StatusWordTests: XCTestCase {
    func testIdsEnglishAndChineseWordsWithSpacesAndCase() {
        let accepted: [(String, Status)] = [
            ("done", .done), ("DONE", .done), (" done\t", .done), ("\u{3000}滞后\u{3000}", .behind), ("do ne", .done),
            ("in-progress", .inProgress), ("in progress", .inProgress), ("In-Progress", .inProgress), ("inprogress", .inProgress),
            ("推进中", .inProgress), ("not started", .notStarted), ("not-started", .notStarted), ("notstarted", .notStarted),
            ("未启动", .notStarted), ("Blocked", .blocked), ("受阻", .blocked), ("已完成", .done),
        ]
        for (word, status) in accepted {
            XCTAssertEqual(Status(word: word), status, "\(word.debugDescription)")
        }
        // Only spaces and tabs are trimmed; nothing else is a status.
        for word in ["", " ", "done\n", "\ndone", "finished", "done!", "滞", "in--progress?", "not_started"] {
            XCTAssertNil(Status(word: word), "\(word.debugDescription)")
        }
    }
}
