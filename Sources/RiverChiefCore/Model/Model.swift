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

/// The verbatim text a model was derived from, indexed by code point.
public struct SourceText: Sendable {
    public let text: String
    /// The text's code points by position (`scalars[k]`, `scalars[a..<b]`, `scalars.count`),
    /// read from the text's own UTF-8: no second copy of the speech.
    public let scalars: ScalarIndex

    public init(_ text: String) {
        self.text = text
        self.scalars = ScalarIndex(text)
    }

    init(_ text: String, scalars: ScalarIndex) {
        self.text = text
        self.scalars = scalars
    }

    public var count: Int { scalars.count }

    /// The text of `span`, or nil when the span lies outside the source.
    public func slice(_ span: Span) -> String? {
        guard span.start >= 0, span.start <= span.end, span.end <= scalars.count else { return nil }
        return scalars.string(span.start..<span.end)
    }
}

/// Code points of a string by position, in O(1): the UTF-8 offset of every 32nd code point is kept
/// (an eighth of a byte per code point, against four for an array of scalars), and a lookup walks
/// at most 31 code points from there.
public struct ScalarIndex: RandomAccessCollection, Sendable {
    private let text: String
    /// UTF-8 offset of code point `32 * k`.
    let checkpoints: [Int32]
    public let count: Int

    static let stride = 32

    /// An index whose checkpoints were worked out before (and stored in the library cache): nil
    /// unless they are plausible for `text`, rising and each at the start of a code point, so no
    /// look-up can fall outside the text.
    init?(_ text: String, checkpoints: [Int32], count: Int) {
        var t = text
        let plausible = t.withUTF8 { u -> Bool in
            guard count >= 0, checkpoints.count == (count + Self.stride - 1) / Self.stride, count <= u.count else { return false }
            var last = -1
            for c in checkpoints {
                let at = Int(c)
                guard at > last, at < u.count, !UTF8.isContinuation(u[at]) else { return false }
                last = at
            }
            return true
        }
        guard plausible else { return nil }
        self.text = t
        self.checkpoints = checkpoints
        self.count = count
    }

