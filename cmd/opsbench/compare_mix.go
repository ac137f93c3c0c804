package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// contactLogBody is the one-event command's body, the same for both
// services.
var contactLogBody = []byte(`{"contact_id":"k1","channel":"PHONE","topic":"follow-up","outcome":"asked for a quote next week"}`)

// oneEventRequests logs a contact with a random customer of ids, the
// command both services answer.
func oneEventRequests(ids []string, token string) nextRequest {
	return func() benchRequest {
		return benchRequest{method: http.MethodPost, path: "/customers/" + ids[rand.IntN(len(ids))] + "/contact-log",
			token: token, body: contactLogBody, command: true}
	}
}

// heavyWeight is the heavy commands' weight beside httpMix's (whose
// weights add up to 100 at a query share of 50): about one request in
// fourteen advances a quotation or drafts a contract.
const heavyWeight = 8

// heavyMix is the open-loop mix of --compare-crud: httpMix as
// `opsbench http` sends it, plus a heavier command at heavyWeight. The
// heavy slot advances the furthest quotation it can: a draft with three
// lines (POST /quotations), its submission, its approval by the
// department head (the K7 tier of its margin), then a contract drafted
// from the approved quotation (which reads the quotation and the
// customer). Every heavy quotation is for the fixture's first customer
// (as setUpHTTP's contract is): the answers do not say whose a quotation
// is, and a customer is only read by these commands, never appended to. A quotation moves to its next step only once the previous
// step's answer came back 2xx (see observe), so an open-loop schedule
// never sends a step out of order. `opsbench http` itself keeps its mix
// as it was, so its figures stay comparable with earlier runs.
type heavyMix struct {
	mu      sync.Mutex
	w       *loadWorker
	total   int
	pending [5][]string // quotation ids: drafted, costed, priced, submitted, approved
}

// heavyMixes numbers the mixes of a run: a mix registers customers
// numbered by its worker id, which must differ from every other mix's.
var heavyMixes atomic.Int64

func newHeavyMix(fx *httpFixture) *heavyMix {
	id := int(heavyMixes.Add(1))
	w := &loadWorker{id: id, rnd: rand.New(rand.NewPCG(uint64(id), 42)), fx: fx, weights: append(mixWeights(50), heavyWeight*50)}
	m := &heavyMix{w: w}
	for _, wt := range w.weights {
		m.total += wt
	}
	return m
}

// heavyStep names the heavy slot's requests (the result's URL says which
// step it was).
const (
	stepDraft   = "/quotations"
	stepCosting = "/costing"
	stepPrice   = "/price-approval"
	stepSubmit  = "/submit"
	stepApprove = "/approve"
)

func (m *heavyMix) next() benchRequest {
	m.mu.Lock()
	defer m.mu.Unlock()
	w := m.w
	w.seq++
	k := w.choose(m.total)
	if k < len(httpMix) {
		op := httpMix[k]
		path, token, body := op.build(w)
		method := http.MethodGet
		if op.command {
			method = http.MethodPost
		}
		return benchRequest{method: method, path: path, token: token, body: body, command: op.command}
	}
	return m.heavy()
}

// heavy sends the next step of the furthest quotation waiting, or a new
// draft.
func (m *heavyMix) heavy() benchRequest {
	t := m.w.fx.team
	post := func(path, token, body string) benchRequest {
		return benchRequest{method: http.MethodPost, path: path, token: token, body: []byte(body), command: true}
	}
	customer := m.w.fx.customers[0]
	switch q, stage := m.take(); stage {
	case 4:
		return post("/contracts", t.rep, fmt.Sprintf(`{"customer_id":%q,"quotation_id":%q,"terms":{"rights_obligations":"both parties' duties",`+
			`"scope":"pumps P-7","price":"1000000.00","delivery_date":%q,"payment_terms":"on delivery"}}`,
			customer, q, time.Now().AddDate(0, 1, 0).UTC().Format(time.RFC3339)))
	case 3:
		return post("/quotations/"+q+stepApprove, t.head, `{"comment":"fine"}`)
	case 2:
		return post("/quotations/"+q+stepSubmit, t.rep, `{}`)
	case 1: // leadership's approved price (K7-price)
		return post("/quotations/"+q+stepPrice, t.gm, `{"comment":"approved price"}`)
	case 0: // the business engineer's costing (K7-costing)
		return post("/quotations/"+q+stepCosting, t.engineer, `{"costing_ref":"COST-load","unit_costs":[`+
			`{"product":"pump P-7","unit_cost":"65.00"},{"product":"pump P-8","unit_cost":"65.00"},{"product":"seal kit","unit_cost":"65.00"}]}`)
	}
	return post(stepDraft, t.rep, fmt.Sprintf(`{"customer_id":%q,"type":"WRITTEN_FINAL","demand_assessment":"load",`+
		`"lines":[{"product":"pump P-7","quantity":4000,"unit_price":"100.00","unit_cost":"65.00"},`+
		`{"product":"pump P-8","quantity":3000,"unit_price":"100.00","unit_cost":"65.00"},`+
		`{"product":"seal kit","quantity":3000,"unit_price":"100.00","unit_cost":"65.00"}]}`, customer))
}

// take pops the quotation furthest along, and its stage (-1: none).
func (m *heavyMix) take() (string, int) {
	for stage := len(m.pending) - 1; stage >= 0; stage-- {
		if q := m.pending[stage]; len(q) > 0 {
			m.pending[stage] = q[1:]
			return q[0], stage
		}
	}
	return "", -1
}

// observe moves a quotation on when its step succeeded.
func (m *heavyMix) observe(r *vegeta.Result) {
	if r.Method != http.MethodPost || r.Code < 200 || r.Code > 299 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch path := urlPath(r.URL); {
	case path == stepDraft:
		var res struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(r.Body, &res) == nil && res.ID != "" {
			m.pending[0] = append(m.pending[0], res.ID)
		}
	case strings.HasPrefix(path, "/quotations/") && strings.HasSuffix(path, stepCosting):
		m.advance(path, stepCosting, 1)
	case strings.HasPrefix(path, "/quotations/") && strings.HasSuffix(path, stepPrice):
		m.advance(path, stepPrice, 2)
	case strings.HasPrefix(path, "/quotations/") && strings.HasSuffix(path, stepSubmit):
		m.advance(path, stepSubmit, 3)
	case strings.HasPrefix(path, "/quotations/") && strings.HasSuffix(path, stepApprove):
		m.advance(path, stepApprove, 4)
	}
}

// advance queues the quotation of path (/quotations/{id}<step>) for the
// stage after the step.
func (m *heavyMix) advance(path, step string, stage int) {
	id := strings.TrimSuffix(strings.TrimPrefix(path, "/quotations/"), step)
	m.pending[stage] = append(m.pending[stage], id)
}

// urlPath is the path of an absolute http URL.
func urlPath(u string) string {
	rest := strings.TrimPrefix(u, "http://")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return "/"
}
