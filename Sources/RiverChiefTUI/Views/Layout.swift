/// Where everything goes for a terminal size: the header, the body's panes, the footer. At 80×24
/// and above, the main list and the side pane sit side by side; below that (compact), only the
/// pane with the keyboard shows; below `minimum`, only a message.
public struct Layout: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case normal, compact, tooSmall }

    /// The smallest terminal the dashboard draws in.
    public static let minimum = Size(width: 40, height: 10)
    /// The smallest terminal with both panes.
    public static let full = Size(width: 80, height: 24)

    public let kind: Kind
    public let header: Rect
    /// The banner row (a read-only or missing state database), nil when there is none.
    public let banner: Rect?
    public let footer: Rect
    /// Between header and footer.
    public let body: Rect
    /// The main list's pane (title row included), nil when hidden.
    public let main: Rect?
    /// The side pane (detail or tasks), nil when hidden.
    public let side: Rect?
    /// The column of the separator between the panes.
    public let separatorX: Int?

    public init(state: AppState) {
        self.init(size: state.size, view: state.view, focus: state.focus, banner: !(state.storeAccess?.canWrite ?? true))
    }

    public init(size: Size, view: ViewID, focus: Pane, banner: Bool = false) {
        let w = size.width, h = size.height
        if w < Self.minimum.width || h < Self.minimum.height {
            kind = .tooSmall
            header = Rect(x: 0, y: 0, width: w, height: 0)
            self.banner = nil
            footer = header
            body = header
            main = nil
            side = nil
            separatorX = nil
            return
        }
        let compact = w < Self.full.width || h < Self.full.height
        kind = compact ? .compact : .normal
        let headerRows = compact ? 2 : 3
        let headerHeight = headerRows + (banner ? 1 : 0)
        header = Rect(x: 0, y: 0, width: w, height: headerRows)
        self.banner = banner ? Rect(x: 0, y: headerRows, width: w, height: 1) : nil
        footer = Rect(x: 0, y: h - 1, width: w, height: 1)
        let body = Rect(x: 0, y: headerHeight, width: w, height: h - headerHeight - 1)
        self.body = body
        if compact {
            main = focus == .main ? body : nil
            side = focus == .side ? body : nil
            separatorX = nil
        } else {
            let share = (view == .tree || view == .status) ? 55 : 45
            let mw = max(36, w * share / 100)
            let (m, rest) = body.splitLeft(mw)
            let (_, s) = rest.splitLeft(1)
            main = m
            side = s
            separatorX = m.maxX
        }
    }

    /// Rows of the main list (the pane less its title row).
    public var mainListHeight: Int { max(1, (main ?? body).height - 1) }
    public var sideListHeight: Int { max(1, (side ?? body).height - 1) }
}
