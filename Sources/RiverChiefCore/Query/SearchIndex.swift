import Foundation

/// A query as the index compares it: the lowercased text, and (for a query of ASCII letters,
/// digits and spaces) the letters to match against pinyin.
public struct SearchQuery: Equatable, Sendable {
    /// The query as typed, lowercased, UTF-8.
    public let text: [UInt8]
    /// ASCII letters and digits of the query, lowercased, spaces removed; empty when the query has
    /// anything else (Chinese is matched as text only).
    public let letters: [UInt8]

    public init(_ query: String) {
        text = Array(query.lowercased().utf8)
        var letters: [UInt8] = []
        var pinyinable = true
        for b in text {
            if b == 0x20 { continue }
            if let l = PinyinKey.asciiAlnumLower(b) { letters.append(l) } else { pinyinable = false; break }
        }
        self.letters = pinyinable ? letters : []
    }

    public var isEmpty: Bool { text.allSatisfy { $0 == 0x20 } }
}

/// Substring search over many short strings (titles, unit names) by text, full pinyin and pinyin
/// initials. Built once; one query scans flat byte arrays with `memmem`, so a first keystroke at
/// 100,000 titles stays in milliseconds, and `IncrementalSearch` narrows later keystrokes to the
/// previous results.
///
/// A string matches when its lowercased text contains the query, or (for an ASCII query) when its
/// full pinyin contains the query starting at a syllable (`shuitu`, `tubao`), or when its initials
/// contain it (`stbc`).
public struct SearchIndex: Sendable {
    private var text: [UInt8] = []
    private var textOffsets: [Int32] = [0]
    private var pinyin: [UInt8] = []
    /// One bit per byte of `pinyin`: whether a syllable starts there.
    private var starts: [UInt64] = []
    private var pinyinOffsets: [Int32] = [0]
    private var initials: [UInt8] = []
    private var initialsOffsets: [Int32] = [0]

    /// Indexes `strings`; position `i` in results refers to `strings[i]`.
    public init(_ strings: [String], table: PinyinTable = PinyinTable()) {
        self.init(count: strings.count, table: table) { strings[$0] }
    }

    /// Indexes `count` strings made one at a time by `string` (called twice for each: once to size
    /// the index, once to fill it), so they are never all held at once; position `i` in results
    /// refers to `string(i)`.
    public init(count: Int, table: PinyinTable = PinyinTable(), _ string: (Int) -> String) {
        self.init(count: count, table: table, size: { Size(string($0)) }, string)
    }

    /// How large a string is: its UTF-8 bytes and its Unicode scalars.
    public struct Size {
        public var bytes = 0, scalars = 0
        public init() {}
        public init(_ s: String) { add(s) }
        public mutating func add(_ s: String) {
            bytes += s.utf8.count
            scalars += s.unicodeScalars.count
        }
    }

    /// Indexes `count` strings made one at a time by `string`; `size(i)` says (without making it)
    /// how large `string(i)` will be. A wrong size costs only memory: the arrays grow as needed.
    public init(count: Int, table: PinyinTable = PinyinTable(), size: (Int) -> Size, _ string: (Int) -> String) {
        textOffsets.reserveCapacity(count + 1)
        pinyinOffsets.reserveCapacity(count + 1)
        initialsOffsets.reserveCapacity(count + 1)
        // Sized from the strings up front (lowercasing keeps Chinese as it is), so the arrays do not
        // end up to twice their size by doubling: at 100,000 titles that is megabytes.
        // Pinyin is at most six letters a character ("zhuang"): reserved to that bound, pages never
        // written are never resident, and no copy is made on the way.
        var bytes = 0, scalars = 0
        for i in 0..<count {
            let s = size(i)
            bytes += s.bytes
            scalars += s.scalars
        }
        text.reserveCapacity(bytes + 16)
        initials.reserveCapacity(scalars + 16)
        pinyin.reserveCapacity(scalars * 6 + 16)
        starts.reserveCapacity((scalars * 6 + 16) / 64 + 1)
        for i in 0..<count {
            let key = PinyinKey(string(i), table: table)
            text.append(contentsOf: key.text)
            textOffsets.append(Int32(text.count))
            let base = pinyin.count
            pinyin.append(contentsOf: key.pinyin)
            let words = (pinyin.count + 63) / 64
            if starts.count < words { starts.append(contentsOf: repeatElement(0, count: words - starts.count)) }
            for (k, start) in key.starts.enumerated() where start {
                let bit = base + k
                starts[bit / 64] |= 1 << UInt64(bit % 64)
            }
            pinyinOffsets.append(Int32(pinyin.count))
            initials.append(contentsOf: key.initials)
            initialsOffsets.append(Int32(initials.count))
        }
    }

