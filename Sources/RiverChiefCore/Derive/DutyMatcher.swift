// The duty table compiled for matching a task's words: which rule leads, which units support and
// answer locally, and which names in a text stand for units (docs/data-model.md, "The duty table").

/// What the duty table gives one task.
public struct Inference: Sendable, Equatable {
    public var lead: Assignment?
    public var supporting: [Assignment] = []
    public var territorial: [Assignment] = []
}

/// The duty table compiled for matching: every word as code points, each rule's words as indices.
public struct DutyMatcher: Sendable {
    public let table: DutyTable
    private let words: [[Unicode.Scalar]]
    private let ruleWords: [[Int]], ruleExcept: [[Int]], ruleContext: [[Int]]

    public init(_ table: DutyTable) {
        self.table = table
        var index: [String: Int] = [:], words: [[Unicode.Scalar]] = []
        func ids(_ list: [String]) -> [Int] {
            list.map { w in
                if let k = index[w] { return k }
                index[w] = words.count
                words.append(Array(w.unicodeScalars))
                return words.count - 1
            }
        }
        ruleWords = table.rules.map { ids($0.words) }
        ruleExcept = table.rules.map { ids($0.except) }
        ruleContext = table.rules.map { ids($0.context) }
        self.words = words
    }

    /// Which of the table's words occur in `text`.
    private func present(_ text: String) -> [Bool] {
        let s = Array(text.unicodeScalars)
        return words.map { w in
            guard let first = w.first, s.count >= w.count else { return false }
            var k = 0
            while k + w.count <= s.count {
                if s[k] == first {
                    var j = 1
                    while j < w.count && s[k + j] == w[j] { j += 1 }
                    if j == w.count { return true }
                }
                k += 1
            }
            return false
        }
    }

    private func matches(_ r: Int, _ inText: [Bool], _ inContext: [Bool]) -> Bool {
        if ruleExcept[r].contains(where: { inText[$0] }) { return false }
        if !ruleContext[r].isEmpty && !ruleContext[r].contains(where: { inContext[$0] }) { return false }
        return ruleWords[r].isEmpty || ruleWords[r].contains(where: { inText[$0] })
    }

    /// The assignments the table gives a task with this text under a heading `context`. A lead
    /// already known (named in the speech) is kept; the first matching lead rule in table order
    /// gives it otherwise. Supporting and territorial units exclude the lead and `exclude`.
    /// Only units in `catalogue` are assigned (nil: any).
    public func infer(text: String, context: String, lead known: Assignment? = nil, exclude: Set<String> = [],
                      catalogue: Set<String>? = nil) -> Inference {
        let inText = present(text), inContext = present(context)
        var out = Inference(lead: known)
        for (r, rule) in table.rules.enumerated() where rule.role == .lead && out.lead == nil {
            if catalogue?.contains(rule.unit) == false { continue }
            if matches(r, inText, inContext) { out.lead = Assignment(unit: rule.unit, basis: .inferred, rule: rule.id) }
        }
        var taken = exclude
        if let l = out.lead { taken.insert(l.unit) }
        var local = taken
        for (r, rule) in table.rules.enumerated() where rule.role != .lead {
            if catalogue?.contains(rule.unit) == false { continue }
            guard matches(r, inText, inContext) else { continue }
            let a = Assignment(unit: rule.unit, basis: .inferred, rule: rule.id)
            if rule.role == .support, taken.insert(rule.unit).inserted { out.supporting.append(a) }
            if rule.role == .territorial, local.insert(rule.unit).inserted { out.territorial.append(a) }
        }
        return out
    }

    /// The name rules and catalogue names found in `text`: (unit, basis, rule, where it starts),
    /// longest name first at each place, in reading order.
    public func names(in text: String, catalogue: [Unit]) -> [(assignment: Assignment, at: Int, length: Int)] {
        let s = Array(text.unicodeScalars)
        var candidates: [(words: [Unicode.Scalar], a: Assignment)] = []
        for n in table.names {
            for w in n.words { candidates.append((Array(w.unicodeScalars), Assignment(unit: n.unit, basis: n.basis, rule: n.basis == .inferred ? n.id : nil))) }
        }
        for u in catalogue {
            candidates.append((Array(u.name.unicodeScalars), Assignment(unit: u.id, basis: .stated)))
            if let short = u.shortName, short.unicodeScalars.count >= 3 { candidates.append((Array(short.unicodeScalars), Assignment(unit: u.id, basis: .stated))) }
        }
        var out: [(assignment: Assignment, at: Int, length: Int)] = []
        var k = 0
        while k < s.count {
            var best: (words: [Unicode.Scalar], a: Assignment)?
            for c in candidates where c.words.count > (best?.words.count ?? 0) && k + c.words.count <= s.count {
                if s[k] == c.words[0] && s[k..<(k + c.words.count)].elementsEqual(c.words) { best = c }
            }
            if let best {
                out.append((best.a, k, best.words.count))
                k += best.words.count
            } else {
                k += 1
            }
        }
        return out
    }
}
