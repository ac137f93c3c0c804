package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// lagWatch resolves committed commands against how far this process's
// read-model runners have applied the log. A runner records its position
// in memory once its batch's transaction has committed (the rows are then
// visible to every session) and wakes whoever waits on it
// (projections.LiveMoved), so the watch asks the server nothing: it used
// to poll the checkpoints every millisecond, a server query a millisecond
// and a tenth of this process's CPU, loading the machine it measured.
type lagWatch struct {
	a *app.App

	mu       sync.Mutex
	pending  []*pendingCmd
	lags     []float64 // milliseconds
	wakes    int       // resolves that found a read model or the read moved
	cmdTimes []float64 // command latency, milliseconds
	// needed names every read model some command needs; passed is how
	// far each had applied the log at the last resolve.
	needed []string
	passed map[string]eventstore.Position
	// read is the furthest position the shared subscription has handed
	// out (the log's gap-safe reader made it readable: decision 2), and
	// resolvedRead its value at the last resolve; visible is the lag until
	// it passed the command, perModel the lag until each read model passed
	// it, afterVisible the lag from visible to every read model passed,
	// the read side's share.
	read, resolvedRead eventstore.Position
	visible            []float64
	afterVisible       []float64
	perModel           map[string][]float64
}

// pendingCmd is a command whose event the read models named need have
// yet to show.
type pendingCmd struct {
	pos       eventstore.Position
	done      time.Time
	need      []string
	passed    map[string]bool
	visible   bool
	visibleAt time.Time
}

func newLagWatch(a *app.App) *lagWatch {
	return &lagWatch{a: a, perModel: map[string][]float64{}}
}

// caughtUp waits until every read model has applied the whole log.
func (w *lagWatch) caughtUp(ctx context.Context, timeout time.Duration) error {
	head, err := w.a.Store.Head(ctx)
	if err != nil {
		return err
	}
	c := w.a.Config
	return projections.WaitFor(ctx, w.a.Pool, w.a.Store, c.ReadNamespace, head, timeout, w.a.Projections...)
}

// passedNow is how far the local runner of each read model a command
// needs has applied the log (the start of the log while none follows it).
func (w *lagWatch) passedNow() map[string]eventstore.Position {
	out := make(map[string]eventstore.Position, len(w.needed))
	for _, name := range w.needed {
		out[name], _ = projections.LivePassed(w.a.Pool, w.a.Config.ReadNamespace, name)
	}
	return out
}

// watch resolves pending commands at every move of a runner until ctx
// ends. Moves that come while it resolves wake it once.
func (w *lagWatch) watch(ctx context.Context) {
	for {
		moved := projections.LiveMoved()
		w.resolve(time.Now())
		select {
		case <-ctx.Done():
			return
		case <-moved:
		}
	}
}