    public init(_ text: String) {
        var t = text
        var marks: [Int32] = []
        var n = 0
        t.withUTF8 { u in
            marks.reserveCapacity(u.count / 48 + 1)
            var k = 0
            // Eight bytes at a time: count the code points that start in them, and walk them byte
            // by byte only when a checkpoint falls inside (one word in ten, for Chinese text).
            if let base = u.baseAddress.map(UnsafeRawPointer.init) {
                while k + 8 <= u.count {
                    let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                    let continuation = (w >> 7) & ~(w >> 6) & 0x0101_0101_0101_0101
                    let starts = 8 - continuation.nonzeroBitCount
                    if (n % Self.stride) + starts < Self.stride && n % Self.stride != 0 {
                        n += starts
                    } else {
                        for j in k..<(k + 8) where u[j] & 0xC0 != 0x80 {
                            if n % Self.stride == 0 { marks.append(Int32(truncatingIfNeeded: j)) }
                            n += 1
                        }
                    }
                    k += 8
                }
            }
            while k < u.count {
                if u[k] & 0xC0 != 0x80 {
                    if n % Self.stride == 0 { marks.append(Int32(truncatingIfNeeded: k)) }
                    n += 1
                }
                k += 1
            }
        }
        self.text = t
        checkpoints = marks
        count = n
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(k: Int) -> Unicode.Scalar {
        precondition(k >= 0 && k < count, "code point \(k) outside 0..<\(count)")
        var t = text
        return t.withUTF8 { u in
            let at = Self.offset(of: k, in: u, checkpoints)
            return Self.decode(u, at: at)
        }
    }

    /// The text of code points `range` (which must lie inside).
    public func string(_ range: Range<Int>) -> String {
        var t = text
        return t.withUTF8 { u in
            let a = Self.offset(of: range.lowerBound, in: u, checkpoints)
            let b = range.upperBound == count ? u.count : Self.offset(of: range.upperBound, in: u, checkpoints)
            return String(decoding: UnsafeBufferPointer(rebasing: u[a..<b]), as: UTF8.self)
        }
    }

    private static func offset(of k: Int, in u: UnsafeBufferPointer<UInt8>, _ marks: [Int32]) -> Int {
        var at = Int(marks[k / stride])
        var left = k % stride
        while left > 0 {
            at += length(u[at])
            left -= 1
        }
        return at
    }

    @inline(__always)
    private static func length(_ b0: UInt8) -> Int { b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4 }

    private static func decode(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Unicode.Scalar {
        let b0 = UInt32(u[i])
        let n = length(u[i])
        var v = n == 1 ? b0 : b0 & (0x7F >> UInt32(n))
        var k = 1
        while k < n && i + k < u.count {
            v = v << 6 | UInt32(u[i + k] & 0x3F)
            k += 1
        }
        return Unicode.Scalar(v) ?? "\u{FFFD}"
    }
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
    public init(unit: String, basis: Basis) {
        self.unit = unit
        self.basis = basis
    }
}

/// A section, point or task of a speech.
public struct Item: Sendable, Identifiable, Equatable {
    // The fields live in one shared, copy-on-write box: copying an Item (into a list, a filter's
    // answer, a closure) is one retain instead of one per String and array it holds, which at
    // 100,000 items was a quarter of a command's time. Writing a field copies the box first
    // when someone else holds it, so an Item still behaves as a value.
    private var box: ItemBox

    public var id: String { get { box.id } set { unique().id = newValue } }
    public var modelID: String { get { box.modelID } set { unique().modelID = newValue } }
    public var kind: ItemKind { get { box.kind } set { unique().kind = newValue } }
    public var parent: String? { get { box.parent } set { unique().parent = newValue } }
    /// The speech's own marker: "一" for a section, "首先" or "一是" for a point; nil for tasks.
    public var marker: String? { get { box.marker } set { unique().marker = newValue } }
    /// For sections only.
    public var role: SectionRole? { get { box.role } set { unique().role = newValue } }
    /// A short label (for a task, the action, e.g. 定期召开联席会议).
    public var title: String { get { box.title } set { unique().title = newValue } }
    /// The full text, which is exactly the source text of `span`.
    public var text: String { get { box.text } set { unique().textRep = .string(newValue) } }
    public var span: Span { get { box.span } set { unique().span = newValue } }
    public var lead: Assignment? { get { box.lead } set { unique().lead = newValue } }
    public var supporting: [Assignment] { get { box.supporting } set { unique().supporting = newValue } }
    public var territorial: [Assignment] { get { box.territorial } set { unique().territorial = newValue } }
    /// Ids of the targets this item serves.
    public var targets: [String] { get { box.targets } set { unique().targets = newValue } }
    /// A deadline the speech or the office set (ISO 8601 date, yyyy-MM-dd), if any.
    public var deadline: String? { get { box.deadline } set { unique().deadline = newValue } }

    public init(id: String, modelID: String, kind: ItemKind, parent: String?, marker: String? = nil,
                role: SectionRole? = nil, title: String, text: String, span: Span,
                lead: Assignment? = nil, supporting: [Assignment] = [], territorial: [Assignment] = [],
                targets: [String] = [], deadline: String? = nil) {
        box = ItemBox(id: id, modelID: modelID, kind: kind, parent: parent, marker: marker, role: role, title: title,
                      text: text, span: span, lead: lead, supporting: supporting, territorial: territorial,
                      targets: targets, deadline: deadline)
    }

    /// An item whose text is `speech`'s UTF-8 bytes `bytes`, made into a String only when read: the
    /// library cache's items, whose texts (a section's repeats all of its tasks') would otherwise
    /// be copied out of the speech at every start. nil unless `bytes` lies within the speech on
    /// character boundaries.
    init?(id: String, modelID: String, kind: ItemKind, parent: String?, marker: String?, role: SectionRole?, title: String,
          speech: String, bytes: Range<Int>, span: Span, lead: Assignment?, supporting: [Assignment],
          territorial: [Assignment], targets: [String], deadline: String?) {
        let u = speech.utf8
        guard bytes.lowerBound >= 0, bytes.upperBound <= u.count else { return nil }
        let a = u.index(u.startIndex, offsetBy: bytes.lowerBound), b = u.index(u.startIndex, offsetBy: bytes.upperBound)
        guard a == u.endIndex || !UTF8.isContinuation(u[a]), b == u.endIndex || !UTF8.isContinuation(u[b]) else { return nil }
        box = ItemBox(id: id, modelID: modelID, kind: kind, parent: parent, marker: marker, role: role, title: title,
                      text: "", span: span, lead: lead, supporting: supporting, territorial: territorial,
                      targets: targets, deadline: deadline)
        box.textRep = .slice(speech, Int32(truncatingIfNeeded: bytes.lowerBound), Int32(truncatingIfNeeded: bytes.upperBound))
    }

    /// The box, copied first when another Item shares it.
    private mutating func unique() -> ItemBox {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
        return box
    }

    public static func == (a: Item, b: Item) -> Bool {
        a.box === b.box || a.box.sameFields(as: b.box)
    }
}

/// An Item's fields. Only ever changed through an `Item` that holds it alone (copy on write), so
/// sharing it between threads is as safe as sharing a value.
private final class ItemBox: @unchecked Sendable {
    var id: String
    var modelID: String
    var kind: ItemKind
    var parent: String?
    var marker: String?
    var role: SectionRole?
    var title: String
    var textRep: TextRep
    var span: Span
    var lead: Assignment?
    var supporting: [Assignment]
    var territorial: [Assignment]
    var targets: [String]
    var deadline: String?

    /// A text of its own, or a range of UTF-8 bytes of the speech (shared, not copied).
    enum TextRep {
        case string(String)
        case slice(String, Int32, Int32)
    }

    var text: String {
        switch textRep {
        case .string(let s): return s
        case .slice(let speech, let a, let b):
            let u = speech.utf8
            return String(Substring(u[u.index(u.startIndex, offsetBy: Int(a))..<u.index(u.startIndex, offsetBy: Int(b))]))
        }
    }

    init(id: String, modelID: String, kind: ItemKind, parent: String?, marker: String?, role: SectionRole?, title: String,
         text: String, span: Span, lead: Assignment?, supporting: [Assignment], territorial: [Assignment],
         targets: [String], deadline: String?) {
        self.id = id
        self.modelID = modelID
        self.kind = kind
        self.parent = parent
        self.marker = marker
        self.role = role
        self.title = title
        self.textRep = .string(text)
        self.span = span
        self.lead = lead
        self.supporting = supporting
        self.territorial = territorial
        self.targets = targets
        self.deadline = deadline
    }

    func copy() -> ItemBox {
        let c = ItemBox(id: id, modelID: modelID, kind: kind, parent: parent, marker: marker, role: role, title: title, text: "",
                        span: span, lead: lead, supporting: supporting, territorial: territorial, targets: targets, deadline: deadline)
        c.textRep = textRep
        return c
    }

    func sameFields(as o: ItemBox) -> Bool {
        id == o.id && modelID == o.modelID && kind == o.kind && parent == o.parent && marker == o.marker && role == o.role
            && title == o.title && text == o.text && span == o.span && lead == o.lead && supporting == o.supporting
            && territorial == o.territorial && targets == o.targets && deadline == o.deadline
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
    /// 企业、社会组织和公众.
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
