package main

import (
	"testing"
	"time"
)

func TestRebuiltLine(t *testing.T) {
	tests := []struct {
		events int64
		took   time.Duration
		want   string
	}{
		{50, 12 * time.Millisecond, "rebuilt 50 events in 12ms"},                // a small log: no rate over 12ms
		{0, 3 * time.Millisecond, "rebuilt 0 events in 3ms"},                    // an empty log
		{20000, 999 * time.Millisecond, "rebuilt 20000 events in 999ms"},        // just under the window
		{30000, 2 * time.Second, "rebuilt 30000 events in 2s (15000 events/s)"}, // long enough for a rate
		{5, 2 * time.Second, "rebuilt 5 events in 2s (2.5 events/s)"},
	}
	for _, tt := range tests {
		if got := rebuiltLine(tt.events, tt.took); got != tt.want {
			t.Errorf("rebuiltLine(%d, %s) = %q, want %q", tt.events, tt.took, got, tt.want)
		}
	}
}
