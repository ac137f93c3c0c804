// Package esdb is the EventStoreDB/KurrentDB adapter of eventstore.Store,
// built on github.com/EventStore/EventStore-Client-Go/v4 (v4.2.0). It is
// the only package (with its test double esdbtest) that imports the client.
//
// Mapping decisions:
//
//   - Versions. Our stream version n is ESDB revision n-1 (revisions start
//     at 0, versions at 1; version 0 is "no stream"). Exact(v) expects
//     revision v-1; NoStream, Any and StreamExists map to the client's
//     values of the same name. AppendResult.Version is the server's current
//     revision + 1.
//   - Conflicts. A wrong expected version is an error wrapping both
//     domain.ErrConflict and the client's *esdb.Error. Errors are classified
//     with errors.As on *esdb.Error (never with esdb.FromError, whose ok is
//     true when there is no error at all).
//   - Idempotency. Retrying the same event ids at the same expected version
//     is acknowledged by the server without a second write, by id alone:
//     it does not compare the events. It would also store a second copy of
//     ids appended again at the stream's current version. So before every
//     append the adapter reads the stream's events (NoStream included,
//     where the read of a missing stream answers at once): an id the
//     stream holds for another event is eventstore.ErrEventIDReused, a
//     true retry returns the original result, any other reuse of a stored
//     id is a conflict. That costs one stream read per append (aggregate
//     streams are short). Ids are per stream, as the server keeps them: an
//     id reused in another stream is another event.
//   - Event ids. EventData.ID is the ESDB event id when it is a canonical
//     (lower-case) UUID. Any other non-empty id is mapped to a name-based
//     UUID (SHA-1) and kept verbatim in the metadata as "event_id", so it
//     reads back unchanged and retries stay idempotent. An empty id gets a
//     random UUID, as the client itself would do.
//   - Body and metadata. Data is stored as the JSON event body (content
//     type application/json); eventstore.Metadata plus "schema_version" is
//     the event's JSON user metadata. RecordedAt is the server's created
//     time (100 ns resolution).
//   - Positions. Position{Major: commit, Minor: prepare}; Start is the
//     beginning of $all. Reads and subscriptions "after from" drop the
//     event at from themselves, whatever the server does.
//   - System events. Events of streams or types starting with "$" belong
//     to the server, not to the application: ReadAll, Subscribe and Head
//     skip them.
//   - Missing streams. ReadStream of a missing (or deleted) stream is an
//     empty result; the client reports it on the first Recv, not on the
//     ReadStream call.
//   - Filters. ReadAll filters on the client (this client version has no
//     filtered $all read) and keeps reading until the limit is filled or
//     $all ends. Subscribe asks the server to filter by stream prefix, or
//     else by an exact event-type regex, or else to exclude system events,
//     and still applies Filter.Matches to every event it delivers.
//   - Subscriptions. Recv blocks for one event, then gathers whatever else
//     has already arrived (up to 256 events). The subscription lives until
//     Close, independent of the context passed to Subscribe.
//   - Multi-stream appends. Client v4 has no atomic append to several
//     streams, so the store does not implement
//     eventstore.MultiStreamAppender. eventstore.AppendStreams falls back
//     to one append per stream, in the order the caller gives (claims and
//     guards first), and reports a failure after the first stream as an
//     *eventstore.PartialAppendError; the command side compensates for the
//     streams that landed (see commands' joint decisions). A crash between
//     two appends leaves the prefix behind: a number claimed by a customer
//     never registered, or an ownership recorded on an employee's customer portfolio for a
//     customer that stayed with someone else (either refuses, never
//     allows, what the rule forbids). See docs/ARCHITECTURE.md.
package esdb
