package app

import (
	"context"
	"fmt"
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
	cp, rows, err := a.readEmployees(ctx)
	if err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	// The head before the tail: following starts there, and what the tail
	// also read is delivered twice, which changes nothing.
	head, err := a.Store.Head(ctx)
	if err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	tail, err := a.readRosterTail(ctx, cp)
	if err != nil {
		return fmt.Errorf("load roster: %w", err)
	}
	a.roster.loaded = rosterLoad{checkpoint: cp, rows: rows, tail: tail, head: head}
	return nil
}

// readEmployees puts every hired employee of the employees read model on
// the roster, and returns the checkpoint the rows are as of. Rows and
// checkpoint are read in one snapshot: the runner writes them in one
// transaction, so the rows are exactly the log up to the checkpoint.
func (a *App) readEmployees(ctx context.Context) (eventstore.Position, int, error) {
	tx, err := a.Pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return eventstore.Start, 0, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	ns := string(a.Config.ReadNamespace)
	var major, minor int64
	err = tx.QueryRow(ctx, `SELECT c.pos_major, c.pos_minor FROM `+pgx.Identifier{ns, "projection_state"}.Sanitize()+` s
		JOIN `+pgx.Identifier{ns, "projection_checkpoints"}.Sanitize()+` c ON c.name = s.name AND c.generation = s.active_generation
		WHERE s.name = $1`, employees.New().Name()).Scan(&major, &minor)
	if err != nil {
		return eventstore.Start, 0, fmt.Errorf("employees checkpoint: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT employee_id, status FROM `+pgx.Identifier{ns, "employees"}.Sanitize()+
		` WHERE status <> $1`, string(employee.StatusApplicant))
	if err != nil {
		return eventstore.Start, 0, fmt.Errorf("employees: %w", err)
	}
	n := 0
	var id, status string
	_, err = pgx.ForEachRow(rows, []any{&id, &status}, func() error {
		a.putOnRoster(id, status == string(employee.StatusDeparted))
		n++
		return nil
	})
	return eventstore.Position{Major: uint64(major), Minor: uint64(minor)}, n, err
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
	for {
		err := a.followRosterFrom(ctx, &from)
		if ctx.Err() != nil {
			return nil
		}
		a.Config.Log.ErrorContext(ctx, "following the roster stopped; resubscribing", "err", err)
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
