import RiverChiefCore
import RiverChiefStore

/// The forms' reading of typed input (`TypedInput`, shared with `riverchief set`), with the reasons
/// for a refusal in the interface's language.
enum EditInput {
    /// A refused deadline: what was typed and why.
    struct DeadlineProblem: Error, Equatable {
        var typed: String
        var problem: TypedInput.DeadlineProblem

        func text(_ s: Settings) -> String {
            let t = Sanitize.forTerminal(typed)
            switch problem {
            case .format:
                return s.t("“\(t)”不是日期:请写成 2026-06-30 或 2026年6月30日;空白或“无”清除",
                           "\"\(t)\" is not a date: write 2026-06-30; empty or none clears it")
            case .year:
                return s.t("“\(t)”的年份须在 1900 到 2999 之间", "\"\(t)\": the year must be 1900-2999")
            case .month(let m):
                return s.t("“\(t)”不是有效日期:没有 \(m) 月", "\"\(t)\" is not a valid date: there is no month \(m)")
            case .day(let y, let m, let days):
                return s.t("“\(t)”不是有效日期:\(y) 年 \(m) 月只有 \(days) 天", "\"\(t)\" is not a valid date: \(EditInput.monthName(m)) \(y) has \(days) days")
            }
        }
    }

    /// "February" for 2.
    static func monthName(_ m: Int) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        return (1...12).contains(m) ? names[m - 1] : "month \(m)"
    }

    /// A typed deadline as yyyy-MM-dd, nil for "clear"; or why it is refused.
    static func deadline(_ typed: String) -> Result<String?, DeadlineProblem> {
        TypedInput.deadline(typed).mapError { DeadlineProblem(typed: typed, problem: $0) }
    }
}
