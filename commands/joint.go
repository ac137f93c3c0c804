package commands

import (
	"context"
	"errors"
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// A joint decision is one command deciding on several aggregates at once
// and appending what it decided to all their streams in one atomic
// multi-stream append (eventstore.AppendStreams): a rule that spans them
// (a number claimed only by a registered customer; no customer owned by
// someone who left) then holds on every interleaving and across crashes.
// It follows Update's invariants (see repository.Update) for each of its
// aggregates: each is taken from the cache or read, a cached one is
// trusted only for a replay or a successful append, a lost race catches
// every aggregate up and decides again, and each goes back to the cache
// only when it is the fold of its stream.
//
// Every aggregate whose state the decision relies on must record an event:
// the append checks the expected version of the streams it writes only.

// jointPart is one aggregate of a joint decision, whatever its state type.
type jointPart interface {
	streamName() string
	acquire(ctx context.Context) error
	catchUp(ctx context.Context) error
	unchecked() bool
	pending() []domain.Event
	compensation() []domain.Event
	reset()
	streamAppend(data []eventstore.EventData) eventstore.StreamAppend
	settle(data []eventstore.EventData, res eventstore.AppendResult, key string)
	replay(key string) (Result, bool)
	currentVersion() uint64
	release()
	forget()
}

// jointAggregate is an aggregate of state S taking part in a joint
// decision: the decision reads State and records events on it.
type jointAggregate[S any] struct {
	repo   repository[S]
	stream string
	fresh  bool // presumed new, as decision.fresh
	// transient aggregates are never put back in the cache: a claim that
	// is decided on once (a payment reference) would only push the
	// aggregates decided on again out of it.
	transient bool
	a         *aggregate[S]
	events    []domain.Event
	undo      []domain.Event
	keep      bool // the aggregate is the fold of its stream: cache it
}

func joinOn[S any](r repository[S], stream string) *jointAggregate[S] {
	return &jointAggregate[S]{repo: r, stream: stream}
}

// State is the aggregate's state the decision decides on.
func (j *jointAggregate[S]) State() S { return j.a.state }

// Record adds events the decision appends to this aggregate's stream.
func (j *jointAggregate[S]) Record(events ...domain.Event) { j.events = append(j.events, events...) }

// RecordUndoable records events and, for stores without an atomic
// multi-stream append, the events that undo them should a later stream's
// append fail (see eventstore.PartialAppendError).
func (j *jointAggregate[S]) RecordUndoable(events []domain.Event, undo ...domain.Event) {
	j.Record(events...)
	if len(events) > 0 {
		j.undo = append(j.undo, undo...)
	}
}

func (j *jointAggregate[S]) streamName() string           { return j.stream }
func (j *jointAggregate[S]) unchecked() bool              { return j.a.cached }
func (j *jointAggregate[S]) pending() []domain.Event      { return j.events }
func (j *jointAggregate[S]) compensation() []domain.Event { return j.undo }
func (j *jointAggregate[S]) reset()                       { j.events, j.undo, j.keep = nil, nil, true }
func (j *jointAggregate[S]) forget()                      { j.keep = false }
func (j *jointAggregate[S]) currentVersion() uint64       { return j.a.version }
func (j *jointAggregate[S]) replay(key string) (Result, bool) {
	return j.a.replay(key)
}

func (j *jointAggregate[S]) acquire(ctx context.Context) error {
	a, err := j.repo.acquire(ctx, decision[S]{stream: j.stream, fresh: j.fresh})
	j.a = a
	return err
}

func (j *jointAggregate[S]) catchUp(ctx context.Context) error {
	return j.a.catchUp(ctx, j.repo.log, j.repo.evolve, false)
}

func (j *jointAggregate[S]) streamAppend(data []eventstore.EventData) eventstore.StreamAppend {
	return eventstore.StreamAppend{Stream: j.stream, Expected: eventstore.Exact(j.a.version), Events: data}
}

func (j *jointAggregate[S]) settle(data []eventstore.EventData, res eventstore.AppendResult, key string) {
	j.keep = j.a.appended(j.repo.log, j.repo.evolve, data, res, key)
}

// release hands the aggregate back to the cache if it is the fold of its
// stream; otherwise it is forgotten and the stream released.
func (j *jointAggregate[S]) release() {
	if j.a != nil && j.keep && !j.transient {
		j.repo.log.cache.put(j.a)
	} else if j.a != nil {
		j.repo.log.cache.release(j.stream)
	}
	j.a = nil
}

// joint is a decision on several aggregates. parts are in append order:
// for a store without an atomic multi-stream append, every prefix of them
// must be a safe state (claims and guards first, see
// eventstore.AppendStreams). The command answers about primary, one of
// them: its replay, its If-Match, its Result.
type joint struct {
	role       domain.Role
	regulation string
	subject    string // names the primary aggregate in a 409
	parts      []jointPart
	primary    jointPart
	// decide reads the parts' states and records on them.
	decide func() error
}

// decideJointly is Update for a joint decision; the caller has checked
// m's envelope (checkMeta).
func (l *eventLog) decideJointly(ctx context.Context, m Meta, j joint) (res Result, err error) {
	ctx, span := startCommandSpan(ctx, m, j.subject, j.primary.streamName())
	defer func() { endCommandSpan(span, res, err) }()
	for _, p := range j.parts {
		p.reset()
	}
	defer func() {
		for _, p := range j.parts {
			p.release()
		}
	}()
	for _, p := range j.parts {
		if err := p.acquire(ctx); err != nil {
			j.dropAll()
			return Result{}, err
		}
	}
	var raced error
	for attempt := 1; ; {
		cached := j.anyUnchecked()
		res, next, err := l.jointPass(ctx, m, j, raced)
		switch {
		case next == keep:
			return res, err
		case next == drop:
			j.dropAll()
			return res, err
		case next == retry && !cached:
			if attempt >= maxAttempts || (m.IfVersion != nil && m.IdempotencyKey == "") {
				return res, &ChangedMeanwhile{Subject: j.subject, cause: err}
			}
			if m.IfVersion != nil {
				raced = &ChangedMeanwhile{Subject: j.subject, cause: err}
			}
			if err := retryPause(ctx, attempt); err != nil {
				return Result{}, err
			}
			attempt++
			noteRetry(ctx, attempt-1)
		}
		for _, p := range j.parts {
			if err := p.catchUp(ctx); err != nil {
				j.dropAll()
				return Result{}, err
			}
		}
	}
}

// jointPass decides once and appends what was decided, as pass does for
// one aggregate.
func (l *eventLog) jointPass(ctx context.Context, m Meta, j joint, raced error) (Result, outcome, error) {
	if prior, ok := j.primary.replay(m.IdempotencyKey); ok {
		return prior, keep, nil
	}
	cached := j.anyUnchecked()
	if m.IfVersion != nil && *m.IfVersion != j.primary.currentVersion() {
		switch {
		case cached:
			return Result{}, recheck, nil
		case raced != nil:
			return Result{}, keep, raced
		}
		return Result{}, keep, ErrStaleVersion
	}
	for _, p := range j.parts {
		p.reset()
	}
	err := j.decide()
	recorded := j.recorded()
	switch {
	case cached && (err != nil || recorded == 0):
		return Result{}, recheck, nil // a stale state may refuse what the current one allows
	case err != nil:
		return Result{}, keep, err
	case recorded == 0:
		return Result{Stream: j.primary.streamName(), Version: j.primary.currentVersion()}, keep, nil
	}
	return l.appendJoint(ctx, m, j)
}

// appendJoint encodes and appends every part's events in one step.
func (l *eventLog) appendJoint(ctx context.Context, m Meta, j joint) (Result, outcome, error) {
	var appends []eventstore.StreamAppend
	var written []jointPart
	var data [][]eventstore.EventData
	for _, p := range j.parts {
		if len(p.pending()) == 0 {
			continue
		}
		d, err := l.encode(m, j.role, j.regulation, p.pending())
		if err != nil {
			return Result{}, drop, err
		}
		appends, written, data = append(appends, p.streamAppend(d)), append(written, p), append(data, d)
	}
	results, err := eventstore.AppendStreams(ctx, l.store, appends)
	var partial *eventstore.PartialAppendError
	switch {
	case errors.As(err, &partial):
		undone := l.compensate(ctx, m, j, written[:len(partial.Landed)], partial)
		if undone == nil && errors.Is(partial, domain.ErrConflict) {
			// A lost race on a later stream, undone where it landed:
			// decide again on fresh state, as for an atomic append.
			return Result{}, retry, partial
		}
		return Result{}, drop, errors.Join(partial, undone)
	case errors.Is(err, domain.ErrConflict):
		return Result{}, retry, fmt.Errorf("append %d streams: %w", len(appends), err)
	case err != nil:
		return Result{}, drop, err
	}
	var out Result
	for i, p := range written {
		p.settle(data[i], results[i], m.IdempotencyKey)
		if p == j.primary {
			out = Result{Stream: p.streamName(), Version: results[i].Version, Position: results[i].Position, Events: len(data[i])}
		}
	}
	if out.Stream == "" { // the primary recorded nothing: answer its version
		out = Result{Stream: j.primary.streamName(), Version: j.primary.currentVersion(), Position: results[len(results)-1].Position}
	}
	return out, keep, nil
}

// compensate undoes the parts a sequential multi-stream append (a store
// without MultiStreamAppender) wrote before a later part failed, by
// appending each one's compensation after it. It returns nil when every
// landed part was undone, else the failed compensations, for the
// operator.
func (l *eventLog) compensate(ctx context.Context, m Meta, j joint, landed []jointPart, partial *eventstore.PartialAppendError) error {
	var errs []error
	for i, p := range landed {
		undo := p.compensation()
		if len(undo) == 0 {
			continue
		}
		data, err := l.encode(m, j.role, j.regulation, undo)
		if err == nil {
			_, err = l.store.Append(context.WithoutCancel(ctx), p.streamName(), eventstore.Exact(partial.Landed[i].Version), data...)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("compensate %s: %w", p.streamName(), err))
		}
	}
	return errors.Join(errs...)
}

func (j joint) anyUnchecked() bool {
	for _, p := range j.parts {
		if p.unchecked() {
			return true
		}
	}
	return false
}

func (j joint) recorded() int {
	n := 0
	for _, p := range j.parts {
		n += len(p.pending())
	}
	return n
}

// dropAll forgets every part's aggregate: after an error none is known to
// be the fold of its stream.
func (j joint) dropAll() {
	for _, p := range j.parts {
		p.forget()
	}
}
