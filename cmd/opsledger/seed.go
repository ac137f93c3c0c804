package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/internal/progress"
)

// demoMarker is the employee whose stream tells that the demo exists: the
// GM is the first person the seed hires.
const demoMarker = "emp-gm"

// demoCommands is how many commands the demo runs: the total of seed's
// progress. TestSeed_DemoCompany checks it against a run.
const demoCommands = 905

// seedOptions are seed's flags.
type seedOptions struct {
	// demo creates the demo company; once skips it when it exists.
	demo, once bool
}

// seed creates the demo company through the command layer. Every command
// carries the idempotency key "seed:<step>", so a rerun replays instead of
// writing; --once skips even the replays when the demo already exists.
// Its progress goes to progressOut.
func seed(ctx context.Context, cfg config, opts seedOptions, out, progressOut io.Writer) error {
	if !opts.demo {
		return errors.New("seed: nothing to seed; pass --demo")
	}
	// The demo runs on its own clock so that its business times (and so
	// its events) are the same on every run and the story can span months.
	clock := &demoClock{}
	cfg.app.Now = clock.Now
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if opts.once {
		exists, err := demoExists(ctx, a.Store)
		if err != nil || exists {
			if exists {
				fmt.Fprintln(out, "demo company already exists; nothing to do")
			}
			return err
		}
	}
	s := newSeeder(ctx, a.Commands, clock)
	s.accessLog = a.API.Deps.AccessLog
	bar := progress.New(progressOut, "seed", "commands", demoCommands)
	s.progress = bar.Set
	err = s.all()
	bar.Finish()
	if err != nil {
		return err
	}
	s.summary(out)
	return nil
}

// demoExists reports whether the demo's GM has been hired.
func demoExists(ctx context.Context, store eventstore.Store) (bool, error) {
	recs, err := store.ReadStream(ctx, employee.Stream(demoMarker), eventstore.ReadStreamOptions{})
	return len(recs) > 0, err
}

// demoClock is the seed's clock: each step sets the business time it
// happens at.
type demoClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *demoClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// cst is the company's time zone (China Standard Time, no DST).
var cst = time.FixedZone("CST", 8*3600)

// day returns 09:30 company time on the given date.
func day(year int, month time.Month, d int) time.Time {
	return time.Date(year, month, d, 9, 30, 0, 0, cst)
}

// seeder runs the demo's commands. Its first error sticks: later steps do
// nothing, so the data tables can be walked without checking every call.
type seeder struct {
	// ctx is the context of the one seed run the seeder lives for.
	ctx    context.Context
	h      *commands.Handler
	clock  *demoClock
	people map[string]person
	err    error
	counts map[string]int
	// commands, written and replayed count the commands run, the events
	// they recorded, and those that found their earlier result.
	commands, written, replayed int
	// progress, if set, is told the commands run so far.
	progress func(commands int64)
	// accessLog, if set, records the demo's reads of personal data.
	accessLog demoAccessLog
}

func newSeeder(ctx context.Context, h *commands.Handler, clock *demoClock) *seeder {
	s := &seeder{ctx: ctx, h: h, clock: clock, people: map[string]person{}, counts: map[string]int{}}
	for _, p := range demoPeople {
		s.people[p.ID] = p
	}
	return s
}

// all creates the whole demo company, in the order its story happened.
func (s *seeder) all() error {
	s.counts["org units"] = len(demoOrgUnits)
	s.hireEveryone()
	s.regulations()
	s.salesPlan()
	s.training()
	s.registerCustomers()
	s.standaloneQuotations()
	s.contracts()
	s.stock()
	s.complaints()
	s.auditHistory()
	s.payStatements()
	s.meetings()
	s.researchProjects()
	s.expenseClaims()
	s.workPlansAndReports()
	s.supervision()
	return s.err
}

// step issues one command as employee actor at business time at, keyed
// "seed:"+key. cmd is a handler's method, such as s.h.Employees.HireEmployee.
func step[C any](s *seeder, key, actor string, at time.Time, cmd func(context.Context, commands.Meta, C) (commands.Result, error), in C) {
	because(s, "", key, actor, at, cmd, in)
}

// because is step for a command whose reason (Meta.Reason) matters: a
// refusal, a revision, a customer's no.
func because[C any](s *seeder, why, key, actor string, at time.Time, cmd func(context.Context, commands.Meta, C) (commands.Result, error), in C) {
	issue(s, why, key, actor, at, time.Time{}, cmd, in)
}

// issue is because for a fact whose business time (effective) differs
// from the day it is filed (at), such as a leave filed after it was taken;
// a zero effective is the day it is filed.
func issue[C any](s *seeder, why, key, actor string, at, effective time.Time, cmd func(context.Context, commands.Meta, C) (commands.Result, error), in C) {
	if s.err != nil {
		return
	}
	who, ok := s.actor(actor)
	if !ok {
		s.err = fmt.Errorf("seed step %s: unknown demo employee %q", key, actor)
		return
	}
	if why == "" {
		why = "演示数据 (demo company seed)"
	}
	s.clock.set(at)
	m := commands.Meta{Actor: who, Reason: why, SourceDocRef: "seed:" + key,
		CorrelationID: "seed-demo", IdempotencyKey: "seed:" + key, EffectiveAt: effective}
	res, err := cmd(s.ctx, m, in)
	if err != nil {
		s.err = fmt.Errorf("seed step %s (as %s): %w", key, actor, err)
		return
	}
	s.commands++
	if s.progress != nil {
		s.progress(int64(s.commands))
	}
	if res.Replayed {
		s.replayed++
	} else {
		s.written += res.Events
	}
}

// count adds n to the summary line of what.
func (s *seeder) count(what string, n int) {
	if s.err == nil {
		s.counts[what] += n
	}
}

// summaryOrder is the order of the summary lines.
var summaryOrder = []string{
	"org units", "employees hired", "on probation", "customers", "quotations",
	"contracts", "orders", "complaints", "sales plans", "sales targets", "pay statements",
}

func (s *seeder) summary(out io.Writer) {
	fmt.Fprintln(out, "demo company:")
	for _, k := range summaryOrder {
		fmt.Fprintf(out, "  %-16s %d\n", k, s.counts[k])
	}
	fmt.Fprintf(out, "%d commands: %d events written, %d replayed (already seeded)\n", s.commands, s.written, s.replayed)
}
