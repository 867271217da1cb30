import Foundation
import RiverChiefCore
import RiverChiefStore

/// Messages produced off the main loop (background work), handed to it in order.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Msg] = []
    private var outstanding = 0

    func begin() { lock.lock(); outstanding += 1; lock.unlock() }
    func post(_ m: Msg) { lock.lock(); messages.append(m); outstanding -= 1; lock.unlock() }
    func drain() -> [Msg] {
        lock.lock()
        defer { lock.unlock() }
        let m = messages
        messages.removeAll()
        return m
    }
    var busy: Bool { lock.lock(); defer { lock.unlock() }; return outstanding > 0 || !messages.isEmpty }
}

/// The event loop: read input, turn it into messages, `update`, carry out effects, draw the frame
/// with `view`, diff it against the last one and send only the changed cells. A burst of input
/// (a paste, an input method committing a word, key repeat) is applied whole before one redraw.
public final class Runtime {
    public private(set) var state: AppState
    let backend: Backend
    let store: StoreHooks
    let inbox = Inbox()
    let writer = Writer()
    private var previous: Grid?
    private var running = true
    /// Whether the loop ended because the terminal went away.
    public private(set) var hungUp = false
    /// Whether the last look for colleagues' changes failed (said once, not every 0.4 s).
    private var pollFailing = false
    /// Today (yyyy-MM-dd) as the clock says.
    private let clock: () -> String

    /// `shown`: the frame already on the screen (the first screen drawn while the library
    /// loaded), so the first frame sends only what differs from it.
    public init(state: AppState, backend: Backend, store: StoreHooks = .none, shown: Grid? = nil,
                clock: @escaping () -> String = Runtime.localToday) {
        self.state = state
        self.backend = backend
        self.store = store
        self.clock = clock
        previous = shown
    }

    /// How long the keys must rest before the detail pane catches up with the cursor: longer than
    /// a key repeat's interval (30–40 ms), short enough to feel immediate.
    public static let restDelay: TimeInterval = 0.1

    /// How long the loop waits for a key while background work is under way: what it sends back
    /// (the states, the report times, a write's answer) is drawn at most this long after it
    /// arrives (at 30 ms the seed library's report times, read in a millisecond, came 30 ms after
    /// the first frame). Only while something is under way; idle, the loop waits far longer.
    static let resultWaitMilliseconds = 3

    /// How long +/- presses must rest before they are recorded as one change: longer than the
    /// gap between presses of a person stepping the progress up.
    public static let progressRestDelay: TimeInterval = 1.2

    /// How long the keys must rest before `Msg.keysRested` is due (nil: nothing waits for it).
    var restDelay: TimeInterval? {
        if state.detailHeld != nil { return Runtime.restDelay }
        if state.pendingProgress != nil { return Runtime.progressRestDelay }
        return nil
    }

    /// Today's date in the local time zone (the store's reading of it).
    public static func localToday() -> String { TimeText.localToday() }

    /// Looks once for colleagues' changes and applies them; true when something changed on screen.
    /// A failure (the database moved, its disk gone) is said in the status line the first time, so
    /// a dashboard that stops following its colleagues says so.
    func pollColleagues() -> Bool {
        guard let poll = store.pollChanges else { return false }
        do {
            let changed = try poll()
            var noticed = false
            if pollFailing {
                // The database is back (a server restarted, a network restored): say so once.
                dispatch(.notice(state.settings.t("已重新连接状态库,同事的更新已载入", "reconnected to the state database; colleagues' changes loaded")))
                noticed = true
            }
            pollFailing = false
            if let path = store.takeReplacement?() {
                let shown = Sanitize.forTerminal(path)
                dispatch(.notice(state.settings.t("状态库文件已被替换(恢复了备份?),已改读新文件并重新载入:\(shown)",
                                                  "the state database was replaced (a backup restored?); reading the new file, states reloaded: \(shown)")))
                noticed = true
            }
            guard !changed.isEmpty else { return noticed }
            dispatch(.statesChanged(changed))
            return true
        } catch {
            guard !pollFailing else { return false }
            pollFailing = true
            if case StoreError.vanished(let path)? = error as? StoreError {
                let shown = Sanitize.forTerminal(path)
                dispatch(.notice(state.settings.t("状态库文件已被移走或删除,放回之前无法记录:\(shown)",
                                                  "the state database was moved or deleted; nothing can be recorded until it is back: \(shown)")))
                return true
            }
            dispatch(.notice(state.settings.t("无法读取同事的更新:\(error)", "cannot read colleagues' changes: \(error)")))
            return true
        }
    }

