// Package memory is an in-memory snapshots.Store, for tests.
package memory

import (
	"context"
	"sort"
	"sync"

	"github.com/opsledger/opsledger/snapshots"
)

// Store keeps snapshots in memory. The zero value is not usable: see New.
type Store struct {
	mu    sync.Mutex
	byKey map[key][]snapshots.Snapshot // ordered by version
	saves int
	// savedAt is the number of the last save of each key's snapshots
	// (saves counts them), for Recent.
	savedAt map[key]int
}

type key struct{ stream, schema string }

// New returns an empty store.
func New() *Store { return &Store{byKey: map[key][]snapshots.Snapshot{}, savedAt: map[key]int{}} }

// Load implements snapshots.Store.
func (s *Store) Load(_ context.Context, stream, schema string, b snapshots.Bound) (snapshots.Snapshot, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.byKey[key{stream, schema}]
	for i := len(list) - 1; i >= 0; i-- {
		if b.Admits(list[i]) {
			return clone(list[i]), true, nil
		}
	}
	return snapshots.Snapshot{}, false, nil
}

// Save implements snapshots.Store; it keeps every snapshot (tests look
// at old ones).
func (s *Store) Save(_ context.Context, snap snapshots.Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := key{snap.Stream, snap.Schema}
	list := s.byKey[k]
	i := sort.Search(len(list), func(i int) bool { return list[i].Version >= snap.Version })
	s.saves++
	s.savedAt[k] = s.saves
	if i < len(list) && list[i].Version == snap.Version {
		return nil
	}
	s.byKey[k] = append(list[:i], append([]snapshots.Snapshot{clone(snap)}, list[i:]...)...)
	return nil
}

// DeleteAll forgets every snapshot.
func (s *Store) DeleteAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.byKey)
	clear(s.savedAt)
}

// Recent implements snapshots.RecentLister.
func (s *Store) Recent(_ context.Context, limit int) ([]snapshots.Ref, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]key, 0, len(s.byKey))
	for k := range s.byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return s.savedAt[keys[i]] > s.savedAt[keys[j]] })
	refs := make([]snapshots.Ref, 0, min(limit, len(keys)))
	for _, k := range keys[:min(limit, len(keys))] {
		refs = append(refs, snapshots.Ref{Stream: k.stream, Schema: k.schema})
	}
	return refs, nil
}

// Count returns how many snapshots the store holds.
func (s *Store) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, list := range s.byKey {
		n += len(list)
	}
	return n
}

// Saves returns how many times Save was called.
func (s *Store) Saves() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saves
}

func clone(s snapshots.Snapshot) snapshots.Snapshot {
	s.State = append([]byte(nil), s.State...)
	return s
}

// DeleteStream implements snapshots.StreamDeleter.
func (s *Store) DeleteStream(_ context.Context, stream string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.byKey {
		if k.stream == stream {
			delete(s.byKey, k)
			delete(s.savedAt, k)
		}
	}
	return nil
}
