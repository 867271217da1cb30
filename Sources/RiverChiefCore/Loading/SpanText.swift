import Foundation

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

    static func excerpt<S: RandomAccessCollection>(_ s: S, around at: Int) -> String where S.Element == Unicode.Scalar, S.Index == Int {
        if s.isEmpty { return "\"\" (empty)" }
        let base = s.startIndex
        let from = max(base, base + at - 12), to = min(s.endIndex, base + at + 20)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[from..<max(from, to)])
        return (from > base ? "…" : "") + JSONWriter.quoted(String(view)) + (to < s.endIndex ? "…" : "")
    }
}

/// Checks many spans of one source quickly: the source's UTF-8 bytes and, per code point, where its
/// bytes start, so a span's text is compared with one memcmp. Built once per model in O(length).
public struct SpanMatcher {
    private let bytes: [UInt8]
    /// `offsets[k]` is the byte offset of code point k; `offsets[count]` the total byte count.
    private let offsets: [Int32]

    public init(_ source: SourceText) {
        bytes = Array(source.text.utf8)
        var offsets: [Int32] = []
        offsets.reserveCapacity(source.count + 1)
        for (k, b) in bytes.enumerated() where b & 0xC0 != 0x80 { offsets.append(Int32(truncatingIfNeeded: k)) }
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        self.offsets = offsets
    }

    /// Whether `text` is exactly the source at `span` (which must lie inside the source).
    public func matches(_ text: String, _ span: Span) -> Bool {
        let from = Int(offsets[span.start]), to = Int(offsets[span.end])
        var text = text
        return text.withUTF8 { t in
            guard t.count == to - from else { return false }
            guard let tb = t.baseAddress else { return true }
            return bytes.withUnsafeBufferPointer { s in
                guard let sb = s.baseAddress else { return false }
                return memcmp(tb, sb + from, t.count) == 0
            }
        }
    }
}
