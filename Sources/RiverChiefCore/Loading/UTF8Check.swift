// UTF-8 validation that says where: the parser and the speech loader both report the byte offset
// of the first bad byte.

public enum UTF8Check {
    /// Length (2–4) of the valid multi-byte sequence starting at `k`, or 0 when the bytes there
    /// are not valid UTF-8 (overlong forms, surrogates, values past U+10FFFF, truncation).
    @inline(__always)
    public static func sequenceLength(_ b: UnsafePointer<UInt8>, _ n: Int, at k: Int) -> Int {
        let c = b[k]
        if c < 0x80 { return 1 }
        if c < 0xC2 { return 0 }
        @inline(__always) func cont(_ j: Int) -> Bool { j < n && b[j] & 0xC0 == 0x80 }
        if c < 0xE0 { return cont(k + 1) ? 2 : 0 }
        if c < 0xF0 {
            guard k + 2 < n else { return 0 }
            let c1 = b[k + 1]
            if c == 0xE0 && c1 < 0xA0 { return 0 }  // overlong
            if c == 0xED && c1 >= 0xA0 { return 0 } // surrogates
            return cont(k + 1) && cont(k + 2) ? 3 : 0
        }
        if c < 0xF5 {
            guard k + 3 < n else { return 0 }
            let c1 = b[k + 1]
            if c == 0xF0 && c1 < 0x90 { return 0 } // overlong
            if c == 0xF4 && c1 >= 0x90 { return 0 } // past U+10FFFF
            return cont(k + 1) && cont(k + 2) && cont(k + 3) ? 4 : 0
        }
        return 0
    }

    /// The scalar at `k` and its length in bytes, or nil when the bytes are not valid UTF-8.
    public static func decode(_ b: UnsafePointer<UInt8>, _ n: Int, at k: Int) -> (Unicode.Scalar, Int)? {
        let len = sequenceLength(b, n, at: k)
        guard len > 0 else { return nil }
        var v: UInt32
        switch len {
        case 1: return (Unicode.Scalar(b[k]), 1)
        case 2: v = UInt32(b[k] & 0x1F)
        case 3: v = UInt32(b[k] & 0x0F)
        default: v = UInt32(b[k] & 0x07)
        }
        for j in 1..<len { v = v << 6 | UInt32(b[k + j] & 0x3F) }
        return Unicode.Scalar(v).map { ($0, len) }
    }

    /// The byte offset of the first byte that is not valid UTF-8, or nil when all of it is.
    public static func firstInvalidByte(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let b = buffer.baseAddress else { return nil }
        let n = buffer.count
        var k = 0
        while k < n {
            if b[k] < 0x80 { k += 1; continue }
            let len = sequenceLength(b, n, at: k)
            if len == 0 { return k }
            k += len
        }
        return nil
    }

    public static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidByte(in: $0) }
    }
}
