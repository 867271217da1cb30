import RiverChiefCore

/// The terminal, as the runtime sees it. `NcursesBackend` drives a real terminal through ncursesw;
/// `TestBackend` keeps a grid in memory for tests. Frames are diffed before they reach a backend:
/// `draw` receives only the cells that changed.
public protocol Backend: AnyObject {
    /// The terminal's current size.
    var size: Size { get }
    /// Writes changed cells. `full` is true when the terminal must be cleared first (first frame,
    /// after a resize).
    func draw(_ changes: [CellChange], full: Bool)
    /// Makes what was drawn visible.
    func flush()
    /// The next input event, waiting at most `timeoutMilliseconds` (0: do not wait). Nil on timeout.
    func read(timeoutMilliseconds: Int) -> InputEvent?
    /// Switches mouse reporting on or off.
    func setMouse(_ on: Bool)
    /// Shows the terminal's cursor at a cell (a text field's insertion point), or hides it (nil).
    func setCursor(_ at: Point?)
    /// True once the terminal has gone away (hang-up, an error, end of input): the runtime saves
    /// and leaves instead of waiting for keys that can never come.
    var inputClosed: Bool { get }
}

extension Backend {
    public var inputClosed: Bool { false }
}

/// A backend that draws into memory: tests feed it events and read back what a terminal would show.
public final class TestBackend: Backend {
    public private(set) var size: Size
    /// What the "terminal" shows now.
    public private(set) var screen: Grid
    /// Every call to `draw`: how many cells it wrote and on which rows.
    public private(set) var writes: [[CellChange]] = []
    public private(set) var mouse = false
    /// Where the cursor shows (nil: hidden).
    public private(set) var cursor: Point?
    /// Input to hand out, in order.
    public var pending: [InputEvent] = []
    /// Simulates the terminal going away (once `pending` is used up).
    public var closesWhenDrained = false
    public var inputClosed: Bool { closesWhenDrained && pending.isEmpty }

    public init(size: Size, ambiguous: AmbiguousWidth = .narrow) {
        self.size = size
        screen = Grid(size: size, ambiguous: ambiguous)
    }

    /// Simulates the terminal being resized (the event is queued, as ncurses would report it).
    public func resize(to s: Size) {
        size = s
        screen = Grid(size: s, ambiguous: screen.ambiguous)
        pending.append(.resize(s))
    }

    public func draw(_ changes: [CellChange], full: Bool) {
        if full { screen = Grid(size: size, ambiguous: screen.ambiguous) }
        for c in changes where !c.cell.isContinuation {
            screen.put(c.cell.char, x: c.x, y: c.y, style: c.cell.style)
        }
        writes.append(changes)
    }

    public func flush() {}

    public func read(timeoutMilliseconds: Int) -> InputEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    public func setMouse(_ on: Bool) { mouse = on }

    public func setCursor(_ at: Point?) { cursor = at }
}
