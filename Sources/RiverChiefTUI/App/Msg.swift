import RiverChiefCore
import RiverChiefStore

/// Everything that can happen to the dashboard. The runtime turns terminal input, timers and the
/// results of effects into messages; `update` is the only place state changes.
public enum Msg: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// The clock: today's date (yyyy-MM-dd), for overdue.
    case tick(today: String)
    /// The search indexes, built off the input path after start-up.
    case searchReady(SearchIndexes)
    /// A snapshot of every item's state (from the state store).
    case statesLoaded([String: ItemState])
    /// Items' states changed in other sessions (one poll's worth, applied as one batch).
    case statesChanged([String: ItemState])
    /// This dashboard's change was recorded (the store's answer to `Effect.write`).
    case written(WriteResult)
    /// This account's last change was undone (the answer to `Effect.undo`).
    case undone(WriteResult)
    /// What an undo would revert (the answer to `Effect.previewUndo`): its events, or why they
    /// could not be read.
    case undoPreviewed(events: [StateEvent]?, error: String?)
    /// A write or an undo was refused or failed; nothing was written. `itemID` is the item written
    /// to (nil for an undo); `error` is the store's reason when it gave one.
    case writeFailed(itemID: String?, error: StoreError?, text: String)
    /// One item's history (the answer to `Effect.loadHistory`), or why it could not be read.
    case historyLoaded(itemID: String, events: [StateEvent]?, error: String?)
    /// When each item's newest progress report was filed (the answer to `Effect.loadReportTimes`).
    case reportTimesLoaded([String: Int64])
    /// The reports panel's figures (the answer to `Effect.loadReports`), or why they could not be read.
    case reportsLoaded(ReportSummary?, error: String?)
    /// A message to show in the status line (an effect's failure, a notice).
    case notice(String)
    /// No key for a moment: the detail pane catches up with the cursor, and +/- presses not yet
    /// recorded are recorded as one change (the runtime waits `Runtime.progressRestDelay` for those).
    case keysRested
}

/// Work `update` asks the runtime to do; results come back as messages.
public enum Effect: Equatable, Sendable {
    case quit
    case setMouse(Bool)
    /// Clear the terminal and draw everything again.
    case redrawAll
    /// Build the search indexes (answered by `Msg.searchReady`).
    case buildSearchIndexes
    /// Ask the store for a fresh snapshot (answered by `Msg.statesLoaded`).
    case loadStates
    /// Record a change to an item, refused if an event after `base` changed a field it overwrites (`base`: the one the user
    /// saw when the change was begun). Answered by `Msg.written` or `Msg.writeFailed`.
    case write(id: String, change: Change, base: Int64?)
    /// Undo this account's last change, or the change `batch` (the one the person was shown);
    /// answered by `Msg.undone` or `Msg.writeFailed`.
    case undo(batch: Int64?)
    /// Look up what an undo would revert (answered by `Msg.undoPreviewed`).
    case previewUndo
    /// Read one item's history (answered by `Msg.historyLoaded`).
    case loadHistory(id: String)
    /// Record in the store that the role refused a change the person began on `id` (no answer).
    case recordRefusal(id: String, attempted: String)
    /// Read when each item's newest progress report was filed (answered by `Msg.reportTimesLoaded`).
    case loadReportTimes
    /// Build the reports panel's figures from the store (answered by `Msg.reportsLoaded`).
    case loadReports
    /// Write a report to a file in the current folder (answered by a `Msg.notice` saying where).
    case exportReport(ReportKind, ReportFormat)
}

/// The search indexes of the three searchable lists (built once per library).
public struct SearchIndexes: Sendable {
    /// Titles of the outline's nodes (a task's with the titles of the targets it serves), by node.
    public let nodes: SearchIndex
    /// Unit names (with short names), by unit position.
    public let units: SearchIndex
    /// Target titles, by target position.
    public let targets: SearchIndex

    public init(library: Library, outline: Outline) {
        let table = PinyinTable()
        // Each node's text made when the index reads it, not all 100,000 held at once; the index
        // is sized from the text's pieces, so each text is made once.
        nodes = SearchIndex(count: outline.count, table: table, size: { n in
            var size = SearchIndex.Size()
            Self.nodeText(n, library: library, outline: outline) { size.add($0) }
            return size
        }) { n -> String in
            var text = ""
            Self.nodeText(n, library: library, outline: outline) { text += $0 }
            return text
        }
        units = SearchIndex(library.units.map { u in u.shortName.map { u.name + " " + $0 } ?? u.name }, table: table)
        targets = SearchIndex(library.targets.map(\.title), table: table)
    }

    /// The searchable text of outline node `n`, in pieces: a speech's title; an item's marker and
    /// title, then the titles of the targets it serves, " / " between them. A task is also found
    /// by the targets it serves (生态流量 finds the tasks that serve 确保生态流量); the detail
    /// pane lists them.
    static func nodeText(_ n: Int, library: Library, outline: Outline, _ piece: (String) -> Void) {
        switch outline.refs[n] {
        case .model(let m): piece(library.models[m].meeting.title)
        case .item(let i):
            let it = library.items[i]
            if let marker = it.marker { piece(marker); piece(" ") }
            piece(it.title)
            for t in it.targetIDs {
                guard let title = library.target(t)?.title else { continue }
                piece(" / ")
                piece(title)
            }
        }
    }
}
