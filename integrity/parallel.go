package integrity

import (
	"crypto/sha256"
	"errors"
	"fmt"
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
	hashes := hashSlices(len(leaves), 1)
	inParallel(len(leaves), func(from, to int) {
		var buf []byte
		for i := from; i < to; i++ {
			var h [sha256.Size]byte
			h, buf = leaves[i].hashWith(buf)
			copy(hashes[i], h[:])
		}
	})
	return hashes
}

// hashSlices returns n·per slices of a hash's size, cut from one
// allocation.
func hashSlices(n, per int) [][]byte {
	backing := make([]byte, n*per*sha256.Size)
	out := make([][]byte, n*per)
	for i := range out {
		out[i] = backing[i*sha256.Size : (i+1)*sha256.Size : (i+1)*sha256.Size]
	}
	return out
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
	hashes := hashSlices(len(events), 3)
	errs := make([]error, len(events))
	inParallel(len(events), func(from, to int) {
		var meta, buf []byte // reused: the hashes are all that is kept
		for i := from; i < to; i++ {
			var err error
			if meta, err = appendEnvelope(meta[:0], &events[i].Metadata); err != nil {
				errs[i] = fmt.Errorf("integrity: encode metadata of %s: %w", events[i].ID, err)
				continue
			}
			leaf := leafWith(&events[i], meta)
			var h [sha256.Size]byte
			h, buf = leaf.hashWith(buf)
			d, m := sha256.Sum256(leaf.Data), sha256.Sum256(meta)
			out[i] = SealedHashes{Leaf: hashes[3*i], Data: hashes[3*i+1], Envelope: hashes[3*i+2]}
			copy(out[i].Leaf, h[:])
			copy(out[i].Data, d[:])
			copy(out[i].Envelope, m[:])
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// LeavesOf returns the leaves of events, in order, encoded on every CPU.
// Their envelopes share a few large allocations.
func LeavesOf(events []eventstore.Recorded) ([]Leaf, error) {
	leaves := make([]Leaf, len(events))
	errs := make([]error, len(events))
	inParallel(len(events), func(from, to int) {
		var arena []byte
		for i := from; i < to; i++ {
			if cap(arena)-len(arena) < 1024 {
				arena = make([]byte, 0, 64<<10)
			}
			start := len(arena)
			var err error
			if arena, err = appendEnvelope(arena, &events[i].Metadata); err != nil {
				errs[i] = fmt.Errorf("integrity: encode metadata of %s: %w", events[i].ID, err)
				continue
			}
			leaves[i] = leafWith(&events[i], arena[start:len(arena):len(arena)])
		}
	})
	return leaves, errors.Join(errs...)
}
