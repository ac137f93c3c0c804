package postgres

import (
	"testing"
	"time"
)

// Given a subscriber whose events stay held back through several sleeps
// that ran out, when an append wakes it and they are still held back,
// then it sleeps the shortest time again rather than the grown one: the
// holder may end with no append to wake it (decision 53).
func TestPendingWait_aWakeUpStartsItAgain(t *testing.T) {
	var w pendingWait
	var grown []time.Duration
	for range 4 {
		grown = append(grown, w.next(true))
	}
	if want := []time.Duration{2, 4, 8, 16}; !durationsMs(grown, want) {
		t.Fatalf("sleeps while held %v, want %v ms", grown, want)
	}
	w.woken()
	if got := w.next(true); got != 2*time.Millisecond {
		t.Errorf("sleep after a wake-up %v, want 2ms", got)
	}
}

// Given a subscriber whose sleeps grew while its events were held back,
// when nothing is held back any more, then it sleeps until woken, and
// a later hold starts again at the shortest sleep.
func TestPendingWait_endsWhenNothingIsHeld(t *testing.T) {
	var w pendingWait
	for range 10 {
		w.next(true)
	}
	if got := w.next(true); got != maxPendingWait {
		t.Fatalf("sleep after ten held reads %v, want the cap %v", got, maxPendingWait)
	}
	if got := w.next(false); got != 0 {
		t.Errorf("sleep with nothing held %v, want 0 (until woken)", got)
	}
	if got := w.next(true); got != 2*time.Millisecond {
		t.Errorf("sleep on a new hold %v, want 2ms", got)
	}
}

func durationsMs(got []time.Duration, ms []time.Duration) bool {
	if len(got) != len(ms) {
		return false
	}
	for i := range got {
		if got[i] != ms[i]*time.Millisecond {
			return false
		}
	}
	return true
}
