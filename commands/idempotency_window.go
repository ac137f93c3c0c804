package commands

import (
	"cmp"
	"slices"

	"github.com/opsledger/opsledger/eventstore"
)

// keyWindow is how many idempotency keys an aggregate keeps: those of the
// newest keyWindow keyed commands of its stream (rule OPS-idem-window).
// A command repeated while its stream has taken fewer than keyWindow other
// keyed commands since is answered as a replay from the stream; an older
// repeat is no longer recognised here (the HTTP layer's store of first
// answers still answers a repeated request, see api/idempotency.go).
//
// Why a window: the keys are what a stream's aggregate, its cache entry
// and its snapshot grow with. Keeping every key made a snapshot of a
// 10,000-command stream half a megabyte (read, decompressed and decoded
// on the first command after a restart) and the cached aggregates grow
// for as long as the process ran. The stream-level check exists for
// repeats that race the first command (at most as many as the stream's
// concurrent writers: a hundred in the tests that hammer one aggregate),
// retries of a command whose answer was lost, and reactions and
// deadlines redelivered after a restart, all of which come back within a
// few commands of the stream; 256 leaves room for every one of them.
//
// The window is a function of the stream alone (its last keyWindow keys,
// ordered by the version of their last event), so a full read, a
// snapshot and its tail, and a cached aggregate all keep the same keys:
// deleting the snapshots changes no answer.
const keyWindow = 256

// recordKey notes that the event at version, at pos, was recorded under
// key, and forgets the oldest key when the window is full. a.keyOrder
// stays ordered by the version of each key's last event: a new key goes
// last, and so does a known key seen again (the events of one command
// are contiguous, so it usually is last already).
func (a *aggregate[S]) recordKey(key string, version uint64, pos eventstore.Position) {
	k, known := a.keys[key]
	switch {
	case !known:
		a.keyOrder = append(a.keyOrder, key)
	case a.keyOrder[len(a.keyOrder)-1] != key:
		i := slices.Index(a.keyOrder, key)
		a.keyOrder = append(slices.Delete(a.keyOrder, i, i+1), key)
	}
	k.version, k.position = version, pos
	k.events++
	a.keys[key] = k
	a.trimKeys()
}

// trimKeys forgets the oldest keys beyond keyWindow. The order is resliced
// from the front; append copies its live part when it grows, so what it
// holds stays proportional to the window.
func (a *aggregate[S]) trimKeys() {
	for len(a.keyOrder) > keyWindow {
		delete(a.keys, a.keyOrder[0])
		a.keyOrder = a.keyOrder[1:]
	}
}

// restoreKeys gives a the keys a snapshot holds: ordered by the version
// of their last event and trimmed to the window (a snapshot taken by
// older code holds every key of its stream).
func (a *aggregate[S]) restoreKeys(keys map[string]keyed) {
	a.keys, a.keyOrder = keys, keysByVersion(keys)
	a.trimKeys()
}

// keysByVersion returns the keys ordered by the version of their last
// event, oldest first.
func keysByVersion(keys map[string]keyed) []string {
	order := make([]string, 0, len(keys))
	for k := range keys {
		order = append(order, k)
	}
	slices.SortFunc(order, func(x, y string) int { return cmp.Compare(keys[x].version, keys[y].version) })
	return order
}
