// riverchief-floor: the least an ncurses program can do for the dashboard's job: draw one screen
// of text (Chinese and ASCII), keep one row highlighted, move it with `j`/`k`, show the next
// screenful with PgDn, quit with `q`. With `--detail`, the list takes the left half and a detail
// pane on the right shows the highlighted row's item (a few fields and a paragraph of its text,
// wrapped), redrawn at once on every move. riverchief-bench runs it through the same pty as the
// dashboard, so the dashboard's bytes and times are read as ratios to this floor.
import CNcursesw
import Foundation

setlocale(LC_ALL, "")
if String(cString: rc_codeset()).uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
    setlocale(LC_CTYPE, "C.UTF-8")
}
guard let screen = newterm(nil, rc_stdout(), rc_stdin()) else {
    FileHandle.standardError.write(Data("riverchief-floor: cannot open the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? ""))\n".utf8))
    exit(1)
}
_ = set_term(screen)
guard let win = initscr_window() else { endwin(); exit(1) }
cbreak(); noecho(); keypad(win, true); curs_set(0)

/// One line of text per row: a task number, a Chinese title and a unit, as the dashboard lists.
func line(_ n: Int) -> String {
    let titles = ["加强黄河干流堤防建设", "推进河道采砂管理", "落实水土保持", "强化入河排污口整治", "开展湿地保护修复"]
    let units = ["市水利局", "市生态环境局", "市河长办", "市林业局"]
    return String(format: "%6d  ", n) + titles[n % titles.count] + "  " + units[n % units.count] + "  推进中"
}

/// Item n's detail: its fields, then its text (sentences that differ from one item to the next,
/// as the speech's do), as the dashboard's detail pane shows a task.
func detail(_ n: Int) -> [String] {
    let objects = ["黄河干流堤防建设", "河道采砂管理", "水土保持", "入河排污口整治", "湿地保护修复", "河湖“四乱”清理整治", "生态流量保障"]
    let measures = ["定期召开联席会议,研究解决重大问题", "建立健全工作台账,逐项明确责任单位和完成时限", "加大执法检查力度,依法严厉打击违法行为",
                    "强化督导考核,对工作不力的严肃问责", "统筹推进项目建设,确保按期完成", "做好宣传引导,营造全社会共同参与的良好氛围"]
    let units = ["市水利局", "市生态环境局", "市河长办", "市林业局"]
    var text = "要把" + objects[n % objects.count] + "作为重点,"
    for k in 0..<(2 + n % 3) { text += measures[(n + k * 5) % measures.count] + (k % 2 == 0 ? ";" : "。") }
    return ["编号    m001.t.\(n)", "类型    任务", "牵头    " + units[n % units.count], "配合    " + units[(n + 1) % units.count],
            "状态    推进中  进度 \(n % 100)%", "", "原文"] + wrap(text)
}

/// `s` in lines of at most `width` cells (a CJK character takes two).
nonisolated(unsafe) var detailWidth = 0
func wrap(_ s: String) -> [String] {
    var lines: [String] = [], line = "", cells = 0
    for ch in s {
        let w = (ch.unicodeScalars.first?.value ?? 0) >= 0x1100 ? 2 : 1
        if cells + w > detailWidth { lines.append(line); line = ""; cells = 0 }
        line.append(ch); cells += w
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

/// The floor's whole state: the first line shown and the highlighted row.
struct Floor {
    let win: UnsafeMutablePointer<WINDOW>
    /// Where the detail pane starts (0: none).
    let paneColumn: Int
    var top = 0, selected = 0
    var rows: Int { Int(rc_lines(win)) }

    func draw(_ row: Int, highlighted: Bool) {
        guard row < rows - 1 else { return }
        wattrset(win, Int32(highlighted ? rc_A_REVERSE() : rc_A_NORMAL()))
        if paneColumn > 0 {
            // Only the list's half: cut to it, padded so the bar is even.
            var text = "", cells = 0
            for ch in line(top + row) {
                let w = (ch.unicodeScalars.first?.value ?? 0) >= 0x1100 ? 2 : 1
                if cells + w > paneColumn - 1 { break }
                text.append(ch); cells += w
            }
            _ = mvwaddstr(win, Int32(row), 0, text + String(repeating: " ", count: paneColumn - 1 - cells))
        } else {
            wmove(win, Int32(row), 0); wclrtoeol(win)
            _ = mvwaddstr(win, Int32(row), 0, line(top + row))
        }
        wattrset(win, Int32(rc_A_NORMAL()))
    }

    /// The detail pane: the highlighted item's lines, the rest of the pane blank.
    func drawDetail() {
        guard paneColumn > 0 else { return }
        let lines = detail(top + selected)
        for r in 0..<(rows - 1) {
            wmove(win, Int32(r), Int32(paneColumn)); wclrtoeol(win)
            if r < lines.count { _ = mvwaddstr(win, Int32(r), Int32(paneColumn), lines[r]) }
        }
    }

    func drawAll() {
        for r in 0..<(rows - 1) { draw(r, highlighted: r == selected) }
        drawDetail()
        _ = mvwaddstr(win, Int32(rows - 1), 0, "floor  j/k move  PgDn page  q quit")
        wrefresh(win)
    }

    mutating func move(_ by: Int) {
        let next = selected + by
        guard next >= 0, next < rows - 1 else { return }
        draw(selected, highlighted: false); selected = next; draw(selected, highlighted: true)
        drawDetail()
        wrefresh(win)
    }
}

let withDetail = CommandLine.arguments.dropFirst().contains("--detail")
let columns = Int(rc_cols(win))
detailWidth = max(10, columns - columns / 2 - 1)
var floor = Floor(win: win, paneColumn: withDetail ? columns / 2 + 1 : 0)
floor.drawAll()
while true {
    var ch: wint_t = 0
    let r = wget_wch(win, &ch)
    if r == ERR { continue }
    if r == KEY_CODE_YES {
        if ch == KEY_NPAGE { floor.top += floor.rows - 1; floor.drawAll() }
        else if ch == KEY_RESIZE { floor.drawAll() }
        continue
    }
    switch ch {
    case wint_t(UInt8(ascii: "q")): endwin(); exit(0)
    case wint_t(UInt8(ascii: "j")): floor.move(1)
    case wint_t(UInt8(ascii: "k")): floor.move(-1)
    default: break
    }
}

/// The standard screen, which Swift 6 cannot read as a global: `newterm` made it current.
func initscr_window() -> UnsafeMutablePointer<WINDOW>? { newwin(0, 0, 0, 0) }
