-- The event log. seq orders rows within a transaction; xid (the appending
-- transaction) orders transactions, so $all reads in (xid, seq) order below
-- the oldest running transaction never pass an event still in flight.
CREATE TABLE events (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid            xid8        NOT NULL DEFAULT pg_current_xact_id(),
    stream         text        NOT NULL,
    version        bigint      NOT NULL,
    id             text        NOT NULL,
    type           text        NOT NULL,
    schema_version integer     NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    data           bytea       NOT NULL,
    metadata       bytea       NOT NULL,
    CONSTRAINT events_stream_version UNIQUE (stream, version)
);

CREATE INDEX events_xid_seq ON events (xid, seq);

CREATE UNIQUE INDEX events_id ON events (id);
