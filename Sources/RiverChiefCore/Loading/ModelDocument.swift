// model.json as decoded, before its speech is read, and the problems found on the way.

/// The contents of one model.json. Fields the file lacks or gets wrong are nil (the problem is
/// already reported); the arrays hold what decoded, with each entry's index in the JSON array.
public struct ModelDocument: Sendable {
    public var format: String?
    public var id: String?
    /// `source.file`: the speech, relative to the model's folder.
    public var sourceFile: String?
    /// `source.codepoints`: the speech's length in code points.
    public var sourceCodepoints: Int?
    public var meeting: Meeting?
    public var units: [Unit] = []
    public var targets: [Target] = []
    public var items: [Item] = []
    /// `unitIndices[k]` is the position of `units[k]` in the JSON `units` array (likewise for the others).
    public var unitIndices: [Int] = []
    public var targetIndices: [Int] = []
    public var itemIndices: [Int] = []
    /// Ids of items and targets that are in the file but could not be decoded (already reported),
    /// so references to them are not reported again as unknown.
    public var undecodedIDs: Set<String> = []

    public init() {}

    static let itemsPath = JSONPath.root.key("items")
    static let targetsPath = JSONPath.root.key("targets")
    static let unitsPath = JSONPath.root.key("units")

    func itemPath(_ k: Int) -> JSONPath { ModelDocument.itemsPath.index(itemIndices[k]) }
    func itemPath(_ k: Int, _ key: String) -> JSONPath { itemPath(k).key(key) }
    /// The path of a field of the item at `json` in the JSON `items` array (captures only an Int,
    /// so an autoclosure building it costs nothing until it is called).
    static func itemField(_ json: Int, _ key: String) -> JSONPath { itemsPath.index(json).key(key) }
    func targetPath(_ k: Int) -> JSONPath { ModelDocument.targetsPath.index(targetIndices[k]) }
    func unitPath(_ k: Int) -> JSONPath { ModelDocument.unitsPath.index(unitIndices[k]) }
}

/// A problem found while decoding or validating one model, before it is placed at a line and column.
public struct ModelIssue: Sendable {
    public enum Place: Sendable {
        /// In model.json, at this path (and, when known while decoding, this byte offset).
        case json(JSONPath, offset: Int?)
        /// In the speech file, at this byte offset (nil: the file as a whole).
        case speech(byteOffset: Int?)
    }

    public var severity: Diagnostic.Severity
    public var place: Place
    public var message: String
    /// Another place the message refers to ("first defined at …"); rendered as its line:column.
    public var related: JSONPath?

    public init(_ severity: Diagnostic.Severity, _ place: Place, _ message: String, related: JSONPath? = nil) {
        self.severity = severity
        self.place = place
        self.message = message
        self.related = related
    }

    static func error(_ path: JSONPath, _ message: String, related: JSONPath? = nil) -> ModelIssue {
        ModelIssue(.error, .json(path, offset: nil), message, related: related)
    }

    static func warning(_ path: JSONPath, _ message: String) -> ModelIssue {
        ModelIssue(.warning, .json(path, offset: nil), message)
    }
}
