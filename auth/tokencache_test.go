package auth

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/opsledger/opsledger/domain"
)

const cacheTestSecret = "a-shared-secret-that-is-long-enough-000"

// testClock is a server clock the test moves.
type testClock struct{ t atomic.Pointer[time.Time] }

func newTestClock(t time.Time) *testClock {
	c := &testClock{}
	c.set(t)
	return c
}

func (c *testClock) now() time.Time  { return *c.t.Load() }
func (c *testClock) set(t time.Time) { c.t.Store(&t) }

func cacheTestJWT(t *testing.T, clock *testClock) *JWT {
	t.Helper()
	j, err := NewJWT([]byte(cacheTestSecret), clock.now)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func cacheTestToken(t *testing.T, j *JWT, employeeID string, ttl time.Duration) string {
	t.Helper()
	tok, err := j.Issue(domain.Actor{EmployeeID: employeeID, Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "SALES"}, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestJWT_TokenCache(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	t.Run("a token cached earlier is refused once it expires", func(t *testing.T) {
		clock := newTestClock(start)
		j := cacheTestJWT(t, clock)
		tok := cacheTestToken(t, j, "emp-1", time.Minute)
		if a, err := j.Authenticate(tok); err != nil || a.EmployeeID != "emp-1" {
			t.Fatalf("Authenticate() = %+v, %v; want emp-1", a, err)
		}
		if j.tokens.len() != 1 {
			t.Fatalf("cached tokens = %d, want 1", j.tokens.len())
		}
		clock.set(start.Add(time.Minute))
		if _, err := j.Authenticate(tok); err == nil {
			t.Fatal("Authenticate() at exp accepted the cached token, want it refused")
		}
	})
	t.Run("a cached token is refused before its nbf", func(t *testing.T) {
		clock := newTestClock(start)
		j := cacheTestJWT(t, clock)
		c := Claims{RegisteredClaims: jwt.RegisteredClaims{Subject: "emp-2", NotBefore: jwt.NewNumericDate(start),
			ExpiresAt: jwt.NewNumericDate(start.Add(time.Hour)), Issuer: DefaultIssuer, Audience: jwt.ClaimStrings{DefaultAudience}}}
		tok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(cacheTestSecret))
		if _, err := j.Authenticate(tok); err != nil {
			t.Fatalf("Authenticate() at nbf = %v", err)
		}
		clock.set(start.Add(-time.Second)) // the server clock stepped back
		if _, err := j.Authenticate(tok); err == nil {
			t.Fatal("Authenticate() before nbf accepted the cached token, want it refused")
		}
	})
	t.Run("a bad signature is never cached", func(t *testing.T) {
		clock := newTestClock(start)
		j := cacheTestJWT(t, clock)
		tok := cacheTestToken(t, j, "emp-3", time.Hour)
		forged := tok[:len(tok)-4] + flip(tok[len(tok)-4:])
		for range 2 {
			if _, err := j.Authenticate(forged); err == nil {
				t.Fatal("Authenticate() accepted a forged signature")
			}
		}
		if j.tokens.len() != 0 {
			t.Fatalf("cached tokens = %d after a forged one, want 0", j.tokens.len())
		}
		if _, err := j.Authenticate(tok); err != nil {
			t.Fatalf("Authenticate() of the genuine token = %v", err)
		}
		if _, err := j.Authenticate(forged); err == nil {
			t.Fatal("Authenticate() accepted a forged signature once the genuine token was cached")
		}
	})
	t.Run("the cache is bounded", func(t *testing.T) {
		clock := newTestClock(start)
		j := cacheTestJWT(t, clock)
		j.tokens.size = 8
		for i := range 20 {
			tok := cacheTestToken(t, j, "emp-"+strconv.Itoa(i), time.Hour)
			if a, err := j.Authenticate(tok); err != nil || a.EmployeeID != "emp-"+strconv.Itoa(i) {
				t.Fatalf("Authenticate(token %d) = %+v, %v", i, a, err)
			}
			if n := j.tokens.len(); n > 8 {
				t.Fatalf("cached tokens = %d, want at most 8", n)
			}
		}
	})
}

// flip changes every character of a base64url tail, keeping it base64url.
func flip(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
	}
	return string(b)
}

func TestJWT_TokenCacheConcurrent(t *testing.T) {
	clock := newTestClock(time.Now())
	j := cacheTestJWT(t, clock)
	j.tokens.size = 4
	toks := make([]string, 8)
	for i := range toks {
		toks[i] = cacheTestToken(t, j, "emp-"+strconv.Itoa(i), time.Hour)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				k := (g + i) % len(toks)
				if a, err := j.Authenticate(toks[k]); err != nil || a.EmployeeID != "emp-"+strconv.Itoa(k) {
					t.Errorf("Authenticate(token %d) = %+v, %v", k, a, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
