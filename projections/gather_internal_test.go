package projections

import (
	"testing"
	"time"
)

func TestGatherRest_onlyOnABusyLog_asLongAsApplyingTook_capped(t *testing.T) {
	o := Options{Gather: 3 * time.Millisecond}.withDefaults()
	ms := time.Millisecond
	cases := []struct {
		name     string
		o        Options
		selected int
		took     time.Duration
		want     time.Duration
	}{
		{"a lone event: the log is quiet", o, 1, 2 * ms, 0},
		{"nothing applied: no transaction to save", o, 50, 0, 0},
		{"one selected event of a busy batch: applied alone, no rest", o, 1, 2 * ms, 0},
		{"busy, fast apply: as long as it took", o, 2, ms, ms},
		{"busy, slow apply: capped", o, 100, 20 * ms, 3 * ms},
		{"gathering off", Options{}.withDefaults(), 100, 20 * ms, 0},
		{"ratio 2", Options{Gather: 10 * ms, GatherRatio: 2}.withDefaults(), 5, 2 * ms, 4 * ms},
	}
	for _, c := range cases {
		if got := c.o.gatherRest(c.selected, c.took); got != c.want {
			t.Errorf("%s: gatherRest(%d, %v) = %v, want %v", c.name, c.selected, c.took, got, c.want)
		}
	}
}
