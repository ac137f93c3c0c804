package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// lagWatch resolves committed commands against the read models'
// checkpoints, polled with one query for all projections.
type lagWatch struct {
	a     *app.App
	poll  time.Duration
	query string

	conn *pgx.Conn // the poller's own connection: no wait for the pool

	mu       sync.Mutex
	pending  []*pendingCmd
	lags     []float64 // milliseconds
	polls    int
	cmdTimes []float64 // command latency, milliseconds
	// visible is the lag until the store's Head passed the command
	// (the gap-safe log made it readable); perModel the lag until each
	// read model passed it; afterVisible the lag from visible to every
	// read model passed, the read side's share. visible waits for every
	// transaction of the database cluster (its snapshot's xmin), other
	// benchmarks' included; the store itself looks past other databases'
	// transactions once it knows them, so a command can pass every read
	// model before it counts as visible here (and then counts in neither).
	visible      []float64
	afterVisible []float64
	perModel     map[string][]float64
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

func newLagWatch(a *app.App, poll time.Duration) *lagWatch {
	ns := string(a.Config.ReadNamespace)
	// One round trip per poll: every active checkpoint, and the log's
	// head as the store computes it (the last event older than every
	// running transaction), under the name "". The head is ordered on the
	// raw columns, so it is one backward step on the primary key, not a
	// sort of the whole log (which made each poll take ~40 ms).
	return &lagWatch{a: a, poll: poll, perModel: map[string][]float64{}, query: `SELECT c.name, c.pos_major, c.pos_minor
		FROM ` + ns + `.projection_state s JOIN ` + ns + `.projection_checkpoints c
		ON c.name = s.name AND c.generation = s.active_generation
		UNION ALL SELECT '', h.xid::text::bigint, h.seq FROM (SELECT xid, seq FROM ` + a.Config.EventSchema + `.events
		WHERE xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xid DESC, seq DESC LIMIT 1) h`}
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

// checkpoints reads every projection's active checkpoint.
func (w *lagWatch) checkpoints(ctx context.Context) (map[string]eventstore.Position, error) {
	rows, err := w.conn.Query(ctx, w.query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]eventstore.Position{}
	for rows.Next() {
		var name string
		var major, minor int64
		if err := rows.Scan(&name, &major, &minor); err != nil {
			return nil, err
		}
		out[name] = eventstore.Position{Major: uint64(major), Minor: uint64(minor)}
	}
	return out, rows.Err()
}

// watch polls the checkpoints (and the store's head) until ctx ends,
// resolving pending commands.
func (w *lagWatch) watch(ctx context.Context) error {
	for ctx.Err() == nil {
		cps, err := w.checkpoints(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		w.resolve(cps, cps[""], time.Now())
		time.Sleep(w.poll)
	}
	return nil
}

func (w *lagWatch) resolve(cps map[string]eventstore.Position, head eventstore.Position, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.polls++
	ms := func(p *pendingCmd) float64 { return float64(now.Sub(p.done).Microseconds()) / 1000 }
	w.pending = slices.DeleteFunc(w.pending, func(p *pendingCmd) bool {
		if !p.visible && head.Compare(p.pos) >= 0 {
			p.visible, p.visibleAt = true, now
			w.visible = append(w.visible, ms(p))
		}
		left := 0
		for _, name := range p.need {
			if p.passed[name] {
				continue
			}
			if cps[name].Compare(p.pos) < 0 {
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
	})
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
	conn, err := pgx.Connect(ctx, w.a.Pool.Config().ConnConfig.ConnString())
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	w.conn = conn
	watchCtx, stopWatch := context.WithCancel(ctx)
	watchErr := make(chan error, 1)
	go func() { watchErr <- w.watch(watchCtx) }()
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
	w.mu.Lock()
	w.cmdTimes = append(w.cmdTimes, float64(done.Sub(t0).Microseconds())/1000)
	w.pending = append(w.pending, &pendingCmd{pos: res.Position, done: done, need: c.need, passed: map[string]bool{}})
	w.mu.Unlock()
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
		"lag_polls":                float64(w.polls),
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
