import RiverChiefCore
import RiverChiefStore

/// How events are shown on the command line: aligned by display width, sanitised.
enum ChangeText {
    /// One line per event: "  状态  未启动 → 推进中".
    static func lines(_ events: [StateEvent]) -> [String] {
        events.map { "  " + Sanitize.forTerminal($0.changeDescription) }
    }

    /// Columns padded to their widest cell (by terminal width, not characters), two spaces apart;
    /// the last column is left unpadded.
    static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return [] }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in i < columns - 1 && i < row.count - 1 ? TextLayout.pad(cell, to: widths[i]) : cell }
                .joined(separator: "  ")
        }
    }

    /// "bob at 2026-03-01 10:00:00", local time.
    static func who(_ account: String?, at seconds: Double?) -> String {
        let name = Sanitize.forTerminal(account ?? "?")
        guard let seconds else { return name }
        return name + " at " + TimeText.local(millis: Int64((seconds * 1000).rounded()))
    }
}
