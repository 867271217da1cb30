// The shapes ids and dates must have (docs/data-model.md).

public enum Identifier {
    /// A model id: `[a-z0-9][a-z0-9-]*`.
    public static func isModelID(_ s: String) -> Bool { matches(s, extra: [0x2D]) }

    /// A unit id: `[a-z0-9][a-z0-9.-]*`.
    public static func isUnitID(_ s: String) -> Bool { matches(s, extra: [0x2D, 0x2E]) }

    /// `yyyy-MM-dd` with a month 01–12 and a day 01–31.
    public static func isDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return false }
        for k in [0, 1, 2, 3, 5, 6, 8, 9] where !(0x30...0x39).contains(b[k]) { return false }
        let month = Int(b[5] - 0x30) * 10 + Int(b[6] - 0x30)
        let day = Int(b[8] - 0x30) * 10 + Int(b[9] - 0x30)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    private static func matches(_ s: String, extra: [UInt8]) -> Bool {
        var first = true
        for c in s.utf8 {
            let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || (!first && extra.contains(c))
            if !ok { return false }
            first = false
        }
        return !first
    }
}
