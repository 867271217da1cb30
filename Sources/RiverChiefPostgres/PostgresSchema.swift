#if PostgreSQL
import RiverChiefCore
import RiverChiefStore

/// The PostgreSQL schema: the same tables as the SQLite file (docs/state-store.md), and the
/// functions through which people write (docs/postgresql.md). A named, ordered list of migrations,
/// kept in `riverchief_migrations`; a released one is never edited.
///
/// Who may do what is the server's business, not the client's:
/// - people get SELECT on the tables and EXECUTE on the functions, nothing else: no INSERT, UPDATE
///   or DELETE on any table (the tables belong to the role that set the database up);
/// - the functions are SECURITY DEFINER: they record `session_user` (the account the server
///   authenticated, by peer over the local socket or by password over TCP) and the server's clock,
///   check that every old value is the item's current one and that an undo reverts the caller's
///   own event, and ask the office's roles (`riverchief_roles`) before appending;
/// - triggers refuse UPDATE, DELETE and TRUNCATE on the append-only tables, even by their owner.
enum PostgresSchema {
    static let migrations: [(name: String, sql: String)] = [
        ("pg-v1-events-current-functions", v1),
        // The progress reports by item and time: each item's newest report (the dashboard's
        // 未报送) is read from the reports alone, not from every event.
        ("pg-v2-note-times", "CREATE INDEX events_notes ON events(item_id, at) WHERE kind = 'note'"),
    ]

    static var names: [String] { migrations.map(\.name) }

    /// The channel `riverchief_append` notifies (payload: the newest event id) for live refresh.
    static let channel = "riverchief_events"

