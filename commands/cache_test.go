package commands_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var c1 = customer.Stream("c-1")

func TestAggregateCache_HotStream(t *testing.T) {
	t.Run("commands on a cached stream neither read nor fold it", func(t *testing.T) {
		w := registeredCacheWorld(t, commands.DefaultAggregateCache)
		w.store.readsOf(c1)

		for i := range 3 {
			res := w.ok(w.h.Customers.LogContact(context.Background(), customerRep, logContact(string(rune('a'+i)))))
			if res.Version != uint64(i+2) {
				t.Errorf("LogContact %d version = %d, want %d", i, res.Version, i+2)
			}
		}

		if n := w.store.readsOf(c1); n != 0 {
			t.Errorf("reads of %s = %d, want 0", c1, n)
		}
	})
	t.Run("without the cache every command reads the stream", func(t *testing.T) {
		w := registeredCacheWorld(t, 0)
		w.store.readsOf(c1)

		for i := range 3 {
			w.ok(w.h.Customers.LogContact(context.Background(), customerRep, logContact(string(rune('a'+i)))))
		}

		if n := w.store.readsOf(c1); n != 3 {
			t.Errorf("reads of %s = %d, want 3", c1, n)
		}
	})
}

func TestAggregateCache_AnotherWriter(t *testing.T) {
	visit := commands.RecordVisit{CustomerID: "c-1", Visit: customer.Visit{
		OutingRegistrationID: "out-1", Purpose: "introduce", Outcome: customer.OutcomeContinueVisiting}}
	for _, mode := range cacheModes {
		t.Run(mode.name+": the next command decides on the state the other process left", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			w.ok(w.h.Customers.RecordVisit(ctx, customerRep, visit))     // h knows visit 1
			w.ok(w.other.Customers.RecordVisit(ctx, customerRep, visit)) // another process records visit 2

			res := w.ok(w.h.Customers.RecordVisit(ctx, customerRep, visit))

			events, _ := w.events(c1)
			if v, ok := events[len(events)-1].(customer.Visited); !ok || v.VisitNo != 3 {
				t.Errorf("last event = %#v, want visit number 3 (decided on the fresh state)", events[len(events)-1])
			}
			if res.Version != 4 || res.Events != 1 || res.Replayed {
				t.Errorf("RecordVisit() = %+v, want version 4 with 1 event", res)
			}
		})
	}
}

func TestAggregateCache_RuleErrorOnStaleState(t *testing.T) {
	contact := customer.KeyContact{ContactID: "k-9", RoleInOrg: customer.ContactHead, Personal: customer.PersonalData{Name: "Ms Zhou"}}
	update := commands.UpdateKeyContact{CustomerID: "c-1", Contact: contact}
	update.Contact.RoleInOrg = customer.ContactUser
	for _, mode := range cacheModes {
		t.Run(mode.name+": a rule the stale state breaks is decided again on the fresh state", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			w.ok(w.other.Customers.AddKeyContact(ctx, customerRep, commands.AddKeyContact{CustomerID: "c-1", Contact: contact}))

			res, err := w.h.Customers.UpdateKeyContact(ctx, customerRep, update)

			if err != nil || res.Version != 3 || res.Events != 1 {
				t.Errorf("UpdateKeyContact() = %+v, %v; want version 3 (h's cached state has no contact k-9, the store has)", res, err)
			}
		})
		t.Run(mode.name+": a rule the fresh state breaks too is returned", func(t *testing.T) {
			w := registeredCacheWorld(t, mode.cache)

			_, err := w.h.Customers.UpdateKeyContact(context.Background(), customerRep, update)

			if !errors.Is(err, customer.ErrContactNotFound) {
				t.Errorf("UpdateKeyContact() error = %v, want customer.ErrContactNotFound", err)
			}
		})
	}
}

