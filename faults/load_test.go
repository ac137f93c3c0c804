package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// op is one kind of request of the mixed load.
type op int

const (
	opRegister op = iota // a rep registers a new customer: a number claim, a file and the rep's ownership record, one atomic append
	opContact            // a rep logs a contact with one of their customers
	opQuote              // a rep drafts a quotation for one of their customers
	opCheckIn            // a rep checks in (a repeat of the day's slot changes nothing)
	opProfile            // a change of a customer file's fields
	opRead               // the department head reads a customer, a list or the contracts
)

// sent is one request of the load and its answer.
type sent struct {
	op  op
	req request
	ans answer
	at  time.Time // when it was sent
	// number is the customer number a registration claims.
	number string
}

func (s sent) command() bool { return s.op != opRead }

// load is a mixed load of commands and queries from many clients at once.
// Every command carries an Idempotency-Key of its own (tag + client +
// sequence), so the log can be searched for its effects.
type load struct {
	addr  string
	staff staff
	tag   string

	mu   sync.Mutex
	sent []sent
}

func newLoad(addr string, st staff) *load {
	return &load{addr: addr, staff: st, tag: "faults-" + randomHex(4)}
}

// run starts clients workers sending back to back until ctx ends, and
// returns a function that waits for them to finish.
func (l *load) run(ctx context.Context, clients int) (wait func()) {
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() { l.client(ctx, i) })
	}
	return wg.Wait
}

func (l *load) client(ctx context.Context, id int) {
	rnd := rand.New(rand.NewPCG(uint64(id), 7))
	r := l.staff.reps[id%len(l.staff.reps)]
	for seq := 0; ctx.Err() == nil; seq++ {
		s := l.next(rnd, r, id, seq)
		s.at = time.Now()
		// A request already sent when the load stops gets its answer:
		// only new ones stop.
		s.ans = do(context.WithoutCancel(ctx), l.addr, s.req)
		l.mu.Lock()
		l.sent = append(l.sent, s)
		l.mu.Unlock()
		switch {
		case s.ans.err != nil:
			time.Sleep(20 * time.Millisecond) // the server is gone: do not spin
		case s.ans.status == http.StatusServiceUnavailable:
			time.Sleep(50 * time.Millisecond) // it said Retry-After: a client backs off
		}
	}
}

// next builds client id's seq-th request: 15% registrations, 25% contact
// logs, 10% quotations, 10% check-ins, 40% reads.
func (l *load) next(rnd *rand.Rand, r rep, id, seq int) sent {
	key := fmt.Sprintf("%s-%d-%d", l.tag, id, seq)
	customer := r.customers[rnd.IntN(len(r.customers))]
	switch n := rnd.IntN(100); {
	case n < 15:
		number := strings.ToUpper(fmt.Sprintf("F-%s-%d-%d", l.tag[len("faults-"):], id, seq))
		return sent{op: opRegister, number: number, req: request{method: http.MethodPost, path: "/customers", token: r.token, key: key,
			body: `{"number":"` + number + `","name":"Fault Suite Co","address":"1 Loopback Rd","primary_contact":"Ms Li",` +
				`"phone":"+86 21 5555 0101","source":"ON_SITE"}`}}
	case n < 40:
		return sent{op: opContact, req: request{method: http.MethodPost, path: "/customers/" + customer + "/contact-log", token: r.token, key: key,
			body: `{"contact_id":"primary","channel":"PHONE","topic":"fault suite","outcome":"call back ` + key + `"}`}}
	case n < 50:
		return sent{op: opQuote, req: request{method: http.MethodPost, path: "/quotations", token: r.token, key: key,
			body: `{"customer_id":"` + customer + `","type":"WRITTEN_INITIAL","demand_assessment":"two pumps a year","lines":[{"product":"Pump P-` + strconv.Itoa(seq) +
				`","quantity":2,"unit_price":"1000.00","unit_cost":"700.00"}]}`}}
	case n < 60:
		slot := [...]string{"MORNING", "NOON", "EVENING"}[rnd.IntN(3)]
		return sent{op: opCheckIn, req: request{method: http.MethodPost, path: "/employees/" + r.id + "/check-ins", token: r.token, key: key,
			body: `{"slot":"` + slot + `"}`}}
	default:
		path := [...]string{"/customers/" + customer, "/customers?limit=20", "/contracts?limit=20", "/quotations?limit=20"}[rnd.IntN(4)]
		return sent{op: opRead, req: request{method: http.MethodGet, path: path, token: l.staff.eastHead}}
	}
}

// snapshot is every request sent so far.
func (l *load) snapshot() []sent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]sent(nil), l.sent...)
}

// acknowledged are the commands answered 2xx.
func acknowledged(all []sent) []sent {
	var out []sent
	for _, s := range all {
		if s.command() && s.ans.ok() {
			out = append(out, s)
		}
	}
	return out
}
