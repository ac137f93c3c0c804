package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/employees"
)

// roster keeps the known, active employees in memory for the
// authenticator, which refuses a token whose subject was never hired or
// has departed without asking the database on each request
// (§2.5-token-subject in docs/RULES.md).
//
// Open loads it from the employees read model, which already holds every
// employee's status, and reads only the part of the log that read model
// has not applied yet: a restart costs one query and a short tail,
// however long the history. The projection runners then follow new hires
// and departures through the shared fan-out. A subject the roster does
// not know yet (a hire committed a moment ago, ahead of the fan-out) is
// confirmed from the employee's stream (see auth.Roster).
type roster struct {
	set *auth.Roster
	// loaded says where Open's load came from; following starts at
	// loaded.head.
	loaded rosterLoad
}

// rosterLoad is what loadRoster read: the employees read model's
// checkpoint and rows, the log's events after it, and the head following
// starts from.
type rosterLoad struct {
	checkpoint eventstore.Position
	rows, tail int
	head       eventstore.Position
}

// rosterEvents are the events that change the roster.
var rosterEvents = eventstore.Filter{EventTypes: []string{employee.Hired{}.EventType(), employee.Departed{}.EventType()}}

// loadRoster fills the roster before Open returns, so a token of someone
// who left, or who never joined, is refused from the first request after
// a restart.
func (a *App) loadRoster(ctx context.Context) error {
	a.roster.set = auth.NewRoster(a.confirmEmployee)
	snap, err := a.readEmployees(ctx)
	if err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	if err := a.rereadSkipped(ctx, snap.skipped); err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	// The head before the tail: following starts there, and what the tail
	// also read is delivered twice, which changes nothing.
	head, err := a.Store.Head(ctx)
	if err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	tail, err := a.readRosterTail(ctx, snap.checkpoint)
	if err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	a.roster.loaded = rosterLoad{checkpoint: snap.checkpoint, rows: snap.rows, tail: tail, head: head}
	return nil
}

// employeesSnapshot is what readEmployees found besides the rows it put
// on the roster.
type employeesSnapshot struct {
	checkpoint eventstore.Position
	rows       int
	// skipped are the streams of events the read model skipped (dead
	// letters an operator skipped): its rows may be wrong about them.
	skipped []string
}