func TestAggregateCache_NoOpOnStaleState(t *testing.T) {
	for _, mode := range cacheModes {
		t.Run(mode.name+": a no-op on the stale state is decided again on the fresh state", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			w.ok(w.h.Customers.StartNegotiation(ctx, customerRep, commands.StartNegotiation{CustomerID: "c-1"})) // h: negotiating
			w.ok(w.other.Customers.ParkCustomer(ctx, customerRep, commands.ParkCustomer{CustomerID: "c-1"}))     // store: parked

			res, err := w.h.Customers.StartNegotiation(ctx, customerRep, commands.StartNegotiation{CustomerID: "c-1"})

			// negotiating again would be a no-op; a parked customer is refused
			if !errors.Is(err, customer.ErrWrongStage) {
				t.Errorf("StartNegotiation() = %+v, %v; want customer.ErrWrongStage", res, err)
			}
		})
		t.Run(mode.name+": a no-op on the current state answers the current version", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			w.ok(w.h.Customers.StartNegotiation(ctx, customerRep, commands.StartNegotiation{CustomerID: "c-1"}))
			w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("a")))

			res, err := w.h.Customers.StartNegotiation(ctx, customerRep, commands.StartNegotiation{CustomerID: "c-1"})

			if err != nil || res.Version != 3 || res.Events != 0 {
				t.Errorf("StartNegotiation() = %+v, %v; want no events at version 3", res, err)
			}
		})
	}
}

func TestAggregateCache_IfMatch(t *testing.T) {
	for _, mode := range cacheModes {
		t.Run(mode.name+": If-Match of the version another process wrote succeeds", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)                              // h: version 1
			w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("a"))) // store: version 2

			res, err := w.h.Customers.LogContact(ctx, ifVersion(customerRep, 2), logContact("b"))

			if err != nil || res.Version != 3 {
				t.Errorf("LogContact(If-Match 2) = %+v, %v; want version 3", res, err)
			}
		})
		t.Run(mode.name+": If-Match of the cached version is stale once another process wrote", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("a")))

			_, err := w.h.Customers.LogContact(ctx, ifVersion(customerRep, 1), logContact("b"))

			if !errors.Is(err, commands.ErrStaleVersion) {
				t.Errorf("LogContact(If-Match 1) error = %v, want ErrStaleVersion", err)
			}
			if events, _ := w.events(c1); len(events) != 2 {
				t.Errorf("stream has %d events, want 2", len(events))
			}
		})
		t.Run(mode.name+": If-Match of a version the stream never had is stale", func(t *testing.T) {
			w := registeredCacheWorld(t, mode.cache)

			_, err := w.h.Customers.LogContact(context.Background(), ifVersion(customerRep, 7), logContact("b"))

			if !errors.Is(err, commands.ErrStaleVersion) {
				t.Errorf("LogContact(If-Match 7) error = %v, want ErrStaleVersion", err)
			}
		})
	}
}

func TestAggregateCache_IdempotencyKey(t *testing.T) {
	for _, mode := range cacheModes {
		t.Run(mode.name+": a key repeated after a write on the cached stream is replayed", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			first := w.ok(w.h.Customers.LogContact(ctx, keyedMeta(customerRep, "log-1"), logContact("a")))
			w.ok(w.h.Customers.LogContact(ctx, customerRep, logContact("b")))

			again, err := w.h.Customers.LogContact(ctx, keyedMeta(customerRep, "log-1"), logContact("a"))

			want := first
			want.Replayed = true
			if err != nil || again != want {
				t.Errorf("repeat = %+v, %v; want %+v", again, err, want)
			}
			if n := w.keyed(c1, "log-1"); n != 1 {
				t.Errorf("events under the key = %d, want 1", n)
			}
		})
		// The other process writes the same request with the same clock, so
		// its events are byte for byte what h would write: only fresh event
		// ids keep the store from taking h's append as a retry of them.
		t.Run(mode.name+": a key another process wrote at the cached version is replayed", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			first := w.ok(w.other.Customers.LogContact(ctx, keyedMeta(customerRep, "log-1"), logContact("a")))

			again, err := w.h.Customers.LogContact(ctx, keyedMeta(customerRep, "log-1"), logContact("a"))

			want := first
			want.Replayed = true
			if err != nil || again != want {
				t.Errorf("repeat on h = %+v, %v; want %+v", again, err, want)
			}
			if n := w.keyed(c1, "log-1"); n != 1 {
				t.Errorf("events under the key = %d, want 1", n)
			}
		})
		t.Run(mode.name+": a key another process wrote after other events is replayed", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("a")))
			first := w.ok(w.other.Customers.LogContact(ctx, keyedMeta(customerRep, "log-1"), logContact("b")))
			w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("c")))

			again, err := w.h.Customers.LogContact(ctx, keyedMeta(ifVersion(customerRep, 1), "log-1"), logContact("b"))

			want := first
			want.Replayed = true
			if err != nil || again != want {
				t.Errorf("repeat on h = %+v, %v; want %+v (a replay wins over a stale If-Match)", again, err, want)
			}
		})
		t.Run(mode.name+": a key h wrote is replayed by the other process", func(t *testing.T) {
			ctx := context.Background()
			w := registeredCacheWorld(t, mode.cache)
			w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("a"))) // other caches c-1 at version 2
			first := w.ok(w.h.Customers.LogContact(ctx, keyedMeta(customerRep, "log-1"), logContact("b")))

			again, err := w.other.Customers.LogContact(ctx, keyedMeta(customerRep, "log-1"), logContact("b"))

			if err != nil || !again.Replayed || again.Version != first.Version || again.Position != first.Position {
				t.Errorf("repeat on other = %+v, %v; want a replay of %+v", again, err, first)
			}
		})
	}
}

