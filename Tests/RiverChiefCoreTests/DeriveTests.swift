import Foundation
import XCTest
@testable import RiverChiefCore

/// `derive` on speeches written for these tests, one per trap real files hold, each against the
/// exact outline it must yield (`Fixtures/derive/<name>.expected`: meeting, sections, points,
/// tasks with the targets they serve, targets, every span), and on the seed speech against the
/// curated model.
final class DeriveTests: XCTestCase {
    static let folder = Fixtures.root.appendingPathComponent("derive")
    static let data = RealLibraryTests.data

    /// The real catalogue and duty table.
    static let setting: (units: [RiverChiefCore.Unit], table: DutyTable) = {
        let lib = LibraryLoader().load(directory: data).library
        let table = try? DutyTable.load(data.appendingPathComponent(DutyTable.fileName)).get()
        return (lib?.units ?? [], table ?? DutyTable(names: [], rules: []))
    }()

    func options(_ id: String = "fx") -> DeriveOptions {
        DeriveOptions(modelID: id, catalogue: Self.setting.units, table: Self.setting.table)
    }

    func input(_ name: String) throws -> SpeechInput {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
        return try SpeechInput.read(bytes: bytes).get()
    }

    func draft(_ name: String) throws -> Draft {
        Deriver.derive(try input(name).text, options: options())
    }

