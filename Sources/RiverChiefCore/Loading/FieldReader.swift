// Typed reads from a JSONValue that record a problem instead of throwing: the model decoder's
// vocabulary. Paths are built only when something is wrong.

struct FieldReader {
    var issues: [ModelIssue] = []
    /// Ids of objects that had an id but could not be decoded as a whole.
    var undecodedIDs: Set<String> = []

    mutating func error(_ v: JSONValue, _ path: JSONPath, _ message: String) {
        issues.append(ModelIssue(.error, .json(path, offset: v.offset), message))
    }

    mutating func wrongType(_ v: JSONValue, _ path: JSONPath, expected: String) {
        error(v, path, "expected \(expected), found \(v.typeDescription)")
    }

    mutating func unknownField(_ m: JSONMember, _ path: JSONPath, known: [String]) {
        issues.append(ModelIssue(.error, .json(path.key(m.key), offset: m.keyOffset),
                                 "unknown field \"\(m.key)\" (known: \(known.joined(separator: ", ")))"))
    }

    mutating func object(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> [JSONMember]? {
        if case .object(let m) = v.kind { return m }
        wrongType(v, path(), expected: "an object")
        return nil
    }

    mutating func array(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> [JSONValue]? {
        if case .array(let a) = v.kind { return a }
        wrongType(v, path(), expected: "an array")
        return nil
    }

    mutating func string(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> String? {
        if case .string(let s) = v.kind { return s }
        wrongType(v, path(), expected: "a string")
        return nil
    }

    /// A string or null; `.some(nil)` for null, nil when the value has the wrong type.
    mutating func optionalString(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> String?? {
        switch v.kind {
        case .string(let s): return .some(s)
        case .null: return .some(nil)
        default:
            wrongType(v, path(), expected: "a string or null")
            return nil
        }
    }

    mutating func int(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Int? {
        guard case .number(let n) = v.kind else {
            wrongType(v, path(), expected: "an integer")
            return nil
        }
        if let i = n.int { return i }
        if n.double.rounded() == n.double {
            error(v, path(), "number is out of range for an integer")
        } else {
            error(v, path(), "expected an integer, found \(n.double)")
        }
        return nil
    }

    mutating func optionalDouble(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Double?? {
        switch v.kind {
        case .number(let n): return .some(n.double)
        case .null: return .some(nil)
        default:
            wrongType(v, path(), expected: "a number or null")
            return nil
        }
    }

    /// One of an enum's raw values; a bad value names the allowed ones.
    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ v: JSONValue, _ path: @autoclosure () -> JSONPath,
                                                                 _ type: E.Type = E.self) -> E? where E.RawValue == String {
        guard let s = string(v, path()) else { return nil }
        if let e = E(rawValue: s) { return e }
        let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        error(v, path(), "bad value \"\(s)\": expected one of \(allowed)")
        return nil
    }

    /// `[start, end]`: two integers.
    mutating func span(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Span? {
        guard case .array(let a) = v.kind, a.count == 2 else {
            if case .array(let a) = v.kind {
                error(v, path(), "a span has two numbers [start, end], found \(a.count)")
            } else {
                wrongType(v, path(), expected: "a span [start, end]")
            }
            return nil
        }
        guard let s = int(a[0], path().index(0)), let e = int(a[1], path().index(1)) else { return nil }
        return Span(start: s, end: e)
    }

    mutating func optionalSpan(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Span?? {
        if v.isNull { return .some(nil) }
        return span(v, path()).map { .some($0) }
    }

    /// An array whose elements are read by `element`; elements that fail are left out.
    mutating func list<T>(_ v: JSONValue, _ path: @autoclosure () -> JSONPath,
                          _ element: (inout FieldReader, JSONValue, Int) -> T?) -> [T]? {
        guard let a = array(v, path()) else { return nil }
        var out: [T] = []
        out.reserveCapacity(a.count)
        for (k, e) in a.enumerated() {
            if let t = element(&self, e, k) { out.append(t) }
        }
        return out
    }
}

/// The fields an object may have and which of them it must have.
struct FieldSet {
    let names: [String]
    let required: UInt32

    init(_ names: [String], required: [String]) {
        self.names = names
        var bits: UInt32 = 0
        for r in required { if let k = names.firstIndex(of: r) { bits |= 1 << UInt32(k) } }
        self.required = bits
    }


    /// Searches from `hint` onwards, wrapping round: files list fields in the documented order, so
    /// starting after the last field found usually matches at once.
    func index(of key: String, from hint: Int) -> Int? {
        let n = names.count
        var k = hint < n ? hint : 0
        for _ in 0..<n {
            if names[k] == key { return k }
            k += 1
            if k == n { k = 0 }
        }
        return nil
    }
}

extension FieldReader {
    /// Walks an object's members: known ones go to `body` with their index in `fields`, unknown ones
    /// and missing required ones are reported. Returns the bit set of fields present, or nil when
    /// `v` is not an object.
    @discardableResult
    mutating func fields(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, _ fields: FieldSet,
                         _ body: (inout FieldReader, Int, JSONMember) -> Void) -> UInt32? {
        guard let members = object(v, path()) else { return nil }
        var present: UInt32 = 0
        var hint = 0
        for m in members {
            guard let k = fields.index(of: m.key, from: hint) else {
                unknownField(m, path(), known: fields.names)
                continue
            }
            hint = k + 1
            present |= 1 << UInt32(k)
            body(&self, k, m)
        }
        if present & fields.required != fields.required {
            for k in 0..<fields.names.count where fields.required & (1 << UInt32(k)) != 0 && present & (1 << UInt32(k)) == 0 {
                error(v, path(), "missing field \"\(fields.names[k])\"")
            }
        }
        return present
    }
}
