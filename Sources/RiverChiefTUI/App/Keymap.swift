import RiverChiefCore

/// Keys to actions, generated from `Action`'s table.
public struct Keymap: Sendable {
    private var table: [Action.Context: [Key: Action]] = [:]

    public init() {
        for a in Action.allCases {
            for k in a.keys { table[a.context, default: [:]][k] = a }
        }
    }

    public func action(for key: Key, in context: Action.Context) -> Action? { table[context]?[key] }

    /// The keys of an action as the help shows them ("↓ j").
    public static func keyList(_ a: Action, ascii: Bool = false) -> String {
        a.keys.map { ascii ? $0.asciiName : $0.description }.joined(separator: " ")
    }

    /// docs/keymap.md, generated from the table (a test checks the file matches).
    public static func markdown() -> String {
        var s = "# Key map\n\n"
        s += "Generated from the action table (`Sources/RiverChiefTUI/App/Action.swift`); the `?` help overlay shows the same.\n"
        s += "A test (`KeymapDocTests`) checks this file matches the table; regenerate it with\n"
        s += "`RIVERCHIEF_WRITE_KEYMAP=1 swift test --filter KeymapDocTests`.\n"
        for g in Action.Group.allCases {
            s += "\n## \(g.title(.en)) / \(g.title(.zh))\n\n"
            s += "| keys | action | 操作 | what it does |\n|---|---|---|---|\n"
            for a in Action.allCases where a.group == g {
                let keys = a.keys.map { "`\($0.description)`" }.joined(separator: " ")
                s += "| \(keys) | \(a.label(.en)) | \(a.label(.zh)) | \(a.help(.en)) |\n"
            }
        }
        s += "\nStatus markers (readable without colour): "
        s += Standing.allCases.map { "`\($0.marker)` \($0.english) \($0.chinese)" }.joined(separator: ", ") + ".\n"
        s += "Lights, before the status marker (rules in docs/reports.md): "
        s += Light.allCases.map { "`\($0.marker)` \($0.english) \($0.chinese)" }.joined(separator: ", ") + ".\n"
        return s
    }
}