    /// The model as the .expected files write it.
    static func outline(_ m: Model) -> String {
        func local(_ id: String) -> String { String(id.dropFirst(m.id.count + 1)) }
        let titles = Dictionary(m.targets.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let g = m.meeting
        var out = ["M \(g.title) | \(g.speakerRole) | \(g.kind) | \(g.date ?? "-") | \(g.sourceURL ?? "-") | \(g.sourceNote ?? "-")"]
        for it in m.items {
            switch it.kind {
            case .section: out.append("S \(local(it.id)) \(it.marker ?? "-") \(it.title) \(it.span)")
            case .point: out.append("P \(local(it.id)) \(it.marker ?? "-") \(it.title) \(it.span)")
            case .task:
                var line = "T \(local(it.parent ?? "")) \(it.title) \(it.span)"
                if !it.targets.isEmpty { line += " → " + it.targets.map { titles[$0] ?? $0 }.joined(separator: "、") }
                out.append(line)
            }
        }
        for t in m.targets { out.append("G \(t.title) \(t.span)") }
        return out.joined(separator: "\n") + "\n"
    }

    /// The draft yields exactly its expected outline, and loads as a library with no diagnostic.
    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Draft {
        let d = try draft("\(name).txt")
        let expected = try String(contentsOf: Self.folder.appendingPathComponent("\(name).expected"), encoding: .utf8)
        XCTAssertEqual(Self.outline(d.model), expected, "\(name): the draft's outline", file: file, line: line)
        try assertLoads(d.model, file: file, line: line)
        return d
    }

    /// Written with its speech into a library folder, the draft loads with no error or warning.
    func assertLoads(_ m: Model, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-derive-\(UUID().uuidString)/\(m.id)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try Data(m.source.text.utf8).write(to: dir.appendingPathComponent("speech.txt"))
        try Data(ModelJSON.encode(m)).write(to: dir.appendingPathComponent("model.json"))
        let r = LibraryLoader().load(directory: dir.deletingLastPathComponent())
        XCTAssertEqual(r.diagnostics.map(\.rendered), [], file: file, line: line)
        XCTAssertNotNil(r.library, file: file, line: line)
    }

    // MARK: The traps

    func testFullWidthAndHalfWidthPunctuation() throws {
        let d = try check("punctuation")
        // Section 一 uses ，：, section 二 uses , and ; (a half-width semicolon ends a sentence).
        let tasks = d.model.items.filter { $0.kind == .task }.map(\.title)
        XCTAssertTrue(tasks.contains("把河湖管理保护纳入重要议事日程"))
        XCTAssertTrue(tasks.contains("加强河道采砂管理"))
    }

    func testHardWrappedLinesStayOneSentence() throws {
        let d = try check("wrapped")
        let task = try XCTUnwrap(d.model.items.first { $0.title == "加大水土流失综合治理力度" })
        XCTAssertTrue(task.text.contains("\n"), "the span keeps the line break that wraps it: \(task.text)")
    }

    func testCRLFAndBOMGiveTheSameDraftAsTheLFFile() throws {
        let lf = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent("wrapped.txt")))
        var crlf: [UInt8] = [0xEF, 0xBB, 0xBF]
        for b in lf { if b == 0x0A { crlf.append(0x0D) }; crlf.append(b) }
        let converted = try SpeechInput.read(bytes: crlf).get()
        XCTAssertEqual(converted.encoding, .utf8BOM)
        XCTAssertTrue(converted.lineEndsConverted)
        XCTAssertEqual(converted.conversionNote, "UTF-8 with a byte-order mark → UTF-8, CRLF → LF")
        XCTAssertEqual(converted.text, String(decoding: lf, as: UTF8.self), "the stored text is the LF file, without the BOM")
        let a = Deriver.derive(converted.text, options: options()), b = try draft("wrapped.txt")
        XCTAssertEqual(ModelJSON.encode(a.model), ModelJSON.encode(b.model))
        let plain = try input("wrapped.txt")
        XCTAssertFalse(plain.converted)
    }

    func testRedactionsAreKeptAndNoDateIsInvented() throws {
        let d = try check("redactions")
        XCTAssertNil(d.model.meeting.date, "201x年X月X日 gives no date")
        XCTAssertEqual(d.model.meeting.speakerRole, "市委书记")
        XCTAssertTrue(d.model.targets.contains { $0.title == "确保201x年底前建成投用" })
        XCTAssertEqual(Segmenter.date(in: "(2021年3月5日)"), "2021-03-05")
        XCTAssertEqual(Segmenter.date(in: "（２０２１年１２月５日）"), "2021-12-05")
    }

    func testANumberedListInThePreambleIsNotTheSections() throws {
        let d = try check("preamble-list")
        let pre = try XCTUnwrap(d.model.items.first { $0.id == "fx.pre" })
        XCTAssertTrue(pre.text.contains("三、长效机制逐步健全"), "the review list stays in the preamble")
        XCTAssertEqual(d.model.items.filter { $0.kind == .section && $0.role == .body }.map(\.title),
                       ["坚持问题导向,全力打好碧水保卫战", "健全工作机制,形成治水合力"])
    }

    func testAgendaItemsAreNotDirectives() throws {
        let d = try check("agenda")
        XCTAssertFalse(d.model.items.contains { $0.parent == "fx.pre" }, "the agenda's 一是/二是 are neither points nor tasks")
    }

    func testWebsiteFooterAndSignOffBelongToNothing() throws {
        let d = try check("footer")
        let end = try XCTUnwrap(d.model.items.first { $0.id == "fx.end" })
        XCTAssertTrue(end.text.hasSuffix("作出新的更大贡献。"), "the conclusion stops before 谢谢大家: \(end.text)")
        XCTAssertFalse(d.model.items.contains { $0.parent == "fx.end" }, "the conclusion asks for no new work")
        XCTAssertFalse(d.model.items.contains { $0.text.contains("文章地址") || $0.text.contains("责任编辑") })
    }

    func testGBKFileIsConvertedAndGivesTheUTF8Draft() throws {
        let gbk = try input("agenda.gbk.txt")
        XCTAssertEqual(gbk.encoding, .gb18030)
        XCTAssertEqual(gbk.text, try input("agenda.txt").text)
        XCTAssertEqual(Self.outline(Deriver.derive(gbk.text, options: options()).model), Self.outline(try draft("agenda.txt").model))
    }

    func testAFileInNoKnownEncodingIsRefusedWithTheReason() {
        let bytes: [UInt8] = Array("某市委书记的讲话\n".utf8) + [0xFF, 0xFE, 0xFF, 0x41]
        guard case .failure(let e) = SpeechInput.read(bytes: bytes) else { return XCTFail("accepted bytes in no encoding") }
        XCTAssertTrue(e.message.contains("not UTF-8"), e.message)
        XCTAssertTrue(e.message.contains("GB18030/GBK"), e.message)
        XCTAssertTrue(e.message.contains("byte offset 25"), e.message)
        guard case .failure(let empty) = SpeechInput.read(bytes: []) else { return XCTFail("accepted an empty file") }
        XCTAssertEqual(empty.message, "the file is empty")
    }

    func testEveryPointMarkerFamilyAndPartSections() throws {
        let d = try check("markers")
        XCTAssertEqual(d.model.items.filter { $0.kind == .point }.map { $0.marker ?? "" },
                       ["第一", "第二", "其一", "其二", "(一)", "(二)", "一要", "二要"])
        XCTAssertEqual(d.model.items.filter { $0.kind == .section && $0.role == .body }.map { $0.marker ?? "" }, ["一", "二", "三", "四"])
    }

    func testAUnitTheCatalogueLacksIsNotedAndTheTableInfersTheLead() {
        let text = "某市市长在全市节水工作会议上的讲话\n下面,讲一点意见:\n一、推进节水型社会建设\n市教育局要开展节水宣传教育进校园活动。市水利局要加强取水许可管理。\n"
        let d = Deriver.derive(text, options: options())
        let tasks = d.model.items.filter { $0.kind == .task }
        XCTAssertEqual(tasks.map(\.title), ["市教育局要开展节水宣传教育进校园活动", "市水利局要加强取水许可管理"])
        XCTAssertEqual(tasks.map { $0.lead?.unit }, ["city.propaganda", "city.water"])
        XCTAssertEqual(tasks[0].lead?.rule, "lead.propaganda.publicity")
        XCTAssertEqual(tasks[1].lead, Assignment(unit: "city.water", basis: .stated), "a catalogue name as the subject is stated")
        XCTAssertEqual(d.notes, ["市教育局 (who the speech asks at [40, 58)) is in neither the catalogue nor the duty table's names: "
                                 + "the table infers the lead instead; add the unit to the catalogue or a name to the table"])
    }

    /// Speeches cut and shuffled from the genre's pieces (markers, punctuation of both widths, line
    /// breaks, CR, redactions, footers): every draft decodes and validates with no problem.
    func testShuffledSpeechesAlwaysGiveAValidDraft() throws {
        let pieces = ["一、", "二、", "三、", "第一部分", "一是", "二是", "首先,", "其次,", "最后,", "(一)", "（二）", "一要", "第一,",
                      "要", "必须", "各级党委和政府要", "市水利局要", "加强水土保持", "推进河湖清四乱", "确保水质持续改善", "，", ",", "、", "。",
                      ";", "：", ":", "\n", "\n\n", "XX", "201x年", "总之,", "谢谢大家!", "文章地址:http://x.cn/1", "议程", "同志们:",
                      "定期召开联席会议", "及时解决问题", "找短板、学经验", "讲两点意见:", " ", "\u{3000}", "(", ")", ".", "某市委书记在会议上的讲话"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        for round in 0..<300 {
            var text = ""
            for _ in 0..<(5 + next(60)) { text += pieces[next(pieces.count)] }
            let d = Deriver.derive(text, options: options("fz"))
            let bytes = ModelJSON.encode(d.model)
            let tree = try XCTUnwrap(JSONParser.parse(bytes).value, "round \(round)")
            let decoded: (ModelDocument, [ModelIssue]) = ModelDecoder.decode(tree)
            let problems = decoded.1 + ModelValidator.validate(decoded.0, source: SourceText(text))
            XCTAssertEqual(problems.map { (i: ModelIssue) in i.message }, [], "round \(round): \(JSONWriter.quoted(text))")
            XCTAssertTrue(d.model.items.filter { $0.kind == .task }.allSatisfy { $0.lead != nil })
        }
    }

    // MARK: The seed speech

    func testSeedReproducesTheCuratedSectionsPointsAndTasks() throws {
        let curated = try XCTUnwrap(RealLibraryTests.model())
        let d = Deriver.derive(curated.source.text, options: options("yr2020"))
        let c = DraftComparison.compare(draft: d.model, curated: curated)
        print("derive on the seed speech: \(c.summary)")
        XCTAssertEqual(c.sectionsSame, 6)
        XCTAssertEqual(c.sectionsCurated, 6)
        XCTAssertEqual(c.pointsSame, 17)
        XCTAssertEqual(c.pointsCurated, 17)
        XCTAssertEqual(c.tasksCurated, 50)
        XCTAssertGreaterThanOrEqual(c.taskShare, 0.9, c.lines.filter { $0.change == .dropped }.map(\.text).joined(separator: "\n"))
        // The same titles and spans, item by item.
        for kind in [ItemKind.section, .point] {
            XCTAssertEqual(d.model.items.filter { $0.kind == kind }.map { "\($0.id) \($0.title) \($0.span)" },
                           curated.items.filter { $0.kind == kind }.map { "\($0.id) \($0.title) \($0.span)" })
        }
        try assertLoads(d.model)
    }

    func testDerivingTwiceGivesTheSameBytes() throws {
        let text = try XCTUnwrap(RealLibraryTests.model()).source.text
        XCTAssertEqual(ModelJSON.encode(Deriver.derive(text, options: options()).model),
                       ModelJSON.encode(Deriver.derive(text, options: options()).model))
    }

    func testEveryDraftInferenceNamesItsRule() throws {
        for name in ["punctuation", "wrapped", "redactions", "preamble-list", "agenda", "footer", "markers"] {
            let d = try draft("\(name).txt")
            for it in d.model.items where it.kind == .task {
                for a in [it.lead].compactMap({ $0 }) + it.supporting + it.territorial where a.basis == .inferred {
                    let rule = try XCTUnwrap(a.rule, "\(name) \(it.id): \(a.unit) has no rule")
                    XCTAssertTrue(Self.setting.table.contains(ruleID: rule), "\(name) \(it.id): unknown rule \(rule)")
                }
            }
        }
    }

    // MARK: The curated model and the table

    func testCuratedInferredAssignmentsGetTheirReasonsFromTheTable() throws {
        let curated = try XCTUnwrap(RealLibraryTests.model())
        let all = curated.items.flatMap { [$0.lead].compactMap { $0 } + $0.supporting + $0.territorial }
        XCTAssertEqual(all.count, 204)
        XCTAssertEqual(all.filter { $0.basis == .inferred }.count, 200)
        XCTAssertTrue(all.filter { $0.basis == .inferred }.allSatisfy { $0.rule != nil })
        XCTAssertEqual(DutyCheck.check(curated, table: Self.setting.table).map { "\($0.itemID): \($0.message)" }, [])
        // The loose ends of issue 13.
        let byID = Dictionary(curated.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byID["yr2020.t.emergency-plans"]?.lead?.unit, byID["yr2020.t.emergency-capacity"]?.lead?.unit)
        XCTAssertEqual(byID["yr2020.t.emergency-capacity"]?.lead, Assignment(unit: "city.eco-env", basis: .inferred, rule: "lead.eco-env.emergency"))
        XCTAssertEqual(byID["yr2020.t.principal-responsibility"]?.lead, Assignment(unit: "county.all", basis: .inferred, rule: "name.all-levels"))
        XCTAssertEqual(curated.units.first { $0.id == "public.society" }?.name, "企业、社会组织和个人")
    }

    func testAChangedTableShowsWhereItAndTheModelDisagree() throws {
        let curated = try XCTUnwrap(RealLibraryTests.model())
        var table = Self.setting.table
        let k = try XCTUnwrap(table.rules.firstIndex { $0.id == "lead.water.soil-conservation" })
        table.rules[k].words = ["水土保持"]
        let findings = DutyCheck.check(curated, table: table)
        XCTAssertTrue(findings.contains { $0.itemID == "yr2020.t.erosion-projects" && $0.message.contains("but the table gives") },
                      findings.map(\.message).joined(separator: "\n"))
        table.rules.remove(at: k)
        XCTAssertTrue(DutyCheck.check(curated, table: table).contains { $0.isError && $0.message.contains("unknown rule \"lead.water.soil-conservation\"") })
    }

    func testModelJSONWritesTheCuratedFileByteForByte() throws {
        let curated = try XCTUnwrap(RealLibraryTests.model())
        let file = try [UInt8](Data(contentsOf: Self.data.appendingPathComponent("yr2020-citysec/model.json")))
        XCTAssertEqual(ModelJSON.encode(curated), file)
    }

    func testOverlappingSiblingTasksAreAnError() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.data.appendingPathComponent("yr2020-citysec/model.json")))
        let source = try XCTUnwrap(RealLibraryTests.model()).source
        let tree = try XCTUnwrap(JSONParser.parse(bytes).value)
        let decoded: (ModelDocument, [ModelIssue]) = ModelDecoder.decode(tree)
        var doc = decoded.0
        XCTAssertTrue(decoded.1.isEmpty)
        // t.joint-meetings [1647, 1670) made to start inside its sibling t.coordination-mechanism [1630, 1646).
        let k = try XCTUnwrap(doc.items.firstIndex { $0.id == "yr2020.t.joint-meetings" })
        doc.items[k].span = Span(start: 1640, end: 1670)
        doc.items[k].text = try XCTUnwrap(source.slice(doc.items[k].span))
        let problems = ModelValidator.validate(doc, source: source).map { (i: ModelIssue) in i.message }
        XCTAssertEqual(problems, ["span [1640, 1670) overlaps sibling task \"yr2020.t.coordination-mechanism\"'s span [1630, 1646): tasks never overlap"])
    }

    func testABrokenDutyTableIsReportedAtLineAndColumn() {
        let text = "{\n  \"format\": \"riverchief.duties/1\",\n  \"rules\": [\n    { \"id\": \"x\", \"unit\": \"city.water\", \"as\": \"boss\", \"duty\": \"d\", \"words\": [] }\n  ]\n}\n"
        guard case .failure(let e) = DutyTable.parse(Array(text.utf8), file: "t.json") else { return XCTFail("accepted") }
        XCTAssertEqual(e.diagnostics.map(\.rendered),
                       ["t.json:4:46: error: $.rules[0].as: bad value \"boss\": expected \"lead\", \"support\" or \"territorial\""])
    }
}
