-- The horizon of $all: readers see events of transactions older than
-- horizon(). Plain gap safety stops at the oldest running transaction of
-- the whole cluster, so a read model's own apply transaction held every
-- newer event back until it committed: under load, read models waited on
-- each other. Sessions named 'opsledger read model' declare that they never
-- append events (the trigger below holds them to it), so their
-- transactions cannot leave a gap and the horizon passes over them: it is
-- the oldest running transaction not known to be such a session, or the
-- snapshot's xmax when there is none.
--
-- The running transactions are the statement's snapshot; the session names
-- come from pg_stat_get_activity, read after it. A transaction the
-- activity view does not show as a read-model session (it ended
-- meanwhile, or its fields are hidden from this role) keeps holding the
-- horizon, so an error in either view only makes readers wait longer.
-- Read-model sessions are never handed back to a pool, so a name read
-- beside another transaction's xid cannot mislabel a writer.
CREATE FUNCTION horizon() RETURNS xid8
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
    WHERE x::xid NOT IN (
        SELECT a.backend_xid FROM pg_stat_get_activity(NULL) AS a
        WHERE a.application_name = 'opsledger read model' AND a.backend_xid IS NOT NULL)
$$;

CREATE FUNCTION refuse_read_model_append() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('application_name') = 'opsledger read model' THEN
        RAISE EXCEPTION 'a read-model session (application_name %) may not append events: $all readers pass over its transactions',
            current_setting('application_name') USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER events_no_read_model_appends BEFORE INSERT ON events
FOR EACH STATEMENT EXECUTE FUNCTION refuse_read_model_append();
