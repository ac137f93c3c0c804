package postgres

import (
	"slices"
	"testing"
	"time"
)

// Given a subscriber whose log stays held back, when it is woken again and
// again (every append wakes it), then it learns other databases'
// transactions after foreignAfter and then after twice as long each time,
// up to maxForeignEvery, not once per wake-up.
func TestForeignLearning_due(t *testing.T) {
	t0 := time.Unix(0, 0)
	var l foreignLearning
	var learnt []time.Duration
	for ms := 0; ms <= 3000; ms++ { // woken every millisecond for 3 s
		if _, ok := l.due(t0.Add(time.Duration(ms) * time.Millisecond)); ok {
			learnt = append(learnt, time.Duration(ms)*time.Millisecond)
		}
	}
	want := []time.Duration{2, 6, 14, 30, 62, 126, 254, 510, 1022, 2022} // ms
	for i := range want {
		want[i] *= time.Millisecond
	}
	if !slices.Equal(learnt, want) {
		t.Fatalf("learnt at %v, want at %v", learnt, want)
	}
}

// Given a subscriber that learnt once, when the log is no longer held
// back (a fresh foreignLearning) and is held again, then it learns again
// after foreignAfter, telling since when it waited.
func TestForeignLearning_dueAfterAFreshHold(t *testing.T) {
	t0 := time.Unix(0, 0)
	l := foreignLearning{}
	l.due(t0)
	if since, ok := l.due(t0.Add(foreignAfter)); !ok || !since.Equal(t0) {
		t.Fatalf("due after foreignAfter = %v, %v; want %v, true", since, ok, t0)
	}
	l = foreignLearning{}
	t1 := t0.Add(time.Second)
	if _, ok := l.due(t1); ok {
		t.Fatal("due at the start of a hold = true, want false")
	}
	if _, ok := l.due(t1.Add(foreignAfter)); !ok {
		t.Fatal("due foreignAfter into a fresh hold = false, want true")
	}
}
