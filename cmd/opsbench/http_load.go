package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// httpOp is one kind of request of the mix; weight is its share in
// percent. Commands are half of the mix, queries the other half.
type httpOp struct {
	name    string
	command bool
	weight  int
	build   func(w *loadWorker) (path, token string, body []byte)
}

// httpMix is the load: commands a busy sales office issues all day and
// the reads its screens make. Every command appends one event except a
// repeated check-in (a slot already checked in today is a no-op, by the
// domain), and a registration appends three, in one atomic append: the
// number claim, the file and the registering rep's record of the
// customers they own. Registrations come from the office's reps, as in a
// sales office: one rep registering every customer would make their
// record one hot stream.
var httpMix = []httpOp{
	{"log-contact", true, 20, func(w *loadWorker) (string, string, []byte) {
		return "/customers/" + httpPick(w, w.fx.customers) + "/contact-log", w.fx.team.rep,
			[]byte(`{"contact_id":"k1","channel":"PHONE","topic":"follow-up","outcome":"asked for a quote next week"}`)
	}},
	{"register-customer", true, 5, func(w *loadWorker) (string, string, []byte) {
		return "/customers", w.fx.employeeTokens[w.rnd.IntN(len(w.fx.employeeTokens))], fmt.Appendf(nil, `{"number":"L-%03d-%08d","name":"Load Customer","address":"2 Quay St, Ningbo",`+
			`"primary_contact":"Ms Chen","phone":"+86 574 5555 0102","source":"ON_SITE"}`, w.id, w.seq)
	}},
	{"complaint-progress", true, 10, func(w *loadWorker) (string, string, []byte) {
		return "/complaints/" + httpPick(w, w.fx.complaints) + "/progress", w.fx.team.quality,
			[]byte(`{"note":"seal batch 12 checked, replacement under test"}`)
	}},
	{"order-payment", true, 8, func(w *loadWorker) (string, string, []byte) {
		return "/orders/" + httpPick(w, w.fx.orders) + "/payments", w.fx.team.finance,
			fmt.Appendf(nil, `{"payment_ref":"P-%03d-%08d","amount":"0.01"}`, w.id, w.seq)
	}},
	{"check-in", true, 7, func(w *loadWorker) (string, string, []byte) {
		i := w.rnd.IntN(len(w.fx.employees))
		slot := [...]string{"MORNING", "NOON", "EVENING"}[w.rnd.IntN(3)]
		return "/employees/" + w.fx.employees[i] + "/check-ins", w.fx.employeeTokens[i], []byte(`{"slot":"` + slot + `"}`)
	}},
	{"get-customer", false, 20, func(w *loadWorker) (string, string, []byte) {
		return "/customers/" + httpPick(w, w.fx.customers), w.fx.team.head, nil
	}},
	{"list-customers", false, 10, func(w *loadWorker) (string, string, []byte) {
		return "/customers?limit=20", w.fx.team.head, nil
	}},
	{"list-contracts", false, 10, func(w *loadWorker) (string, string, []byte) {
		return "/contracts?limit=20", w.fx.team.head, nil
	}},
	{"get-order", false, 10, func(w *loadWorker) (string, string, []byte) {
		return "/orders/" + httpPick(w, w.fx.orders), w.fx.team.head, nil
	}},
}

func httpPick(w *loadWorker, ids []string) string { return ids[w.rnd.IntN(len(ids))] }

// loadWorker is one client connection's loop and what it measured.
type loadWorker struct {
	id, seq   int
	rnd       *rand.Rand
	fx        *httpFixture
	weights   []int             // per op, from mixWeights
	latencies [][]time.Duration // per op, measured requests only
	errors    []int             // per op
	events    int               // events the measured commands appended
	samples   []string          // the first error answers, for the report
}

// loadPhase tells workers whether requests count: warming up, measuring
// or stopping.
type loadPhase struct{ state atomic.Int32 }

const (
	phaseWarmup int32 = iota
	phaseMeasure
	phaseStop
)

