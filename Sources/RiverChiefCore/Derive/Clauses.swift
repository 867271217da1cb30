// The work in a stretch of speech: its sentences, which of them ask for action (要…, 必须…, or a
// named subject and 要), and in those the clauses that are tasks (work someone can be assigned
// and report on) or targets (outcomes: 确保…, 提高…效率, …持续改善). Principles, attitudes and
// assurances (坚持…相结合, 增强…使命感, 确保各项任务落实到位) are neither. docs/data-model.md,
// "Deriving a model", lists the rules.

struct ClauseCut: Equatable {
    enum Kind { case task, target }
    var kind: Kind
    /// The span: the clause, from its subject when the speech names who does the work.
    var range: Range<Int>
    /// The named subject (各级党委和政府, 主要领导) that the clause or its sentence opens with.
    var subject: Range<Int>?
    /// Where the clause's sentence starts (tasks serve the targets of their sentence).
    var sentence: Int
}

enum Clauses {
    /// Openers that make a sentence a request, left out of the span.
    static let openers = ["我们一定要", "我们必须", "我们要", "大家要", "一定要", "务必", "必须", "要"]
    /// Clauses that only connect (因此,…), dropped before the opener is looked for.
    static let connectors = ["因此", "同时", "另外", "此外", "所以", "为此", "当前", "今后", "下一步", "今年", "明年"]
    /// Subjects that name who works, besides the units the catalogue and the duty table name.
    static let subjectEnds = ["领导", "部门", "单位", "党委", "政府", "各级", "同志们", "河长", "湖长", "各地", "县区", "乡镇", "企业",
                              "局", "委", "办", "办公室", "中心", "领导小组"]
    /// Clause openings that state a principle or a frame, not work.
    static let principleStarts = ["以", "按照", "结合", "围绕", "紧紧围绕", "站在", "立足", "紧扣", "牢固树立", "为", "在", "通过", "根据",
                                  "对照", "对标", "深入贯彻", "认真贯彻", "贯彻落实", "深入学习", "坚定", "攻坚克难", "真抓实干",
                                  "统筹谋划", "精准施策", "既要", "又要", "关键在于", "只有", "如果", "随着"]
    /// Words that make a clause an attitude, a principle, an assurance or generic (not assignable work).
    static let notWork = ["相结合", "为指导", "为遵循", "观念", "责任感", "使命感", "意识", "重大意义", "部署要求", "精神", "落实到位",
                          "有序推进", "工作合力", "形成合力", "各项工作", "各项任务", "取得实效", "显著成效", "落地生根", "刀刃上",
                          "有效措施", "抓落实", "更大贡献", "新台阶", "紧迫感", "认识"]
    /// Outcome verbs: a clause opening with one names a target, unless it builds a capacity or an institution.
    static let outcomeStarts = ["确保", "提高", "提升", "维护", "改善", "保障", "实现", "减少", "恢复", "营造", "形成", "促进",
                                "增强", "降低", "守住", "筑牢", "保持", "力争"]
    static let outcomeWords = ["持续改善", "明显改善", "稳步提升", "不断提升", "持续好转", "明显好转"]
    static let workObjects = ["能力", "机制", "体系", "制度", "队伍", "平台"]

    /// The tasks and targets in `r`. `isSubject` says whether a stretch names who does the work.
    static func read(_ t: ScalarText, _ r: Range<Int>, isSubject: (Range<Int>) -> Bool) -> [ClauseCut] {
        var out: [ClauseCut] = []
        for s in sentences(t, r) {
            out.append(contentsOf: sentence(t, s, isSubject: isSubject))
        }
        return out
    }

    /// Sentences of `r` without their closing punctuation. A line break ends a sentence only after
    /// closing punctuation, so hard-wrapped lines stay one sentence. A half-width full stop ends one
    /// after a Chinese character.
    static func sentences(_ t: ScalarText, _ r: Range<Int>) -> [Range<Int>] {
        t.pieces(r) { k in
            let c = t[k]
            if ScalarText.endsSentence(c) { return true }
            return c == "." && k > r.lowerBound && PinyinTable.isIdeograph(t[k - 1])
                && (k + 1 >= r.upperBound || t[k + 1].properties.numericType == nil)
        }
    }

    /// The clauses of a sentence split at commas, each trimmed.
    static func commaSplit(_ t: ScalarText, _ r: Range<Int>) -> [Range<Int>] {
        t.pieces(r) { ScalarText.isComma(t[$0]) }
    }

