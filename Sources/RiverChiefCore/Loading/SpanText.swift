// Comparing an item's text with the speech at its span without cutting the speech into Strings:
// O(span length), no allocation unless they differ.

public enum SpanText {
    /// Nil when `text` is exactly the source at `span` (which must lie inside it); otherwise the
    /// code-point offset, from the span's start, of the first difference.
    public static func firstDifference(_ text: String, _ source: SourceText, _ span: Span) -> Int? {
        var k = span.start
        var offset = 0
        for u in text.unicodeScalars {
            if k >= span.end || source.scalars[k] != u { return offset }
            k += 1
            offset += 1
        }
        return k == span.end ? nil : offset
    }

    /// A quoted excerpt of `text` around code point `at`: up to 12 before and 20 after, with … where cut.
    public static func excerpt(_ text: String, around at: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        return excerpt(scalars[...], around: at)
    }

    /// The same for the source text at `span`.
    public static func excerpt(_ source: SourceText, _ span: Span, around at: Int) -> String {
        excerpt(source.scalars[span.start..<span.end], around: at)
    }

    static func excerpt(_ s: ArraySlice<Unicode.Scalar>, around at: Int) -> String {
        if s.isEmpty { return "\"\" (empty)" }
        let base = s.startIndex
        let from = max(base, base + at - 12), to = min(s.endIndex, base + at + 20)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[from..<max(from, to)])
        return (from > base ? "…" : "") + JSONWriter.quoted(String(view)) + (to < s.endIndex ? "…" : "")
    }
}
