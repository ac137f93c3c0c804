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
--
-- Reading the session names costs about a quarter of a millisecond (the
-- activity view copies every backend's status), so it is read only when
-- it can matter: when some running transaction holds back an event that
-- has already committed. Otherwise the snapshot's xmin gives the same
-- events. SET search_path pins the events table to this schema.
CREATE FUNCTION horizon() RETURNS xid8
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
DECLARE
    snap pg_snapshot := pg_current_snapshot();
    oldest xid8 := pg_snapshot_xmin(snap);
    h xid8;
BEGIN
    IF oldest = pg_snapshot_xmax(snap)
        OR NOT EXISTS (SELECT FROM events WHERE xid >= oldest) THEN
        RETURN oldest;
    END IF;
    SELECT min(x) INTO h FROM pg_snapshot_xip(snap) AS x
    WHERE x::xid NOT IN (
        SELECT a.backend_xid FROM pg_stat_get_activity(NULL) AS a
        WHERE a.application_name = 'opsledger read model' AND a.backend_xid IS NOT NULL);
    RETURN coalesce(h, pg_snapshot_xmax(snap));
END $$;

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
