import RiverChiefCore
@testable import RiverChiefTUI

/// Builds small libraries from hand-made model values (the loader is not needed): every item's
/// text is appended to the source, so spans are real.
struct FixtureBuilder {
    let modelID: String
    var source = ""
    var items: [Item] = []
    var targets: [Target] = []
    var units: [Unit] = []
    private var count = 0

    init(modelID: String = "yr2020") { self.modelID = modelID }

    /// Appends `text` to the speech; returns its span in code points.
    mutating func append(_ text: String, newline: Bool = false) -> RiverChiefCore.Span {
        let start = count
        source += text
        count += text.unicodeScalars.count
        let span = RiverChiefCore.Span(start: start, end: count)
        if newline { source += "\n"; count += 1 }
        return span
    }

    mutating func unit(_ id: String, _ name: String, short: String? = nil, kind: UnitKind = .department) {
        units.append(Unit(id: id, name: name, kind: kind, shortName: short))
    }

    @discardableResult
    mutating func section(_ slug: String, marker: String?, title: String, role: SectionRole = .body) -> String {
        let id = "\(modelID).\(slug)"
        let span = append((marker.map { $0 + "、" } ?? "") + title, newline: true)
        items.append(Item(id: id, modelID: modelID, kind: .section, parent: nil, marker: marker, role: role,
                          title: title, text: (marker.map { $0 + "、" } ?? "") + title, span: span))
        return id
    }

    @discardableResult
    mutating func point(_ slug: String, parent: String, marker: String, title: String) -> String {
        let id = "\(modelID).\(slug)"
        let text = marker + "要" + title + "。"
        let span = append(text)
        items.append(Item(id: id, modelID: modelID, kind: .point, parent: parent, marker: marker, title: title, text: text, span: span))
        return id
    }

    @discardableResult
    mutating func task(_ slug: String, parent: String, title: String, lead: String, supporting: [String] = [],
                       territorial: [String] = [], targets: [String] = [], deadline: String? = nil, stated: Bool = false) -> String {
        let id = "\(modelID).t.\(slug)"
        let text = "要" + title + ",确保各项工作有序推进。"
        let span = append(text)
        items.append(Item(id: id, modelID: modelID, kind: .task, parent: parent, title: title, text: text, span: span,
                          lead: Assignment(unit: lead, basis: stated ? .stated : .inferred),
                          supporting: supporting.map { Assignment(unit: $0, basis: .inferred) },
                          territorial: territorial.map { Assignment(unit: $0, basis: .stated) },
                          targets: targets.map { "\(modelID).g.\($0)" }, deadline: deadline))
        return id
    }

    mutating func target(_ slug: String, title: String) {
        let span = append(title)
        targets.append(Target(id: "\(modelID).g.\(slug)", modelID: modelID, title: title, text: title, span: span))
    }

    func model(title: String = "某市委书记在全市黄河流域生态保护工作推进会上的讲话") -> Model {
        Model(id: modelID, meeting: Meeting(title: title, speakerRole: "市委书记", kind: "全市黄河流域生态保护工作推进会"),
              source: SourceText(source), units: units, targets: targets, items: items)
    }
}

