import Foundation
import RiverChiefCore

/// A small speech for the report tests: two sections, a point, five tasks led by two units, one
/// target. Spans are real (every text is appended to the source).
enum ReportFixture {
    static let utc = TimeZone(identifier: "UTC") ?? .current

    static func library(meetingDate: String? = nil, deadlines: [String: String] = [:]) -> Library {
        let speech = SpeechText()
        let span = speech.span
        var items: [Item] = []
        func section(_ id: String, _ marker: String, _ title: String) {
            items.append(Item(id: "m.\(id)", modelID: "m", kind: .section, parent: nil, marker: marker, role: .body,
                              title: title, text: title, span: span(title)))
        }
        func point(_ id: String, _ parent: String, _ title: String) {
            items.append(Item(id: "m.\(id)", modelID: "m", kind: .point, parent: "m.\(parent)", marker: "一是", title: title,
                              text: title, span: span(title)))
        }
        func task(_ slug: String, _ parent: String, _ title: String, lead: String, targets: [String] = []) {
            items.append(Item(id: "m.t.\(slug)", modelID: "m", kind: .task, parent: "m.\(parent)", title: title, text: title,
                              span: span(title), lead: Assignment(unit: lead, basis: .stated),
                              supporting: [Assignment(unit: "city.eco", basis: .inferred)], territorial: [],
                              targets: targets, deadline: deadlines[slug]))
        }
        section("s1", "一", "加强顶层设计")
        point("s1.p1", "s1", "健全机制")
        task("a", "s1.p1", "定期召开联席会议", lead: "city.water", targets: ["m.g.flow"])
        task("b", "s1.p1", "制定实施方案", lead: "city.water", targets: ["m.g.flow"])
        task("c", "s1", "开展河道清理", lead: "city.water")
        section("s2", "二", "强化污染治理")
        task("d", "s2", "整治入河排污口", lead: "city.eco")
        task("e", "s2", "推进生态补水", lead: "city.eco", targets: ["m.g.flow"])
        let target = Target(id: "m.g.flow", modelID: "m", title: "确保生态流量", text: "确保生态流量", span: span("确保生态流量"),
                            indicator: Indicator(metric: "生态流量保证率", unit: "%"))
        let model = Model(id: "m", meeting: Meeting(title: "讲话", speakerRole: "市委书记", kind: "推进会", date: meetingDate),
                          source: SourceText(speech.source),
                          units: [Unit(id: "city.water", name: "市水利局", kind: .department),
                                  Unit(id: "city.eco", name: "市生态环境局", kind: .department)],
                          targets: [target], items: items)
        return Library(models: [model])
    }

    /// Unix ms of noon UTC on a yyyy-MM-dd day.
    static func noon(_ day: String) -> Int64 {
        Int64(Day(day)!.serial) * 86_400_000 + 12 * 3_600_000
    }
}

/// A speech's text built piece by piece, each piece's span given as it is added.
final class SpeechText {
    private(set) var source = ""
    private var count = 0

    func span(_ text: String) -> Span {
        let start = count
        source += text
        count += text.unicodeScalars.count
        return Span(start: start, end: count)
    }
}
