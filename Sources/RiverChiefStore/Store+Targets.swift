import Foundation
import GRDB
import RiverChiefCore

/// What an office records about a target: its indicator's definition, or a measured value.
public enum TargetChange: Sendable, Equatable {
    /// Metric, unit, baseline and goal as the office sets them; nil fields keep what was set before.
    case indicator(Indicator)
    /// A value measured on a day (yyyy-MM-dd).
    case value(Double, on: String)
}

extension Store {
    /// Appends one record about `targetID` to `target_events` with the account and the time.
    /// Returns the new record's id.
    @discardableResult
    public func record(_ change: TargetChange, target targetID: String) throws -> Int64 {
        _ = try Validation.itemID(targetID)
        var on: String?
        if case .value(let v, let day) = change {
            guard v.isFinite else { throw StoreError.invalidTargetValue("\(v)") }
            on = try Validation.deadline(day)
        }
        if case .indicator(let i) = change, i.metric == nil, i.unit == nil, i.baseline == nil, i.goal == nil {
            throw StoreError.emptyChange
        }
        return try transaction { db in
            let id = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM target_events") ?? 0) + 1
            var i = Indicator(), value: Double?
            switch change {
            case .indicator(let set): i = set
            case .value(let v, _): value = v
            }
            try db.execute(sql: """
                INSERT INTO target_events (id, target_id, kind, metric, unit, baseline, goal, value, measured_on,
                    account, uid, host, ssh_client, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, targetID, value == nil ? "indicator" : "value", i.metric, i.unit, i.baseline, i.goal,
                                 value, on, origin.account, origin.uid, origin.host, origin.sshClient, TimeText.nowMillis()])
            return id
        }
    }

    /// Every target's records as they stood at `untilMillis` (nil: now): the indicator folded field
    /// by field (a later record's fields replace earlier ones), values sorted by the day measured.
    public func targetRecords(untilMillis: Int64?) throws -> [String: TargetRecord] {
        try read { db in
            var out: [String: TargetRecord] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT target_id, kind, metric, unit, baseline, goal, value, measured_on, account, at FROM target_events
                WHERE at <= ? ORDER BY id
                """, arguments: [untilMillis ?? Int64.max])
            while let r = try rows.next() {
                let id: String = r[0], kind: String = r[1], by: String = r[8], at: Int64 = r[9]
                var rec = out[id] ?? TargetRecord()
                if kind == "value", let v: Double = r[6], let on: String = r[7] {
                    rec.values.append(Measurement(value: v, on: on, by: by, atMillis: at))
                } else {
                    var i = rec.indicator ?? Indicator()
                    if let m: String = r[2] { i.metric = m }
                    if let u: String = r[3] { i.unit = u }
                    if let b: Double = r[4] { i.baseline = b }
                    if let g: Double = r[5] { i.goal = g }
                    rec.indicator = i
                    rec.indicatorBy = by
                    rec.indicatorMillis = at
                }
                out[id] = rec
            }
            for (id, rec) in out { out[id]?.values = rec.values.sorted { ($0.on, $0.atMillis) < ($1.on, $1.atMillis) } }
            return out
        }
    }
}
