package replay

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// pagedLog is a log of events served in pages, as a store serves $all.
type pagedLog struct {
	eventstore.Store
	events []eventstore.Recorded
}

func (l *pagedLog) ReadAll(_ context.Context, from eventstore.Position, limit int, _ eventstore.Filter) ([]eventstore.Recorded, error) {
	var out []eventstore.Recorded
	for _, e := range l.events {
		if e.Position.Compare(from) > 0 && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func TestReplay_cut(t *testing.T) {
	t0 := time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)
	at := func(i int, recorded, effective time.Time) eventstore.Recorded {
		return eventstore.Recorded{Position: eventstore.Position{Major: uint64(i)}, RecordedAt: recorded,
			EventData: eventstore.EventData{Metadata: eventstore.Metadata{EffectiveAt: effective}}}
	}
	log := &pagedLog{events: []eventstore.Recorded{
		at(1, t0.Add(-time.Hour), time.Time{}),
		at(2, t0.Add(-time.Minute), t0.Add(-48*time.Hour)), // filed late, effective two days before
		at(3, t0.Add(time.Second), time.Time{}),            // recorded after, inside the skew window: skipped
		at(4, t0, time.Time{}),                             // recorded at the as-of time, after one recorded later: in
		at(5, t0.Add(-time.Second), t0.Add(time.Hour)),     // effective after the valid time
		at(6, t0.Add(RecordSkew+time.Second), time.Time{}), // beyond the window: the cut ends here
		at(7, t0.Add(-time.Hour), time.Time{}),             // never read
	}}
	read := func(c *cut, limit int) []uint64 {
		var got []uint64
		for from := eventstore.Start; ; {
			batch, err := c.ReadAll(context.Background(), from, limit, eventstore.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(batch) == 0 {
				return got
			}
			for _, e := range batch {
				got = append(got, e.Position.Major)
			}
			from = batch[len(batch)-1].Position
		}
	}
	tests := []struct {
		name    string
		validAt time.Time
		limit   int
		want    []uint64
	}{
		{"as of t0: recorded by then, in log order, up to the first event beyond the window", time.Time{}, 100, []uint64{1, 2, 4, 5}},
		{"the same a page of one at a time, skipped events between pages", time.Time{}, 1, []uint64{1, 2, 4, 5}},
		{"valid at t0: of those, the ones effective by then", t0, 2, []uint64{1, 2, 4}},
		{"valid a day before t0: the late filing effective two days before is in", t0.Add(-24 * time.Hour), 3, []uint64{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := read(newCut(log, t0, tt.validAt), tt.limit)
			if len(got) != len(tt.want) {
				t.Fatalf("read %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("read %v, want %v", got, tt.want)
				}
			}
		})
	}
}
