#if PostgreSQL
import RiverChiefCore
import RiverChiefStore

extension PostgresStore {
    /// What `riverchief doctor` reports: the server, the schema, counts, `current` against the
    /// events (the SQLite store's check), and — instead of SQLite's integrity check — whether the
    /// protections are in place: the append-only triggers, and no role but the tables' owner with
    /// INSERT, UPDATE, DELETE or TRUNCATE on them.
    public func doctor(knownItemIDs: Set<String>?) throws -> DoctorReport {
        try run {
            let version: String = try link.scalar("SHOW server_version") ?? "?"
            let applied = try link.rows("SELECT name FROM riverchief_migrations") { try $0[0].decode(String.self) }
            let events = Int(try link.scalar("SELECT COUNT(*) FROM events", as: Int64.self) ?? 0)
            let items = Int(try link.scalar("SELECT COUNT(*) FROM current", as: Int64.self) ?? 0)
            let inconsistent = try link.rows(Store.inconsistencySQL.replacingOccurrences(of: " IS NOT ", with: " IS DISTINCT FROM ")) {
                try $0[0].decode(String.self)
            }
            var problems: [String] = []
            let triggers = Set(try link.rows("""
                SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'
                  AND tgrelid IN ('events'::regclass, 'refused'::regclass, 'target_events'::regclass)
                """) { try $0[0].decode(String.self) })
            for t in ["events", "refused", "target_events"] {
                for kind in ["append_only", "no_truncate"] where !triggers.contains("\(t)_\(kind)") {
                    problems.append("the trigger \(t)_\(kind) is missing or disabled: \(t) can be changed")
                }
            }
            problems += try link.rows("""
                SELECT format('%s may %s %s directly', g.grantee, lower(g.privilege_type), g.table_name)
                FROM information_schema.role_table_grants g JOIN pg_tables t ON t.tablename = g.table_name AND t.schemaname = 'public'
                WHERE g.table_name IN ('events', 'current', 'refused', 'target_events', 'riverchief_roles', 'riverchief_unit_items')
                  AND g.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE') AND g.grantee <> t.tableowner
                ORDER BY 1
                """) { try $0[0].decode(String.self) }
            var orphans: [(id: String, state: ItemState)]?
            if let known = knownItemIDs {
                let all = try states("SELECT \(Self.currentColumns) FROM current")
                orphans = all.filter { !known.contains($0.key) }.sorted { $0.key < $1.key }.map { (id: $0.key, state: $0.value) }
            }
            let names = PostgresSchema.names
            let ordered = names.filter(applied.contains) + Set(applied).subtracting(names).sorted()
            return DoctorReport(path: location, isReadOnly: isReadOnly, journalMode: "PostgreSQL \(version)",
                                appliedMigrations: ordered, knownMigrations: names, eventCount: events, itemCount: items,
                                integrity: problems.isEmpty ? ["ok"] : problems, inconsistentItems: inconsistent, orphans: orphans)
        }
    }
}
#endif