// driveLoad runs o.connections workers for the warm-up, then measures for
// o.duration.
func driveLoad(ctx context.Context, env *httpEnv, fx *httpFixture, o httpOptions) (*loadReport, error) {
	c, pool := env.client, env.app.Pool
	var phase loadPhase
	workers := make([]*loadWorker, o.connections)
	var wg sync.WaitGroup
	for i := range workers {
		w := &loadWorker{id: i, rnd: rand.New(rand.NewPCG(uint64(i), 42)), fx: fx, weights: mixWeights(o.queryShare),
			latencies: make([][]time.Duration, len(httpMix)), errors: make([]int, len(httpMix))}
		workers[i] = w
		wg.Go(func() { w.loop(ctx, newRawConn(c.base), &phase, o.idempotencyKeys) })
	}
	httpSleep(ctx, o.warmup)
	stopProfile, err := startCPUProfile(o.cpuProfile)
	if err != nil {
		phase.state.Store(phaseStop)
		wg.Wait()
		return nil, err
	}
	before := takeCPUSnapshot(ctx, pool)
	appendSecs, appends := appendTotals(ctx, c)
	pool0 := pool.Stat()
	lookupD, lookupN := env.idem.lookup.snapshot()
	saveD, saveN := env.idem.save.snapshot()
	phase.state.Store(phaseMeasure)
	start := time.Now()
	httpSleep(ctx, o.duration)
	phase.state.Store(phaseStop)
	elapsed := time.Since(start)
	after := takeCPUSnapshot(ctx, pool)
	appendSecs2, appends2 := appendTotals(ctx, c)
	pool1 := pool.Stat()
	lookupD1, lookupN1 := env.idem.lookup.snapshot()
	saveD1, saveN1 := env.idem.save.snapshot()
	stopProfile()
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	r := newLoadReport(workers, elapsed)
	r.selfCPU, r.pgCPU = cpuSpent(before, after)
	r.xacts = after.xacts - before.xacts
	if n := pool1.AcquireCount() - pool0.AcquireCount(); n > 0 {
		r.acquireMeanMS = float64((pool1.AcquireDuration() - pool0.AcquireDuration()).Microseconds()) / 1000 / float64(n)
		r.acquireEmptyShare = float64(pool1.EmptyAcquireCount()-pool0.EmptyAcquireCount()) / float64(n)
	}
	r.lookupMeanMS, r.saveMeanMS = meanMS(lookupD, lookupN, lookupD1, lookupN1), meanMS(saveD, saveN, saveD1, saveN1)
	if appends2 > appends {
		r.appendMeanMS = (appendSecs2 - appendSecs) / (appends2 - appends) * 1000
	}
	return r, nil
}

func httpSleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// mixWeights scales the mix's weights so that queries are querySharePct
// percent of the requests (50: the mix as written).
func mixWeights(querySharePct int) []int {
	out := make([]int, len(httpMix))
	for i, op := range httpMix {
		share := querySharePct
		if op.command {
			share = 100 - querySharePct
		}
		out[i] = op.weight * share
	}
	return out
}

// loop sends requests back to back until the phase says stop.
func (w *loadWorker) loop(ctx context.Context, c *rawConn, phase *loadPhase, keys bool) {
	defer c.close()
	total := 0
	for _, wt := range w.weights {
		total += wt
	}
	for ctx.Err() == nil {
		p := phase.state.Load()
		if p == phaseStop {
			return
		}
		k := w.choose(total)
		op := httpMix[k]
		w.seq++
		path, token, body := op.build(w)
		method, key := http.MethodGet, ""
		if op.command {
			method = http.MethodPost
			if keys {
				key = fmt.Sprintf("bench-%d-%d", w.id, w.seq)
			}
		}
		start := time.Now()
		status, out, err := c.send(ctx, method, path, token, key, body)
		took := time.Since(start)
		if p != phaseMeasure || ctx.Err() != nil {
			continue
		}
		w.record(k, op, took, status, out, err)
	}
}

func (w *loadWorker) choose(total int) int {
	n := w.rnd.IntN(total)
	for i, wt := range w.weights {
		if n < wt {
			return i
		}
		n -= wt
	}
	return len(httpMix) - 1
}

func (w *loadWorker) record(k int, op httpOp, took time.Duration, status int, out []byte, err error) {
	w.latencies[k] = append(w.latencies[k], took)
	if err != nil || status < 200 || status > 299 {
		w.errors[k]++
		if len(w.samples) < 3 {
			w.samples = append(w.samples, fmt.Sprintf("%s: status %d err %v: %.200s", op.name, status, err, out))
		}
		return
	}
	if op.command {
		var res struct {
			Events int `json:"events"`
		}
		if json.Unmarshal(out, &res) == nil {
			w.events += res.Events
		}
	}
}