    static var v1: String {
        let statuses = Status.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let kinds = EventKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let fields = Field.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return """
        CREATE TABLE events (
            id bigint PRIMARY KEY,
            batch_id bigint NOT NULL,
            item_id text NOT NULL,
            kind text NOT NULL CHECK (kind IN (\(kinds))),
            field text NOT NULL CHECK (field IN (\(fields))),
            old_value text,
            new_value text,
            note_done text,
            note_next text,
            note_problems text,
            note_support text,
            account text NOT NULL,
            uid integer NOT NULL,
            host text,
            ssh_client text,
            at bigint NOT NULL,
            undoes_event_id bigint REFERENCES events(id),
            base_event_id bigint,
            CHECK ((kind = 'undo') = (undoes_event_id IS NOT NULL)),
            CHECK (kind = 'undo' OR kind = field)
        );
        CREATE INDEX events_by_item ON events(item_id, id);
        CREATE INDEX events_by_account ON events(account, id);
        CREATE UNIQUE INDEX events_by_undone ON events(undoes_event_id) WHERE undoes_event_id IS NOT NULL;

        CREATE TABLE current (
            item_id text PRIMARY KEY,
            status text NOT NULL CHECK (status IN (\(statuses))),
            progress integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
            deadline text,
            last_event_id bigint NOT NULL REFERENCES events(id),
            updated_by text NOT NULL,
            updated_at bigint NOT NULL,
            latest_note text
        );

        CREATE TABLE refused (
            id bigint PRIMARY KEY,
            item_id text NOT NULL,
            action text NOT NULL,
            attempted text,
            role text NOT NULL,
            reason text NOT NULL,
            account text NOT NULL,
            uid integer NOT NULL,
            host text,
            ssh_client text,
            at bigint NOT NULL
        );

        CREATE TABLE target_events (
            id bigint PRIMARY KEY,
            target_id text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('indicator', 'value')),
            metric text,
            unit text,
            baseline double precision,
            goal double precision,
            value double precision,
            measured_on text,
            account text NOT NULL,
            uid integer NOT NULL,
            host text,
            ssh_client text,
            at bigint NOT NULL,
            CHECK ((kind = 'value') = (value IS NOT NULL AND measured_on IS NOT NULL))
        );
        CREATE INDEX target_events_by_target ON target_events(target_id, id);

        -- The office's roles, enforced by riverchief_append: empty = whoever may connect may write.
        -- account '*' is everyone not named. role: admin (everything), liaison (the items of
        -- riverchief_unit_items for its unit), viewer (nothing).
        CREATE TABLE riverchief_roles (
            account text PRIMARY KEY,
            role text NOT NULL CHECK (role IN ('admin', 'liaison', 'viewer')),
            unit text,
            CHECK ((role = 'liaison') = (unit IS NOT NULL))
        );
        CREATE TABLE riverchief_unit_items (
            unit text NOT NULL,
            item_id text NOT NULL,
            PRIMARY KEY (unit, item_id)
        );

        CREATE FUNCTION riverchief_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501';
        END $$;
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION riverchief_append_only();
        CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION riverchief_append_only();
        CREATE TRIGGER refused_append_only BEFORE UPDATE OR DELETE ON refused
            FOR EACH ROW EXECUTE FUNCTION riverchief_append_only();
        CREATE TRIGGER refused_no_truncate BEFORE TRUNCATE ON refused
            FOR EACH STATEMENT EXECUTE FUNCTION riverchief_append_only();
        CREATE TRIGGER target_events_append_only BEFORE UPDATE OR DELETE ON target_events
            FOR EACH ROW EXECUTE FUNCTION riverchief_append_only();
        CREATE TRIGGER target_events_no_truncate BEFORE TRUNCATE ON target_events
            FOR EACH STATEMENT EXECUTE FUNCTION riverchief_append_only();

        -- Why `who` may not change `item` (NULL item: anything at all); NULL when allowed.
        CREATE FUNCTION riverchief_refusal(who text, item text) RETURNS text
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE r riverchief_roles%ROWTYPE;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM riverchief_roles) THEN RETURN NULL; END IF;
            SELECT * INTO r FROM riverchief_roles WHERE account = who;
            IF NOT FOUND THEN SELECT * INTO r FROM riverchief_roles WHERE account = '*'; END IF;
            IF NOT FOUND THEN
                RETURN format('account %s has no role in this database; ask the office administrator', who);
            END IF;
            IF r.role = 'admin' THEN RETURN NULL; END IF;
            IF r.role = 'viewer' THEN RETURN 'you are a viewer and may not change anything'; END IF;
            IF item IS NULL OR EXISTS (SELECT 1 FROM riverchief_unit_items u WHERE u.unit = r.unit AND u.item_id = item) THEN
                RETURN NULL;
            END IF;
            RETURN format('you are the liaison of %s and may change only the tasks your unit leads or supports', r.unit);
        END $$;

        -- Taken at the start of a write transaction: writers queue, readers do not wait. Event ids
        -- then follow commit order, as in the SQLite file (a reader that saw id N saw every id <= N).
        CREATE FUNCTION riverchief_lock() RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE reason text := riverchief_refusal(session_user, NULL);
        BEGIN
            IF reason IS NOT NULL THEN RAISE EXCEPTION '%', reason USING ERRCODE = '42501', HINT = 'riverchief-role'; END IF;
            LOCK TABLE events IN EXCLUSIVE MODE;
        END $$;

        -- Appends one batch of events to `item` as `session_user`, and folds them into `current`.
        -- p_last: the item's last event as the client read it in this transaction (its base).
        -- p_events: [{kind, field, old, new, undoes, done, next, problems, support}], in order.
        CREATE FUNCTION riverchief_append(p_item text, p_last bigint, p_events jsonb, p_uid integer, p_host text, p_ssh text)
        RETURNS SETOF events
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            who text := session_user;
            reason text := riverchief_refusal(session_user, p_item);
            cur current%ROWTYPE;
            st text := 'not-started'; pr text := '0'; dl text; nt text;
            first bigint; n bigint; at_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
            e jsonb; k text; f text; old text; new text; und bigint; cv text; u events%ROWTYPE;
        BEGIN
            IF reason IS NOT NULL THEN RAISE EXCEPTION '%', reason USING ERRCODE = '42501', HINT = 'riverchief-role'; END IF;
            LOCK TABLE events IN EXCLUSIVE MODE;
            SELECT * INTO cur FROM current WHERE item_id = p_item;
            IF FOUND THEN st := cur.status; pr := cur.progress::text; dl := cur.deadline; nt := cur.latest_note; END IF;
            IF cur.last_event_id IS DISTINCT FROM p_last THEN
                RAISE EXCEPTION 'the item changed since it was read' USING ERRCODE = '40001';
            END IF;
            first := COALESCE((SELECT max(id) FROM events), 0) + 1;
            n := first;
            FOR e IN SELECT * FROM jsonb_array_elements(p_events) LOOP
                k := e->>'kind'; f := e->>'field'; old := e->>'old'; new := e->>'new'; und := (e->>'undoes')::bigint;
                cv := CASE f WHEN 'status' THEN st WHEN 'progress' THEN pr WHEN 'deadline' THEN dl ELSE nt END;
                IF old IS DISTINCT FROM cv THEN
                    RAISE EXCEPTION 'the old % of % is %, not %', f, p_item, COALESCE(cv, 'none'), COALESCE(old, 'none')
                        USING ERRCODE = '22023';
                END IF;
                IF k = 'undo' THEN
                    SELECT * INTO u FROM events WHERE id = und;
                    IF NOT FOUND OR u.account <> who OR u.item_id <> p_item OR u.field <> f OR u.kind = 'undo'
                       OR new IS DISTINCT FROM u.old_value THEN
                        RAISE EXCEPTION 'event % is not an event of % that % may undo', und, p_item, who USING ERRCODE = '42501';
                    END IF;
                END IF;
                IF f = 'progress' AND (new IS NULL OR new !~ '^[0-9]{1,3}$' OR new::int > 100) THEN
                    RAISE EXCEPTION 'progress % is not a whole percentage 0-100', COALESCE(new, 'none') USING ERRCODE = '22023';
                END IF;
                IF f = 'deadline' AND new IS NOT NULL AND (new !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
                   OR to_char(to_date(new, 'YYYY-MM-DD'), 'YYYY-MM-DD') <> new) THEN
                    RAISE EXCEPTION 'deadline % is not a date yyyy-MM-dd', new USING ERRCODE = '22023';
                END IF;
                INSERT INTO events (id, batch_id, item_id, kind, field, old_value, new_value, note_done, note_next,
                    note_problems, note_support, account, uid, host, ssh_client, at, undoes_event_id, base_event_id)
                VALUES (n, first, p_item, k, f, old, new, e->>'done', e->>'next', e->>'problems', e->>'support',
                    who, p_uid, p_host, p_ssh, at_ms, und, p_last);
                CASE f WHEN 'status' THEN st := COALESCE(new, 'not-started'); WHEN 'progress' THEN pr := COALESCE(new, '0');
                    WHEN 'deadline' THEN dl := new; ELSE nt := new; END CASE;
                n := n + 1;
            END LOOP;
            IF n = first THEN RETURN; END IF;
            INSERT INTO current (item_id, status, progress, deadline, last_event_id, updated_by, updated_at, latest_note)
            VALUES (p_item, st, pr::int, dl, n - 1, who, at_ms, nt)
            ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, progress = excluded.progress,
                deadline = excluded.deadline, last_event_id = excluded.last_event_id, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at, latest_note = excluded.latest_note;
            PERFORM pg_notify('\(channel)', (n - 1)::text);
            RETURN QUERY SELECT * FROM events WHERE id >= first ORDER BY id;
        END $$;

        -- An attempt the client's role check refused, recorded as session_user.
        CREATE FUNCTION riverchief_refuse(p_item text, p_action text, p_attempted text, p_role text, p_reason text,
                                          p_uid integer, p_host text, p_ssh text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE n bigint;
        BEGIN
            LOCK TABLE refused IN EXCLUSIVE MODE;
            n := COALESCE((SELECT max(id) FROM refused), 0) + 1;
            INSERT INTO refused VALUES (n, p_item, p_action, p_attempted, p_role, p_reason, session_user, p_uid, p_host, p_ssh,
                (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
            RETURN n;
        END $$;

        -- A target's indicator or measured value, recorded as session_user.
        CREATE FUNCTION riverchief_record_target(p_target text, p_kind text, p_metric text, p_unit text,
            p_baseline double precision, p_goal double precision, p_value double precision, p_on text,
            p_uid integer, p_host text, p_ssh text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE n bigint; reason text := riverchief_refusal(session_user, NULL);
        BEGIN
            IF reason IS NOT NULL THEN RAISE EXCEPTION '%', reason USING ERRCODE = '42501', HINT = 'riverchief-role'; END IF;
            LOCK TABLE target_events IN EXCLUSIVE MODE;
            n := COALESCE((SELECT max(id) FROM target_events), 0) + 1;
            INSERT INTO target_events VALUES (n, p_target, p_kind, p_metric, p_unit, p_baseline, p_goal, p_value, p_on,
                session_user, p_uid, p_host, p_ssh, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
            RETURN n;
        END $$;

        -- People read everything and write only through the functions above.
        REVOKE ALL ON events, current, refused, target_events, riverchief_roles, riverchief_unit_items FROM PUBLIC;
        GRANT SELECT ON events, current, refused, target_events, riverchief_roles, riverchief_unit_items,
            riverchief_migrations TO PUBLIC;
        REVOKE ALL ON FUNCTION riverchief_append_only() FROM PUBLIC;
        """
    }

    /// Set up before the migrations, in the same transaction (idempotent).
    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS riverchief_migrations (
            name text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
}
#endif
