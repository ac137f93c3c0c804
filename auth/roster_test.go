package auth_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// rosterEnv is an authenticator on a roster whose misses are confirmed
// by a fake store that counts the lookups, under a clock the test moves.
type rosterEnv struct {
	roster  *auth.Roster
	jwt     *auth.JWT
	now     time.Time
	lookups atomic.Int32
	mu      sync.Mutex
	stored  map[string]auth.Standing // what the store holds
	fail    error
}

func newRosterEnv(t *testing.T) *rosterEnv {
	t.Helper()
	e := &rosterEnv{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), stored: map[string]auth.Standing{}}
	e.roster = auth.NewRoster(func(_ context.Context, id string) (auth.Standing, error) {
		e.lookups.Add(1)
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.stored[id], e.fail
	})
	j, err := auth.NewJWT([]byte(rulesTestSecret), func() time.Time { return e.now }, auth.WithRoster(e.roster))
	if err != nil {
		t.Fatal(err)
	}
	e.jwt = j
	return e
}

func (e *rosterEnv) token(t *testing.T, employeeID string) string {
	t.Helper()
	tok, err := e.jwt.Issue(domain.Actor{EmployeeID: employeeID, Roles: []domain.Role{domain.RoleGM}}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (e *rosterEnv) store(id string, s auth.Standing) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stored[id] = s
}

// TestRoster_UnknownSubjectRefused: a well-signed token whose subject was
// never hired is refused with a message naming the subject; the miss is
// believed for a second, so repeating the token does not ask the store
// on every request, and asked again after it.
func TestRoster_UnknownSubjectRefused(t *testing.T) {
	e := newRosterEnv(t)
	tok := e.token(t, "emp-ghost")
	_, err := e.jwt.Authenticate(tok)
	if err == nil || !strings.Contains(err.Error(), `"emp-ghost" was never hired`) || !strings.HasPrefix(err.Error(), "invalid token: ") {
		t.Fatalf("a never-hired subject: error %v, want refused as never hired", err)
	}
	t.Run("within a second the miss is believed without asking the store", func(t *testing.T) {
		e.now = e.now.Add(time.Second - time.Nanosecond)
		if _, err := e.jwt.Authenticate(tok); err == nil {
			t.Errorf("a never-hired subject accepted on the second request")
		}
		if n := e.lookups.Load(); n != 1 {
			t.Errorf("store asked %d times, want 1", n)
		}
	})
	t.Run("after a second the store is asked again", func(t *testing.T) {
		e.now = e.now.Add(time.Nanosecond)
		if _, err := e.jwt.Authenticate(tok); err == nil {
			t.Errorf("a never-hired subject accepted")
		}
		if n := e.lookups.Load(); n != 2 {
			t.Errorf("store asked %d times, want 2", n)
		}
	})
}

// TestRoster_NewHireAcceptedImmediately: a hire committed before the
// roster's feed delivers it is confirmed from the store on the first
// request and kept: later requests are answered from memory.
func TestRoster_NewHireAcceptedImmediately(t *testing.T) {
	e := newRosterEnv(t)
	e.store("emp-new", auth.Active)
	tok := e.token(t, "emp-new")
	for i := range 3 {
		if a, err := e.jwt.Authenticate(tok); err != nil || a.EmployeeID != "emp-new" {
			t.Fatalf("request %d of a new hire: actor %+v, error %v", i, a, err)
		}
	}
	if n := e.lookups.Load(); n != 1 {
		t.Errorf("store asked %d times, want once", n)
	}
	if s := e.roster.Standing("emp-new"); s != auth.Active {
		t.Errorf("roster standing = %v, want Active", s)
	}
	t.Run("a hire fed after a remembered miss is accepted at once", func(t *testing.T) {
		early := e.token(t, "emp-early")
		if _, err := e.jwt.Authenticate(early); err == nil {
			t.Fatalf("a token used before its hire accepted")
		}
		e.roster.Hire("emp-early")
		if _, err := e.jwt.Authenticate(early); err != nil {
			t.Errorf("after the hire was fed: %v", err)
		}
	})
}

// TestRoster_DepartedRefused: a departure is final, whether the feed
// delivers it or the store confirms it, and a hire delivered again after
// it does not bring the employee back.
func TestRoster_DepartedRefused(t *testing.T) {
	e := newRosterEnv(t)
	e.store("emp-gone", auth.Departed)
	if _, err := e.jwt.Authenticate(e.token(t, "emp-gone")); err == nil || !strings.Contains(err.Error(), "departed") {
		t.Errorf("a departure confirmed by the store: error %v, want refused as departed", err)
	}
	e.roster.Hire("emp-left")
	e.roster.Depart("emp-left")
	e.roster.Hire("emp-left")
	if _, err := e.jwt.Authenticate(e.token(t, "emp-left")); err == nil || !strings.Contains(err.Error(), "departed") {
		t.Errorf("a hire fed again after the departure: error %v, want refused as departed", err)
	}
	if n := e.lookups.Load(); n != 1 {
		t.Errorf("store asked %d times, want once (the departure fed is known from memory)", n)
	}
}

// TestRoster_ConfirmationFailure: when the store cannot be asked, the
// token is refused without the store's message (it may name the
// database's host and user), and the failure is not remembered.
func TestRoster_ConfirmationFailure(t *testing.T) {
	e := newRosterEnv(t)
	e.fail = errors.New("dial tcp 10.0.0.5:5432 user=opsledger: connection refused")
	e.store("emp-new", auth.Active)
	tok := e.token(t, "emp-new")
	_, err := e.jwt.Authenticate(tok)
	if err == nil || strings.Contains(err.Error(), "10.0.0.5") || !strings.Contains(err.Error(), "try again") {
		t.Fatalf("store down: error %v, want a refusal asking to try again, without the store's message", err)
	}
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Errorf("store down: error %v, want it marked unavailable (an outage: 503, not 401)", err)
	}
	e.fail = nil
	if _, err := e.jwt.Authenticate(tok); err != nil {
		t.Errorf("store back: %v", err)
	}
}

// TestRoster_ConcurrentMissesAskOnce: many first requests of the same new
// hire at once confirm it with one lookup.
func TestRoster_ConcurrentMissesAskOnce(t *testing.T) {
	e := newRosterEnv(t)
	release := make(chan struct{})
	e.roster = auth.NewRoster(func(context.Context, string) (auth.Standing, error) {
		e.lookups.Add(1)
		<-release
		return auth.Active, nil
	})
	j, err := auth.NewJWT([]byte(rulesTestSecret), time.Now, auth.WithRoster(e.roster))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := j.Issue(domain.Actor{EmployeeID: "emp-new", Roles: []domain.Role{domain.RoleGM}}, time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := j.Authenticate(tok)
			errs <- err
		})
	}
	time.Sleep(50 * time.Millisecond) // let them all reach the lookup
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a concurrent first request refused: %v", err)
		}
	}
	if n := e.lookups.Load(); n < 1 || n > 2 {
		t.Errorf("store asked %d times, want once (twice at most if one request came after the first lookup ended)", n)
	}
}

// TestRoster_WithoutConfirm: a roster with no store refuses a miss.
func TestRoster_WithoutConfirm(t *testing.T) {
	roster := auth.NewRoster(nil)
	j, err := auth.NewJWT([]byte(rulesTestSecret), time.Now, auth.WithRoster(roster))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := j.Issue(domain.Actor{EmployeeID: "emp-x", Roles: []domain.Role{domain.RoleGM}}, time.Hour)
	if _, err := j.Authenticate(tok); err == nil {
		t.Errorf("a subject not on a roster without store accepted")
	}
}
