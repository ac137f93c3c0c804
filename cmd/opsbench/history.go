package main

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// histAppend is one append the generated history makes: the events one
// decision recorded on one stream, at the version the stream was at.
type histAppend struct {
	stream   string
	expected uint64
	events   []eventstore.EventData
}

// histGen generates a company's history by running many business stories
// (a customer from first visit to paid contract, an employee's working
// days) side by side: each story is straight-line code that yields after
// every business step, and the scheduler advances a random story at a
// time, so aggregates interleave in the log as they do in real life.
// Every event comes from an aggregate's pure decide method applied to its
// folded state; a refused decision is counted, never appended.
type histGen struct {
	rng   *rand.Rand
	codec *eventstore.Codec
	now   time.Time
	emit  func(histAppend)
	// events counts the events emitted; refused counts refused decisions
	// by label and error, which a correct generator keeps at zero.
	events  int
	refused map[string]int
	corr    string // correlation id of the story step under way
	cause   string // id of the last event of the step, for causation
	org     *histOrg
	seq     int
}

func newHistGen(seed uint64, codec *eventstore.Codec, emit func(histAppend)) *histGen {
	return &histGen{
		rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), codec: codec, emit: emit,
		now:     time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC),
		refused: map[string]int{},
	}
}

// agg is one aggregate as the generator knows it: its folded state and
// stream version.
type agg[S any] struct {
	stream  string
	state   S
	version uint64
	evolve  func(S, domain.Event) S
}

func newAgg[S any](stream string, evolve func(S, domain.Event) S) *agg[S] {
	return &agg[S]{stream: stream, evolve: evolve}
}

// person is an employee acting in the generated history.
type person struct {
	id   string
	role domain.Role
	unit string
}

// act runs decide on a's state as who, encodes and emits the events with
// their audit envelope, and folds them into a. It reports whether the
// decision recorded anything.
func act[S any](g *histGen, a *agg[S], who person, regulation, label string, decide func(S) ([]domain.Event, error)) bool {
	events, err := decide(a.state)
	if err != nil {
		g.refused[fmt.Sprintf("%s: %v", label, err)]++
		return false
	}
	if len(events) == 0 {
		return false
	}
	g.now = g.now.Add(time.Duration(1+g.rng.IntN(20)) * time.Second)
	meta := eventstore.Metadata{
		ActorID: who.id, ActorRole: who.role, ActorOrgUnitID: who.unit,
		RegulationVersion: regulation, EffectiveAt: g.now, CorrelationID: g.corr, CausationID: g.cause,
		SourceDocRef: label + ":" + a.stream, Reason: reasons[g.rng.IntN(len(reasons))],
	}
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		id := g.uuid()
		d, err := g.codec.Encode(id, e, meta)
		if err != nil {
			panic(fmt.Sprintf("opsbench: encode %s: %v", e.EventType(), err))
		}
		data[i] = d
		a.state = a.evolve(a.state, e)
		g.cause = id
	}
	g.emit(histAppend{stream: a.stream, expected: a.version, events: data})
	a.version += uint64(len(events))
	g.events += len(events)
	return true
}

var reasons = []string{"", "", "客户要求", "按流程办理", "例行跟进", "经理指示", "按合同约定"}

// uuid returns a random (version 4) UUID drawn from the seeded generator,
// so the same seed gives the same ids.
func (g *histGen) uuid() string {
	a, b := g.rng.Uint64(), g.rng.Uint64()
	a = a&^(0xf<<12) | 4<<12
	b = b&^(0x3<<62) | 0x2<<62
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// id returns a fresh business id with prefix.
func (g *histGen) id(prefix string) string {
	g.seq++
	return fmt.Sprintf("%s-%07d", prefix, g.seq)
}

// pick returns a random element of xs.
func pick[T any](g *histGen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// chance is true with probability p.
func (g *histGen) chance(p float64) bool { return g.rng.Float64() < p }

// story is a business process that yields after each step.
type story = iter.Seq[struct{}]

// running is a story under way.
type running struct {
	next func() (struct{}, bool)
	stop func()
	corr string
}

// run advances stories until at least n events exist: it keeps `width`
// stories under way, starting new ones from newStory, and advances a
// random one per tick while the business clock moves on.
func (g *histGen) run(n, width int, newStory func() story) {
	var active []running
	for g.events < n {
		for len(active) < width {
			next, stop := iter.Pull(newStory())
			active = append(active, running{next: next, stop: stop, corr: g.uuid()})
		}
		i := g.rng.IntN(len(active))
		g.now = g.now.Add(time.Duration(g.rng.IntN(90)) * time.Second)
		g.corr, g.cause = active[i].corr, ""
		if _, ok := active[i].next(); !ok {
			active[i].stop()
			active[i] = active[len(active)-1]
			active = active[:len(active)-1]
		}
	}
	for _, r := range active {
		r.stop()
	}
}

// refusals lists refused decisions, most frequent first.
func (g *histGen) refusals() []string {
	var out []string
	for k, v := range g.refused {
		out = append(out, fmt.Sprintf("%6d × %s", v, k))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}
