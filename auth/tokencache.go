package auth

import (
	"crypto/sha256"
	"slices"
	"sync"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// maxCachedTokens bounds the verified-token cache: a few thousand clients
// at about 150 bytes an entry.
const maxCachedTokens = 4096

// tokenCache remembers tokens whose signature and claims were verified,
// so a client sending the same token on every request costs one
// verification per token, not one per request (parsing, base64, JSON and
// HMAC or RSA were over 4% of a request's CPU).
//
// Only verified tokens enter. An entry is served only while the server
// clock is within its nbf and exp, exactly as the parser judges them, so
// caching never stretches a token's life. A cached token stays valid until
// its exp even if the signing key is later rotated out of the JWKS: a
// token is a bearer credential valid until it expires, and verifying it
// again against a fresh key set is what the standard caches skip too.
//
// Keys are SHA-256 digests of the raw tokens: the cache holds no usable
// credential and each entry has a fixed size, whatever the token's length.
// The zero value is an empty cache; it is safe for concurrent use.
type tokenCache struct {
	mu      sync.RWMutex
	entries map[[sha256.Size]byte]cachedToken
	// size is the bound (0: maxCachedTokens); tests lower it.
	size int
}

// cachedToken is a verified token's principal and validity window.
type cachedToken struct {
	actor     domain.Actor
	notBefore time.Time // zero: no nbf claim
	expires   time.Time
}

func tokenKey(raw string) [sha256.Size]byte { return sha256.Sum256([]byte(raw)) }

// valid reports whether the parser would accept the token's times at now:
// now before exp, and not before nbf.
func (t cachedToken) valid(now time.Time) bool {
	return now.Before(t.expires) && (t.notBefore.IsZero() || !now.Before(t.notBefore))
}

// get returns the actor of a verified token still valid at now.
func (c *tokenCache) get(key [sha256.Size]byte, now time.Time) (domain.Actor, bool) {
	c.mu.RLock()
	t, ok := c.entries[key]
	c.mu.RUnlock()
	if !ok || !t.valid(now) {
		return domain.Actor{}, false
	}
	return t.actor, true
}

// put remembers a verified token. When the cache is full, an arbitrary
// entry makes room (map iteration order is random): cheap, and an evicted
// token only costs one more verification.
func (c *tokenCache) put(key [sha256.Size]byte, t cachedToken) {
	// Callers share the cached actor: clip its roles so that an append by
	// one of them can never write into another's.
	t.actor.Roles = slices.Clip(t.actor.Roles)
	size := c.size
	if size <= 0 {
		size = maxCachedTokens
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[[sha256.Size]byte]cachedToken)
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= size {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = t
}

// len is the number of cached tokens.
func (c *tokenCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}
