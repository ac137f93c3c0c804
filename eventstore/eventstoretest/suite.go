// Package eventstoretest is the conformance suite every eventstore.Store
// implementation runs (memory, postgres, esdb), so the application can rely
// on one contract whichever store is configured.
//
// The suite is written for shared databases and servers: every subtest
// writes to fresh streams named with a random prefix, starts its global-log
// reads at the Head it saw first, and filters the global log by its own
// prefix (or by event types unique to it). It never assumes the log holds
// only its own events, and it waits (bounded) for events to become visible
// on $all instead of assuming they are visible the moment Append returns,
// because a store may hold readers back behind other open transactions.
//
// Beyond the doc comments of eventstore.Store, the suite holds stores to:
//   - Data comes back byte for byte (hash chains are computed over it, so a
//     store must not re-encode it, e.g. through jsonb).
//   - Metadata.EffectiveAt keeps at least microseconds; its zone may come
//     back as UTC (compared with time.Time.Equal).
//   - Appending event IDs that the stream already holds, at an expected
//     version other than the one they were first appended at, either fails
//     with domain.ErrConflict or succeeds without storing them again.
//   - An event ID the stream holds for another event (SameEvent) fails with
//     eventstore.ErrEventIDReused at every expected version; IDs are unique
//     per stream, so another stream may reuse one.
//   - ReadAll returning an empty page means the reader has caught up: a
//     store that filters must keep scanning rather than return an empty
//     page while matching events remain.
//   - A store that implements eventstore.MultiStreamAppender appends all
//     parts or none, keeps them together and in order in $all, and treats
//     a full retry as idempotent; the multi-stream tests skip other stores.
//   - RecordedUntil is inclusive, and the store's clock agrees with the
//     test process's within a few milliseconds.
package eventstoretest

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/eventstore"
)

// DefaultMaxEventSize is the body size of the big-event test unless
// Options.MaxEventSize says otherwise.
const DefaultMaxEventSize = 1 << 20

// Options adapt the suite to what a store can be made to do.
type Options struct {
	// Begin starts a transaction of appends that stays open until its
	// Commit and has taken its place in the global log already, as one
	// that wrote something before its appends has. Stores whose appends
	// commit atomically in position order (memory, EventStoreDB) leave it
	// nil; the tests of held transactions then are skipped and only
	// ordering/no-loss under concurrent appends is checked.
	Begin func(ctx context.Context, s eventstore.Store) (Transaction, error)
	// MaxEventSize, if non-zero, is the size in bytes of the Data of the
	// big-event test (default DefaultMaxEventSize, 1 MiB). Stores with a
	// smaller append limit (EventStoreDB counts metadata too) lower it.
	MaxEventSize int
}

// Transaction is a transaction of appends that a test holds open (see
// Options.Begin).
type Transaction interface {
	// Append appends as Store.Append does, inside the transaction: the
	// events become visible when it commits.
	Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error)
	// Commit commits the transaction.
	Commit() error
}

type suiteTest struct {
	name string
	run  func(t *testing.T, e *env)
}

// tests lists every conformance test; each runs in parallel with the
// others against its own store from newStore.
var tests = []suiteTest{
	{"expected versions", testExpectedVersions},
	{"expected version ahead of the stream is a conflict", testExpectedVersionAhead},
	{"append result and recorded fields", testRecordedFields},
	{"idempotent retry by event id", testIdempotentRetry},
	{"retry by event id with other content is a conflict", testRetryWithOtherContent},
	{"event id reused in another stream", testIDInAnotherStream},
	{"metadata round trip", testMetadataRoundTrip},
	{"chinese text round trip", testChineseText},
	{"big event round trip", testBigEvent},
	{"read stream bounds", testReadStreamBounds},
	{"read stream until a recorded time", testRecordedUntil},
	{"missing stream reads empty", testMissingStream},
	{"read all pagination resumes without loss", testReadAllPagination},
	{"head advances", testHeadAdvances},
	{"filters", testFilters},
	{"catch-up then live subscription", testCatchUpThenLive},
	{"subscribe from a position", testSubscribeFromPosition},
	{"subscription close", testSubscriptionClose},
	{"context ends recv", testRecvContext},
	{"concurrent appends at one version", testConcurrentSameVersion},
	{"concurrent appends with retries", testConcurrentRetries},
	{"concurrent appends keep one global order", testConcurrentGlobalOrder},
	{"out-of-order commits", testOutOfOrderCommits},
	{"an older transaction keeps its streams in version order", testOlderTransactionKeepsStreamOrder},
	{"multi-stream append lands every part, in order", testMultiStreamLands},
	{"multi-stream conflict writes to no stream", testMultiStreamConflictWritesNothing},
	{"multi-stream idempotent retry", testMultiStreamRetry},
	{"multi-stream malformed appends are refused", testMultiStreamMalformed},
	{"concurrent multi-stream appends: one wins, losers write nothing", testMultiStreamConcurrent},
}

// Run runs the conformance suite. newStore is called once per subtest; it
// may return a fresh store or one shared with other subtests and other
// test runs.
func Run(t *testing.T, newStore func(t *testing.T) eventstore.Store, opts Options) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newEnv(t, newStore(t), opts))
		})
	}
}
