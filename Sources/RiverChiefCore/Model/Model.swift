// The model library's types: what a speech turns into.
// docs/data-model.md explains the JSON form; RiverChiefCore/Loading reads it.

/// A half-open range [start, end) of Unicode code points (scalars) in a model's source text.
public struct Span: Hashable, Sendable, Codable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
    public var length: Int { end - start }
    public var description: String { "[\(start), \(end))" }
    public func contains(_ other: Span) -> Bool { start <= other.start && other.end <= end }
}

/// The meeting a speech was given at (metadata, not directives).
public struct Meeting: Sendable, Equatable {
    public var title: String
    public var speakerRole: String
    public var kind: String
    public var date: String?
    public var sourceURL: String?
    public var sourceNote: String?
    public var titleSpan: Span?

    public init(title: String, speakerRole: String, kind: String, date: String? = nil,
                sourceURL: String? = nil, sourceNote: String? = nil, titleSpan: Span? = nil) {
        self.title = title
        self.speakerRole = speakerRole
        self.kind = kind
        self.date = date
        self.sourceURL = sourceURL
        self.sourceNote = sourceNote
        self.titleSpan = titleSpan
    }
}

public enum ItemKind: String, Sendable, CaseIterable, Codable {
    /// A part of the speech: the preamble, a numbered section (一、…), or the conclusion.
    case section
    /// A numbered point inside a section (首先/其次…, 一是/二是…).
    case point
    /// One concrete piece of work the speech asks for.
    case task
}

/// Where a section stands in the speech.
public enum SectionRole: String, Sendable, CaseIterable, Codable {
    case preamble, body, conclusion
}

/// Whether an assignment is written in the speech or was inferred by the office.
public enum Basis: String, Sendable, CaseIterable, Codable {
    case stated, inferred
}

public struct Assignment: Sendable, Hashable, Codable {
    public var unit: String
    public var basis: Basis
    /// For an inferred assignment, the id of the duty-table rule that produced it
    /// (`Data/unit-duties.json`, e.g. `lead.water.soil-conservation`); nil for stated ones.
    public var rule: String?
    public init(unit: String, basis: Basis, rule: String? = nil) {
        self.unit = unit
        self.basis = basis
        self.rule = rule
    }
}

/// A measurable indicator a target can carry; every field is optional because speeches rarely give them.
public struct Indicator: Sendable, Equatable, Codable {
    public var metric: String?
    public var unit: String?
    public var baseline: Double?
    public var goal: Double?
    public var deadline: String?
    public init(metric: String? = nil, unit: String? = nil, baseline: Double? = nil, goal: Double? = nil, deadline: String? = nil) {
        self.metric = metric
        self.unit = unit
        self.baseline = baseline
        self.goal = goal
        self.deadline = deadline
    }
}

/// An outcome the tasks serve (确保生态流量, 水质持续改善 …).
public struct Target: Sendable, Identifiable, Equatable {
    public var id: String
    public var modelID: String
    public var title: String
    public var text: String
    public var span: Span
    public var indicator: Indicator
    public init(id: String, modelID: String, title: String, text: String, span: Span, indicator: Indicator = Indicator()) {
        self.id = id
        self.modelID = modelID
        self.title = title
        self.text = text
        self.span = span
        self.indicator = indicator
    }
}

public enum UnitKind: String, Sendable, CaseIterable, Codable {
    /// 党委和政府 (a party committee or government, e.g. 各县(市、区)党委和政府).
    case partyGovernment = "party-government"
    /// 市直部门 (a municipal department, e.g. 市水利局).
    case department
    /// 县(市、区) (a county or district).
    case county
    /// 领导小组 (a leading group).
    case leadingGroup = "leading-group"
    /// 领导小组办公室 / 河长办 (a leading group's office).
    case office
    /// 新闻媒体.
    case media
    /// 企业、社会组织和个人.
    case publicSector = "public"
}

/// A unit that leads, supports or answers for tasks. Unit ids are shared across the library.
public struct Unit: Sendable, Identifiable, Equatable {
    public var id: String
    public var name: String
    public var kind: UnitKind
    public var shortName: String?
    public init(id: String, name: String, kind: UnitKind, shortName: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.shortName = shortName
    }
}

/// One speech and what was derived from it.
public struct Model: Sendable {
    public var id: String
    public var meeting: Meeting
    public var source: SourceText
    public var units: [Unit]
    public var targets: [Target]
    /// In reading order: a parent always comes before its children.
    public var items: [Item]
    /// Each item's parent as a position in `items` (-1: none), when the library cache knew them;
    /// `Library` checks them against the ids before it trusts them.
    var parentPositions: [Int32]?
    public init(id: String, meeting: Meeting, source: SourceText, units: [Unit], targets: [Target], items: [Item]) {
        self.id = id
        self.meeting = meeting
        self.source = source
        self.units = units
        self.targets = targets
        self.items = items
    }
}
