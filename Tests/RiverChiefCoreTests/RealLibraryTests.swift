import XCTest
@testable import RiverChiefCore

/// Coverage of the real model library in Data/ (docs/data-model.md, "The yr2020 model in numbers").
final class RealLibraryTests: XCTestCase {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data")

    /// The curated yr2020 model with its items and targets (the library keeps items apart).
    static func model() -> Model? {
        guard let lib = LibraryLoader().load(directory: data).library, var m = lib.models.first, let r = lib.itemRanges.first else { return nil }
        m.items = Array(lib.items[r])
        m.targets = lib.targets.filter { $0.modelID == m.id }
        return m
    }

    func load() throws -> Library {
        let r = LibraryLoader().load(directory: Self.data)
        XCTAssertEqual(r.diagnostics.map(\.rendered), [], "the shipped library has no errors and no warnings")
        return try XCTUnwrap(r.library)
    }

    func testStructurePreambleFourSectionsConclusionAndTheirPoints() throws {
        let lib = try load()
        let sections = lib.children(of: nil)
        XCTAssertEqual(sections.map(\.kind), Array(repeating: .section, count: 6))
        XCTAssertEqual(sections.map(\.role), [.preamble, .body, .body, .body, .body, .conclusion])
        XCTAssertEqual(sections.map(\.marker), [nil, "一", "二", "三", "四", nil])
        let points = sections.filter { $0.role == .body }.map { lib.children(of: $0.id).filter { $0.kind == .point } }
        XCTAssertEqual(points.map(\.count), [4, 4, 5, 4])
        XCTAssertEqual(points[0].map(\.marker), ["首先", "其次", "再次", "最后"])
        XCTAssertEqual(points[2].map(\.marker), ["一是", "二是", "三是", "四是", "五是"])
        XCTAssertEqual(lib.items.filter { $0.kind == .task }.count, 50)
        XCTAssertEqual(lib.targets.count, 21)
        XCTAssertEqual(lib.units.count, 22)
    }

    func testEveryTaskHasAKnownLeadAndEveryReferenceResolves() throws {
        let lib = try load()
        for task in lib.items where task.kind == .task {
            let lead = try XCTUnwrap(task.lead, task.id)
            XCTAssertNotNil(lib.unit(lead.unit), task.id)
            for a in task.supporting + task.territorial { XCTAssertNotNil(lib.unit(a.unit), "\(task.id) \(a.unit)") }
            for g in task.targets { XCTAssertNotNil(lib.target(g), "\(task.id) \(g)") }
            XCTAssertNotNil(task.parent.flatMap(lib.item), task.id)
        }
        for t in lib.targets { XCTAssertFalse(lib.tasks(serving: t.id).isEmpty, "\(t.id) is served by a task") }
    }

    func testEverySpanQuotesExactlyItsTextAndLiesInItsParent() throws {
        let lib = try load()
        let model = try XCTUnwrap(lib.model("yr2020"))
        XCTAssertEqual(model.meeting.titleSpan.flatMap(model.source.slice), model.meeting.title)
        for it in lib.items {
            XCTAssertEqual(model.source.slice(it.span), it.text, it.id)
            if let parent = it.parent.flatMap(lib.item) { XCTAssertTrue(parent.span.contains(it.span), it.id) }
        }
        for t in lib.targets { XCTAssertEqual(model.source.slice(t.span), t.text, t.id) }
        // The web footer is metadata, never a directive.
        XCTAssertTrue(model.source.text.contains("由互联网用户分享整理"))
        for it in lib.items { XCTAssertFalse(it.text.contains("由互联网用户分享整理"), it.id) }
        XCTAssertEqual(model.meeting.sourceNote, "由互联网用户分享整理")
    }

    func testIdsAreUniqueAndStableLooking() throws {
        let lib = try load()
        let ids = lib.items.map(\.id) + lib.targets.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        let slug = "[a-z0-9][a-z0-9-]*"
        let shapes = ["^yr2020\\.(pre|end)$", "^yr2020\\.s[1-9]$", "^yr2020\\.s[1-9]\\.p[1-9]$",
                      "^yr2020\\.t\\.\(slug)$", "^yr2020\\.g\\.\(slug)$"]
        for id in ids {
            XCTAssertTrue(shapes.contains { id.range(of: $0, options: .regularExpression) != nil }, id)
        }
        // Points are numbered inside their section; task and target slugs say what, not where.
        for it in lib.items where it.kind == .point { XCTAssertTrue(it.id.hasPrefix((it.parent ?? "?") + ".p"), it.id) }
        for id in ids where id.contains(".t.") || id.contains(".g.") {
            XCTAssertNil(id.range(of: "\\.[tg]\\.[0-9]+$", options: .regularExpression), "\(id) looks positional")
        }
    }
}