    /// The number of indexed strings.
    public var count: Int { textOffsets.count - 1 }

    /// Whether string `i` matches `query`.
    public func matches(_ i: Int, _ query: SearchQuery) -> Bool {
        guard i >= 0, i < count else { return false }
        if query.isEmpty { return true }
        if Self.find(query.text, in: text, Int(textOffsets[i]), Int(textOffsets[i + 1])) != nil { return true }
        let q = query.letters
        guard !q.isEmpty else { return false }
        if Self.find(q, in: initials, Int(initialsOffsets[i]), Int(initialsOffsets[i + 1])) != nil { return true }
        var from = Int(pinyinOffsets[i])
        let end = Int(pinyinOffsets[i + 1])
        while let at = Self.find(q, in: pinyin, from, end) {
            if starts[at / 64] & (1 << UInt64(at % 64)) != 0 { return true }
            from = at + 1
        }
        return false
    }

    /// Positions of the strings matching `query`, ascending; only among `candidates` when given
    /// (which must be ascending too).
    public func search(_ query: SearchQuery, among candidates: [Int32]? = nil) -> [Int32] {
        var out: [Int32] = []
        if let c = candidates {
            for i in c where matches(Int(i), query) { out.append(i) }
        } else {
            for i in 0..<count where matches(i, query) { out.append(Int32(i)) }
        }
        return out
    }

    /// The first position of `needle` in `hay[from..<end]`, or nil (memchr for the first byte,
    /// memcmp for the rest).
    static func find(_ needle: [UInt8], in hay: [UInt8], _ from: Int, _ end: Int) -> Int? {
        let n = needle.count
        guard n > 0, end - from >= n else { return nil }
        return hay.withUnsafeBufferPointer { h -> Int? in
            needle.withUnsafeBufferPointer { q -> Int? in
                guard let hb = h.baseAddress, let qb = q.baseAddress else { return nil }
                let first = Int32(qb[0])
                var i = from
                let last = end - n
                while i <= last {
                    guard let p = memchr(hb + i, first, last - i + 1) else { return nil }
                    let at = hb.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    if n == 1 || memcmp(hb + at + 1, qb + 1, n - 1) == 0 { return at }
                    i = at + 1
                }
                return nil
            }
        }
    }
}

/// Search as the user types: keeps the results of each prefix of the query, so a keystroke that
/// extends the query only re-checks the previous matches, and Backspace returns the cached results.
public struct IncrementalSearch: Sendable {
    public let index: SearchIndex
    private var stack: [(query: String, results: [Int32])] = []

    public init(index: SearchIndex) { self.index = index }

    /// The current query ("" before any).
    public var query: String { stack.last?.query ?? "" }

    /// Positions matching `query`, ascending. An empty query matches nothing.
    public mutating func update(_ query: String) -> [Int32] {
        while let top = stack.last, !query.hasPrefix(top.query) { stack.removeLast() }
        if let top = stack.last, top.query == query { return top.results }
        let q = SearchQuery(query)
        if q.isEmpty {
            stack.removeAll()
            return []
        }
        let results = index.search(q, among: stack.last?.results)
        stack.append((query, results))
        return results
    }
}
