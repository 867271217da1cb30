import RiverChiefCore
import RiverChiefStore

/// The four views (keys 1–4).
public enum ViewID: Int, CaseIterable, Sendable {
    case tree, units, targets, status

    public func title(_ lang: Lang) -> String {
        switch self {
        case .tree: return lang.pick("目录", "Tree")
        case .units: return lang.pick("单位", "Units")
        case .targets: return lang.pick("目标", "Targets")
        case .status: return lang.pick("状态", "Status")
        }
    }
}

/// The pane that has the keyboard: the view's main list, or the side pane (detail or tasks).
public enum Pane: Sendable, Equatable { case main, side }

/// What the keyboard is doing now (ncdu's explicit modes).
public enum Mode: Sendable, Equatable {
    case browse
    /// Typing a search; `origin` is the row the search started from (Esc goes back there).
    case search(query: String, origin: Int)
    case help(scroll: Int)
    case filter(FilterPicker)
    /// Choosing a status for a task (`s`).
    case statusMenu(StatusMenu)
    /// Typing progress, a deadline or a progress report.
    case form(EditForm)
    /// A task's history (`H`).
    case history(HistoryPanel)
    /// The last messages, whole (`m`); the number is the scroll.
    case messages(scroll: Int)
    /// Undo asked for: what it would undo, asking before it does (`u`).
    case confirmUndo(UndoPreview)
    /// The unsaved report drafts (`D`); the number is the selected row.
    case drafts(cursor: Int)
    /// Colleagues' recent changes (`C`); the number is the selected row.
    case changes(cursor: Int)
    /// The reports panel: scorecard or ledger summary, and export keys.
    case reports(ReportsPanel)
}

/// What the detail pane is about: a node of the tree (a speech or an item), or an item.
public enum DetailSubject: Sendable, Equatable {
    case node(Int)
    case item(Int)
}

/// A filter on the tree and status views.
public enum Filter: Sendable, Equatable {
    case unit(String)
    case standing(Standing)
    /// A section (or speech) node of the outline.
    case section(Int)
}

/// The filter prompt: the choices matching what was typed, and the selection among them.
public struct FilterPicker: Sendable, Equatable {
    public var query: String = ""
    /// Positions in `AppState.filterChoices` matching the query.
    public var shown: [Int32]
    public var cursor = ListCursor()
}

/// The one state value of the dashboard. Only `update` changes it; views only read it.
public struct AppState: Sendable {
    public let library: Library
    public let outline: Outline
    public var settings: Settings
    public var size: Size

    public var states: ItemStates
    public var today: String
    public private(set) var book: StatusBook

    public var view: ViewID = .tree
    public var focus: Pane = .main
    public var mode: Mode = .browse

    public var tree: TreeRows
    public var treeCursor = ListCursor()
    public var unitCursor = ListCursor()
    public var unitTasksCursor = ListCursor()
    public var targetCursor = ListCursor()
    public var targetTasksCursor = ListCursor()
    public var statusCursor = ListCursor()
    /// Lines the detail pane is scrolled by.
    public var detailScroll = 0
    /// While the cursor runs down a list (a key held, a burst of j), the detail pane keeps showing
    /// this until the keys rest (`Msg.keysRested`): each step then repaints two rows, not the pane.
    public var detailHeld: DetailSubject?
    /// Whether the detail pane waits for the keys to rest (the runtime of a real terminal turns it on).
    public var holdsDetail = false

    public var indexes: SearchIndexes?
    var incremental: IncrementalSearch?
    /// The last search: its query, the view it ran in, and the matches (positions in that view's
    /// corpus: nodes for the tree and status views, units, targets), ascending.
    public var lastQuery = ""
    public var matchView: ViewID = .tree
    public var matches: [Int32] = []

    public var filter: Filter?
    /// The tasks of the status view, grouped by standing (and filtered).
    public private(set) var statusRows = SegmentedList.empty
    /// Every choice of the filter prompt (built on first use).
    public var filterChoices: [Filter] = []
    var filterIndex: SearchIndex?

    /// The status line's message. Each new one is kept in `messageLog` too, so `m` shows it whole.
    public var message: String? {
        didSet {
            guard let m = message, m != oldValue else { return }
            messageLog.append(m)
            if messageLog.count > AppState.messageLogLimit { messageLog.removeFirst(messageLog.count - AppState.messageLogLimit) }
        }
    }
    /// The last messages, oldest first (at most `messageLogLimit`).
    public private(set) var messageLog: [String] = []
    public static let messageLogLimit = 50
    public var quitting = false

