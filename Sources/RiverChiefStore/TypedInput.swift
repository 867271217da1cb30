/// What people type for a deadline or a percentage, as a Chinese input method delivers it:
/// full-width digits (２０２６), 年月日 dates, slashes and dots. Shared by the dashboard's forms and
/// `riverchief set`, so both accept the same things.
public enum TypedInput {
    /// Full-width digits, ％, － and ／ as their ASCII forms; everything else unchanged.
    public static func normalizeDigits(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u -> Unicode.Scalar in
            switch u.value {
            case 0xFF10...0xFF19: return Unicode.Scalar(u.value - 0xFF10 + 0x30) ?? u
            case 0xFF05: return "%"
            case 0xFF0D, 0x2212, 0x2013, 0x2014: return "-"
            case 0xFF0F: return "/"
            case 0xFF0E, 0x3002: return "."
            default: return u
            }
        }))
    }

    /// Why a typed deadline was refused.
    public enum DeadlineProblem: Error, Equatable, Sendable {
        /// Not a date at all.
        case format
        /// A year outside 1900–2999.
        case year
        /// No such month.
        case month(Int)
        /// No such day in that month.
        case day(year: Int, month: Int, days: Int)

        /// The reason in English, for the command line.
        public var english: String {
            switch self {
            case .format: return "write it as yyyy-MM-dd, e.g. 2026-06-30 (2026年6月30日 works too)"
            case .year: return "the year must be between 1900 and 2999"
            case .month(let m): return "there is no month \(m)"
            case .day(let y, let m, let days): return "\(y)-\(m < 10 ? "0" : "")\(m) has \(days) days"
            }
        }
    }

    /// A typed deadline as yyyy-MM-dd, nil for "clear" (empty, 无, none); or why it is refused.
    /// Accepts 2026-6-30, 2026/06/30, 2026.6.30, 2026年6月30日 and full-width digits.
    public static func deadline(_ typed: String) -> Result<String?, DeadlineProblem> {
        let t = normalizeDigits(typed).trimmingWhitespace
        if t.isEmpty || t == "无" || t.lowercased() == "none" { return .success(nil) }
        var unified = ""
        for c in t {
            switch c {
            case "年", "月", "/", ".": unified.append("-")
            case "日", "号": continue
            default: unified.append(c)
            }
        }
        let parts = unified.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            return .failure(.format)
        }
        if let problem = Validation.calendarProblem(year: y, month: m, day: d) { return .failure(problem) }
        return .success("\(y)-" + (m < 10 ? "0\(m)" : "\(m)") + "-" + (d < 10 ? "0\(d)" : "\(d)"))
    }
}
