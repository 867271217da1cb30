/// Every action the dashboard can take, once: its keys, its label and help text in Chinese and
/// English. The key map (`Keymap`), the help overlay (`?`) and docs/keymap.md are all generated
/// from this table, so they cannot disagree.
public enum Action: String, CaseIterable, Sendable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case collapse, expand, toggle, nextPane, previousPane
    case viewTree, viewUnits, viewTargets, viewStatus
    case search, nextMatch, previousMatch, filter, clearFilter
    case setStatus, markInProgress, markDone, markBlocked, setProgress, progressUp, progressDown
    case setDeadline, addNote, undo, history, drafts, recentChanges, setMyUnit, sortByDeadline
    case help, messages, toggleMouse, redraw, cancel, quit
    case promptAccept, promptCancel, promptDelete
    case formSave, formCancel, formNextField, formPreviousField, formLineUp, formLineDown, formNewline
    case formLeft, formRight, formStart, formEnd
    case formDeleteBackward, formDeleteForward, formClearToStart
    case confirmAccept, confirmCancel
    case draftOpen, draftDiscard
    case reports, reportSwitch, exportMarkdown, exportCSV, exportHTML, exportJSON, reportScrollUp, reportScrollDown, reportClose

    /// Where an action's keys work.
    public enum Context: String, Sendable, CaseIterable {
        /// Browsing any view.
        case browse
        /// Typing in the search or filter prompt.
        case prompt
        /// Typing in a form: progress, deadline, a progress report.
        case form
        /// Answering a question (undo this change?).
        case confirm
        /// In the list of unsaved report drafts (`D`).
        case drafts
        /// The reports panel (R).
        case reports
    }

    /// The group the help lists it under.
    public enum Group: Int, CaseIterable, Sendable {
        case move, views, find, edit, other, prompt, form, confirm, drafts, reports

        public func title(_ lang: Lang) -> String {
            switch self {
            case .move: return lang.pick("移动", "Moving")
            case .views: return lang.pick("视图", "Views")
            case .find: return lang.pick("查找与筛选", "Search and filter")
            case .other: return lang.pick("其他", "Other")
            case .edit: return lang.pick("记录进展(所选任务)", "Recording progress (the selected task)")
            case .prompt: return lang.pick("输入框(搜索、筛选)", "In the search and filter prompts")
            case .form: return lang.pick("填写(进度、截止日期、反馈)", "In a form (progress, deadline, progress report)")
            case .confirm: return lang.pick("确认(撤销前)", "Answering a question (before an undo)")
            case .drafts: return lang.pick("草稿列表(D)", "In the list of drafts (D)")
            case .reports: return lang.pick("报表面板(R)", "In the reports panel (R)")
            }
        }
    }

    public var context: Context {
        switch group {
        case .prompt: return .prompt
        case .form: return .form
        case .confirm: return .confirm
        case .drafts: return .drafts
        case .reports: return .reports
        default: return .browse
        }
    }

    public var group: Group {
        switch self {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom, .collapse, .expand, .toggle: return .move
        case .nextPane, .previousPane, .viewTree, .viewUnits, .viewTargets, .viewStatus, .reports: return .views
        case .search, .nextMatch, .previousMatch, .filter, .clearFilter, .sortByDeadline: return .find
        case .setStatus, .markInProgress, .markDone, .markBlocked, .setProgress, .progressUp, .progressDown,
             .setDeadline, .addNote, .undo, .history, .drafts, .recentChanges, .setMyUnit: return .edit
        case .help, .messages, .toggleMouse, .redraw, .cancel, .quit: return .other
        case .promptAccept, .promptCancel, .promptDelete: return .prompt
        case .formSave, .formCancel, .formNextField, .formPreviousField, .formLineUp, .formLineDown, .formNewline,
             .formLeft, .formRight, .formStart, .formEnd,
             .formDeleteBackward, .formDeleteForward, .formClearToStart: return .form
        case .confirmAccept, .confirmCancel: return .confirm
        case .draftOpen, .draftDiscard: return .drafts
        case .reportSwitch, .exportMarkdown, .exportCSV, .exportHTML, .exportJSON, .reportScrollUp, .reportScrollDown,
             .reportClose: return .reports
        }
    }

    /// The keys bound to the action, the first one shown in hints.
    public var keys: [Key] {
        switch self {
        case .moveUp: return [.up, .char("k")]
        case .moveDown: return [.down, .char("j")]
        case .pageUp: return [.pageUp, .ctrl("b")]
        case .pageDown: return [.pageDown, .ctrl("f")]
        case .top: return [.home, .char("g")]
        case .bottom: return [.end, .char("G")]
        case .collapse: return [.left, .char("h")]
        case .expand: return [.right, .char("l")]
        case .toggle: return [.enter, .char(" ")]
        case .nextPane: return [.tab]
        case .previousPane: return [.backTab]
        case .viewTree: return [.char("1")]
        case .viewUnits: return [.char("2")]
        case .viewTargets: return [.char("3")]
        case .viewStatus: return [.char("4")]
        case .search: return [.char("/")]
        case .nextMatch: return [.char("n")]
        case .previousMatch: return [.char("N")]
        case .filter: return [.char("f")]
        case .clearFilter: return [.char("F")]
        case .setStatus: return [.char("s")]
        case .markInProgress: return [.char("w")]
        case .markDone: return [.char("x")]
        case .markBlocked: return [.char("b")]
        case .setProgress: return [.char("p")]
        case .progressUp: return [.char("+"), .char("=")]
        case .progressDown: return [.char("-")]
        case .setDeadline: return [.char("d")]
        case .addNote: return [.char("a")]
        case .undo: return [.char("u")]
        case .history: return [.char("H")]
        case .drafts: return [.char("D")]
        case .recentChanges: return [.char("C")]
        case .setMyUnit: return [.char("U")]
        case .sortByDeadline: return [.char("o")]
        case .help: return [.char("?"), .function(1)]
        case .messages: return [.char("m")]
        case .toggleMouse: return [.char("M")]
        case .redraw: return [.ctrl("l")]
        case .cancel: return [.escape]
        case .quit: return [.char("q"), .ctrl("c")]
        case .promptAccept: return [.enter]
        case .promptCancel: return [.escape, .ctrl("c")]
        case .promptDelete: return [.backspace]
        case .formSave: return [.enter]
        case .formCancel: return [.escape, .ctrl("c")]
        case .formNextField: return [.tab]
        case .formPreviousField: return [.backTab]
        case .formLineUp: return [.up]
        case .formLineDown: return [.down]
        case .formNewline: return [.ctrl("o")]
        case .formLeft: return [.left, .ctrl("b")]
        case .formRight: return [.right, .ctrl("f")]
        case .formStart: return [.home, .ctrl("a")]
        case .formEnd: return [.end, .ctrl("e")]
        case .formDeleteBackward: return [.backspace]
        case .formDeleteForward: return [.delete, .ctrl("d")]
        case .formClearToStart: return [.ctrl("u")]
        case .confirmAccept: return [.char("y"), .enter]
        case .confirmCancel: return [.char("n"), .escape]
        case .draftOpen: return [.enter]
        case .draftDiscard: return [.char("d"), .delete]
        case .reports: return [.char("R")]
        case .reportSwitch: return [.tab]
        case .exportMarkdown: return [.char("1")]
        case .exportCSV: return [.char("2")]
        case .exportHTML: return [.char("3")]
        case .exportJSON: return [.char("4")]
        case .reportScrollUp: return [.up, .char("k")]
        case .reportScrollDown: return [.down, .char("j")]
        case .reportClose: return [.escape, .char("q"), .ctrl("c")]
        }
    }

    /// A short label (for hints).
    public func label(_ lang: Lang) -> String {
        switch self {
        case .moveUp: return lang.pick("上移", "up")
        case .moveDown: return lang.pick("下移", "down")
        case .pageUp: return lang.pick("上一页", "page up")
        case .pageDown: return lang.pick("下一页", "page down")
        case .top: return lang.pick("到顶", "top")
        case .bottom: return lang.pick("到底", "bottom")
        case .collapse: return lang.pick("折叠/上一级", "collapse / parent")
        case .expand: return lang.pick("展开/下一级", "expand / child")
        case .toggle: return lang.pick("展开或折叠", "expand or collapse")
        case .nextPane: return lang.pick("切换窗格", "next pane")
        case .previousPane: return lang.pick("上一个窗格", "previous pane")
        case .viewTree: return lang.pick("目录", "tree")
        case .viewUnits: return lang.pick("单位", "units")
        case .viewTargets: return lang.pick("目标", "targets")
        case .viewStatus: return lang.pick("状态", "status")
        case .search: return lang.pick("搜索", "search")
        case .nextMatch: return lang.pick("下一个", "next match")
        case .previousMatch: return lang.pick("上一个", "previous match")
        case .filter: return lang.pick("筛选", "filter")
        case .clearFilter: return lang.pick("清除筛选", "clear filter")
        case .setStatus: return lang.pick("设状态", "set status")
        case .markInProgress: return lang.pick("推进中", "in progress")
        case .markDone: return lang.pick("已完成", "done")
        case .markBlocked: return lang.pick("受阻", "blocked")
        case .setProgress: return lang.pick("进度", "progress")
        case .progressUp: return lang.pick("进度+10", "progress +10")
        case .progressDown: return lang.pick("进度-10", "progress -10")
        case .setDeadline: return lang.pick("截止日期", "deadline")
        case .addNote: return lang.pick("写反馈", "report")
        case .undo: return lang.pick("撤销", "undo")
        case .history: return lang.pick("历史", "history")
        case .drafts: return lang.pick("草稿", "drafts")
        case .sortByDeadline: return lang.pick("状态视图各组和单位的任务按截止日期排序(近者在前),再按恢复讲话顺序",
                                               "Sort the status view's groups and a unit's tasks by the next deadline; again for the speech's order")
        case .recentChanges: return lang.pick("最近变化", "recent changes")
        case .setMyUnit: return lang.pick("设为我的单位", "my unit")
        case .sortByDeadline: return lang.pick("按截止日期排序", "sort by deadline")
        case .help: return lang.pick("帮助", "help")
        case .messages: return lang.pick("消息", "messages")
        case .toggleMouse: return lang.pick("鼠标开关", "mouse on/off")
        case .redraw: return lang.pick("重画", "redraw")
        case .cancel: return lang.pick("取消", "cancel")
        case .quit: return lang.pick("退出", "quit")
        case .promptAccept: return lang.pick("确定", "accept")
        case .promptCancel: return lang.pick("取消", "cancel")
        case .promptDelete: return lang.pick("删除一字", "delete a character")
        case .formSave: return lang.pick("保存", "save")
        case .formCancel: return lang.pick("取消", "cancel")
        case .formNextField: return lang.pick("下一栏", "next field")
        case .formPreviousField: return lang.pick("上一栏", "previous field")
        case .formLineUp: return lang.pick("上一行", "line up")
        case .formLineDown: return lang.pick("下一行", "line down")
        case .formNewline: return lang.pick("换行", "new line")
        case .formLeft: return lang.pick("左移一字", "left")
        case .formRight: return lang.pick("右移一字", "right")
        case .formStart: return lang.pick("到行首", "start")
        case .formEnd: return lang.pick("到行尾", "end")
        case .formDeleteBackward: return lang.pick("删除前一字", "delete before")
        case .formDeleteForward: return lang.pick("删除后一字", "delete after")
        case .formClearToStart: return lang.pick("删到行首", "delete to start")
        case .confirmAccept: return lang.pick("确定", "yes")
        case .confirmCancel: return lang.pick("取消", "no")
        case .draftOpen: return lang.pick("打开草稿", "open the draft")
        case .draftDiscard: return lang.pick("丢弃草稿", "discard the draft")
        case .reports: return lang.pick("报表", "reports")
        case .reportSwitch: return lang.pick("考核/台账", "scorecard / ledger")
        case .exportMarkdown: return lang.pick("写出 md", "write md")
        case .exportCSV: return lang.pick("写出 csv", "write csv")
        case .exportHTML: return lang.pick("写出 html", "write html")
        case .exportJSON: return lang.pick("写出 json", "write json")
        case .reportScrollUp: return lang.pick("上滚", "scroll up")
        case .reportScrollDown: return lang.pick("下滚", "scroll down")
        case .reportClose: return lang.pick("关闭", "close")
        }
    }

    /// One sentence of help.
    public func help(_ lang: Lang) -> String {
        switch self {
        case .moveUp: return lang.pick("光标上移一行", "Move the cursor up one row")
        case .moveDown: return lang.pick("光标下移一行", "Move the cursor down one row")
        case .pageUp: return lang.pick("向上翻一页", "Scroll up one page")
        case .pageDown: return lang.pick("向下翻一页", "Scroll down one page")
        case .top: return lang.pick("到第一行", "Go to the first row")
        case .bottom: return lang.pick("到最后一行", "Go to the last row")
        case .collapse: return lang.pick("折叠当前项,已折叠则到上一级;在列表视图回到左窗格",
                                         "Collapse the item, or go to its parent; in list views, the left pane")
        case .expand: return lang.pick("展开当前项,已展开则到第一个下级;在列表视图到右窗格",
                                       "Expand the item, or go to its first child; in list views, the right pane")
        case .toggle: return lang.pick("展开或折叠;在任务上转到右侧详情窗格;在单位、目标、状态视图中打开所选任务",
                                       "Expand or collapse; on a task, move to the detail pane; in the unit, target and status views, open the task in the tree")
        case .nextPane: return lang.pick("在列表和详情等窗格间切换", "Move between the list and the detail (or task) pane")
        case .previousPane: return lang.pick("切换到上一个窗格", "Move to the previous pane")
        case .viewTree: return lang.pick("讲话目录:部分、要点、任务", "The directive tree: sections, points, tasks")
        case .viewUnits: return lang.pick("单位视图:各单位牵头、配合、属地的任务", "Units: the tasks each unit leads, supports or answers for")
        case .viewTargets: return lang.pick("目标视图:各目标及其任务进展", "Targets: each target and how far its tasks are")
        case .viewStatus: return lang.pick("状态视图:按状态分组,逾期和滞后在前", "Status: tasks grouped by status, overdue and behind first")
        case .search: return lang.pick("搜索(汉字、全拼 shuitu、首字母 stbc)", "Search as you type (Chinese, pinyin shuitu, initials stbc)")
        case .nextMatch: return lang.pick("下一个搜索结果", "Next match")
        case .previousMatch: return lang.pick("上一个搜索结果", "Previous match")
        case .filter: return lang.pick("按单位、状态或部分筛选", "Filter by unit, status or section")
        case .clearFilter: return lang.pick("清除筛选", "Clear the filter")
        case .setStatus: return lang.pick("打开状态菜单(j/k 选择,Enter 确定;1–5 直接选:未启动、推进中、已完成、滞后、受阻;滞后、受阻先问原因)",
                                          "Open the status menu (j/k and Enter, or 1-5 at once: not started, in progress, done, behind, blocked; behind and blocked ask why)")
        case .markInProgress: return lang.pick("直接设为推进中", "Set the status to in progress at once")
        case .markDone: return lang.pick("直接设为已完成(进度随之为 100%)", "Set the status to done at once (progress becomes 100%)")
        case .markBlocked: return lang.pick("设为受阻(先问原因,记入历史)", "Set the status to blocked (asks why; the reason goes into the history)")
        case .setProgress: return lang.pick("输入进度(0–100)", "Type the progress (0-100)")
        case .progressUp: return lang.pick("进度加 10(连按只记一次,停按后保存)", "Add 10 to the progress (presses in a row are recorded once, when they stop)")
        case .progressDown: return lang.pick("进度减 10(连按只记一次,停按后保存)", "Take 10 off the progress (presses in a row are recorded once, when they stop)")
        case .setDeadline: return lang.pick("输入截止日期(2026-06-30 或 2026年6月30日;空白或“无”清除)",
                                            "Type the deadline (2026-06-30; empty or none clears it)")
        case .addNote: return lang.pick("写进展反馈:已完成工作、下一步、存在问题、需要支持(可输入中文)",
                                        "Write a progress report: work done, next steps, problems, support needed")
        case .undo: return lang.pick("撤销您这个账号最近的一次修改(任何任务):先显示要撤销什么、何时何处所改,y 确认",
                                     "Undo this account's most recent change (on any task): shows what, when and from where first; y confirms")
        case .history: return lang.pick("所选任务的修改历史:谁、何时、从何改为何、反馈", "The task's history: who, when, from and to, reports")
        case .drafts: return lang.pick("列出未保存的反馈草稿(列表中标 ✎ 的任务)", "List the unsaved report drafts (tasks marked ✎ in the lists)")
        case .sortByDeadline: return lang.pick("状态视图各组和单位的任务按截止日期排序(近者在前),再按恢复讲话顺序",
                                               "Sort the status view's groups and a unit's tasks by the next deadline; again for the speech's order")
        case .recentChanges: return lang.pick("列出同事最近的修改,最新在上;您上次查看后的标 •(看过即消)",
                                              "List colleagues' recent changes, newest first; those since you last looked are marked • until seen")
        case .setMyUnit: return lang.pick("在单位视图中:把所选单位设为我的单位(启动时先显示其任务;再按取消)",
                                          "In the unit view: make the selected unit my unit (the dashboard opens on its tasks; again to unset)")
        case .help: return lang.pick("显示或关闭本帮助", "Show or close this help")
        case .messages: return lang.pick("显示最近的消息全文(状态栏放不下的也能读完)", "Show the last messages in full (what the status line cut short)")
        case .toggleMouse: return lang.pick("打开或关闭鼠标(打开后终端无法直接选中文字)",
                                            "Switch the mouse on or off (when on, the terminal cannot select text)")
        case .redraw: return lang.pick("重画整个屏幕", "Redraw the whole screen")
        case .cancel: return lang.pick("清除消息和搜索高亮,关闭弹出层", "Clear the message and search highlight; close an overlay")
        case .quit: return lang.pick("退出(恢复终端)", "Quit (the terminal is restored)")
        case .promptAccept: return lang.pick("确定并关闭输入框", "Accept and close the prompt")
        case .promptCancel: return lang.pick("取消并回到原处", "Cancel and go back where you were")
        case .promptDelete: return lang.pick("删除最后一个字", "Delete the last character")
        case .formSave: return lang.pick("保存并关闭", "Save and close")
        case .formCancel: return lang.pick("关闭;未保存的反馈留作草稿,再按 a 继续", "Close; an unsaved report is kept as a draft (a reopens it)")
        case .formNextField: return lang.pick("到下一栏", "Go to the next field")
        case .formPreviousField: return lang.pick("到上一栏", "Go to the previous field")
        case .formLineUp: return lang.pick("到本栏上一行;在第一行时到上一栏", "Up a line in the field; from its first line, the previous field")
        case .formLineDown: return lang.pick("到本栏下一行;在最后一行时到下一栏", "Down a line in the field; from its last line, the next field")
        case .formNewline: return lang.pick("在反馈中另起一行", "Start a new line in a report")
        case .formLeft: return lang.pick("光标左移一个字", "Move the cursor one character left")
        case .formRight: return lang.pick("光标右移一个字", "Move the cursor one character right")
        case .formStart: return lang.pick("光标到本行开头", "Move the cursor to the start of the line")
        case .formEnd: return lang.pick("光标到本行末尾", "Move the cursor to the end of the line")
        case .formDeleteBackward: return lang.pick("删除光标前的一个字(整字)", "Delete the character before the cursor (a whole character)")
        case .formDeleteForward: return lang.pick("删除光标处的一个字", "Delete the character at the cursor")
        case .formClearToStart: return lang.pick("删除光标前的全部文字", "Delete everything before the cursor")
        case .confirmAccept: return lang.pick("照所示去做(撤销)", "Do what is shown (undo)")
        case .confirmCancel: return lang.pick("不做;任何其他键也取消", "Do nothing; any other key also cancels")
        case .draftOpen: return lang.pick("到该任务并打开草稿继续写", "Go to the task and open the draft to go on writing")
        case .draftDiscard: return lang.pick("丢弃所选草稿(再按 Esc 关闭列表)", "Discard the selected draft (Esc closes the list)")
        case .reports: return lang.pick("报表面板:各牵头单位考核(得分、等次)与台账汇总,可写出为文件",
                                        "Reports: the unit scorecard (score, grade) and the ledger's summary, which can be written to a file")
        case .reportSwitch: return lang.pick("在考核与台账之间切换", "Switch between the scorecard and the ledger")
        case .exportMarkdown: return lang.pick("把所示报表写成 Markdown 文件(当前目录),状态栏显示路径",
                                               "Write the report shown as Markdown (in the current folder); the status line says where")
        case .exportCSV: return lang.pick("写成 CSV(UTF-8 带 BOM,Excel/WPS 可直接打开)", "Write it as CSV (UTF-8 with a BOM, for Excel and WPS)")
        case .exportHTML: return lang.pick("写成 HTML(单个文件,可打印 A4)", "Write it as one HTML page (prints on A4)")
        case .exportJSON: return lang.pick("写成 JSON", "Write it as JSON")
        case .reportScrollUp: return lang.pick("向上滚动", "Scroll up")
        case .reportScrollDown: return lang.pick("向下滚动", "Scroll down")
        case .reportClose: return lang.pick("关闭报表面板", "Close the reports panel")
        }
    }
}

/// The interface language.
public enum Lang: String, Sendable, CaseIterable {
    case zh, en

    /// Chinese when LC_ALL, LC_MESSAGES or LANG (the first one set) starts with "zh"; English otherwise.
    public static func fromEnvironment(_ env: [String: String]) -> Lang {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = env[name], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }

    /// The Chinese or the English text.
    @inlinable
    public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}