    /// Changes refused because a colleague changed the same field first, by item id: what the
    /// person chose (a status, a progress, a deadline, a reason), offered again by the same key so
    /// they can confirm it after looking.
    public var refused: [String: RefusedChange] = [:]
    /// The last change sent to the store for each item, until its answer arrives (kept as
    /// `refused` when it is refused).
    var inFlight: [String: Change] = [:]
    /// +/- presses not yet recorded: one change once the presses rest (`Msg.keysRested`).
    public var pendingProgress: PendingProgress?
    /// This person's unit (an id): the dashboard opens on its tasks; `U` in the unit view sets it.
    public var myUnit: String?
    /// Items changed by colleagues since this person last looked, until the detail pane shows them.
    public var unseen: ItemMarks
    /// The newest event id the person's last dashboard showed (their settings file).
    public var lastLooked: Int64?
    /// The status view's groups and a unit's tasks sorted by the next deadline (`o`), not by
    /// their place in the speech.
    public var sortByDeadline = false

    /// Whether changes can be recorded (nil: not told, as in tests without a store).
    public var storeAccess: StoreAccess?
    /// The role of the configuration and what it may change (nil: no roles apply).
    public var rights: EditRights?
    /// Progress reports begun and not yet recorded, by item id: kept when a form is closed or a
    /// write is refused, so nothing typed is lost; `a` opens them again.
    public var drafts: [String: [String]] = [:]
    /// When each item's newest progress report was filed (Unix ms), for 未报送; nil until read.
    public var reportTimes: [String: Int64]?
    /// Tasks not done with no report in the current reporting period (nil until the times are read).
    public var notReportedCount: Int?
    /// The first screen of a large library, drawn from its speeches' meetings while the whole
    /// library loads (`Dashboard`): no item, count or light is known yet, and the views say so
    /// instead of showing zeros.
    public var starting = false

    /// The state of a freshly opened dashboard: the tree with sections (and speeches) expanded.
    /// `outline`, when given, was built from `library` ahead (the dashboard builds it while it
    /// waits for the states).
    public init(library: Library, settings: Settings, size: Size, states: [String: ItemState] = [:], today: String,
                outline prebuilt: Outline? = nil) {
        self.library = library
        let outline = prebuilt ?? Outline(library: library)
        self.outline = outline
        self.settings = settings
        self.size = size
        self.states = ItemStates(states, library: library)
        unseen = ItemMarks(items: library.items.count)
        self.today = today
        book = StatusBook(library: library, outline: outline, states: self.states, today: today, rules: settings.reportRules)
        // One speech: sections open, so points show. Many speeches: only the speech list.
        let depth = library.models.count > 1 ? 0 : (outline.count > 5000 ? 0 : 1)
        tree = TreeRows(outline: outline, expandedAbove: depth)
        rebuildStatusRows()
    }

    /// Recomputes everything derived from `states` and `today` (once per snapshot, never per key).
    mutating func rebuildBook() {
        book = StatusBook(library: library, outline: outline, states: states, today: today, rules: settings.reportRules)
        refreshAfterStates()
    }

    /// After the book changed: the status rows, and the whole filter when it filters by standing
    /// (which tasks it lets through changed too).
    mutating func refreshAfterStates() {
        if case .standing? = filter { applyFilterMask() } else { rebuildStatusRows() }
    }

    /// Some items' states changed: adjust the book in place for each (no pass over every item),
    /// then rebuild what depends on the groups once for the whole batch.
    /// The status view's selection stays on its task, which may move to another group.
    mutating func applyChanges(_ changed: [String: ItemState]) {
        let followed = view == .status ? statusRows.position(statusCursor.selected) : nil
        for (id, s) in changed {
            states[id] = s
            guard let i = library.itemIndex[id] else { continue }
            book.apply(item: i, state: s, library: library, outline: outline, today: today)
        }
        refreshAfterStates()
        if let i = followed, let row = statusRow(of: i) {
            statusCursor.select(row, count: statusRows.count, height: layout.mainListHeight)
        }
        clampCursors()
    }

    /// The tasks the filter lets through (nil: no filter).
    func filteredTasks() -> Set<Int>? {
        guard let f = filter else { return nil }
        switch f {
        case .unit(let u):
            return Set(library.leads(of: u)).union(library.supports(of: u)).union(library.territorial(of: u))
        case .standing(let s):
            return Set(book.groups[s.rawValue])
        case .section(let node):
            var out = Set<Int>()
            for n in node..<Int(outline.end[node]) {
                if let i = outline.item(n), library.items[i].kind == .task { out.insert(i) }
            }
            return out
        }
    }

    mutating func rebuildStatusRows() { rebuildStatusRows(keeping: filteredTasks()) }

