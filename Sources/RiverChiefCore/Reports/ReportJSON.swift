import Foundation

/// JSON for scripts: stable keys, numbers as numbers, times in ISO 8601 UTC and local.
public enum ReportJSON {
    static func s(_ v: String?) -> JSONValue { v.map { JSONValue(.string($0)) } ?? JSONValue(.null) }
    static func i(_ v: Int) -> JSONValue { JSONValue(.number(JSONNumber(v))) }
    static func d(_ v: Double?) -> JSONValue { v.map { JSONValue(.number(JSONNumber(double: $0, int: nil))) } ?? JSONValue(.null) }
    static func obj(_ members: [(String, JSONValue)]) -> JSONValue {
        JSONValue(.object(members.map { JSONMember(key: $0.0, value: $0.1) }))
    }
    static func arr(_ a: [JSONValue]) -> JSONValue { JSONValue(.array(a)) }
    static func b(_ v: Bool) -> JSONValue { JSONValue(.bool(v)) }

    static func header(asOf: Day, period: Period, rules: ReportRules) -> [(String, JSONValue)] {
        [("as_of", s(asOf.description)),
         ("period", obj([("first", s(period.first.description)), ("due", s(period.due.description))])),
         ("rules", obj([("cadence", s(rules.cadence.rawValue)), ("due_day", i(rules.dueDay)),
                        ("warn_days", i(rules.warnDays)), ("lag_margin", i(rules.lagMargin))]))]
    }

    static func tally(_ t: ProgressTally) -> JSONValue {
        obj([("id", s(t.id)), ("name", s(t.name)), ("tasks", i(t.tasks)), ("done", i(t.done)), ("progress", i(t.progress)),
             ("red", i(t.count(.red))), ("yellow", i(t.count(.yellow))), ("green", i(t.count(.green))),
             ("not_reported", i(t.notReported))])
    }

    /// One row, as `JSONWriter.write` lays it out at indentation level 2, straight into `e`.
    static func row(_ r: LedgerRow, timeZone: TimeZone, into e: inout JSONByteEmitter) {
        e.beginObject()
        e.key("number"); e.int(r.number)
        e.key("id"); e.string(r.id)
        e.key("task"); e.string(r.task)
        e.key("section"); e.string(r.section)
        e.key("point"); e.string(r.point)
        e.key("lead"); e.string(r.lead)
        e.key("supporting"); e.beginArray(); for u in r.supporting { e.string(u) }; e.endArray()
        e.key("territorial"); e.beginArray(); for u in r.territorial { e.string(u) }; e.endArray()
        e.key("deadline"); e.string(r.deadline)
        e.key("status"); e.string(r.status.rawValue)
        e.key("status_zh"); e.string(r.status.chinese)
        e.key("progress"); e.int(r.progress)
        e.key("light"); e.string(r.verdict.light.english)
        e.key("light_reason"); e.string(r.verdict.reason.chinese)
        e.key("blocked"); e.bool(r.verdict.blocked)
        e.key("not_reported"); e.bool(r.notReported)
        e.key("report")
        if let p = r.report {
            e.beginObject()
            e.key("done"); e.string(p.done)
            e.key("next"); e.string(p.next)
            e.key("problems"); e.string(p.problems)
            e.key("support"); e.string(p.support)
            e.endObject()
        } else {
            e.null()
        }
        e.key("reported_at"); e.string(r.reportMillis.map { ReportText.localTime($0, timeZone: timeZone) })
        e.key("updated_by"); e.string(r.updatedBy)
        e.key("updated_at"); e.string(r.updatedMillis.map { ReportText.localTime($0, timeZone: timeZone) })
        e.key("targets"); e.beginArray(); for t in r.targets { e.string(t) }; e.endArray()
        e.endObject()
    }

    /// The ledger, written to `out` exactly as `JSONWriter.write` lays out the whole document, one
    /// row at a time (no tree of 88,800 rows).
    public static func write(_ l: Ledger, timeZone: TimeZone, to out: ReportOutput) {
        let targets: [JSONValue] = l.targets.map { t in
            obj([("id", s(t.target.id)), ("title", s(t.target.title)), ("tasks", i(t.tally.tasks)), ("done", i(t.tally.done)),
                 ("progress", i(t.tally.progress)),
                 ("indicator", obj([("metric", s(t.indicator.metric)), ("unit", s(t.indicator.unit)),
                                    ("baseline", d(t.indicator.baseline)), ("goal", d(t.indicator.goal)),
                                    ("set_by_office", b(t.indicatorSetByOffice))])),
                 ("values", arr(t.values.map { m in obj([("value", d(m.value)), ("on", s(m.on)), ("by", s(m.by))]) }))])
        }
        var members: [(String, JSONValue?)] = header(asOf: l.asOf, period: l.period, rules: l.rules).map { ($0.0, $0.1) }
        members += [("scope", s(l.scope)), ("total", tally(l.total)), ("rows", nil),
                    ("sections", arr(l.sections.map(tally))), ("units", arr(l.units.map(tally))), ("targets", arr(targets))]
        out.write(byte: 0x7B)
        for (k, m) in members.enumerated() {
            out.withBuffer { buf in
                if k > 0 { buf.append(0x2C) }
                JSONWriter.newline(&buf, true, 1)
                JSONWriter.appendString(m.0, into: &buf)
                buf.append(contentsOf: ": ".utf8)
            }
            if let value = m.1 {
                out.withBuffer { JSONWriter.write(value, into: &$0, pretty: true, indent: 1) }
                continue
            }
            // The rows, each written as it is made.
            guard l.count > 0 else { out.write("[]"); continue }
            out.write(byte: 0x5B)
            out.writeRows(count: l.count) { range, _, piece in
                var e = JSONByteEmitter(indent: 2)
                for j in range {
                    piece.withBuffer { buf in
                        if j > 0 { buf.append(0x2C) }
                        JSONWriter.newline(&buf, true, 2)
                        // The row emitted straight into the piece: the emitter borrows its buffer.
                        swap(&buf, &e.out)
                        row(l.row(j), timeZone: timeZone, into: &e)
                        swap(&buf, &e.out)
                    }
                }
            }
            out.withBuffer { JSONWriter.newline(&$0, true, 1) }
            out.write(byte: 0x5D)
        }
        out.withBuffer { JSONWriter.newline(&$0, true, 0) }
        out.write("}\n")
    }

    public static func scorecard(_ sc: Scorecard, rules: ReportRules) -> String {
        let lines: [JSONValue] = sc.lines.enumerated().map { k, l in
            obj([("rank", i(k + 1)), ("unit_id", s(l.unitID)), ("unit", s(l.unit)), ("led", i(l.led)), ("done", i(l.done)),
                 ("done_on_time", i(l.doneOnTime)), ("overdue", i(l.overdue)), ("not_reported", i(l.notReported)),
                 ("red", i(l.red)), ("completion_rate", d((l.completionRate * 1000).rounded() / 1000)),
                 ("score", d(l.score)), ("grade", s(l.grade.chinese))])
        }
        return JSONWriter.write(obj(header(asOf: sc.asOf, period: sc.period, rules: rules) + [("units", arr(lines))]))
    }
}
