/// Drops a cursor-position report (ESC [ row ; col R) from a burst of input. The ambiguous-width
/// probe asks for one before ncurses starts; over a slow link the answer can arrive after the probe
/// gave up, and ncurses would hand it over as keys (Esc, "[", "1", ";", "2", "R"), switching views.
public enum CursorReportFilter {
    public static func strip(_ events: [InputEvent]) -> [InputEvent] {
        var out: [InputEvent] = []
        out.reserveCapacity(events.count)
        var i = 0
        while i < events.count {
            if let end = reportEnd(events, from: i) {
                i = end
                continue
            }
            out.append(events[i])
            i += 1
        }
        return out
    }

    /// If a report starts at `i`, the index after it.
    static func reportEnd(_ e: [InputEvent], from i: Int) -> Int? {
        guard e[i] == .key(.escape), i + 1 < e.count, e[i + 1] == .key(.char("[")) else { return nil }
        var j = i + 2
        var digits = 0
        while j < e.count, case .key(.char(let c)) = e[j], c.isASCII, c.isNumber { j += 1; digits += 1 }
        guard digits > 0, j < e.count, e[j] == .key(.char(";")) else { return nil }
        j += 1
        digits = 0
        while j < e.count, case .key(.char(let c)) = e[j], c.isASCII, c.isNumber { j += 1; digits += 1 }
        guard digits > 0, j < e.count, e[j] == .key(.char("R")) else { return nil }
        return j + 1
    }
}