// readEmployees puts every hired employee of the employees read model on
// the roster, and returns the checkpoint the rows are as of. Rows and
// checkpoint are read in one snapshot: the runner writes them in one
// transaction, so the rows are exactly the log up to the checkpoint, but
// for the events it skipped.
func (a *App) readEmployees(ctx context.Context) (employeesSnapshot, error) {
	var snap employeesSnapshot
	tx, err := a.Pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return snap, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	ns := string(a.Config.ReadNamespace)
	var major, minor int64
	var generation int
	err = tx.QueryRow(ctx, `SELECT s.active_generation, c.pos_major, c.pos_minor FROM `+pgx.Identifier{ns, "projection_state"}.Sanitize()+` s
		JOIN `+pgx.Identifier{ns, "projection_checkpoints"}.Sanitize()+` c ON c.name = s.name AND c.generation = s.active_generation
		WHERE s.name = $1`, employees.New().Name()).Scan(&generation, &major, &minor)
	if err != nil {
		return snap, fmt.Errorf("employees checkpoint: %w", err)
	}
	snap.checkpoint = eventstore.Position{Major: uint64(major), Minor: uint64(minor)}
	rows, err := tx.Query(ctx, `SELECT employee_id, status FROM `+pgx.Identifier{ns, "employees"}.Sanitize()+
		` WHERE status <> $1`, string(employee.StatusApplicant))
	if err != nil {
		return snap, fmt.Errorf("employees: %w", err)
	}
	var id, status string
	_, err = pgx.ForEachRow(rows, []any{&id, &status}, func() error {
		a.putOnRoster(id, status == string(employee.StatusDeparted))
		snap.rows++
		return nil
	})
	if err != nil {
		return snap, fmt.Errorf("employees: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT DISTINCT stream FROM `+pgx.Identifier{ns, "projection_dead_letters"}.Sanitize()+
		` WHERE name = $1 AND generation = $2 AND status = 'skipped'`, employees.New().Name(), generation)
	if err != nil {
		return snap, fmt.Errorf("employees dead letters: %w", err)
	}
	snap.skipped, err = pgx.CollectRows(rows, pgx.RowTo[string])
	return snap, err
}

// rereadSkipped takes the standing of the employees whose events the read
// model skipped from their streams: a skipped hire or departure would
// otherwise be missing from the roster until the next one. Dead letters
// are rare, so these are few reads.
func (a *App) rereadSkipped(ctx context.Context, streams []string) error {
	for _, stream := range streams {
		id, ok := strings.CutPrefix(stream, employee.Stream(""))
		if !ok {
			continue
		}
		standing, err := standingIn(ctx, a.Store, id)
		if err != nil {
			return err
		}
		if standing != auth.Unknown {
			a.putOnRoster(id, standing == auth.Departed)
		}
	}
	return nil
}

func (a *App) putOnRoster(employeeID string, departed bool) {
	if departed {
		a.roster.set.Depart(employeeID)
		return
	}
	a.roster.set.Hire(employeeID)
}

// readRosterTail applies the hires and departures the employees read
// model had not applied at its checkpoint.
func (a *App) readRosterTail(ctx context.Context, from eventstore.Position) (int, error) {
	n := 0
	for {
		events, err := a.Store.ReadAll(ctx, from, 1000, rosterEvents)
		if err != nil || len(events) == 0 {
			return n, err
		}
		if err := a.applyRoster(events); err != nil {
			return n, err
		}
		n += len(events)
		from = events[len(events)-1].Position
	}
}

func (a *App) applyRoster(events []eventstore.Recorded) error {
	for _, e := range events {
		ev, err := a.Codec.DecodeRecorded(e)
		if err != nil {
			return fmt.Errorf("roster: %w", err)
		}
		switch ev := ev.(type) {
		case employee.Hired:
			a.putOnRoster(ev.EmployeeID, false)
		case employee.Departed:
			a.putOnRoster(ev.EmployeeID, true)
		}
	}
	return nil
}

// confirmEmployee is where the roster looks up a subject it does not
// know: the employee's own stream, the record the hire command has just
// committed to. It runs on a miss only, never for a known employee.
func (a *App) confirmEmployee(ctx context.Context, employeeID string) (auth.Standing, error) {
	s, err := standingIn(ctx, a.Store, employeeID)
	if err != nil {
		a.Config.Log.WarnContext(ctx, "roster: cannot confirm a token's subject", "employee", employeeID, "err", err)
	}
	return s, err
}

// standingIn is where employeeID stands by their stream in store.
func standingIn(ctx context.Context, store eventstore.Store, employeeID string) (auth.Standing, error) {
	events, err := store.ReadStream(ctx, employee.Stream(employeeID), eventstore.ReadStreamOptions{})
	if err != nil {
		return auth.Unknown, err
	}
	standing := auth.Unknown
	for _, e := range events {
		switch e.Type {
		case employee.Hired{}.EventType():
			standing = auth.Active
		case employee.Departed{}.EventType():
			return auth.Departed, nil
		}
	}
	return standing, nil
}

// followRoster applies hires and departures as they are recorded until
// ctx ends, resubscribing after a pause when the subscription breaks.
func (a *App) followRoster(ctx context.Context) error {
	from := a.roster.loaded.head
	return a.resubscribing(ctx, "the roster", func(ctx context.Context) error { return a.followRosterFrom(ctx, &from) })
}

// resubscribing runs follow until ctx ends, running it again a second
// after each time it stops with an error (a broken subscription), which
// it logs naming what it follows.
func (a *App) resubscribing(ctx context.Context, what string, follow func(context.Context) error) error {
	for {
		err := follow(ctx)
		if ctx.Err() != nil {
			return nil
		}
		a.Config.Log.ErrorContext(ctx, "following "+what+" stopped; resubscribing", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

func (a *App) followRosterFrom(ctx context.Context, from *eventstore.Position) error {
	sub, err := a.Store.Subscribe(ctx, *from, rosterEvents)
	if err != nil {
		return err
	}
	defer sub.Close()
	for {
		events, err := sub.Recv(ctx)
		if err != nil {
			return err
		}
		if err := a.applyRoster(events); err != nil {
			return err
		}
		*from = events[len(events)-1].Position
	}
}
