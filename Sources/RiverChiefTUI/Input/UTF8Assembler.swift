/// Assembles characters from the terminal's bytes as they arrive, however the bytes are split
/// between reads. Over SSH a packet can end inside a UTF-8 sequence and the rest arrive hundreds of
/// milliseconds later; ncurses' `get_wch` gave up on such a sequence after its read timeout and
/// dropped the rest of the write (issue 10). The backend reads single bytes (`wgetch`, so keypad
/// sequences still become function keys) and hands each one here: a partial sequence simply waits
/// for its next byte, with no timeout.
///
/// Malformed input never swallows what follows it: a lead byte without enough continuation bytes
/// becomes U+FFFD and the byte that interrupted it is read afresh; a stray continuation byte or a
/// byte that can never start a sequence (C0, C1, F5–FF) becomes U+FFFD.
public struct UTF8Assembler: Sendable {
    private var pending: [UInt8] = []
    private var needed = 0

    public init() {}

    /// True while the start of a multi-byte character waits for the rest.
    public var isPending: Bool { !pending.isEmpty }

    /// Feeds one byte; returns the code points it completes (none, one, or two when a broken
    /// sequence is followed by a byte that stands on its own).
    public mutating func feed(_ byte: UInt8) -> [UInt32] {
        if needed > 0 {
            if byte & 0xC0 == 0x80 && continues(byte) {
                pending.append(byte)
                needed -= 1
                if needed == 0 { return [finish()] }
                return []
            }
            // The sequence was cut short: say so with U+FFFD and read this byte afresh.
            reset()
            return [0xFFFD] + feed(byte)
        }
        switch byte {
        case 0x00...0x7F:
            return [UInt32(byte)]
        case 0xC2...0xDF:
            start(byte, more: 1)
        case 0xE0...0xEF:
            start(byte, more: 2)
        case 0xF0...0xF4:
            start(byte, more: 3)
        default:
            return [0xFFFD]
        }
        return []
    }

    /// Gives up on a partial sequence (used when a key code, not a byte, interrupts it).
    public mutating func flush() -> [UInt32] {
        guard isPending else { return [] }
        reset()
        return [0xFFFD]
    }

    private mutating func start(_ byte: UInt8, more: Int) {
        pending = [byte]
        needed = more
    }

    private mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        needed = 0
    }

    /// Whether `byte` may follow the bytes so far (rejects overlong forms, surrogates and values
    /// above U+10FFFF at the second byte, as UTF-8 requires).
    private func continues(_ byte: UInt8) -> Bool {
        guard pending.count == 1 else { return true }
        switch pending[0] {
        case 0xE0: return byte >= 0xA0
        case 0xED: return byte <= 0x9F
        case 0xF0: return byte >= 0x90
        case 0xF4: return byte <= 0x8F
        default: return true
        }
    }

    private mutating func finish() -> UInt32 {
        var value: UInt32
        switch pending.count {
        case 2: value = UInt32(pending[0] & 0x1F)
        case 3: value = UInt32(pending[0] & 0x0F)
        default: value = UInt32(pending[0] & 0x07)
        }
        for b in pending.dropFirst() { value = value << 6 | UInt32(b & 0x3F) }
        reset()
        return value
    }
}
