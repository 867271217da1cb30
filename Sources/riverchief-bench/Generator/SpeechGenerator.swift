import RiverChiefCore

/// Builds one synthetic speech and its model: a source text assembled sentence by sentence, with
/// every section, point, task and target span recorded as the text is written, so each item's
/// `text` is exactly the source at its span.
struct SpeechGenerator {
    /// The model's id, e.g. `m007`; the prefix of every item and target id.
    let modelID: String
    /// Items this model holds, sections, points and tasks together (at least 5).
    let itemCount: Int
    /// The units this model may assign work to (all of them go in its `units`).
    let units: [Unit]

    /// The fewest items a model can have: preamble, one section, one point, one task, conclusion.
    static let minimumItems = 5

    /// The shape of a speech of `n` items: body sections, points per section, tasks in all.
    /// About 10 sections of 10 points at 1,000 items, fewer for small speeches, ~9 tasks a point.
    static func shape(items n: Int) -> (sections: Int, points: Int, tasks: Int) {
        let sections = min(10, max(1, (n + 99) / 100))
        let rest = n - 2 - sections
        let points = min(10, max(1, (rest + sections * 9 - 1) / (sections * 9)))
        return (sections, points, n - 2 - sections - sections * points)
    }

    func generate(rng: inout SeededRandom) -> Model {
        var b = SourceBuilder()
        let role = rng.pick(Vocabulary.speakerRoles)
        let kind = rng.pick(Vocabulary.meetingKinds)
        let title = "某市\(role)在\(kind)上的讲话"
        let titleSpan = b.append(title)
        b.append("\n")

        let (sectionCount, pointsPer, taskCount) = Self.shape(items: itemCount)
        // Tasks per point: an even share, then the remainder to random points.
        let pointTotal = sectionCount * pointsPer
        var tasksPerPoint = [Int](repeating: taskCount / pointTotal, count: pointTotal)
        for _ in 0..<(taskCount % pointTotal) { tasksPerPoint[rng.below(pointTotal)] += 1 }

        var items: [Item] = []
        items.reserveCapacity(itemCount)
        var ctx = TaskContext(modelID: modelID, units: units)

        // Preamble.
        var pre = b.count
        for s in Vocabulary.preambleSentences where rng.chance(70) { b.append(s) }
        b.append("下面,讲\(Self.numeral(sectionCount))点意见:")
        items.append(section(id: "\(modelID).pre", role: .preamble, marker: nil, title: "前言:会议背景与总体要求",
                             span: Span(start: pre, end: b.count)))
        b.append("\n")

        for s in 1...sectionCount {
            let sid = "\(modelID).s\(s)"
            let start = b.count
            let lead1 = rng.pick(Vocabulary.sectionLeads)
            let leads = Vocabulary.sectionLeads
            var lead2 = rng.pick(leads)
            if lead2 == lead1 { lead2 = leads[((leads.firstIndex(of: lead1) ?? 0) + 1) % leads.count] }
            let sectionTitle = "\(lead1)、\(lead2),\(rng.pick(Vocabulary.sectionGoals))"
            let marker = Self.numeral(s)
            b.append("\(marker)、\(sectionTitle)\n")
            b.append(rng.pick(Vocabulary.sectionIntros))
            let sectionIndex = items.count
            items.append(section(id: sid, role: .body, marker: marker, title: sectionTitle, span: Span(start: start, end: start)))
            let ordinal = pointsPer == 4 ? ["首先", "其次", "再次", "最后"] : nil
            for p in 1...pointsPer {
                if rng.chance(30) { b.append("\n") }
                let pstart = b.count
                let pmarker = ordinal?[p - 1] ?? "\(Self.numeral(p))是"
                let ptitle = rng.chance(50) ? rng.pick(Vocabulary.pointTitles)
                    : rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.objects).text
                b.append(ordinal == nil ? "\(pmarker)\(rng.chance(40) ? "要" : "")\(ptitle)。" : "\(pmarker),要\(ptitle)。")
                let pointIndex = items.count
                let pid = "\(sid).p\(p)"
                items.append(Item(id: pid, modelID: modelID, kind: .point, parent: sid, marker: pmarker,
                                  title: ptitle, text: "", span: Span(start: pstart, end: pstart)))
                for _ in 0..<tasksPerPoint[(s - 1) * pointsPer + (p - 1)] {
                    items.append(ctx.task(parent: pid, into: &b, rng: &rng))
                }
                items[pointIndex].span.end = b.count
            }
            items[sectionIndex].span.end = b.count
            b.append("\n")
        }

        pre = b.count
        for (i, s) in Vocabulary.conclusionSentences.enumerated() where i == 0 || rng.chance(80) { b.append(s) }
        items.append(section(id: "\(modelID).end", role: .conclusion, marker: nil, title: "结束语",
                             span: Span(start: pre, end: b.count)))
        let footer = rng.pick(Vocabulary.footers)
        b.append("\n\(footer)\n")

        let source = SourceText(b.text)
        for i in items.indices { items[i].text = source.slice(items[i].span) ?? "" }
        var targets = ctx.targets
        for i in targets.indices { targets[i].text = source.slice(targets[i].span) ?? "" }
        let meeting = Meeting(title: title, speakerRole: role, kind: kind,
                              date: rng.chance(60) ? "2020-\(Self.two(1 + rng.below(12)))-\(Self.two(1 + rng.below(28)))" : nil,
                              sourceURL: nil, sourceNote: footer, titleSpan: titleSpan)
        return Model(id: modelID, meeting: meeting, source: source, units: units, targets: targets, items: items)
    }

    private func section(id: String, role: SectionRole, marker: String?, title: String, span: Span) -> Item {
        Item(id: id, modelID: modelID, kind: .section, parent: nil, marker: marker, role: role, title: title, text: "", span: span)
    }

    /// 1 → 一 … 10 → 十 (sections and points never go past ten).
    static func numeral(_ n: Int) -> String { Vocabulary.chineseNumerals[max(1, min(n, 10)) - 1] }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// Appends text while counting code points, so spans come for free.
struct SourceBuilder {
    private(set) var text = ""
    private(set) var count = 0

    @discardableResult
    mutating func append(_ s: String) -> Span {
        let start = count
        text += s
        count += s.unicodeScalars.count
        return Span(start: start, end: count)
    }
}
