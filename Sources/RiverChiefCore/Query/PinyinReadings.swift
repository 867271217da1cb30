/// The toneless readings of the Chinese characters of the Basic Multilingual Plane (CJK Unified
/// Ideographs, extension A, compatibility ideographs), made once from ICU's transforms by
/// `riverchief-bench pinyin-readings` and kept in the binary (`PinyinReadings+Table.swift`, about
/// 110 KB). ICU parses its Han-Latin rules when a process first asks for a reading: 145 ms of a
/// core here (then 0.02 ms a character), which every dashboard paid while it built its search
/// indexes, four fifths of the CPU a start of the seed library used. A lookup here is two array
/// reads.
public enum PinyinReadings {
    struct Block {
        let first: UInt32
        let readings: StaticString
    }

    /// The code points the table covers, one range per block of `blocks`.
    public static let ranges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]

    /// For each block, where each character's reading starts in its text (one more for the end).
    private static let starts: [[Int32]] = blocks.map { block in
        var out: [Int32] = [0]
        block.readings.withUTF8Buffer { text in
            for (k, b) in text.enumerated() where b == 0x20 { out.append(Int32(k + 1)) }
            out.append(Int32(text.count + 1))
        }
        return out
    }

    /// The reading of `v` as lowercase ASCII letters (empty: the table has none for it), or nil
    /// when `v` is outside the table's blocks.
    public static func reading(_ v: UInt32) -> [UInt8]? {
        for (b, range) in ranges.enumerated() where range.contains(v) {
            let k = Int(v - range.lowerBound)
            let s = starts[b]
            guard k + 1 < s.count else { return nil }
            return blocks[b].readings.withUTF8Buffer { Array($0[Int(s[k])..<Int(s[k + 1] - 1)]) }
        }
        return nil
    }
}
