package postgres

import (
	"slices"
	"testing"

	"github.com/opsledger/opsledger/eventstore"
)

// TestGrowRecorded_DoublesUpToTheRowsAskedFor checks that a large read's
// slice is reallocated a few times, never past the rows asked for while
// they are more, and keeps growing when more rows come than asked.
func TestGrowRecorded_DoublesUpToTheRowsAskedFor(t *testing.T) {
	// given a read of 50,000 events that started with room for 8,192
	out := make([]eventstore.Recorded, 0, 8192)
	out = append(out, eventstore.Recorded{Stream: "first"})
	// when 50,001 events arrive one by one
	var caps []int
	for len(out) < 50001 {
		before := cap(out)
		out = growRecorded(out, 50000)
		if cap(out) != before {
			caps = append(caps, cap(out))
		}
		out = append(out, eventstore.Recorded{})
	}
	// then the slice doubled twice, was cut to the rows asked for, then
	// doubled again for the one row too many, keeping what it held
	want := []int{16384, 32768, 50000, 100000}
	if !slices.Equal(caps, want) {
		t.Fatalf("capacities %v, want %v", caps, want)
	}
	if out[0].Stream != "first" {
		t.Errorf("first event %q, want it kept", out[0].Stream)
	}
}