    static func sentence(_ t: ScalarText, _ s: Range<Int>, isSubject: (Range<Int>) -> Bool) -> [ClauseCut] {
        if t.contains("议程", in: s) { return [] }
        var clauses = commaSplit(t, s)
        while let first = clauses.first, connectors.contains(where: { t.flat(first) == $0 }) { clauses.removeFirst() }
        guard var first = clauses.first else { return [] }
        for c in connectors where t.has(c, at: first.lowerBound) && first.count > c.count + 1 {
            first = t.trimmed((first.lowerBound + c.unicodeScalars.count)..<first.upperBound)
            break
        }
        // A request: an opener, or a named subject and 要/必须.
        var sentenceSubject: Range<Int>?
        if let o = openers.first(where: { t.has($0, at: first.lowerBound) }), !t.has("要求", at: first.lowerBound) {
            first = t.trimmed((first.lowerBound + o.unicodeScalars.count)..<first.upperBound)
        } else if let (subject, rest) = subjectAndRest(t, first, isSubject: isSubject) {
            sentenceSubject = subject
            first = rest
        } else {
            return []
        }
        clauses[0] = first
        var out: [ClauseCut] = []
        for (k, c0) in clauses.enumerated() {
            var c = c0, subject = k == 0 ? sentenceSubject : nil
            if k > 0, let (own, rest) = subjectAndRest(t, c, isSubject: isSubject) {
                subject = own
                c = rest
            }
            for w in ["同时要", "并要", "还要", "也要", "更要", "要"] where t.has(w, at: c.lowerBound) && c.count > w.count + 1 {
                c = t.trimmed((c.lowerBound + w.unicodeScalars.count)..<c.upperBound)
                break
            }
            guard !c.isEmpty else { continue }
            // 找短板、学经验、领任务: short 、-separated actions are one task each.
            let items = subject == nil ? enumerationItems(t, c) : [c]
            for (j, item) in items.enumerated() {
                guard let kind = classify(t, item) else { continue }
                let range = j == 0 && subject != nil ? (subject?.lowerBound ?? item.lowerBound)..<item.upperBound : item
                out.append(ClauseCut(kind: kind, range: range, subject: subject ?? sentenceSubject, sentence: s.lowerBound))
            }
        }
        return out
    }

    /// `各级党委和政府要切实履行…` → (各级党委和政府, 切实履行…) when the part before 要/必须 names who works.
    static func subjectAndRest(_ t: ScalarText, _ c: Range<Int>, isSubject: (Range<Int>) -> Bool) -> (Range<Int>, Range<Int>)? {
        var k = c.lowerBound + 1
        while k < min(c.upperBound, c.lowerBound + 18) {
            for w in ["要", "必须", "务必"] where t.has(w, at: k) && !t.has("要求", at: k) && !t.has("重要", at: k - 1) && !t.has("需要", at: k - 1) {
                let subject = c.lowerBound..<k
                let text = t.flat(subject)
                if isSubject(subject) || subjectEnds.contains(where: { text.endsWith($0) }) {
                    let rest = t.trimmed((k + w.unicodeScalars.count)..<c.upperBound)
                    return rest.isEmpty ? nil : (subject, rest)
                }
            }
            k += 1
        }
        return nil
    }

    /// A clause of two or more 、-separated items of at most four characters each, as items.
    static func enumerationItems(_ t: ScalarText, _ c: Range<Int>) -> [Range<Int>] {
        let items = t.pieces(c) { t[$0] == "、" }
        guard items.count >= 2, items.allSatisfy({ (2...4).contains($0.count) }) else { return [c] }
        return items
    }

    /// Task, target, or nil (a principle, an attitude, an assurance).
    static func classify(_ t: ScalarText, _ c: Range<Int>) -> ClauseCut.Kind? {
        let text = t.flat(c)
        guard text.unicodeScalars.count >= 2 else { return nil }
        if text.startsWith("坚持") && ["相结合", "观念", "导向", "为指导", "不动摇", "思想"].contains(where: { text.includes($0) }) { return nil }
        if principleStarts.contains(where: { text.startsWith($0) }) { return nil }
        if notWork.contains(where: { text.includes($0) }) { return nil }
        if outcomeWords.contains(where: { text.includes($0) }) { return .target }
        if outcomeStarts.contains(where: { text.startsWith($0) }) && !workObjects.contains(where: { text.endsWith($0) }) { return .target }
        return .task
    }
}
