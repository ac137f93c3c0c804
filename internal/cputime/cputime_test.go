package cputime

import (
	"os"
	"testing"
	"time"
)

// Given this process after some work, /proc and getrusage agree on its
// CPU time to within a clock tick or two, and a missing process is not
// visible.
func TestOfAgreesWithSelf(t *testing.T) {
	for deadline := time.Now().Add(50 * time.Millisecond); time.Now().Before(deadline); {
	}
	before := Self()
	got, ok := Of(os.Getpid())
	after := Self()
	if !ok || got <= 0 || got < before-20*time.Millisecond || got > after+20*time.Millisecond {
		t.Errorf("Of(self) = %s, %v; want about %s to %s", got, ok, before, after)
	}
	if got := Sum([]int{os.Getpid(), 1 << 30}); got < before-20*time.Millisecond {
		t.Errorf("Sum(self, missing) = %s, want at least about %s", got, before)
	}
	if _, ok := Of(1 << 30); ok {
		t.Error("Of(a pid that does not exist) is visible")
	}
}
