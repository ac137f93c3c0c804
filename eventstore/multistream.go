package eventstore

import (
	"context"
	"errors"
	"fmt"
)

// StreamAppend is one stream's part of a multi-stream append: the events
// to append to Stream if it is at Expected.
type StreamAppend struct {
	Stream   string
	Expected ExpectedVersion
	Events   []EventData
}

// MultiStreamAppender is the optional port of a store that appends to
// several streams in one atomic step. A decision that spans aggregates (a
// customer's registration with its number's claim and its owner's
// portfolio) needs it to hold a rule across them on every interleaving and
// across crashes: with appends one stream at a time a failure between them
// leaves half a decision behind.
type MultiStreamAppender interface {
	// AppendStreams appends every part or none. Each part's stream must
	// be at its expected version; a stream at another version fails the
	// whole append with an error wrapping domain.ErrConflict, and nothing
	// is written to any stream. The events land in the global log in the
	// order given (part by part, each part in its order), with nothing of
	// another append between them. Retrying an append whose events (by
	// ID) every stream already holds, as that append wrote them, succeeds
	// without writing them again and returns the first results; a retry
	// that finds only some of them stored is a conflict. The results are
	// in the order of appends. Each part needs at least one event, and no
	// stream may appear twice (ErrBadMultiAppend).
	AppendStreams(ctx context.Context, appends []StreamAppend) ([]AppendResult, error)
}

// ErrBadMultiAppend is wrapped by the error of a multi-stream append that
// has no parts, a part without events, or a stream twice: a programming
// error, refused before anything is written.
var ErrBadMultiAppend = errors.New("malformed multi-stream append")

// CheckStreamAppends refuses appends that AppendStreams does not take (see
// ErrBadMultiAppend). Stores call it before they write anything.
func CheckStreamAppends(appends []StreamAppend) error {
	if len(appends) == 0 {
		return fmt.Errorf("%w: no streams", ErrBadMultiAppend)
	}
	seen := make(map[string]bool, len(appends))
	for _, a := range appends {
		switch {
		case len(a.Events) == 0:
			return fmt.Errorf("%w: no events for stream %s", ErrBadMultiAppend, a.Stream)
		case seen[a.Stream]:
			return fmt.Errorf("%w: stream %s appears twice", ErrBadMultiAppend, a.Stream)
		}
		seen[a.Stream] = true
	}
	return nil
}

// PartialAppendError is the error of a multi-stream append by a store
// without MultiStreamAppender (see AppendStreams) that failed after some
// streams were written: the first Landed parts are stored, with the given
// results, and the rest are not. The caller compensates for what landed.
type PartialAppendError struct {
	Landed  []AppendResult
	Stream  string // the part that failed
	Wrapped error
}

func (e *PartialAppendError) Error() string {
	return fmt.Sprintf("append %s after %d other streams were written: %v", e.Stream, len(e.Landed), e.Wrapped)
}

func (e *PartialAppendError) Unwrap() error { return e.Wrapped }

// AppendStreams appends to several streams: atomically when store is a
// MultiStreamAppender (PostgreSQL and memory are), else one stream after
// another in the order given (EventStoreDB with client v4 has no
// multi-stream append). The fallback is not atomic, so callers order the
// parts so that any prefix of them is a safe state (claims and guards
// first), and answer a *PartialAppendError by compensating for the parts
// that landed; a crash between two parts leaves its prefix behind.
func AppendStreams(ctx context.Context, store Store, appends []StreamAppend) ([]AppendResult, error) {
	if m, ok := AtomicMultiStream(store); ok {
		return m.AppendStreams(ctx, appends)
	}
	if err := CheckStreamAppends(appends); err != nil {
		return nil, err
	}
	out := make([]AppendResult, 0, len(appends))
	for _, a := range appends {
		res, err := store.Append(ctx, a.Stream, a.Expected, a.Events...)
		switch {
		case err != nil && len(out) == 0:
			return nil, err
		case err != nil:
			return nil, &PartialAppendError{Landed: out, Stream: a.Stream, Wrapped: err}
		}
		out = append(out, res)
	}
	return out, nil
}

// Wrapper is a Store that adds to another without changing its appends
// (a shared subscription, say): AppendStreams looks through it for the
// wrapped store's atomic multi-stream append, so that wrapping a store
// never silently turns joint appends into sequential ones.
type Wrapper interface {
	Unwrap() Store
}

// AtomicMultiStream returns store's atomic multi-stream append, looking
// through wrappers, and whether it has one.
func AtomicMultiStream(store Store) (MultiStreamAppender, bool) {
	for store != nil {
		if m, ok := store.(MultiStreamAppender); ok {
			return m, true
		}
		w, ok := store.(Wrapper)
		if !ok {
			return nil, false
		}
		store = w.Unwrap()
	}
	return nil, false
}
