package commands

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/snapshots"
	snapmemory "github.com/opsledger/opsledger/snapshots/memory"
)

// heldSnapshots holds its first Save until released, and records the
// streams saved.
type heldSnapshots struct {
	snapshots.Store
	release chan struct{}
	mu      sync.Mutex
	held    bool
	saved   map[string]bool
}

func (h *heldSnapshots) Save(ctx context.Context, s snapshots.Snapshot) error {
	h.mu.Lock()
	first := !h.held
	h.held = true
	h.mu.Unlock()
	if first {
		<-h.release
	}
	h.mu.Lock()
	h.saved[s.Stream] = true
	h.mu.Unlock()
	return h.Store.Save(ctx, s)
}

// TestSnapshots_closeSavesWhatIsQueued: given snapshots queued behind a
// slow save, when the handler closes, then the queued ones are saved
// before it returns, not dropped; an offer after close is dropped.
func TestSnapshots_closeSavesWhatIsQueued(t *testing.T) {
	snaps := &heldSnapshots{Store: snapmemory.New(), release: make(chan struct{}), saved: map[string]bool{}}
	h := cacheHandler(memory.New(), WithAggregateCache(0), WithSnapshots(snaps, 1, nil))
	ctx := context.Background()
	must(t)(h.Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg)) // its first snapshot's save is held
	second := cacheReg
	second.CustomerID, second.Number = "c-2", "C-2"
	must(t)(h.Customers.RegisterTargetCustomer(ctx, cacheRep, second)) // queued behind it

	closed := make(chan struct{})
	go func() { h.Close(); close(closed) }()
	close(snaps.release)
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}

	snaps.mu.Lock()
	defer snaps.mu.Unlock()
	for _, stream := range []string{customer.Stream("c-1"), customer.Stream("c-2")} {
		if !snaps.saved[stream] {
			t.Errorf("the snapshot of %s was dropped at close (saved: %v)", stream, snaps.saved)
		}
	}
	before := len(snaps.saved)
	snaps.mu.Unlock()
	third := cacheReg
	third.CustomerID, third.Number = "c-3", "C-3"
	must(t)(h.Customers.RegisterTargetCustomer(ctx, cacheRep, third))
	snaps.mu.Lock()
	if len(snaps.saved) != before {
		t.Errorf("a snapshot offered after close was saved")
	}
}
