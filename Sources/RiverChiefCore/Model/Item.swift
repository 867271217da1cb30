// A section, point or task, held in a shared copy-on-write box.

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
          speech: [UInt8], bytes: Range<Int>, span: Span, lead: Assignment?, supporting: [Assignment],
          territorial: [Assignment], targets: [String], deadline: String?) {
        guard speech.withUnsafeBufferPointer({ SpeechUTF8.fits(bytes, in: $0) }) else { return nil }
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

    /// The speech and the range of its UTF-8 bytes that `text` is made from, when the text is such
    /// a range (the library cache's items; `text` repairs invalid UTF-8 as it makes the `String`);
    /// nil for a text of its own.
    var textSlice: (speech: [UInt8], bytes: Range<Int>)? {
        guard case .slice(let speech, let a, let b) = box.textRep else { return nil }
        return (speech, Int(a)..<Int(b))
    }

    public static func == (a: Item, b: Item) -> Bool {
        a.box === b.box || a.box.sameFields(as: b.box)
    }
}

/// An Item's fields. Only ever changed through an `Item` that holds it alone (copy on write), so
/// sharing it between threads is as safe as sharing a value.
private final class ItemBox: @unchecked Sendable {
    // The one-byte fields (kind, role) sit in the padding after `textRep`: 16 bytes less a box
    // than in the order of `Item`'s fields.
    var id: String
    var modelID: String
    var parent: String?
    var marker: String?
    var title: String
    var textRep: TextRep
    var kind: ItemKind
    var role: SectionRole?
    var span: Span
    var lead: Assignment?
    var supporting: [Assignment]
    var territorial: [Assignment]
    var targets: [String]
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
