package integrity

import (
	"errors"
	"runtime"
	"sync"

	"github.com/opsledger/opsledger/eventstore"
)

// parallelMin is the fewest items worth spreading over the CPUs: below
// it the goroutines cost more than the hashing they share.
const parallelMin = 256

// inParallel calls do on consecutive ranges of [0, n), one per CPU, and
// waits for them.
func inParallel(n int, do func(from, to int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < parallelMin || workers < 2 {
		do(0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for from := 0; from < n; from += chunk {
		wg.Go(func() { do(from, min(from+chunk, n)) })
	}
	wg.Wait()
}

// HashLeaves returns the hashes of leaves, in order, hashed on every CPU.
func HashLeaves(leaves []Leaf) [][]byte {
	hashes := make([][]byte, len(leaves))
	inParallel(len(leaves), func(from, to int) {
		for i := from; i < to; i++ {
			hashes[i] = leaves[i].Hash()
		}
	})
	return hashes
}

// SealedHashes are what a log keeps of an event's leaf: its hash, and its
// body's and envelope's own hashes.
type SealedHashes struct {
	Leaf, Data, Envelope []byte
}

// HashEvents returns the hashes a log keeps of events, in order, computed
// on every CPU.
func HashEvents(events []eventstore.Recorded) ([]SealedHashes, error) {
	out := make([]SealedHashes, len(events))
	errs := make([]error, len(events))
	inParallel(len(events), func(from, to int) {
		for i := from; i < to; i++ {
			leaf, err := LeafOf(events[i])
			if err != nil {
				errs[i] = err
				continue
			}
			out[i] = SealedHashes{Leaf: leaf.Hash(), Data: leaf.DataHash(), Envelope: leaf.EnvelopeHash()}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// LeavesOf returns the leaves of events, in order, encoded on every CPU.
func LeavesOf(events []eventstore.Recorded) ([]Leaf, error) {
	leaves := make([]Leaf, len(events))
	errs := make([]error, len(events))
	inParallel(len(events), func(from, to int) {
		for i := from; i < to; i++ {
			leaves[i], errs[i] = LeafOf(events[i])
		}
	})
	return leaves, errors.Join(errs...)
}
