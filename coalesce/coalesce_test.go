package coalesce

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type doubleCall struct{ in, out int }

func TestCoalescer(t *testing.T) {
	t.Run("calls arriving during a flush share the next one", func(t *testing.T) {
		if sizes := queuedFlushes(t, 5); !slices.Equal(sizes, []int{1, 5}) {
			t.Errorf("flush sizes = %v, want [1 5]", sizes)
		}
	})
	t.Run("a flush takes at most MaxBatch calls", func(t *testing.T) {
		if sizes := queuedFlushes(t, MaxBatch+3); !slices.Equal(sizes, []int{1, MaxBatch, 3}) {
			t.Errorf("flush sizes = %v, want [1 %d 3]", sizes, MaxBatch)
		}
	})
	t.Run("every call gets its own result and none is left waiting", func(t *testing.T) {
		var flushed atomic.Int64
		c := Coalescer[doubleCall]{Flush: func(_ context.Context, calls []*doubleCall) {
			flushed.Add(int64(len(calls)))
			for _, d := range calls {
				d.out = 2 * d.in
			}
		}}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 500 {
					d := doubleCall{in: g*1000 + i}
					c.Do(context.Background(), &d)
					if d.out != 2*d.in {
						t.Errorf("out = %d, want %d", d.out, 2*d.in)
						return
					}
				}
			})
		}
		wg.Wait()
		if flushed.Load() != 8*500 || c.busy || len(c.queue) != 0 {
			t.Errorf("flushed %d calls (busy %v, %d queued), want 4000 and idle", flushed.Load(), c.busy, len(c.queue))
		}
	})
}

// queuedFlushes holds a first call's flush until queued more calls wait,
// then returns the sizes of the flushes that ran; it checks each call's
// result.
func queuedFlushes(t *testing.T, queued int) []int {
	release := make(chan struct{})
	var sizes []int
	var mu sync.Mutex
	c := Coalescer[doubleCall]{Flush: func(_ context.Context, calls []*doubleCall) {
		mu.Lock()
		sizes = append(sizes, len(calls))
		first := len(sizes) == 1
		mu.Unlock()
		if first {
			<-release
		}
		for _, d := range calls {
			d.out = 2 * d.in
		}
	}}
	var wg sync.WaitGroup
	calls := make([]doubleCall, 1+queued)
	for i := range calls {
		calls[i].in = i
		wg.Go(func() { c.Do(context.Background(), &calls[i]) })
		if i == 0 {
			waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(sizes) == 1 })
		}
	}
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return len(c.queue) == queued })
	close(release)
	wg.Wait()
	for i, d := range calls {
		if d.out != 2*i {
			t.Errorf("call %d: out = %d, want %d", i, d.out, 2*i)
		}
	}
	return sizes
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
	}
}