    /// Runs until the user quits or a terminating signal arrives. `startup` effects run first.
    public func run(startup: [Effect] = [.buildSearchIndexes, .loadStates, .loadReportTimes]) {
        dispatch(.resize(backend.size))
        // The terminal was resized since the frame on it was drawn: all of it again.
        if previous?.size != state.size { previous = nil }
        render()
        for e in startup { execute(e) }
        var lastTick = Date()
        var lastPoll = Date()
        var lastInput = Date()
        while running {
            var wait = inbox.busy ? Runtime.resultWaitMilliseconds : (store.pollChanges == nil ? 1000 : 200)
            if let delay = restDelay {
                wait = min(wait, max(0, Int((delay - Date().timeIntervalSince(lastInput)) * 1000) + 1))
            }
            var handled = false
            if let event = backend.read(timeoutMilliseconds: wait) {
                lastInput = Date()
                // Take everything already waiting before drawing (bounded, so drawing still happens).
                var burst = [event]
                while burst.count < 4096, let more = backend.read(timeoutMilliseconds: 0) { burst.append(more) }
                feed(CursorReportFilter.strip(burst))
                handled = true
            }
            for m in inbox.drain() {
                dispatch(m)
                handled = true
            }
            if Signals.received != nil || backend.inputClosed {
                // A signal, or the terminal gone (hang-up, error, end of input; no SIGHUP need
                // arrive, e.g. under setsid): leave now. Queued writes drain below and the caller
                // keeps the drafts; waiting for keys would spin on a dead descriptor.
                hungUp = backend.inputClosed
                running = false
                break
            }
            if store.pollChanges != nil, Date().timeIntervalSince(lastPoll) >= StoreHooks.pollInterval {
                lastPoll = Date()
                if pollColleagues() { handled = true }
            }
            if let delay = restDelay, Date().timeIntervalSince(lastInput) >= delay {
                dispatch(.keysRested)
                handled = true
            }
            if Date().timeIntervalSince(lastTick) > 30 {
                lastTick = Date()
                dispatch(.tick(today: clock()))
                handled = true
            }
            if handled && running { render() }
        }
        // +/- presses not yet recorded are recorded before the program ends (q, a signal).
        if state.pendingProgress != nil { dispatch(.keysRested) }
        writer.drain()
        // What the drained writes answered (a report the store confirmed is no longer a draft).
        for m in inbox.drain() { dispatch(m) }
    }

    /// Feeds a burst of input read together. In a form, a burst is a paste (or an input method's
    /// commit): its characters go in as one text, so a field's limit can say what it cut; a line
    /// break inside it (Enter with more characters right behind) becomes a new line in a report (a
    /// space elsewhere) instead of saving half the paste; and in a report a line break ending a
    /// pasted text does not save the form either (Enter pressed on its own does).
    public func feed(_ events: [InputEvent]) {
        var k = 0
        while k < events.count && running {
            if case .form(let form) = state.mode, case .key(.char) = events[k] {
                var text = ""
                var next = k
                while next < events.count {
                    if case .key(.char(let c)) = events[next] {
                        text.append(c)
                        next += 1
                        continue
                    }
                    // Line breaks inside the paste, or at its end.
                    var after = next
                    while after < events.count && events[after] == .key(.enter) { after += 1 }
                    guard after > next else { break }
                    if after < events.count, case .key(.char) = events[after] {
                        text.append(form.multiline ? "\n" : " ")
                        next = after
                    } else if form.multiline && text.count >= 2 {
                        next = after // a trailing line break of a paste: dropped
                        break
                    } else {
                        break
                    }
                }
                dispatchInsert(text, form: form)
                k = next
                continue
            }
            handle(events[k])
            k += 1
        }
    }

    private func dispatchInsert(_ text: String, form: EditForm) {
        if text.count == 1, let c = text.first {
            handle(.key(.char(c)))
        } else {
            for e in formInsert(&state, text, form: form) { execute(e) }
        }
    }

    /// Feeds one input event (used by `run` and by tests driving a `TestBackend`).
    public func handle(_ event: InputEvent) {
        switch event {
        case .key(let k): dispatch(.key(k))
        case .mouse(let m): dispatch(.mouse(m))
        case .resize(let s):
            previous = nil
            dispatch(.resize(s))
        }
    }

    /// Applies a message and carries out its effects.
    public func dispatch(_ msg: Msg) {
        for e in update(&state, msg) { execute(e) }
    }

    /// Draws the current state: only cells that differ from the previous frame reach the backend;
    /// an identical frame sends nothing at all.
    public func render() {
        let frame = view(state)
        let full = previous == nil
        let changes = FrameDiff.changes(from: previous, to: frame)
        let cursorMoved = frame.cursor != previous?.cursor
        if full || !changes.isEmpty || cursorMoved {
            backend.draw(changes, full: full)
            // Drawing moves ncurses' cursor: put it back where a text field wants it.
            backend.setCursor(frame.cursor)
            backend.flush()
        }
        previous = frame
    }

