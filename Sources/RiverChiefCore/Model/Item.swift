// A section, point or task, held in a shared copy-on-write box.

/// A section, point or task of a speech.
public struct Item: Sendable, Identifiable, Equatable {
    // The fields live in one shared, copy-on-write box: copying an Item (into a list, a filter's
    // answer, a closure) is one retain instead of one per String and array it holds, which at
    // 100,000 items was a quarter of a command's time. Writing a field copies the box first
    // when someone else holds it, so an Item still behaves as a value. The box holds its model id,
    // units and targets as positions in its speech's `ItemNames` (shared by the speech's items);
    // these accessors give them as ids.
    private var box: ItemBox

    public var id: String { get { box.id } set { unique().id = newValue } }
    public var modelID: String {
        get { box.names.modelID }
        set { unique().rename(modelID: newValue) }
    }
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
    public var lead: Assignment? {
        get { box.leadUnit < 0 ? nil : Assignment(unit: box.names.units[Int(box.leadUnit)], basis: box.leadBasis, rule: box.leadRule) }
        set { unique().setLead(newValue) }
    }
    public var supporting: [Assignment] {
        get { box.supporting.isEmpty ? [] : Array(supportingIDs) }
        set { unique().setSupporting(newValue) }
    }
    public var territorial: [Assignment] {
        get { box.territorial.isEmpty ? [] : Array(territorialIDs) }
        set { unique().setTerritorial(newValue) }
    }
    /// Ids of the targets this item serves.
    public var targets: [String] {
        get { box.targets.isEmpty ? [] : Array(targetIDs) }
        set { unique().setTargets(newValue) }
    }
    /// A deadline the speech or the office set (ISO 8601 date, yyyy-MM-dd), if any.
    public var deadline: String? { get { box.deadline } set { unique().deadline = newValue } }

    /// `supporting`, `territorial` and `targets` read in place, without an array made.
    public var supportingIDs: ItemAssignments { ItemAssignments(names: box.names, refs: box.supporting) }
    public var territorialIDs: ItemAssignments { ItemAssignments(names: box.names, refs: box.territorial) }
    public var targetIDs: ItemTargetIDs { ItemTargetIDs(names: box.names, positions: box.targets) }
    /// The lead's unit id (`lead?.unit` without the assignment made).
    public var leadUnit: String? { box.leadUnit < 0 ? nil : box.names.units[Int(box.leadUnit)] }

    public init(id: String, modelID: String, kind: ItemKind, parent: String?, marker: String? = nil,
                role: SectionRole? = nil, title: String, text: String, span: Span,
                lead: Assignment? = nil, supporting: [Assignment] = [], territorial: [Assignment] = [],
                targets: [String] = [], deadline: String? = nil) {
        let names = ItemNames(modelID: modelID)
        self.init(id: id, names: names, kind: kind, parent: parent, marker: marker, role: role, title: title, text: text,
                  span: span, lead: lead, supporting: supporting, territorial: territorial, targets: targets, deadline: deadline)
        names.seal()
    }

    /// An item whose units and targets are looked up in (and added to) `names`, which the
    /// speech's other items share: for a decoder making a speech's items, on one thread.
    init(id: String, names: ItemNames, kind: ItemKind, parent: String?, marker: String?, role: SectionRole?, title: String,
         text: String, span: Span, lead: Assignment?, supporting: [Assignment], territorial: [Assignment],
         targets: [String], deadline: String?) {
        box = ItemBox(id: id, names: names, kind: kind, parent: parent, marker: marker, role: role, title: title,
                      textRep: .string(text), span: span,
                      lead: lead.map { UnitRef(unit: names.unit($0.unit), basis: $0.basis, rule: $0.rule) },
                      supporting: supporting.map { UnitRef(unit: names.unit($0.unit), basis: $0.basis, rule: $0.rule) },
                      territorial: territorial.map { UnitRef(unit: names.unit($0.unit), basis: $0.basis, rule: $0.rule) },
                      targets: targets.map { names.target($0) }, deadline: deadline)
    }

