package faults

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

const racers = 100

// race sends the requests all at once, released together, and returns
// their answers in order.
func race(addr string, reqs []request) []answer {
	out := make([]answer, len(reqs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Go(func() {
			<-start
			out[i] = do(context.Background(), addr, req)
		})
	}
	close(start)
	wg.Wait()
	return out
}

// checkRaceStatuses asserts that every answer is 2xx, 409 or 412 (never
// a 5xx, never a dropped connection) and returns how many were 2xx.
func checkRaceStatuses(t *testing.T, what string, answers []answer) int {
	t.Helper()
	ok := 0
	for _, a := range answers {
		switch {
		case a.ok():
			ok++
		case a.err == nil && (a.status == http.StatusConflict || a.status == http.StatusPreconditionFailed):
		default:
			t.Errorf("%s: %d %s %v, want 2xx, 409 or 412", what, a.status, a.body, a.err)
		}
	}
	return ok
}

// TestHundredClientsOnOneAggregate: given a served demo company, when a
// hundred clients act on one customer at the same moment, then every
// answer is 2xx, 409 or 412, and:
//   - contact logs without If-Match: each 2xx is one event, and the file's
//     stream grew by exactly the number of 2xx;
//   - profile updates all naming the same version in If-Match: exactly one
//     is done, the others are 412 (or 409) and change nothing;
//   - registrations of one customer number under a hundred keys: exactly
//     one customer is registered and the number claimed once;
//   - one request sent a hundred times with one Idempotency-Key: one
//     event, and every 2xx answer names it.
func TestHundredClientsOnOneAggregate(t *testing.T) {
	l := newLedger(t, scratchDatabase(t))
	st := tokens(t)
	l.serve()
	conn := connect(t, l.dbURL)
	r := st.reps[0]
	customer := r.customers[1]
	tag := "faults-" + randomHex(4)

	t.Run("contact logs without If-Match", func(t *testing.T) {
		before := streamVersion(t, conn, "customer-"+customer)
		var sends []sent
		for i := range racers {
			sends = append(sends, sent{op: opContact, req: request{method: http.MethodPost, path: "/customers/" + customer + "/contact-log",
				token: r.token, key: fmt.Sprintf("%s-log-%d", tag, i),
				body: fmt.Sprintf(`{"contact_id":"primary","channel":"PHONE","topic":"race","outcome":"caller %d"}`, i)}})
		}
		ok := settle(t, l.addr, "contact log", sends)
		if ok == 0 {
			t.Fatal("no contact log got through")
		}
		checkAcknowledged(t, eventsByKey(t, conn, tag+"-log-"), sends)
		if grew := streamVersion(t, conn, "customer-"+customer) - before; grew != int64(ok) {
			t.Errorf("%d contact logs answered 2xx, the file's stream grew by %d events", ok, grew)
		}
	})

	t.Run("profile updates naming one version", func(t *testing.T) {
		version := streamVersion(t, conn, "customer-"+customer)
		var sends []sent
		for i := range racers {
			sends = append(sends, sent{op: opProfile, req: request{method: http.MethodPost, path: "/customers/" + customer + "/profile",
				token: r.token, key: fmt.Sprintf("%s-profile-%d", tag, i), ifMatch: strconv.Quote(strconv.FormatInt(version, 10)),
				body: fmt.Sprintf(`{"reason":"new switchboard","changes":{"phone":"021-5555-%04d"}}`, i)}})
		}
		if ok := settle(t, l.addr, "profile update", sends); ok != 1 {
			t.Errorf("%d profile updates naming version %d were done, want exactly 1", ok, version)
		}
		checkAcknowledged(t, eventsByKey(t, conn, tag+"-profile-"), sends)
		if grew := streamVersion(t, conn, "customer-"+customer) - version; grew != 1 {
			t.Errorf("the file's stream grew by %d events, want 1", grew)
		}
	})

	t.Run("registrations of one number", func(t *testing.T) {
		number := "RACE-" + strings.ToUpper(tag[len("faults-"):])
		var sends []sent
		for i := range racers {
			who := st.reps[i%len(st.reps)]
			sends = append(sends, sent{op: opRegister, number: number, req: request{method: http.MethodPost, path: "/customers",
				token: who.token, key: fmt.Sprintf("%s-register-%d", tag, i),
				body: `{"number":"` + number + `","name":"Race Co","address":"1 Loopback Rd","primary_contact":"Mr Wu",` +
					`"phone":"+86 21 5555 0199","source":"ON_SITE"}`}})
		}
		if ok := settle(t, l.addr, "registration", sends); ok != 1 {
			t.Errorf("%d registrations of number %s were done, want exactly 1", ok, number)
		}
		byKey := eventsByKey(t, conn, tag+"-register-")
		checkAcknowledged(t, byKey, sends)
		checkNoOrphanFile(t, byKey, sends)
		files := 0
		for _, events := range byKey {
			for _, e := range events {
				if e.typ == "customer.registered" {
					files++
				}
			}
		}
		if files != 1 {
			t.Errorf("%d customer files registered with number %s, want 1", files, number)
		}
		if v := streamVersion(t, conn, "customernumber-"+number); v != 1 {
			t.Errorf("number %s's stream holds %d events, want its one claim", number, v)
		}
	})

	t.Run("one Idempotency-Key a hundred times", func(t *testing.T) {
		key := tag + "-same"
		req := request{method: http.MethodPost, path: "/customers/" + customer + "/contact-log", token: r.token, key: key,
			body: `{"contact_id":"primary","channel":"VISIT","topic":"race","outcome":"once"}`}
		var sends []sent
		for range racers {
			sends = append(sends, sent{op: opContact, req: req})
		}
		if ok := settle(t, l.addr, "repeated request", sends); ok == 0 {
			t.Fatal("no repeat of the request got through")
		}
		events := eventsByKey(t, conn, key)[key]
		if len(events) != 1 {
			t.Fatalf("the key's request was sent %d times and recorded %d events, want 1: %v", racers, len(events), events)
		}
		for _, s := range sends {
			if !s.ans.ok() {
				continue
			}
			if res, err := s.ans.result(); err != nil || res.Stream != events[0].stream || res.Version != events[0].version {
				t.Errorf("a repeat answered %s, want the one event %s@%d", s.ans.body, events[0].stream, events[0].version)
			}
		}
	})
}

// settle races the sends' requests, stores their answers and checks their
// statuses; it returns how many were 2xx.
func settle(t *testing.T, addr, what string, sends []sent) int {
	t.Helper()
	reqs := make([]request, len(sends))
	for i, s := range sends {
		reqs[i] = s.req
	}
	answers := race(addr, reqs)
	for i := range sends {
		sends[i].ans = answers[i]
	}
	ok := checkRaceStatuses(t, what, answers)
	t.Logf("%d %ss at once: %s", len(sends), what, statusCounts(sends))
	return ok
}

// streamVersion is the number of events in stream (0: none).
func streamVersion(t *testing.T, conn *pgx.Conn, stream string) int64 {
	t.Helper()
	var v int64
	if err := conn.QueryRow(context.Background(), "SELECT coalesce(max(version), 0) FROM eventstore.events WHERE stream = $1", stream).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
