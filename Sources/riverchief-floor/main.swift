// riverchief-floor: the least an ncurses program can do for the dashboard's job: draw one screen
// of text (Chinese and ASCII), keep one row highlighted, move it with `j`/`k`, show the next
// screenful with PgDn, quit with `q`. riverchief-bench runs it through the same pty as the
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

/// The floor's whole state: the first line shown and the highlighted row.
struct Floor {
    let win: UnsafeMutablePointer<WINDOW>
    var top = 0, selected = 0
    var rows: Int { Int(rc_lines(win)) }

    func draw(_ row: Int, highlighted: Bool) {
        guard row < rows - 1 else { return }
        wattrset(win, Int32(highlighted ? rc_A_REVERSE() : rc_A_NORMAL()))
        wmove(win, Int32(row), 0); wclrtoeol(win)
        _ = mvwaddstr(win, Int32(row), 0, line(top + row))
        wattrset(win, Int32(rc_A_NORMAL()))
    }

    func drawAll() {
        for r in 0..<(rows - 1) { draw(r, highlighted: r == selected) }
        _ = mvwaddstr(win, Int32(rows - 1), 0, "floor  j/k move  PgDn page  q quit")
        wrefresh(win)
    }

    mutating func move(_ by: Int) {
        let next = selected + by
        guard next >= 0, next < rows - 1 else { return }
        draw(selected, highlighted: false); selected = next; draw(selected, highlighted: true); wrefresh(win)
    }
}

var floor = Floor(win: win)
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
