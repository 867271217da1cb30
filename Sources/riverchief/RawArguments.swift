import Foundation
import RiverChiefCore

/// The command line as bytes. Swift decodes each argument as UTF-8 and quietly turns bytes that are
/// not UTF-8 into U+FFFD, so a report typed on a terminal set to GBK would be stored as "���"
/// without a word. Checked before anything is parsed: such an argument is refused, naming it and
/// the byte.
enum RawArguments {
    /// The message for the first argument that is not valid UTF-8, or nil when all are.
    static func invalidUTF8(_ arguments: [[UInt8]]) -> String? {
        for (k, bytes) in arguments.enumerated() {
            guard let bad = UTF8Check.firstInvalidByte(in: bytes) else { continue }
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            var what = "argument \(k + 1)"
            var offset = bad
            if bytes.starts(with: Array("--".utf8)), let eq = bytes.firstIndex(of: UInt8(ascii: "=")), eq < bad {
                what = "the value of \(String(decoding: bytes[..<eq], as: UTF8.self))"
                offset = bad - eq - 1
            } else if k > 0, arguments[k - 1].starts(with: Array("--".utf8)) {
                what = "the value of \(String(decoding: arguments[k - 1], as: UTF8.self))"
            }
            return "\(what) is not valid UTF-8 (byte 0x\(hex) at byte offset \(offset)); nothing was done. "
                + "Set the terminal and the locale to UTF-8 (e.g. LANG=zh_CN.UTF-8) and type it again"
        }
        return nil
    }

    /// This process's arguments after the program name, as the kernel gave them.
    static var current: [[UInt8]] {
        (1..<Int(CommandLine.argc)).map { k in
            guard let p = CommandLine.unsafeArgv[k] else { return [] }
            return Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
        }
    }
}