    /// An item as the library cache holds it: units and targets already positions in `names`, and
    /// a text that is `speech`'s UTF-8 bytes `bytes`, made into a String only when read (a
    /// section's text repeats all of its tasks', which would otherwise be copied out of the speech
    /// at every start), or a text of its own. nil unless the positions are in `names` and `bytes`
    /// lies within the speech on character boundaries.
    init?(id: String, names: ItemNames, kind: ItemKind, parent: String?, marker: String?, role: SectionRole?, title: String,
          text: String?, speech: [UInt8], bytes: Range<Int>, span: Span, lead: UnitRef?, supporting: [UnitRef],
          territorial: [UnitRef], targets: [Int32], deadline: String?) {
        let units = names.units.count, targetCount = names.targets.count
        func fits(_ r: UnitRef) -> Bool { r.unit >= 0 && Int(r.unit) < units }
        guard lead.map(fits) ?? true, supporting.allSatisfy(fits), territorial.allSatisfy(fits),
              targets.allSatisfy({ $0 >= 0 && Int($0) < targetCount }) else { return nil }
        let rep: ItemBox.TextRep
        if let text {
            rep = .string(text)
        } else {
            guard speech.withUnsafeBufferPointer({ SpeechUTF8.fits(bytes, in: $0) }) else { return nil }
            rep = .slice(speech, Int32(truncatingIfNeeded: bytes.lowerBound), Int32(truncatingIfNeeded: bytes.upperBound))
        }
        box = ItemBox(id: id, names: names, kind: kind, parent: parent, marker: marker, role: role, title: title, textRep: rep,
                      span: span, lead: lead, supporting: supporting, territorial: territorial, targets: targets, deadline: deadline)
    }

    /// An item whose text is `speech`'s UTF-8 bytes `bytes` (as the cache's), with its units and
    /// targets given as ids.
    init?(id: String, modelID: String, kind: ItemKind, parent: String?, marker: String?, role: SectionRole?, title: String,
          speech: [UInt8], bytes: Range<Int>, span: Span, lead: Assignment?, supporting: [Assignment],
          territorial: [Assignment], targets: [String], deadline: String?) {
        let names = ItemNames(modelID: modelID)
        func ref(_ a: Assignment) -> UnitRef { UnitRef(unit: names.unit(a.unit), basis: a.basis, rule: a.rule) }
        self.init(id: id, names: names, kind: kind, parent: parent, marker: marker, role: role, title: title, text: nil,
                  speech: speech, bytes: bytes, span: span, lead: lead.map(ref), supporting: supporting.map(ref),
                  territorial: territorial.map(ref), targets: targets.map { names.target($0) }, deadline: deadline)
        names.seal()
    }

    /// The box, copied first when another Item shares it.
    private mutating func unique() -> ItemBox {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
        return box
    }

    /// The speech and the range of its UTF-8 bytes that `text` is made from, when the text is such
    /// a range (the library cache's items; `text` repairs invalid UTF-8 as it makes the `String`);
    /// nil for a text of its own.
    var textSlice: (speech: [UInt8], bytes: Range<Int>)? {
        guard case .slice(let speech, let a, let b) = box.textRep else { return nil }
        return (speech, Int(a)..<Int(b))
    }

    /// The names the item's units and targets are positions in, and those positions: for the
    /// library's joins, which map them to its own positions once per speech.
    var names: ItemNames { box.names }
    var leadPosition: Int32 { box.leadUnit }
    var supportingRefs: [UnitRef] { box.supporting }
    var territorialRefs: [UnitRef] { box.territorial }
    var targetPositions: [Int32] { box.targets }

    public static func == (a: Item, b: Item) -> Bool {
        a.box === b.box || a.box.sameFields(as: b.box)
    }
}

