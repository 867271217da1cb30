import Foundation

// The duty table (Data/unit-duties.json): which unit's duties a task's words call on, and how the
// speech names units. Derive infers every unnamed lead, supporting and territorial unit through
// it, and each inferred assignment records the id of the rule that produced it
// (docs/data-model.md, "The duty table"). An office edits this file instead of code.

public struct DutyRule: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        case lead, support, territorial
    }
    public var id: String
    public var unit: String
    public var role: Role
    /// What the unit's duty is, in the office's words (shown beside the rule id).
    public var duty: String
    /// Any of these in the task's text calls on the rule; none at all: every task.
    public var words: [String]
    /// When given, one of these must be in the heading the task sits under (its point's or section's title).
    public var context: [String]
    /// None of these may be in the task's text.
    public var except: [String]
}

/// A way the speech names a unit (各级党委和政府, 新闻媒体): a task whose subject is the name is led by
/// the unit; a name after 发挥/鼓励和支持 supports it. `basis` is inferred when the name stands for
/// more or less than the unit (各级党委和政府 → the counties), and the rule's id is then the reason.
public struct NameRule: Sendable, Equatable {
    public var id: String
    public var words: [String]
    public var unit: String
    public var basis: Basis
    public var duty: String
}

public struct DutyTable: Sendable {
    public static let format = "riverchief.duties/1"
    public static let fileName = "unit-duties.json"

    public var names: [NameRule]
    public var rules: [DutyRule]

    public init(names: [NameRule], rules: [DutyRule]) {
        self.names = names
        self.rules = rules
    }

    /// The rule or name with this id.
    public func duty(of id: String) -> String? {
        rules.first { $0.id == id }?.duty ?? names.first { $0.id == id }?.duty
    }

    public func contains(ruleID id: String) -> Bool {
        rules.contains { $0.id == id } || names.contains { $0.id == id }
    }

    /// The table in `folder` (a library folder), if it has one.
    public static func load(inLibrary folder: URL) -> Result<DutyTable, DutyTableError>? {
        let url = folder.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return load(url)
    }

    public static func load(_ url: URL, display: String? = nil) -> Result<DutyTable, DutyTableError> {
        let name = display ?? url.path
        switch FileBytes.read(url.path, limit: FileBytes.modelLimit) {
        case .failure(let f): return .failure(DutyTableError([Diagnostic(.error, file: name, message: "cannot read: \(f.reason)")]))
        case .success(let bytes): return parse(bytes, file: name)
        }
    }

    /// Reads the table; every problem is reported at FILE:LINE:COL with its JSON path.
    public static func parse(_ bytes: [UInt8], file: String) -> Result<DutyTable, DutyTableError> {
        let parsed = JSONParser.parse(bytes)
        let locator = TextLocator(bytes: bytes)
        var problems: [Diagnostic] = []
        func report(_ v: JSONValue?, _ path: String, _ message: String) {
            var d = Diagnostic(.error, file: file, path: path, message: message)
            if let v, v.offset >= 0 {
                let p = locator.position(ofByte: v.offset)
                d.line = p.line
                d.column = p.column
            }
            problems.append(d)
        }
        for e in parsed.errors {
            let p = locator.position(ofByte: e.offset)
            problems.append(Diagnostic(.error, file: file, line: p.line, column: p.column, message: e.message))
        }
        guard let root = parsed.value else { return .failure(DutyTableError(problems)) }
        if root["format"]?.stringValue != format {
            report(root["format"] ?? root, "$.format", "expected \"format\": \"\(format)\"")
        }
        func strings(_ v: JSONValue?, _ path: String, required: Bool) -> [String] {
            guard let v else {
                if required { report(nil, path, "missing") }
                return []
            }
            guard let a = v.arrayValue else { report(v, path, "expected an array of strings"); return [] }
            var out: [String] = []
            for (k, e) in a.enumerated() {
                guard let s = e.stringValue, !s.isEmpty else { report(e, "\(path)[\(k)]", "expected a non-empty string"); continue }
                out.append(s)
            }
            return out
        }
        func string(_ o: JSONValue, _ key: String, _ path: String) -> String? {
            guard let v = o[key] else { report(o, path, "missing field \"\(key)\""); return nil }
            guard let s = v.stringValue, !s.isEmpty else { report(v, "\(path).\(key)", "expected a non-empty string"); return nil }
            return s
        }
        var seen = Set<String>()
        func checkID(_ id: String, _ v: JSONValue, _ path: String) {
            if !Identifier.isUnitID(id) { report(v, path, "rule id \"\(id)\" must match [a-z0-9][a-z0-9.-]*") }
            if !seen.insert(id).inserted { report(v, path, "duplicate rule id \"\(id)\"") }
        }
        var names: [NameRule] = []
        for (k, o) in (root["names"]?.arrayValue ?? []).enumerated() {
            let p = "$.names[\(k)]"
            let id = string(o, "id", p), unit = string(o, "unit", p), duty = string(o, "duty", p)
            guard let id, let unit, let duty else { continue }
            checkID(id, o["id"] ?? o, "\(p).id")
            let basisText = o["basis"]?.stringValue ?? "stated"
            guard let basis = Basis(rawValue: basisText) else { report(o["basis"], "\(p).basis", "expected \"stated\" or \"inferred\""); continue }
            let words = strings(o["words"], "\(p).words", required: true)
            if words.isEmpty { report(o, "\(p).words", "a name needs at least one word") }
            names.append(NameRule(id: id, words: words, unit: unit, basis: basis, duty: duty))
        }
        var rules: [DutyRule] = []
        guard let list = root["rules"]?.arrayValue else {
            report(root, "$.rules", "missing field \"rules\" (an array)")
            return .failure(DutyTableError(problems))
        }
        let known: Set<String> = ["id", "unit", "as", "duty", "words", "context", "except"]
        for (k, o) in list.enumerated() {
            let p = "$.rules[\(k)]"
            for m in o.objectValue ?? [] where !known.contains(m.key) {
                report(m.value, "\(p).\(m.key)", "unknown field \"\(m.key)\" (known: id, unit, as, duty, words, context, except)")
            }
            let id = string(o, "id", p), unit = string(o, "unit", p), duty = string(o, "duty", p), asText = string(o, "as", p)
            guard let id, let unit, let duty, let asText else { continue }
            checkID(id, o["id"] ?? o, "\(p).id")
            guard let role = DutyRule.Role(rawValue: asText) else {
                report(o["as"], "\(p).as", "bad value \"\(asText)\": expected \"lead\", \"support\" or \"territorial\"")
                continue
            }
            rules.append(DutyRule(id: id, unit: unit, role: role, duty: duty, words: strings(o["words"], "\(p).words", required: true),
                                  context: strings(o["context"], "\(p).context", required: false),
                                  except: strings(o["except"], "\(p).except", required: false)))
        }
        if problems.isEmpty { return .success(DutyTable(names: names, rules: rules)) }
        return .failure(DutyTableError(problems))
    }

    /// Unit ids the table names that `units` does not hold (each once, in table order).
    public func unknownUnits(_ units: Set<String>) -> [String] {
        var out: [String] = []
        for u in names.map(\.unit) + rules.map(\.unit) where !units.contains(u) && !out.contains(u) { out.append(u) }
        return out
    }
}

public struct DutyTableError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
