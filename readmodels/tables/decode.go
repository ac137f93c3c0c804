package tables

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// Decoded is an event of a batch with its domain body; Event is nil for
// types the projection does not read (they still move the version).
type Decoded struct {
	eventstore.Recorded
	Event domain.Event
}

// decodeBatch decodes the events whose type is in handled and leaves the
// others undecoded. Decoding is the projection's main CPU cost, so large
// batches are decoded in parallel chunks while the database waits anyway.
func decodeBatch(codec *eventstore.Codec, handled map[string]bool, events []eventstore.Recorded) ([]Decoded, error) {
	out := make([]Decoded, len(events))
	workers := min(runtime.GOMAXPROCS(0), len(events)/decodeChunk+1)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(events) && errs[w] == nil; i += workers {
				errs[w] = decodeOne(codec, handled, events[i], &out[i])
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// decodeChunk is how many events make a second decoding goroutine worth it.
const decodeChunk = 256

func decodeOne(codec *eventstore.Codec, handled map[string]bool, r eventstore.Recorded, out *Decoded) error {
	out.Recorded = r
	if !handled[r.Type] {
		return nil
	}
	e, err := codec.DecodeRecorded(r)
	if err != nil {
		return fmt.Errorf("%s %s@%d: %w", r.Type, r.Stream, r.StreamVersion, err)
	}
	out.Event = e
	return nil
}

// typeSet returns the stored type names of events.
func typeSet(events ...domain.Event) map[string]bool {
	m := make(map[string]bool, len(events))
	for _, e := range events {
		m[e.EventType()] = true
	}
	return m
}

// OptTime returns nil for the zero time, so optional times are NULL.
func OptTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// Events is how a read model reads its events: the codec of its
// aggregates, the types whose bodies it reads (the others are left
// undecoded and only move a row's version) and the stream prefix its
// aggregate ids follow.
type Events struct {
	codec   *eventstore.Codec
	handled map[string]bool
	prefix  string
}

// NewEvents returns the events of streams "<prefix><id>", decoded by codec
// when their type is one of handled.
func NewEvents(codec *eventstore.Codec, prefix string, handled ...domain.Event) Events {
	return Events{codec: codec, handled: typeSet(handled...), prefix: prefix}
}

// Decode decodes the events of a batch whose bodies the read model reads.
func (ev Events) Decode(events []eventstore.Recorded) ([]Decoded, error) {
	return decodeBatch(ev.codec, ev.handled, events)
}

// ApplyEvents applies a batch to a read model whose rows are kept in sets
// keyed by aggregate id: it decodes the events, loads the rows of the
// aggregates they touch in one round trip, folds each event into them
// (fold gets the aggregate id) and queues the changes as the batch's
// writes: one read and one write round trip a batch.
func ApplyEvents(ctx context.Context, tx pgx.Tx, ev Events, events []eventstore.Recorded, fold func(id string, e Decoded), sets ...Table) error {
	evs, err := ev.Decode(events)
	if err != nil {
		return err
	}
	return ApplyBatch(ctx, tx, StreamIDs(events, ev.prefix), func() error {
		for _, e := range evs {
			fold(e.Stream[len(ev.prefix):], e)
		}
		return nil
	}, sets...)
}

// ApplyBatch loads the rows of sets for ids in one round trip, lets fold
// change them, and queues every change (and the queued appends) as the
// batch's writes (Write: under a runner they go with the commit).
func ApplyBatch(ctx context.Context, tx pgx.Tx, ids []string, fold func() error, sets ...Table) error {
	load := &pgx.Batch{}
	for _, s := range sets {
		s.queueLoad(load, ids)
	}
	if err := tx.SendBatch(ctx, load).Close(); err != nil {
		return fmt.Errorf("load rows: %w", err)
	}
	if err := fold(); err != nil {
		return err
	}
	write := &pgx.Batch{}
	for _, s := range sets {
		var err error
		if d, ok := s.(directWriter); ok {
			err = d.writeTo(ctx, tx, write)
		} else {
			err = s.queueWrite(write)
		}
		if err != nil {
			return err
		}
	}
	return Write(ctx, tx, write)
}

// directWriter is a Table that may write part of a batch at once (a COPY
// of many rows) rather than queue it with the batch's other writes.
type directWriter interface {
	writeTo(ctx context.Context, tx pgx.Tx, b *pgx.Batch) error
}

// Currency is m's currency, the default when it names none.
func Currency(m domain.Money) string {
	if m.Currency == "" {
		return domain.DefaultCurrency
	}
	return m.Currency
}
