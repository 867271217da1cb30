import RiverChiefCore
import RiverChiefStore

/// Reading what people type into the forms, as a Chinese input method delivers it: full-width
/// digits (２０２６), 年月日 dates, slashes and dots.
enum EditInput {
    /// Full-width digits, ％ and － as their ASCII forms; everything else unchanged.
    static func normalizeDigits(_ s: String) -> String {
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
    enum DeadlineProblem: Error, Equatable {
        case format(String)
        case year(String)
        case month(String, Int)
        case day(String, year: Int, month: Int, days: Int)

        func text(_ s: Settings) -> String {
            switch self {
            case .format(let t):
                return s.t("“\(Sanitize.forTerminal(t))”不是日期:请写成 2026-06-30 或 2026年6月30日;空白或“无”清除",
                           "\"\(Sanitize.forTerminal(t))\" is not a date: write 2026-06-30; empty or none clears it")
            case .year(let t):
                return s.t("“\(Sanitize.forTerminal(t))”的年份须在 1900 到 2999 之间", "\"\(Sanitize.forTerminal(t))\": the year must be 1900-2999")
            case .month(let t, let m):
                return s.t("“\(Sanitize.forTerminal(t))”不是有效日期:没有 \(m) 月", "\"\(Sanitize.forTerminal(t))\" is not a valid date: there is no month \(m)")
            case .day(let t, let y, let m, let days):
                return s.t("“\(Sanitize.forTerminal(t))”不是有效日期:\(y) 年 \(m) 月只有 \(days) 天",
                           "\"\(Sanitize.forTerminal(t))\" is not a valid date: \(y)-\(m) has \(days) days")
            }
        }
    }

    /// A typed deadline as yyyy-MM-dd, nil for "clear" (empty, 无, none); or why it is refused.
    /// Accepts 2026-6-30, 2026/06/30, 2026.6.30, 2026年6月30日 and full-width digits.
    static func deadline(_ typed: String) -> Result<String?, DeadlineProblem> {
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
            return .failure(.format(typed))
        }
        guard (1900...2999).contains(y) else { return .failure(.year(typed)) }
        guard (1...12).contains(m) else { return .failure(.month(typed, m)) }
        let days = Validation.daysIn(month: m, year: y)
        guard (1...days).contains(d) else { return .failure(.day(typed, year: y, month: m, days: days)) }
        let text = "\(y)-" + (m < 10 ? "0\(m)" : "\(m)") + "-" + (d < 10 ? "0\(d)" : "\(d)")
        // The store's own check has the last word.
        guard (try? Validation.deadline(text)) != nil else { return .failure(.format(typed)) }
        return .success(text)
    }
}
