package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// Bitemporal bounds a read of the past on both time axes. A zero bound is
// no bound.
type Bitemporal struct {
	// AsOf keeps the events recorded at or before it: what the log knew
	// then.
	AsOf time.Time
	// ValidAt keeps the events effective at or before it: what was in
	// force then, retroactive filings included (an event effective
	// before it but recorded later counts, when AsOf allows it).
	ValidAt time.Time
}

// Effective returns when r took effect: its envelope's effective time, or
// its recorded time when it has none (events written before the envelope
// carried one).
func Effective(r eventstore.Recorded) time.Time {
	if r.Metadata.EffectiveAt.IsZero() {
		return r.RecordedAt
	}
	return r.Metadata.EffectiveAt
}

// StreamAsOf is one stream as known and in force at a Bitemporal bound.
type StreamAsOf struct {
	// Events are the stream's events within the bound, in stream order:
	// fold them in this order for the state then.
	Events []eventstore.Recorded
	// Exists says whether the stream has any event today, within the
	// bound or not: a stream with none names nothing (404), one whose
	// events all fall outside the bound did not exist yet then.
	Exists bool
}

// ReadAsOf reads stream within b through the store the commands use
// (whatever wraps it for them wraps this read too): the events from
// version from on (0: the start; a reader resuming from a snapshot)
// recorded by b.AsOf, then of those the ones effective by b.ValidAt, in
// stream order.
//
// Valid-time reads fold events in stream order, not in effective order:
// an event is a decision taken on the state its stream had when it was
// recorded, so reordering would fold decisions onto states they were not
// taken on. A retroactive event (effective before earlier-recorded ones)
// joins the fold at its place in the stream, as of any valid time after
// its effective time.
func (h *Handler) ReadAsOf(ctx context.Context, stream string, b Bitemporal, from uint64) (StreamAsOf, error) {
	recs, err := h.log.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{FromVersion: from, RecordedUntil: b.AsOf})
	if err != nil {
		return StreamAsOf{}, fmt.Errorf("read %s as of %s: %w", stream, b.AsOf, err)
	}
	out := StreamAsOf{Events: recs, Exists: len(recs) > 0}
	if !b.ValidAt.IsZero() {
		out.Events = recs[:0:0]
		for _, r := range recs {
			if !Effective(r).After(b.ValidAt) {
				out.Events = append(out.Events, r)
			}
		}
	}
	if !out.Exists && !b.AsOf.IsZero() {
		first, err := h.log.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{Limit: 1})
		if err != nil {
			return StreamAsOf{}, fmt.Errorf("read %s: %w", stream, err)
		}
		out.Exists = len(first) > 0
	}
	return out, nil
}

// ReadHistory reads the events of stream from version from to version to
// (0: no bound), at most limit of them (0: all), in stream order, through
// the store the commands use.
func (h *Handler) ReadHistory(ctx context.Context, stream string, from, to uint64, limit int) ([]eventstore.Recorded, error) {
	recs, err := h.log.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{FromVersion: from, ToVersion: to, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", stream, err)
	}
	return recs, nil
}