func TestAggregateCache_Bounded(t *testing.T) {
	t.Run("the least recently used stream is dropped beyond the bound", func(t *testing.T) {
		ctx := context.Background()
		w := newCacheWorld(t, memory.New(), 2)
		for _, id := range []string{"c-1", "c-2", "c-3"} {
			reg := customerRegistration
			reg.CustomerID, reg.Number = id, "NJ-"+strings.ToUpper(id)
			w.ok(w.h.Customers.RegisterTargetCustomer(ctx, customerRep, reg))
		}
		if n := commands.CachedAggregates(w.h); n != 2 {
			t.Errorf("cached streams = %d, want 2", n)
		}
		w.store.readsOf(c1)

		w.ok(w.h.Customers.LogContact(ctx, customerRep, logContact("a")))

		if n := w.store.readsOf(c1); n != 1 {
			t.Errorf("reads of the dropped %s = %d, want 1", c1, n)
		}
	})
	t.Run("a rule error leaves the cached state usable", func(t *testing.T) {
		ctx := context.Background()
		w := registeredCacheWorld(t, commands.DefaultAggregateCache)
		_, err := w.h.Customers.LogContact(ctx, customerRep, commands.LogContact{CustomerID: "c-1", Entry: customer.ContactEntry{ContactID: "nobody", Topic: "t", Outcome: "o"}})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("LogContact(unknown contact) error = %v, want ErrNotFound", err)
		}
		w.store.readsOf(c1)

		res := w.ok(w.h.Customers.LogContact(ctx, customerRep, logContact("a")))

		if n := w.store.readsOf(c1); n != 0 || res.Version != 2 {
			t.Errorf("LogContact() version %d after %d reads, want version 2 from the cache", res.Version, n)
		}
	})
}

func TestAggregateCache_IfMatchRace(t *testing.T) {
	for _, mode := range cacheModes {
		for _, tc := range []struct {
			name, otherKey string
			want           func(commands.Result, error) bool
		}{
			{"a duplicate that lost the race to its first request is replayed", "log-1", func(res commands.Result, err error) bool {
				return err == nil && res.Replayed && res.Version == 2
			}},
			{"a request that lost the race to another is refused as before", "log-2", func(_ commands.Result, err error) bool {
				return errors.Is(err, domain.ErrConflict) && !errors.Is(err, commands.ErrStaleVersion)
			}},
		} {
			t.Run(mode.name+": "+tc.name, func(t *testing.T) {
				ctx := context.Background()
				w := registeredCacheWorld(t, mode.cache)
				commands.ForgetAggregates(w.h) // h reads the stream, and the other process writes right after
				w.store.afterRead(c1, func() {
					w.ok(w.other.Customers.LogContact(ctx, keyedMeta(customerRep, tc.otherKey), logContact("a")))
				})

				res, err := w.h.Customers.LogContact(ctx, keyedMeta(ifVersion(customerRep, 1), "log-1"), logContact("a"))

				if !tc.want(res, err) {
					t.Errorf("LogContact(If-Match 1) = %+v, %v", res, err)
				}
			})
		}
	}
}