/// An Item's fields. Only ever changed through an `Item` that holds it alone (copy on write), so
/// sharing it between threads is as safe as sharing a value.
private final class ItemBox: @unchecked Sendable {
    // The one-byte fields (kind, role, the lead's basis) and the lead's unit sit in the padding
    // after `textRep`.
    var id: String
    var parent: String?
    var marker: String?
    var title: String
    var textRep: TextRep
    var kind: ItemKind
    var role: SectionRole?
    var leadBasis: Basis
    /// The lead's unit as a position in `names.units`; -1: no lead.
    var leadUnit: Int32
    var span: Span
    var names: ItemNames
    var leadRule: String?
    var supporting: [UnitRef]
    var territorial: [UnitRef]
    var targets: [Int32]
    var deadline: String?

    /// A text of its own, or a range of UTF-8 bytes of the speech (shared, not copied).
    enum TextRep {
        case string(String)
        case slice([UInt8], Int32, Int32)
    }

    var text: String {
        switch textRep {
        case .string(let s): return s
        case .slice(let speech, let a, let b): return String(decoding: speech[Int(a)..<Int(b)], as: UTF8.self)
        }
    }

    init(id: String, names: ItemNames, kind: ItemKind, parent: String?, marker: String?, role: SectionRole?, title: String,
         textRep: TextRep, span: Span, lead: UnitRef?, supporting: [UnitRef], territorial: [UnitRef],
         targets: [Int32], deadline: String?) {
        self.id = id
        self.names = names
        self.kind = kind
        self.parent = parent
        self.marker = marker
        self.role = role
        self.title = title
        self.textRep = textRep
        self.span = span
        self.leadUnit = lead?.unit ?? -1
        self.leadBasis = lead?.basis ?? .stated
        self.leadRule = lead?.rule
        self.supporting = supporting
        self.territorial = territorial
        self.targets = targets
        self.deadline = deadline
    }

    func copy() -> ItemBox {
        ItemBox(id: id, names: names, kind: kind, parent: parent, marker: marker, role: role, title: title, textRep: textRep,
                span: span, lead: lead, supporting: supporting, territorial: territorial, targets: targets, deadline: deadline)
    }

    var lead: UnitRef? { leadUnit < 0 ? nil : UnitRef(unit: leadUnit, basis: leadBasis, rule: leadRule) }

    // Setters: an id the names lack gives this box names of its own, with it added (the shared
    // names are only read once their speech is made).
    private func unit(_ id: String) -> Int32 {
        if let k = names.findUnit(id) { return k }
        names = names.adding(units: [id])
        return names.findUnit(id) ?? -1
    }

    private func target(_ id: String) -> Int32 {
        if let k = names.findTarget(id) { return k }
        names = names.adding(targets: [id])
        return names.findTarget(id) ?? -1
    }

    func rename(modelID: String) {
        if modelID != names.modelID { names = names.adding(modelID: modelID) }
    }

    func setLead(_ a: Assignment?) {
        guard let a else { return leadUnit = -1 }
        leadUnit = unit(a.unit)
        leadBasis = a.basis
        leadRule = a.rule
    }

    func setSupporting(_ list: [Assignment]) { supporting = list.map { UnitRef(unit: unit($0.unit), basis: $0.basis, rule: $0.rule) } }
    func setTerritorial(_ list: [Assignment]) { territorial = list.map { UnitRef(unit: unit($0.unit), basis: $0.basis, rule: $0.rule) } }
    func setTargets(_ list: [String]) { targets = list.map { target($0) } }

    func sameFields(as o: ItemBox) -> Bool {
        id == o.id && names.modelID == o.names.modelID && kind == o.kind && parent == o.parent && marker == o.marker
            && role == o.role && title == o.title && text == o.text && span == o.span && sameUnit(lead, o.lead, o)
            && same(supporting, o.supporting, o) && same(territorial, o.territorial, o)
            && targets.count == o.targets.count
            && zip(targets, o.targets).allSatisfy { names.targets[Int($0)] == o.names.targets[Int($1)] }
            && deadline == o.deadline
    }

    private func sameUnit(_ a: UnitRef?, _ b: UnitRef?, _ o: ItemBox) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.basis == b.basis && a.rule == b.rule && names.units[Int(a.unit)] == o.names.units[Int(b.unit)]
    }

    private func same(_ a: [UnitRef], _ b: [UnitRef], _ o: ItemBox) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { sameUnit($0, $1, o) }
    }
}
