package commands

import (
	"container/list"
	"sync"
)

// cachedAggregate is what the cache needs of an aggregate, whatever its
// state type.
type cachedAggregate interface {
	streamName() string
	streamVersion() uint64
	keyCount() int
}

// aggregateCache is a bounded LRU of aggregates by stream. An aggregate
// belongs to the cache or to the one command that took it, never to both:
// take removes it and put hands it back. So no two goroutines ever share
// a state, and an Evolve that updates maps in place (employee.Employee
// does) cannot race or corrupt a cached state. A second command on a
// stream whose aggregate is taken reads the store, as without the cache.
type aggregateCache struct {
	maxStreams, maxKeys int

	mu      sync.Mutex
	keys    int // idempotency keys held over all entries
	entries map[string]*list.Element
	lru     list.List // of cachedAggregate, most recently put first
}

// newAggregateCache returns a cache of at most maxStreams aggregates and
// maxKeys idempotency keys, or nil (no cache) when maxStreams is not
// positive. A nil cache takes nothing and keeps nothing.
func newAggregateCache(maxStreams, maxKeys int) *aggregateCache {
	if maxStreams <= 0 {
		return nil
	}
	return &aggregateCache{maxStreams: maxStreams, maxKeys: maxKeys, entries: map[string]*list.Element{}}
}

// take removes the aggregate of stream from the cache and returns it, or
// nil when the cache has none.
func (c *aggregateCache) take(stream string) cachedAggregate {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[stream]
	if !ok {
		return nil
	}
	c.remove(el)
	return el.Value.(cachedAggregate)
}

// put hands a to the cache; the caller must not touch it afterwards. A
// cached aggregate of the same stream at a later version wins: it knows
// more of the stream.
func (c *aggregateCache) put(a cachedAggregate) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[a.streamName()]; ok {
		if el.Value.(cachedAggregate).streamVersion() >= a.streamVersion() {
			return
		}
		c.remove(el)
	}
	c.entries[a.streamName()] = c.lru.PushFront(a)
	c.keys += a.keyCount()
	for c.lru.Len() > c.maxStreams || c.keys > c.maxKeys {
		c.remove(c.lru.Back())
	}
}

func (c *aggregateCache) remove(el *list.Element) {
	a := c.lru.Remove(el).(cachedAggregate)
	delete(c.entries, a.streamName())
	c.keys -= a.keyCount()
}

// clear forgets every cached aggregate.
func (c *aggregateCache) clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	c.lru.Init()
	c.keys = 0
}

// size returns how many aggregates the cache holds.
func (c *aggregateCache) size() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
