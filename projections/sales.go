package projections

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// SalesProjections lists the read models of the sales cycle: customer
// files, quotations, contracts, receivables and orders.
func SalesProjections() []Projection {
	return []Projection{NewCustomers(), NewQuotations(), NewContracts(), NewReceivables(), NewOrders()}
}

// MinorUnits is an amount in minor units (fen). Read models store it as
// bigint beside a currency column; JSON shows it as a decimal string
// ("1234.50") so no client ever sees a float.
type MinorUnits int64

// MarshalJSON writes the amount as a decimal string.
func (m MinorUnits) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(domain.Fen(int64(m)).Decimal())), nil
}

// UnmarshalJSON reads a decimal string (or number) of major units.
func (m *MinorUnits) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		s = string(b)
	}
	v, err := domain.ParseMoney(s, "")
	if err != nil {
		return err
	}
	*m = MinorUnits(v.Minor)
	return nil
}

// decoded is an event of a batch with its domain body; Event is nil for
// types the projection does not read (they still move the version).
type decoded struct {
	eventstore.Recorded
	Event domain.Event
}

// decodeBatch decodes the events whose type is in handled and leaves the
// others undecoded. Decoding is the projection's main CPU cost, so large
// batches are decoded in parallel chunks while the database waits anyway.
func decodeBatch(codec *eventstore.Codec, handled map[string]bool, events []eventstore.Recorded) ([]decoded, error) {
	out := make([]decoded, len(events))
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

func decodeOne(codec *eventstore.Codec, handled map[string]bool, r eventstore.Recorded, out *decoded) error {
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

// streamIDs returns the distinct aggregate ids ("<prefix><id>") of a batch
// in first-seen order.
func streamIDs(events []decoded, prefix string) []string {
	seen := map[string]bool{}
	var ids []string
	for _, e := range events {
		id := e.Stream[len(prefix):]
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// optTime returns nil for the zero time, so optional times are NULL.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// applyBatch loads the rows of sets for ids in one round trip, lets fold
// change them, and queues every change (and the queued appends) as the
// batch's writes (writeBatch: under a runner they go with the commit).
func applyBatch(ctx context.Context, tx pgx.Tx, ids []string, fold func() error, sets ...rowTable) error {
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
		if err := s.queueWrite(write); err != nil {
			return err
		}
	}
	return writeBatch(ctx, tx, write)
}
