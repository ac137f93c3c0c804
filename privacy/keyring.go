package privacy

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"
)

// KeyStore keeps the wrapped data keys, one per subject, and the fact
// that a subject's key was destroyed (privacy/postgres keeps them in
// PostgreSQL).
type KeyStore interface {
	// Load returns the subject's wrapped key. erased is true once the
	// key was destroyed; found is false when the subject never had one.
	Load(ctx context.Context, subject string) (wrapped []byte, erased, found bool, err error)
	// Create keeps wrapped as the subject's key unless the subject has
	// one already or was erased, and returns what the store holds then:
	// two writers racing to create a key both get the winner's.
	Create(ctx context.Context, subject string, wrapped []byte) (stored []byte, erased bool, err error)
	// Destroy forgets the subject's key for good and remembers that it
	// was erased (also for a subject that never had a key). It reports
	// whether the subject was erased already.
	Destroy(ctx context.Context, subject string) (already bool, err error)
}

// KeyringOptions tune a Keyring; the zero value gives the defaults.
type KeyringOptions struct {
	// CacheSize bounds the unwrapped keys kept in memory (default
	// 10,000 subjects).
	CacheSize int
	// CacheTTL is how long a key (or the fact that it is destroyed) is
	// trusted from memory (default 30 s): another instance's erasure
	// stops this one decrypting within it.
	CacheTTL time.Duration
	Now      func() time.Time
}

// Keyring hands out the subjects' data keys: from its cache, or
// unwrapped from the store, or made and stored on a subject's first
// personal data.
type Keyring struct {
	master MasterKey
	store  KeyStore
	opts   KeyringOptions
	cache  *keyCache
}

// NewKeyring returns a keyring over store whose keys master wraps.
func NewKeyring(master MasterKey, store KeyStore, opts KeyringOptions) *Keyring {
	if opts.CacheSize <= 0 {
		opts.CacheSize = 10000
	}
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = 30 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Keyring{master: master, store: store, opts: opts, cache: newKeyCache(opts.CacheSize, opts.CacheTTL)}
}

// forWrite returns the subject's cipher, making its key on its first
// personal data; erased is true (and the cipher nil) for an erased
// subject, whose data is stored erased.
func (k *Keyring) forWrite(ctx context.Context, subject string) (*dataKey, bool, error) {
	if e, ok := k.cache.get(subject, k.opts.Now()); ok {
		return e.key, e.key == nil, nil
	}
	// Create first: a subject's first personal data (a hire, a key person
	// added) is the common miss, and costs one round trip so; a known
	// subject gets its stored key back.
	wrapped, erased, err := k.store.Create(ctx, subject, k.master.wrap(subject, randomBytes(keySize)))
	if err != nil {
		return nil, false, err
	}
	return k.remember(subject, wrapped, erased)
}

// forRead returns the subject's cipher, or erased true (and nil) when its
// key is destroyed or missing: missing is what a restored backup of the
// events without the keys gives, and it must read as erased, not fail.
func (k *Keyring) forRead(ctx context.Context, subject string) (*dataKey, bool, error) {
	if e, ok := k.cache.get(subject, k.opts.Now()); ok {
		return e.key, e.key == nil, nil
	}
	wrapped, erased, found, err := k.store.Load(ctx, subject)
	if err != nil {
		return nil, false, err
	}
	return k.remember(subject, wrapped, erased || !found)
}

func (k *Keyring) remember(subject string, wrapped []byte, erased bool) (*dataKey, bool, error) {
	if erased {
		k.cache.put(subject, keyEntry{at: k.opts.Now()})
		return nil, true, nil
	}
	raw, err := k.master.unwrap(subject, wrapped)
	if err != nil {
		return nil, false, err
	}
	key, err := newDataKey(raw)
	if err != nil {
		return nil, false, err
	}
	k.cache.put(subject, keyEntry{key: key, at: k.opts.Now()})
	return key, false, nil
}

// ErrAlreadyErased is returned by Shred for a subject erased before.
var ErrAlreadyErased = errors.New("privacy: the subject's data was erased already")

// Shred destroys the subject's data key, here and in the store: from now
// on every read of its encrypted fields shows them erased, and its later
// personal data is stored erased. A second Shred returns
// ErrAlreadyErased.
func (k *Keyring) Shred(ctx context.Context, subject string) error {
	already, err := k.store.Destroy(ctx, subject)
	k.cache.put(subject, keyEntry{at: k.opts.Now()})
	if err != nil {
		k.cache.remove(subject) // the store decides on the next use
		return err
	}
	if already {
		return ErrAlreadyErased
	}
	return nil
}

// Known reports whether subject has, or had, a data key.
func (k *Keyring) Known(ctx context.Context, subject string) (bool, error) {
	_, _, found, err := k.store.Load(ctx, subject)
	return found, err
}

// keyEntry is a cached subject key, or nil when erased.
type keyEntry struct {
	subject string
	key     *dataKey
	at      time.Time
}

// keyCache is a bounded LRU of unwrapped subject keys.
type keyCache struct {
	max     int
	mu      sync.Mutex
	entries map[string]*list.Element
	lru     list.List // of keyEntry, most recent first
	ttl     time.Duration
}

func newKeyCache(max int, ttl time.Duration) *keyCache {
	return &keyCache{max: max, ttl: ttl, entries: map[string]*list.Element{}}
}

func (c *keyCache) get(subject string, now time.Time) (keyEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[subject]
	if !ok {
		return keyEntry{}, false
	}
	e := el.Value.(keyEntry)
	if c.ttl > 0 && now.Sub(e.at) > c.ttl {
		c.lru.Remove(el)
		delete(c.entries, subject)
		return keyEntry{}, false
	}
	c.lru.MoveToFront(el)
	return e, true
}

func (c *keyCache) put(subject string, e keyEntry) {
	e.subject = subject
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[subject]; ok {
		el.Value = e
		c.lru.MoveToFront(el)
		return
	}
	c.entries[subject] = c.lru.PushFront(e)
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(keyEntry)
		delete(c.entries, old.subject)
	}
}

func (c *keyCache) remove(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[subject]; ok {
		c.lru.Remove(el)
		delete(c.entries, subject)
	}
}
