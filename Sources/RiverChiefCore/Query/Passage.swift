// The passage of the speech around a span: the whole lines it touches, so a quote reads in context.

public struct Passage: Sendable, Equatable {
    /// The passage's range in the source (whole lines, without the final line break).
    public let range: Span
    /// The span being quoted, inside `range`.
    public let mark: Span
    public let before: String
    public let marked: String
    public let after: String

    public var text: String { before + marked + after }

    /// Nil when `span` is not inside the source. O(passage length).
    public init?(source: SourceText, span: Span) {
        let s = source.scalars
        guard span.start >= 0, span.start <= span.end, span.end <= s.count else { return nil }
        var start = span.start
        while start > 0 && s[start - 1] != "\n" { start -= 1 }
        var end = span.end
        // A span ending with its line break ends that line.
        if end > span.start && s[end - 1] == "\n" { end -= 1 }
        while end < s.count && s[end] != "\n" { end += 1 }
        end = max(end, span.end)
        range = Span(start: start, end: end)
        mark = span
        func text(_ a: Int, _ b: Int) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: s[a..<b])
            return String(v)
        }
        before = text(start, span.start)
        marked = text(span.start, span.end)
        after = text(span.end, end)
    }
}
