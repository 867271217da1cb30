import RiverChiefCore

/// The text of `riverchief units`: one row per unit (name, id, counts in aligned columns), then
/// the tasks it leads and supports, indented.
struct UnitText {
    let library: Library
    let width: Int

    func render() -> String {
        let units = library.units
        if units.isEmpty { return "没有单位 (no units)\n" }
        let nameWidth = min(24, max(DisplayWidth.of("单位 Unit"), units.map { DisplayWidth.of(Sanitize.forTerminal($0.name)) }.max() ?? 0))
        let idWidth = max(2, units.map { DisplayWidth.of(Sanitize.forTerminal($0.id)) }.max() ?? 0)
        let countWidth = 4
        func row(_ name: String, _ id: String, _ counts: [String]) -> String {
            TextLayout.fit(name, to: nameWidth) + "  " + TextLayout.pad(id, to: idWidth)
                + counts.map { "  " + TextLayout.padLeft($0, to: countWidth) }.joined()
        }
        var out = row("单位 Unit", "ID", UnitRole.allCases.map(\.chinese)) + "\n"
        let taskIndent = "    "
        for u in units {
            let tasks = UnitRole.allCases.map { library.tasks(of: u.id, as: $0) }
            out += row(Sanitize.forTerminal(u.name), Sanitize.forTerminal(u.id), tasks.map { String($0.count) }) + "\n"
            for (role, list) in zip([UnitRole.lead, .supporting], tasks.prefix(2)) {
                for t in list {
                    let id = Sanitize.forTerminal(t.id)
                    let lead = taskIndent + role.chinese + " "
                    let room = max(8, width - DisplayWidth.of(lead) - DisplayWidth.of(id) - 2)
                    out += lead + TextLayout.fit(Sanitize.forTerminal(t.title), to: room) + "  " + id + "\n"
                }
            }
        }
        return out
    }
}
