// riverchief-floor: the least an ncurses program can do for the dashboard's job: draw one screen
// of text (Chinese and ASCII), keep one row highlighted, move it with `j`/`k`, show the next
// screenful with PgDn, quit with `q`. With `--detail`, the list takes the left half and a detail
// pane on the right shows the highlighted row's item (a few fields and a paragraph of its text,
// wrapped), redrawn at once on every move. With `--items FILE` (a JSON array of {"row": the list's
// line, "pane": the pane's lines}), the list and the pane show those instead: riverchief-bench
// gives the rows the dashboard's tree shows and the characters of the dashboard's own pane for
// each (`FloorItems`), so a cursor move in the floor redraws the pane with the same text. riverchief-bench runs it through the same
// pty as the dashboard, so the dashboard's bytes and times are read as ratios to this floor.
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

/// The rows and panes of `--items FILE`, when given.
struct Row: Decodable {
    var row: String
    var pane: [String]
}
nonisolated(unsafe) var given: [Row]? = nil

/// One line of text per row: a task number, a Chinese title and a unit, as the dashboard lists.
func line(_ n: Int) -> String {
    if let given { return n < given.count ? given[n].row : "" }
    let titles = ["加强黄河干流堤防建设", "推进河道采砂管理", "落实水土保持", "强化入河排污口整治", "开展湿地保护修复"]
    let units = ["市水利局", "市生态环境局", "市河长办", "市林业局"]
    return String(format: "%6d  ", n) + titles[n % titles.count] + "  " + units[n % units.count] + "  推进中"
}

/// Item n's detail: its fields, then its text (sentences that differ from one item to the next,
/// as the speech's do), as the dashboard's detail pane shows a task.
func detail(_ n: Int) -> [String] {
    // Given lines are the dashboard's own, already cut to the pane.
    if let given { return n < given.count ? given[n].pane : [] }
    let objects = ["黄河干流堤防建设", "河道采砂管理", "水土保持", "入河排污口整治", "湿地保护修复", "河湖“四乱”清理整治", "生态流量保障"]
    let measures = ["定期召开联席会议,研究解决重大问题", "建立健全工作台账,逐项明确责任单位和完成时限", "加大执法检查力度,依法严厉打击违法行为",
                    "强化督导考核,对工作不力的严肃问责", "统筹推进项目建设,确保按期完成", "做好宣传引导,营造全社会共同参与的良好氛围"]
    let units = ["市水利局", "市生态环境局", "市河长办", "市林业局"]
    var text = "要把" + objects[n % objects.count] + "作为重点,"
    for k in 0..<(2 + n % 3) { text += measures[(n + k * 5) % measures.count] + (k % 2 == 0 ? ";" : "。") }
    return ["编号    m001.t.\(n)", "类型    任务", "牵头    " + units[n % units.count], "配合    " + units[(n + 1) % units.count],
            "状态    推进中  进度 \(n % 100)%", "", "原文"] + wrap(text)
}

/// The cells `ch` takes, as the terminal's locale says (wcwidth; a CJK character takes two).
func cellWidth(_ ch: Character) -> Int {
    guard let scalar = ch.unicodeScalars.first else { return 0 }
    return max(0, Int(wcwidth(wchar_t(scalar.value))))
}

/// `s` in lines of at most `width` cells (a CJK character takes two).
nonisolated(unsafe) var detailWidth = 0
func wrap(_ s: String) -> [String] {
    var lines: [String] = [], line = "", cells = 0
    for ch in s {
        let w = cellWidth(ch)
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
    /// Screen rows left blank above the list and the pane (`--chrome N`: the dashboard's header).
    let chrome: Int
    var top = 0, selected = 0
    var lines: Int { Int(rc_lines(win)) }
    /// The list's rows (and the pane's): the screen less the chrome and the last line.
    var rows: Int { max(1, lines - 1 - chrome) }

    func draw(_ row: Int, highlighted: Bool) {
        guard row < rows else { return }
        let y = Int32(chrome + row)
        wattrset(win, Int32(highlighted ? rc_A_REVERSE() : rc_A_NORMAL()))
        if paneColumn > 0 {
            // Only the list's half: cut to it, padded so the bar is even.
            var text = "", cells = 0
            for ch in line(top + row) {
                let w = cellWidth(ch)
                if cells + w > paneColumn - 1 { break }
                text.append(ch); cells += w
            }
            _ = mvwaddstr(win, y, 0, text + String(repeating: " ", count: paneColumn - 1 - cells))
        } else {
            wmove(win, y, 0); wclrtoeol(win)
            _ = mvwaddstr(win, y, 0, line(top + row))
        }
        wattrset(win, Int32(rc_A_NORMAL()))
    }

    /// The detail pane: the highlighted item's lines, the rest of the pane blank.
    func drawDetail() {
        guard paneColumn > 0 else { return }
        let lines = detail(top + selected)
        for r in 0..<rows {
            let y = Int32(chrome + r)
            wmove(win, y, Int32(paneColumn)); wclrtoeol(win)
            if r < lines.count { _ = mvwaddstr(win, y, Int32(paneColumn), lines[r]) }
        }
    }

    func drawAll() {
        for r in 0..<rows { draw(r, highlighted: r == selected) }
        drawDetail()
        _ = mvwaddstr(win, Int32(lines - 1), 0, "floor  j/k move  PgDn page  q quit")
        wrefresh(win)
    }

    mutating func move(_ by: Int) {
        let next = selected + by
        guard next >= 0, next < rows else { return }
        draw(selected, highlighted: false); selected = next; draw(selected, highlighted: true)
        drawDetail()
        wrefresh(win)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if let k = arguments.firstIndex(of: "--items") {
    guard k + 1 < arguments.count, let data = FileManager.default.contents(atPath: arguments[k + 1]),
          let rows = try? JSONDecoder().decode([Row].self, from: data) else {
        endwin()
        FileHandle.standardError.write(Data("riverchief-floor: --items needs a readable JSON array of {row, pane}\n".utf8))
        exit(1)
    }
    given = rows
}
let withDetail = arguments.contains("--detail")
let chrome = arguments.firstIndex(of: "--chrome").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil } ?? 0
let columns = Int(rc_cols(win))
// `--pane-column N`: where the pane starts (the dashboard's side pane's column); else half-way.
let paneColumn = arguments.firstIndex(of: "--pane-column").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
    .map { min(max(2, $0), columns - 10) } ?? columns / 2 + 1
detailWidth = max(10, columns - paneColumn)
var floor = Floor(win: win, paneColumn: withDetail ? paneColumn : 0, chrome: max(0, chrome))
floor.drawAll()
while true {
    var ch: wint_t = 0
    let r = wget_wch(win, &ch)
    if r == ERR { continue }
    if r == KEY_CODE_YES {
        if ch == KEY_NPAGE { floor.top += floor.rows; floor.drawAll() }
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
