import RiverChiefCore

// Chinese words for the model's enums, as the office uses them, and the one-line label of an item.

extension ItemKind {
    var chinese: String {
        switch self {
        case .section: return "部分"
        case .point: return "要点"
        case .task: return "任务"
        }
    }

    /// Parses a `--kind` value: the English id or the Chinese word.
    static func parse(_ s: String) -> ItemKind? {
        ItemKind(rawValue: s.lowercased()) ?? allCases.first { $0.chinese == s }
    }
}

extension SectionRole {
    var chinese: String {
        switch self {
        case .preamble: return "开场"
        case .body: return "正文"
        case .conclusion: return "结语"
        }
    }
}

extension Basis {
    var chinese: String {
        switch self {
        case .stated: return "讲话明确"
        case .inferred: return "按职责推定"
        }
    }
}

extension UnitRole {
    /// Parses an `--as` value: lead/supporting/territorial or 牵头/配合/属地.
    static func parse(_ s: String) -> UnitRole? {
        UnitRole(rawValue: s.lowercased()) ?? allCases.first { $0.chinese == s }
    }
}

extension Item {
    /// How the item reads in a tree: `二、坚持系统观念…`, `一是 加强顶层设计`, `- 定期召开联席会议`.
    /// Sanitised for the terminal.
    var label: String { Self.label(title: title, prefix: labelPrefix) }

    /// What the label puts before the title: the marker as the data has it (nil for a task) and
    /// what follows it; nil when the title stands alone.
    var labelPrefix: (marker: String?, separator: String)? {
        guard let rule = Self.labelRule(kind, hasMarker: !(marker?.isEmpty ?? true),
                                        titleStartsWithMarker: { marker.map(title.hasPrefix) ?? false }) else { return nil }
        return (rule.showsMarker ? marker : nil, rule.separator)
    }

    /// The label's rules, for an item of `kind` with a marker or not: a section's marker and 、, a
    /// point's marker and a space unless its title starts with it (asked only then, as
    /// `String.hasPrefix` says), a task's dash; nil when the title stands alone.
    static func labelRule(_ kind: ItemKind, hasMarker: Bool,
                          titleStartsWithMarker: () -> Bool) -> (showsMarker: Bool, separator: String)? {
        switch kind {
        case .section: return hasMarker ? (true, "、") : nil
        case .point: return hasMarker && !titleStartsWithMarker() ? (true, " ") : nil
        case .task: return (false, "- ")
        }
    }

    /// A label from its parts, each sanitised for the terminal.
    static func label(title: String, prefix: (marker: String?, separator: String)?) -> String {
        let t = PlainBytes.sanitized(title)
        guard let (m, separator) = prefix else { return t }
        return (m.map(Sanitize.forTerminal) ?? "") + separator + t
    }
}

extension Library {
    /// A unit's name for display (the id when the unit is unknown), sanitised.
    func unitName(_ id: String) -> String {
        PlainBytes.sanitized(unit(id)?.name ?? id)
    }
}