    /// The status view's groups, only the tasks in `keep` (nil: all).
    mutating func rebuildStatusRows(keeping keep: Set<Int>?) {
        var segs: [SegmentedList.Segment] = []
        for s in Standing.allCases {
            var items = book.groups[s.rawValue]
            if let k = keep { items = items.filter { k.contains($0) } }
            if sortByDeadline { items = byDeadline(items) }
            if !items.isEmpty { segs.append(.init(tag: s.rawValue, items: items)) }
        }
        statusRows = SegmentedList(segs)
    }

    // MARK: What is selected

    /// The outline node under the tree cursor.
    public var selectedNode: Int? {
        guard tree.count > 0 else { return nil }
        return Int(tree.rows[min(treeCursor.selected, tree.count - 1)])
    }

    public var selectedUnit: Int? {
        library.units.isEmpty ? nil : min(unitCursor.selected, library.units.count - 1)
    }

    public var selectedTarget: Int? {
        library.targets.isEmpty ? nil : min(targetCursor.selected, library.targets.count - 1)
    }

    /// The tasks of the selected unit: leads, supports, answers for.
    public var unitTasks: SegmentedList {
        guard let u = selectedUnit else { return .empty }
        let order: (ArraySlice<Int32>) -> [Int] = { sortByDeadline ? byDeadline($0.map(Int.init)) : $0.map(Int.init) }
        return SegmentedList([
            .init(tag: 0, items: order(library.leads[u])),
            .init(tag: 1, items: order(library.supports[u])),
            .init(tag: 2, items: order(library.territorial[u])),
        ].filter { !$0.items.isEmpty })
    }

    /// `items` by the deadline in force, soonest first (yyyy-MM-dd sorts as text), those with
    /// none last; ties in the speech's order.
    func byDeadline(_ items: [Int]) -> [Int] {
        items.map { ($0, deadline(of: $0) ?? "9999") }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
    }

    /// The row of `item` in the status view (its groups may be sorted by deadline).
    func statusRow(of item: Int) -> Int? {
        sortByDeadline ? statusRows.rowByScanning(item) : statusRows.rowOfAscending(item)
    }

    /// The tasks serving the selected target.
    public var targetTasks: SegmentedList {
        guard let t = selectedTarget else { return .empty }
        return SegmentedList([.init(tag: 0, items: library.servedBy[t].map(Int.init), hasHeader: false)])
    }

    /// The item the detail pane shows: the selection of whichever list is in front.
    public var detailItem: Int? {
        switch view {
        case .tree: return selectedNode.flatMap { outline.item($0) }
        case .units: return focus == .side ? unitTasks.position(unitTasksCursor.selected) : nil
        case .targets: return focus == .side ? targetTasks.position(targetTasksCursor.selected) : nil
        case .status: return statusRows.position(statusCursor.selected)
        }
    }

    /// What the detail pane would show for the current selection.
    public var detailSubject: DetailSubject? {
        view == .tree ? selectedNode.map { .node($0) } : detailItem.map { .item($0) }
    }

    /// What the detail pane shows now: the held subject while keys run, else the selection's.
    public var shownDetail: DetailSubject? { detailHeld ?? detailSubject }

    /// The tasks with an unsaved report draft, in the library's order.
    public var draftItems: [Int] { drafts.keys.compactMap { library.itemIndex[$0] }.sorted() }

    /// The mark drawn after a task's status marker: ✎ (ASCII `*`) when it has an unsaved draft,
    /// else • (ASCII `+`) when a colleague changed it since this person last looked.
    public func draftMark(_ item: Int) -> String {
        if !drafts.isEmpty, drafts[library.items[item].id] != nil { return settings.asciiChrome ? "*" : "✎" }
        if unseen.contains(item) { return settings.asciiChrome ? "+" : "•" }
        return " "
    }

    /// The state of an item (initial when the store has none), with +/- presses not yet recorded.
    public func state(of item: Int) -> ItemState {
        var s = states[position: item] ?? .initial
        if let p = pendingProgress, p.item == item { s.progress = p.value }
        return s
    }

    /// The deadline in force: the store's, else the model's.
    public func deadline(of item: Int) -> String? { state(of: item).deadline ?? library.items[item].deadline }

    public var layout: Layout { Layout(state: self) }
}

/// A change the store refused because a colleague changed the same field first.
public struct RefusedChange: Sendable, Equatable {
    public var change: Change
    /// The item's last event as the refusal reported it: the base for confirming it again.
    public var base: Int64?
}

/// +/- presses on one task, recorded as one change when they rest.
public struct PendingProgress: Sendable, Equatable {
    public var item: Int
    /// The task's last event when the first press came.
    public var base: Int64?
    /// The progress before the first press, and now.
    public var from: Int
    public var value: Int
}

/// What `u` would undo, shown before it is done.
public struct UndoPreview: Sendable, Equatable {
    /// Nil while it is being looked up.
    public var events: [StateEvent]?
    public var error: String?
}
