package commands

import (
	"container/list"
	"context"
	"sync"
	"time"
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
// stream whose aggregate is out waits for it to come back (see
// checkOut), and after handoverWait reads the store, as without the
// cache.
type aggregateCache struct {
	maxStreams, maxKeys int

	mu      sync.Mutex
	keys    int // idempotency keys held over all entries
	entries map[string]*list.Element
	lru     list.List // of cachedAggregate, most recently put first
	// out marks the streams a command checked out (see checkOut); the
	// channel closes when it puts the aggregate back or releases it.
	out map[string]chan struct{}
}

// newAggregateCache returns a cache of at most maxStreams aggregates and
// maxKeys idempotency keys, or nil (no cache) when maxStreams is not
// positive. A nil cache takes nothing and keeps nothing.
func newAggregateCache(maxStreams, maxKeys int) *aggregateCache {
	if maxStreams <= 0 {
		return nil
	}
	return &aggregateCache{maxStreams: maxStreams, maxKeys: maxKeys, entries: map[string]*list.Element{},
		out: map[string]chan struct{}{}}
}

// handoverWait bounds how long checkOut waits for a stream's aggregate
// that another command of this process holds. It is a bound, not a cost:
// the holder is usually between its decision and its append's commit (a
// few milliseconds, tens under load), and a command that read the
// stream meanwhile instead would decide on the version before that
// append and lose the race for the next one (a second insert, the
// store's explanation of the conflict, a catch-up read and a second
// decision). Two joint commands that take the same two streams in
// opposite orders wait for each other at most this long.
const handoverWait = 250 * time.Millisecond

// checkOut takes the aggregate of stream for a command, as take does,
// and marks the stream out until the command puts the aggregate back or
// releases the stream: every checkOut must be followed by one of them.
// When another command holds the stream, checkOut waits for it (at most
// handoverWait, and not past ctx) and then takes what it put back; a
// command that finds nothing cached (or gives up waiting) gets nil, reads
// the store and holds the stream meanwhile, so the commands behind it
// wait for its aggregate instead of reading the same events again.
func (c *aggregateCache) checkOut(ctx context.Context, stream string) cachedAggregate {
	if c == nil {
		return nil
	}
	var timeout <-chan time.Time
	for {
		c.mu.Lock()
		if el, ok := c.entries[stream]; ok {
			c.remove(el)
			c.out[stream] = make(chan struct{})
			c.mu.Unlock()
			return el.Value.(cachedAggregate)
		}
		back, held := c.out[stream]
		if !held {
			c.out[stream] = make(chan struct{})
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
		if timeout == nil {
			t := time.NewTimer(handoverWait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-back: // put back or released: take it, or wait for the next holder
		case <-timeout:
			c.giveUpOn(stream, back)
			return nil
		case <-ctx.Done():
			return nil
		}
	}
}

// giveUpOn takes over the mark of a holder waited on for handoverWait
// (it may have ended without releasing the stream), so that only this
// command's wait paid for it.
func (c *aggregateCache) giveUpOn(stream string, back chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out[stream] == back {
		close(back)
		c.out[stream] = make(chan struct{})
	}
}

// release ends a checkOut whose aggregate is not put back (it may be
// wrong, or the command failed): the next command reads the store.
func (c *aggregateCache) release(stream string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handBack(stream)
}

// handBack wakes the commands waiting for stream; c.mu is held.
func (c *aggregateCache) handBack(stream string) {
	if back, ok := c.out[stream]; ok {
		close(back)
		delete(c.out, stream)
	}
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

// put hands a to the cache, ending a checkOut of its stream; the caller
// must not touch it afterwards. A cached aggregate of the same stream at
// a later version wins: it knows more of the stream.
func (c *aggregateCache) put(a cachedAggregate) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.handBack(a.streamName())
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
