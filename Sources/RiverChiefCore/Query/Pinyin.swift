import Foundation

/// Mandarin readings of Chinese characters, for pinyin search (`shuitu`, `stbc` → 水土保持).
///
/// The readings are ICU's (`mandarinToLatin`, then `stripDiacritics`): for the characters of the
/// Basic Multilingual Plane from the table made from ICU once (`PinyinReadings`), for the rarer
/// ones beyond it from ICU itself. Each distinct character's reading is kept once it is asked for.
/// Polyphonic characters get ICU's single reading (河长 → "he zhang").
public final class PinyinTable {
    private var cache: [UInt32: [UInt8]] = [:]

    public init() {}

    /// The number of distinct characters transliterated so far.
    public var count: Int { cache.count }

    /// The toneless lowercase ASCII reading of `scalar` (e.g. 水 → "shui"), or nil when it is not a
    /// Chinese character.
    public func reading(_ scalar: Unicode.Scalar) -> [UInt8]? {
        guard Self.isIdeograph(scalar) else { return nil }
        if let r = cache[scalar.value] { return r }
        let bytes = PinyinReadings.reading(scalar.value) ?? Self.icuReading(scalar)
        cache[scalar.value] = bytes
        return bytes
    }

    /// ICU's reading of `scalar`: its Latin transliteration without diacritics, lowercase letters
    /// only (empty when it has none). A process's first call parses ICU's Han-Latin rules (145 ms
    /// here); `PinyinReadings` holds this for the Basic Multilingual Plane.
    public static func icuReading(_ scalar: Unicode.Scalar) -> [UInt8] {
        let latin = String(Character(scalar)).applyingTransform(.mandarinToLatin, reverse: false) ?? ""
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return plain.lowercased().utf8.filter { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// CJK Unified Ideographs (and the extension A block and compatibility ideographs).
    public static func isIdeograph(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x2FFFF).contains(v)
    }
}

/// The searchable forms of one string: lowercased text, full pinyin with syllable starts, initials.
public struct PinyinKey: Equatable, Sendable {
    /// The text, lowercased, as UTF-8.
    public var text: [UInt8]
    /// Full pinyin: Chinese characters as their readings, ASCII letters and digits as themselves,
    /// everything else dropped ("水土保持2020年" → "shuitubaochi2020nian").
    public var pinyin: [UInt8]
    /// For each byte of `pinyin`, whether a syllable (or an ASCII word) starts there.
    public var starts: [Bool]
    /// The first letter of each syllable, ASCII letters and digits as themselves ("stbc2020n").
    public var initials: [UInt8]

    /// Builds the key of `s`, looking readings up in `table`.
    public init(_ s: String, table: PinyinTable) {
        text = Array(s.lowercased().utf8)
        pinyin = []
        starts = []
        initials = []
        var previousWasWord = false
        for u in s.unicodeScalars {
            if let r = table.reading(u), let first = r.first {
                pinyin.append(contentsOf: r)
                starts.append(true)
                starts.append(contentsOf: repeatElement(false, count: r.count - 1))
                initials.append(first)
                previousWasWord = false
            } else if u.isASCII, let b = Self.asciiAlnumLower(UInt8(u.value)) {
                pinyin.append(b)
                starts.append(!previousWasWord)
                initials.append(b)
                previousWasWord = true
            } else {
                previousWasWord = false
            }
        }
    }

    static func asciiAlnumLower(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39, 0x61...0x7A: return b
        case 0x41...0x5A: return b + 0x20
        default: return nil
        }
    }
}
