import Foundation
import RiverChiefCore
import RiverChiefStore

/// Writes a synthetic history into a real state database through the store's own API: every
/// change is a `Store.write` (one transaction: events appended, `current` folded), as a person's.
struct HistoryGenerator {
    var itemIDs: [String]
    var events: Int
    var seed: UInt64
    /// Changes written in a row by one account.
    var batch = 5_000
    /// Liaisons writing: each batch is written as one of them.
    var accounts = 40

    static let notes = [
        "已完成现场排查,建立问题清单", "召开专题推进会,明确责任分工", "完成年度治理任务的六成", "资金已拨付到位,工程开工建设",
        "部分河段整治进度滞后,正在协调", "已完成验收,待销号", "联合执法检查三次,查处违法采砂两起", "方案已报市政府审定",
    ]
    static let next = ["月底前完成主体工程", "下周召开调度会", "开展第二轮排查", "配合省级督导检查"]
    static let problems = ["汛期施工受限", "资金缺口较大", "跨区域协调难度大"]

    /// Appends at least `events` events; returns how many were appended.
    func run(database: String, progress: (Int) -> Void = { _ in }) throws -> Int {
        guard !itemIDs.isEmpty else { return 0 }
        var rng = SeededRandom(seed: seed).fork(0x4849_5354)
        let stores = try (0..<accounts).map { n in
            try Store(path: database, createDirectory: true,
                      origin: Origin(account: "liaison\(n + 1 < 10 ? "0" : "")\(n + 1)", uid: 2000 + n, host: "office-server"))
        }
        var written = 0
        var round = 0
        while written < events {
            var changes: [(itemID: String, change: Change)] = []
            changes.reserveCapacity(batch)
            for _ in 0..<batch {
                // A skewed choice: a quarter of the items get most of the updates, as in real offices.
                let hot = rng.chance(75)
                let span = hot ? max(1, itemIDs.count / 4) : itemIDs.count
                let id = itemIDs[rng.below(span)]
                var c = Change()
                let r = rng.below(100)
                if r < 45 {
                    c.status = rng.pick(Status.allCases)
                    c.progress = c.status == .done ? 100 : 5 * rng.below(20)
                } else if r < 75 {
                    c.progress = 5 * rng.below(21)
                } else if r < 95 {
                    c.note = ProgressNote(done: rng.pick(Self.notes), next: rng.chance(50) ? rng.pick(Self.next) : nil,
                                          problems: rng.chance(20) ? rng.pick(Self.problems) : nil)
                } else {
                    c.deadline = .set("202\(1 + rng.below(4))-\(SpeechGenerator.two(1 + rng.below(12)))-\(SpeechGenerator.two(1 + rng.below(28)))")
                }
                changes.append((id, c))
            }
            let store = stores[round % stores.count]
            for (id, change) in changes { written += try store.write(change, to: id).events.count }
            round += 1
            progress(written)
        }
        return written
    }
}