// follow records how far the shared subscription has read the log, from
// the head at the start, until ctx ends.
func (w *lagWatch) follow(ctx context.Context, from eventstore.Position) error {
	sub, err := w.a.Store.Subscribe(ctx, from, eventstore.Filter{})
	if err != nil {
		return err
	}
	defer sub.Close()
	for {
		batch, err := sub.Recv(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		w.mu.Lock()
		w.read = batch[len(batch)-1].Position
		w.mu.Unlock()
		w.resolve(time.Now())
	}
}

func (w *lagWatch) resolve(now time.Time) {
	passed := w.passedNow()
	w.mu.Lock()
	defer w.mu.Unlock()
	if maps.Equal(passed, w.passed) && w.read == w.resolvedRead {
		return // a move of a read model no command needs
	}
	w.passed, w.resolvedRead = passed, w.read
	w.wakes++
	w.pending = slices.DeleteFunc(w.pending, func(p *pendingCmd) bool { return w.resolveOne(p, passed, now) })
}

// resolveOne records what of p has passed by now, and reports whether
// every read model it needs has (w.mu held).
func (w *lagWatch) resolveOne(p *pendingCmd, passed map[string]eventstore.Position, now time.Time) bool {
	ms := func(p *pendingCmd) float64 { return float64(now.Sub(p.done).Microseconds()) / 1000 }
	if !p.visible && w.read.Compare(p.pos) >= 0 {
		p.visible, p.visibleAt = true, now
		w.visible = append(w.visible, ms(p))
	}
	left := 0
	for _, name := range p.need {
		if p.passed[name] {
			continue
		}
		if passed[name].Compare(p.pos) < 0 {
			left++
			continue
		}
		p.passed[name] = true
		w.perModel[name] = append(w.perModel[name], ms(p))
	}
	if left > 0 {
		return false
	}
	w.lags = append(w.lags, ms(p))
	if p.visible {
		w.afterVisible = append(w.afterVisible, float64(now.Sub(p.visibleAt).Microseconds())/1000)
	}
	return true
}

// lagCommand is one kind of command of the load, and the read models
// that select its event.
type lagCommand struct {
	eventType, stream string
	need              []string
	issue             func(ctx context.Context, i int) (commands.Result, error)
}

func (w *lagWatch) mix(f lagFixture) []lagCommand {
	h := w.a.Commands
	meta := func(who domain.Actor) commands.Meta {
		return commands.Meta{Actor: who, CorrelationID: "opsbench-lag"}
	}
	mix := []lagCommand{
		{"customer.contact_logged", "customer-x", nil, func(ctx context.Context, i int) (commands.Result, error) {
			return h.Customers.LogContact(ctx, meta(lagRep), commands.LogContact{CustomerID: f.customers[i%len(f.customers)],
				Entry: customer.ContactEntry{ContactID: customer.PrimaryContactID, Channel: "PHONE", Topic: "交付进度", Outcome: "已沟通"}})
		}},
		{"complaint.progress_recorded", "complaint-x", nil, func(ctx context.Context, i int) (commands.Result, error) {
			return h.Complaints.RecordComplaintProgress(ctx, meta(lagCS), commands.RecordComplaintProgress{ComplaintID: f.complaints[i%len(f.complaints)],
				Note: fmt.Sprintf("跟进记录 %d", i)})
		}},
		{"contract.payment_received", "contract-x", nil, func(ctx context.Context, i int) (commands.Result, error) {
			return h.Contracts.RecordContractPayment(ctx, meta(lagFinance), commands.RecordContractPayment{ContractID: f.contracts[i%len(f.contracts)],
				InstalmentID: "inst-1", Amount: domain.Yuan(1), Reference: fmt.Sprintf("回单 %d", i)})
		}},
	}
	for i := range mix {
		for _, p := range w.a.Projections {
			if p.Filter().Matches(mix[i].stream, mix[i].eventType) {
				mix[i].need = append(mix[i].need, p.Name())
			}
		}
	}
	return mix
}

// measure issues rate commands per second for d from `workers`
// goroutines (open loop: a 10 ms ticker releases rate/100 commands) and
// collects each command's lag.
func (w *lagWatch) measure(ctx context.Context, f lagFixture, rate int, d time.Duration, workers int) (map[string]float64, error) {
	mix := w.mix(f)
	for _, c := range mix {
		for _, name := range c.need {
			if !slices.Contains(w.needed, name) {
				w.needed = append(w.needed, name)
			}
		}
	}
	head, err := w.a.Store.Head(ctx)
	if err != nil {
		return nil, err
	}
	watchCtx, stopWatch := context.WithCancel(ctx)
	watchErr := make(chan error, 1)
	go func() { watchErr <- w.follow(watchCtx, head) }()
	watched := make(chan struct{})
	go func() { w.watch(watchCtx); close(watched) }()
	jobs := make(chan int, rate*int(d/time.Second)+1)
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				w.issue(ctx, mix[i%len(mix)], i/len(mix), &failed)
			}
		})
	}
	start := time.Now()
	issued := 0
	tick := time.NewTicker(10 * time.Millisecond)
	for time.Since(start) < d && ctx.Err() == nil {
		<-tick.C
		due := int(time.Since(start).Seconds()*float64(rate)) - issued
		for range due {
			jobs <- issued
			issued++
		}
	}
	tick.Stop()
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	// Let the last commands resolve before the watcher stops.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		w.mu.Lock()
		left := len(w.pending)
		w.mu.Unlock()
		if left == 0 {
			break
		}
	}
	stopWatch()
	<-watched
	if err := <-watchErr; err != nil {
		return nil, err
	}
	return w.results(issued, int(failed.Load()), elapsed), nil
}

func (w *lagWatch) issue(ctx context.Context, c lagCommand, i int, failed *atomic.Int64) {
	t0 := time.Now()
	res, err := c.issue(ctx, i)
	done := time.Now()
	if err != nil || res.Events == 0 {
		failed.Add(1)
		return
	}
	passed := w.passedNow()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cmdTimes = append(w.cmdTimes, float64(done.Sub(t0).Microseconds())/1000)
	// Resolved at once when the read models passed it before this
	// goroutine got here: no later move need come to tell.
	p := &pendingCmd{pos: res.Position, done: done, need: c.need, passed: map[string]bool{}}
	if !w.resolveOne(p, passed, time.Now()) {
		w.pending = append(w.pending, p)
	}
}

func (w *lagWatch) results(issued, failed int, elapsed float64) map[string]float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	slices.Sort(w.lags)
	slices.Sort(w.cmdTimes)
	slices.Sort(w.visible)
	slices.Sort(w.afterVisible)
	out := map[string]float64{
		"visible_p50_ms": lagQuantile(w.visible, 0.5), "visible_p99_ms": lagQuantile(w.visible, 0.99),
		"lag_commands": float64(issued), "lag_failed": float64(failed), "lag_unresolved": float64(len(w.pending)),
		"lag_commands_per_sec": float64(len(w.cmdTimes)) / elapsed,
		"lag_p50_ms":           lagQuantile(w.lags, 0.50), "lag_p90_ms": lagQuantile(w.lags, 0.90),
		"lag_p99_ms": lagQuantile(w.lags, 0.99), "lag_max_ms": lagQuantile(w.lags, 1),
		"command_p50_ms": lagQuantile(w.cmdTimes, 0.50), "command_p99_ms": lagQuantile(w.cmdTimes, 0.99),
		"lag_wakes":                float64(w.wakes),
		"lag_after_visible_p50_ms": lagQuantile(w.afterVisible, 0.5), "lag_after_visible_p99_ms": lagQuantile(w.afterVisible, 0.99),
	}
	for name, xs := range w.perModel {
		slices.Sort(xs)
		out["lag_p50_ms_"+name], out["lag_p99_ms_"+name] = lagQuantile(xs, 0.5), lagQuantile(xs, 0.99)
	}
	return out
}

// lagQuantile is the quantile of sorted xs (nearest rank); 0 for none.
func lagQuantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	i := int(q*float64(len(xs))+0.5) - 1
	return xs[max(0, min(i, len(xs)-1))]
}
