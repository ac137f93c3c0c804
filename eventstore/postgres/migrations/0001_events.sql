-- The event log. xid is the appending transaction and seq numbers rows in
-- insertion order; $all reads in (xid, seq) order, only below the oldest
-- running transaction, so a reader never passes an event still in flight.
--
-- Two indexes only, as many as a plain table needs: the primary key on
-- (xid, seq) serves $all (nothing looks events up by seq alone, and the
-- identity keeps seq unique), and unique (stream, version) serves stream
-- reads and optimistic concurrency. There is deliberately no index on the
-- event id: random UUID keys would dirty, and after each checkpoint fully
-- log, a random page per event. Ids are checked per stream instead.
CREATE TABLE events (
    seq            bigint GENERATED ALWAYS AS IDENTITY,
    xid            xid8        NOT NULL DEFAULT pg_current_xact_id(),
    stream         text        NOT NULL,
    version        bigint      NOT NULL,
    id             text        NOT NULL,
    type           text        NOT NULL,
    schema_version integer     NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    data           bytea       NOT NULL,
    metadata       bytea       NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (xid, seq),
    CONSTRAINT events_stream_version UNIQUE (stream, version)
);
