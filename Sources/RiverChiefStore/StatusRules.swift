import RiverChiefCore

/// The rules that keep an item's status and progress in agreement. The dashboard applies them to
/// each change before it writes it (against the state it shows; a colleague's change to a field the
/// rules add is then a conflict, as for any field). `Store.write` and `riverchief set` record
/// exactly what they are given.
///
/// - marking a task done (已完成) sets its progress to 100 %;
/// - progress above 0 on a task not started (未启动) moves it to in progress (推进中);
/// - progress reaching 100 % does not mark the task done by itself: the dashboard offers it
///   (`offersDone`), since someone must say the work is accepted.
///
/// A change that names both fields is recorded as asked, after the first rule.
public enum StatusRules {
    /// `change` completed by the rules against `current`: the fields the rules add are ones the
    /// change did not name.
    public static func complete(_ change: Change, current: ItemState) -> Change {
        var c = change
        if c.status == .done, (c.progress ?? current.progress) < 100 { c.progress = 100 }
        if c.status == nil, let p = c.progress, p > 0, current.status == .notStarted { c.status = .inProgress }
        return c
    }

    /// Whether the dashboard offers to mark an item done: its progress is 100 % and it is not done.
    public static func offersDone(_ state: ItemState) -> Bool { state.progress >= 100 && state.status != .done }
}