    func execute(_ e: Effect) {
        switch e {
        case .quit:
            running = false
        case .setMouse(let on):
            backend.setMouse(on)
        case .redrawAll:
            previous = nil
        case .buildSearchIndexes:
            let library = state.library, outline = state.outline
            background {
                // The library's indexes by id first: the first key that wants one finds it built.
                library.prepareIndexes()
                let indexes = SearchIndexes(library: library, outline: outline)
                // The start's last large piece of work is done: what it freed goes back to the
                // system (here, off the loop: it takes milliseconds).
                FreeMemory.giveBack()
                return .searchReady(indexes)
            }
        case .loadStates:
            guard let load = store.loadStates else { return }
            background {
                do { return .statesLoaded(try load()) } catch { return .notice("\(error)") }
            }
        case .write(let id, let change, let base):
            guard let write = store.write else { return notConnected(itemID: id) }
            let writer = self.writer
            queued(on: writer) {
                do {
                    let r = try write(id, change, writer.base(for: id, seen: base))
                    writer.record(r)
                    return .written(r)
                } catch {
                    return .writeFailed(itemID: id, error: error as? StoreError, text: "\(error)")
                }
            }
        case .undo(let batch):
            guard let undo = store.undo else { return notConnected(itemID: nil) }
            let writer = self.writer
            queued(on: writer) {
                do {
                    let r = try undo(batch)
                    writer.record(r)
                    return .undone(r)
                } catch {
                    return .writeFailed(itemID: nil, error: error as? StoreError, text: "\(error)")
                }
            }
        case .previewUndo:
            guard let undoable = store.undoable else { return notConnected(itemID: nil) }
            // After the writes asked for so far: the preview shows what is really last.
            queued(on: writer) {
                do { return .undoPreviewed(events: try undoable(), error: nil) } catch {
                    return .undoPreviewed(events: nil, error: "\(error)")
                }
            }
        case .recordRefusal(let id, let attempted):
            guard let refuse = store.refuse else { return }
            let writer = self.writer
            writer.async { refuse(id, attempted) }
        case .loadReportTimes:
            guard let load = store.reportTimes else { return }
            background {
                do { return .reportTimesLoaded(try load()) } catch { return .notice("\(error)") }
            }
        case .loadReports:
            guard let make = store.reportInput else {
                return dispatch(.reportsLoaded(nil, error: state.settings.t("状态库未连接", "no state database")))
            }
            let library = state.library, rules = state.settings.reportRules
            background {
                do { return .reportsLoaded(ReportSummary(try make(library, rules)), error: nil) } catch {
                    return .reportsLoaded(nil, error: "\(error)")
                }
            }
        case .exportReport(let kind, let format):
            guard let make = store.reportInput else {
                return dispatch(.notice(state.settings.t("状态库未连接,无法生成报表", "no state database: no report")))
            }
            let library = state.library, rules = state.settings.reportRules, dir = store.exportDirectory
            let lang = state.settings.lang
            background {
                do {
                    let input = try make(library, rules)
                    let data = kind == .ledger ? try Ledger(input).render(format, timeZone: input.timeZone)
                                               : try Scorecard(input).render(format, rules: rules)
                    let path = URL(fileURLWithPath: dir).appendingPathComponent(kind.fileName(input.asOf, format)).path
                    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
                    return .notice(lang.pick("已写出\(kind.title(lang)):\(path)", "wrote the \(kind.title(lang)) to \(path)"))
                } catch {
                    return .notice(lang.pick("写出失败:", "could not write the report: ") + "\(error.localizedDescription)")
                }
            }
        case .loadHistory(let id):
            guard let history = store.history else {
                return dispatch(.historyLoaded(itemID: id, events: nil, error: state.settings.t("状态库未连接", "no state database")))
            }
            background {
                do { return .historyLoaded(itemID: id, events: try history(id), error: nil) } catch {
                    return .historyLoaded(itemID: id, events: nil, error: "\(error)")
                }
            }
        }
    }

    private func notConnected(itemID: String?) {
        dispatch(.writeFailed(itemID: itemID, error: nil, text: state.settings.t("状态库未连接,无法记录", "no state database: nothing can be recorded")))
    }

    /// Runs `work` on the writer's queue (one write at a time, in order) and delivers its message.
    private func queued(on writer: Writer, _ work: @escaping @Sendable () -> Msg) {
        inbox.begin()
        let box = inbox
        writer.async { box.post(work()) }
    }

    private func background(_ work: @escaping @Sendable () -> Msg) {
        inbox.begin()
        let box = inbox
        Thread.detachNewThread { box.post(work()) }
    }

    /// Waits (for tests) until background work has been delivered, then applies it.
    public func settle(timeout: TimeInterval = 10) {
        let end = Date().addingTimeInterval(timeout)
        while inbox.busy && Date() < end {
            for m in inbox.drain() { dispatch(m) }
            if inbox.busy { usleep(2000) }
        }
        for m in inbox.drain() { dispatch(m) }
    }
}
