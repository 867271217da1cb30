import Foundation

// A speech file as it arrives (UTF-8 with or without a BOM, GBK/GB18030, UTF-16, CRLF) turned into
// the text the library stores: UTF-8, no BOM, LF line ends, every other character as written.
// Spans count code points of that stored text (docs/data-model.md, "Deriving a model").

/// The speech text as the library stores it, and what was converted on the way.
public struct SpeechInput: Sendable {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8 with a byte-order mark"
        case utf16 = "UTF-16"
        case gb18030 = "GB18030 (GBK)"
    }

    /// UTF-8, no BOM, `\n` line ends: what goes to the library's speech.txt.
    public var text: String
    public var encoding: Encoding
    /// CR LF or lone CR line ends were made LF.
    public var lineEndsConverted: Bool

    /// Whether the stored text differs from the file's bytes.
    public var converted: Bool { encoding != .utf8 || lineEndsConverted }

    /// What was converted, for a message ("GB18030 (GBK) → UTF-8, CRLF → LF"); nil when nothing was.
    public var conversionNote: String? {
        var parts: [String] = []
        if encoding != .utf8 { parts.append("\(encoding.rawValue) → UTF-8") }
        if lineEndsConverted { parts.append("CRLF → LF") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// GB18030 (a superset of GBK and GB2312) as Foundation names it.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The file at `path`, read and converted.
    public static func read(path: String) -> Result<SpeechInput, SpeechInputError> {
        switch FileBytes.read(path, limit: FileBytes.speechLimit) {
        case .failure(let f): return .failure(SpeechInputError("cannot read: \(f.reason)"))
        case .success(let bytes): return read(bytes: bytes)
        }
    }

    public static func read(bytes: [UInt8]) -> Result<SpeechInput, SpeechInputError> {
        if bytes.isEmpty { return .failure(SpeechInputError("the file is empty")) }
        var encoding = Encoding.utf8
        var text: String
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let t = String(data: Data(bytes), encoding: .utf16) else {
                return .failure(SpeechInputError("the file starts with a UTF-16 byte-order mark but is not valid UTF-16"))
            }
            text = t.hasPrefix("\u{FEFF}") ? String(t.unicodeScalars.dropFirst()) : t
            encoding = .utf16
        } else {
            var body = bytes[...]
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                body = bytes.dropFirst(3)
                encoding = .utf8BOM
            }
            if let bad = UTF8Check.firstInvalidByte(in: Array(body)) {
                guard encoding == .utf8, let t = String(data: Data(bytes), encoding: gb18030), !t.isEmpty else {
                    let at = bad + (encoding == .utf8BOM ? 3 : 0)
                    return .failure(SpeechInputError(
                        "not UTF-8 (byte 0x\(hex(UInt32(bytes[at]), 2)) at byte offset \(at)) and not GB18030/GBK either: "
                        + "convert it to UTF-8 first, e.g. iconv -f BIG5 -t UTF-8"))
                }
                text = t
                encoding = .gb18030
            } else {
                text = String(decoding: body, as: UTF8.self)
            }
        }
        var converted = false
        if text.utf8.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            converted = true
        }
        return .success(SpeechInput(text: text, encoding: encoding, lineEndsConverted: converted))
    }
}

public struct SpeechInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