enum Fixtures {
    /// A speech in the shape of the real one: preamble, four sections, points, tasks, units, targets.
    static func speech() -> Library {
        var b = FixtureBuilder()
        b.unit("city.river-chief-office", "市河长办", short: "河长办", kind: .office)
        b.unit("city.water", "市水利局", short: "水利局")
        b.unit("city.ecology", "市生态环境局", short: "生态环境局")
        b.unit("city.forestry", "市林业局", short: "林业局")
        b.unit("county.all", "各县(市、区)党委和政府", kind: .partyGovernment)
        b.target("eco-flow", title: "确保生态流量")
        b.target("water-quality", title: "水质持续改善")
        b.section("pre", marker: nil, title: "开场白", role: .preamble)
        let s1 = b.section("s1", marker: "一", title: "牢记嘱托、对标对表,切实强化协力推进黄河流域生态保护的使命担当")
        let p11 = b.point("s1.p1", parent: s1, marker: "首先", title: "践行习近平生态文明思想")
        b.task("study", parent: p11, title: "深入学习生态文明思想", lead: "city.river-chief-office")
        let s2 = b.section("s2", marker: "二", title: "坚持系统观念,统筹谋划,全面提升黄河流域生态保护的整体效能")
        let p21 = b.point("s2.p1", parent: s2, marker: "一是", title: "强化协同联动")
        b.task("joint-meetings", parent: p21, title: "定期召开联席会议", lead: "city.river-chief-office",
               supporting: ["city.water"], territorial: ["county.all"])
        let p22 = b.point("s2.p2", parent: s2, marker: "二是", title: "保障河道生态用水")
        b.task("eco-flow", parent: p22, title: "科学调度水资源确保生态流量", lead: "city.water", supporting: ["city.ecology"],
               targets: ["eco-flow"], deadline: "2020-12-31")
        b.task("soil", parent: p22, title: "加强水土保持综合治理", lead: "city.forestry", supporting: ["city.water"],
               territorial: ["county.all"], targets: ["water-quality"])
        let s3 = b.section("s3", marker: "三", title: "聚焦突出问题,精准施策,坚决打好黄河流域污染防治攻坚战")
        let p31 = b.point("s3.p1", parent: s3, marker: "一是", title: "深入推进河湖清四乱")
        b.task("four-chaos", parent: p31, title: "开展河湖清四乱专项行动", lead: "city.water", territorial: ["county.all"], stated: true)
        b.task("sewage", parent: p31, title: "整治入河排污口", lead: "city.ecology", targets: ["water-quality"])
        let s4 = b.section("s4", marker: "四", title: "压实各方责任,强化保障,凝聚黄河流域生态保护的强大合力")
        b.task("duty", parent: s4, title: "各级党委和政府切实履行主体责任", lead: "county.all", stated: true)
        b.section("end", marker: nil, title: "结束语", role: .conclusion)
        return Library(models: [b.model()])
    }

    /// A large library of `speeches` models, each with sections × points × tasks (for scale checks).
    static func large(speeches: Int, sections: Int = 5, points: Int = 5, tasks: Int = 8) -> Library {
        let words = ["水土保持", "生态流量", "河湖长制", "污染防治", "节水型社会", "湿地保护", "防洪安全", "黄河文化"]
        var models: [Model] = []
        for m in 0..<speeches {
            var b = FixtureBuilder(modelID: "m\(m)")
            b.unit("city.water", "市水利局", short: "水利局")
            b.unit("county.all", "各县(市、区)党委和政府", kind: .partyGovernment)
            for s in 0..<sections {
                let sid = b.section("s\(s)", marker: "\(s + 1)", title: "第\(m)篇第\(s)部分 推进\(words[s % words.count])")
                for p in 0..<points {
                    let pid = b.point("s\(s).p\(p)", parent: sid, marker: "\(p + 1)是", title: "要点\(p) \(words[(s + p) % words.count])")
                    for t in 0..<tasks {
                        b.task("s\(s)p\(p)t\(t)", parent: pid, title: "任务\(t) 加强\(words[(s + p + t) % words.count])工作",
                               lead: t % 2 == 0 ? "city.water" : "county.all")
                    }
                }
            }
            models.append(b.model(title: "第\(m)篇讲话"))
        }
        return Library(models: models)
    }

    static func state(_ library: Library = speech(), size: Size = Size(width: 100, height: 30), lang: Lang = .zh,
                      ambiguous: AmbiguousWidth = .narrow) -> AppState {
        var s = AppState(library: library, settings: Settings(lang: lang, ambiguous: ambiguous, user: "tester", libraryPath: "/tmp/Data"),
                         size: size, today: "2021-01-15")
        s.indexes = SearchIndexes(library: library, outline: s.outline)
        return s
    }
}

/// Sends keys through `update`.
func press(_ state: inout AppState, _ keys: Key...) {
    for k in keys { _ = update(&state, .key(k)) }
}

/// Types text, one character per key (as an input method commits it).
func type(_ state: inout AppState, _ text: String) {
    for c in text { _ = update(&state, .key(.char(c))) }
}