func TestRegisterTargetCustomer_Reads(t *testing.T) {
	for _, mode := range cacheModes {
		t.Run(mode.name+": the file is read once and the new number not at all", func(t *testing.T) {
			w := newCacheWorld(t, memory.New(), mode.cache)
			number := customer.NumberStream(customerRegistration.Number)

			w.ok(w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, customerRegistration))

			if n, m := w.store.readsOf(c1), w.store.readsOf(number); n != 1 || m != 0 {
				t.Errorf("reads of the file %d, of the number %d; want 1 and 0", n, m)
			}
			if claims, files := len(w.mustEvents(number)), len(w.mustEvents(c1)); claims != 1 || files != 1 {
				t.Errorf("%d claims, %d file events; want 1 and 1", claims, files)
			}
		})
		t.Run(mode.name+": a number another process claimed is read and refused", func(t *testing.T) {
			w := newCacheWorld(t, memory.New(), mode.cache)
			first := customerRegistration
			first.CustomerID = "c-2"
			w.ok(w.other.Customers.RegisterTargetCustomer(context.Background(), customerRep, first))

			_, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, customerRegistration)

			if !errors.Is(err, customer.ErrNumberTaken) {
				t.Fatalf("RegisterTargetCustomer() error = %v, want ErrNumberTaken", err)
			}
			if n := w.store.readsOf(customer.NumberStream(customerRegistration.Number)); n != 1 {
				t.Errorf("reads of the number = %d, want 1 (after the claim conflicted)", n)
			}
			if got := w.mustEvents(c1); len(got) != 0 {
				t.Errorf("customer c-1 has %v, want nothing", got)
			}
		})
	}
}

// mustEvents returns the decoded events of stream.
func (w *cacheWorld) mustEvents(stream string) []domain.Event {
	events, _ := w.events(stream)
	return events
}

// Given a command with If-Match whose version another process moved while
// it was being decided, when its append loses, then it answers a conflict
// that speaks of the customer file, not of streams or versions.
func TestUpdate_lostRaceSpeaksOfTheBusiness(t *testing.T) {
	ctx := context.Background()
	w := registeredCacheWorld(t, commands.DefaultAggregateCache)
	commands.ForgetAggregates(w.h)
	w.store.afterRead(c1, func() {
		w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("a")))
	})

	_, err := w.h.Customers.LogContact(ctx, ifVersion(customerRep, 1), logContact("a"))

	var changed *commands.ChangedMeanwhile
	if !errors.As(err, &changed) || !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("LogContact(If-Match 1) error = %v, want a ChangedMeanwhile conflict", err)
	}
	want := "the customer file changed while your request was being decided; try again"
	if err.Error() != want {
		t.Errorf("error text = %q, want %q", err.Error(), want)
	}
}

func TestAggregateCache_ConcurrentCommandsOnAHotStream(t *testing.T) {
	// Given c-1 cached in h.
	w := registeredCacheWorld(t, commands.DefaultAggregateCache)
	w.store.readsOf(c1)
	// When eight commands on c-1 run at once in h.
	const n = 8
	versions := make(chan uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			res, err := w.h.Customers.LogContact(context.Background(), customerRep, logContact(string(rune('a'+i))))
			if err != nil {
				t.Errorf("LogContact error = %v", err)
			}
			versions <- res.Version
		})
	}
	wg.Wait()
	close(versions)
	// Then each waited for the aggregate the one before put back: none
	// read the stream (a read would decide on a version another command
	// was appending after, and lose the race), and they landed at
	// versions 2 to 9.
	if reads := w.store.readsOf(c1); reads != 0 {
		t.Errorf("reads of %s = %d, want 0", c1, reads)
	}
	seen := map[uint64]bool{}
	for v := range versions {
		seen[v] = true
	}
	for v := uint64(2); v <= n+1; v++ {
		if !seen[v] {
			t.Errorf("no command landed at version %d (got %v)", v, seen)
		}
	}
}
