// A JSON value tree that remembers where each value starts in its file, so a diagnostic can say
// line:column. Built by `JSONParser`; also built in code (offset -1) and written by `JSONWriter`.

/// A JSON value and the byte offset in its source where it starts (-1 when built in code).
public struct JSONValue: Sendable {
    /// What the value is. Objects keep their members in file order.
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        case number(JSONNumber)
        case string(String)
        case array([JSONValue])
        case object([JSONMember])
    }

    public var kind: Kind
    /// Byte offset of the value's first byte in the parsed text; -1 for values built in code.
    public var offset: Int

    public init(_ kind: Kind, offset: Int = -1) {
        self.kind = kind
        self.offset = offset
    }

    /// The member named `key`, if this is an object that has one (first match).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        for m in members where m.key == key { return m.value }
        return nil
    }

    /// The element at `index`, if this is an array that long.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = kind, index >= 0, index < elements.count else { return nil }
        return elements[index]
    }

    public var stringValue: String? { if case .string(let s) = kind { return s } else { return nil } }
    public var intValue: Int? { if case .number(let n) = kind { return n.int } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = kind { return a } else { return nil } }
    public var objectValue: [JSONMember]? { if case .object(let o) = kind { return o } else { return nil } }
    public var isNull: Bool { if case .null = kind { return true } else { return false } }

    /// "a string", "an object", … for messages such as `expected a string, found an object`.
    public var typeDescription: String {
        switch kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value at `path` below this one, or the deepest value on the way when the path leaves
    /// the tree (so a diagnostic about a missing field still points at its object).
    public func locate(_ path: JSONPath) -> JSONValue {
        var current = self
        for component in path.components {
            let next: JSONValue?
            switch component {
            case .key(let k): next = current[k]
            case .index(let i): next = current[i]
            }
            guard let n = next else { return current }
            current = n
        }
        return current
    }

    // Builders for output.
    public static let null = JSONValue(.null)
    public static func string(_ s: String) -> JSONValue { JSONValue(.string(s)) }
    public static func string(_ s: String?) -> JSONValue { s.map { JSONValue(.string($0)) } ?? .null }
    public static func int(_ i: Int) -> JSONValue { JSONValue(.number(JSONNumber(i))) }
    public static func bool(_ b: Bool) -> JSONValue { JSONValue(.bool(b)) }
    public static func array(_ a: [JSONValue]) -> JSONValue { JSONValue(.array(a)) }
    /// An object with members in the given order (output keeps this order).
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        JSONValue(.object(pairs.map { JSONMember(key: $0.key, value: $0.value) }))
    }
    public static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        JSONValue(.object(members.map { JSONMember(key: $0.0, value: $0.1) }))
    }
}

/// One `"key": value` of an object, with the offset of the key's opening quote.
public struct JSONMember: Sendable {
    public var key: String
    public var keyOffset: Int
    public var value: JSONValue
    public init(key: String, keyOffset: Int = -1, value: JSONValue) {
        self.key = key
        self.keyOffset = keyOffset
        self.value = value
    }
}

/// A JSON number: its value as a Double, and as an Int when the literal is an integer that fits.
public struct JSONNumber: Sendable, Equatable {
    public var double: Double
    /// Set when the literal has no fraction or exponent and fits in an Int.
    public var int: Int?
    public init(_ int: Int) {
        self.int = int
        self.double = Double(int)
    }
    public init(double: Double, int: Int?) {
        self.double = double
        self.int = int
    }
}

/// A path to a value, rendered like `$.items[12].lead.unit`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// `$`, the document itself.
    public static let root = JSONPath()

    public func key(_ k: String) -> JSONPath { JSONPath(components + [.key(k)]) }
    public func index(_ i: Int) -> JSONPath { JSONPath(components + [.index(i)]) }

    public var description: String {
        var s = "$"
        for c in components {
            switch c {
            case .index(let i): s += "[\(i)]"
            case .key(let k):
                if !k.isEmpty, k.utf8.allSatisfy({ isPlain($0) }) {
                    s += "." + k
                } else {
                    s += "[" + JSONWriter.quoted(k) + "]"
                }
            }
        }
        return s
    }

    private func isPlain(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }
}
