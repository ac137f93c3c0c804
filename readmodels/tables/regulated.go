package tables

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// Regulations are the regulation parameters a what-if replay puts in
// force instead of the versions the events were decided under, by the
// catalogue's name of the regulation ("employee"): each value is that
// aggregate's own parameter type (employee.Regulation for "employee").
//
// A read model whose rows depend on regulation parameters says so with two
// methods, which the replay package finds on the projections it is given:
//
//	Regulations() []string // the catalogue names it depends on
//	UnderRegulations(Regulations) (projections.Projection, error)
//
// UnderRegulations returns the read model computing its figures with the
// given parameters; it is only ever used to fill a replay schema.
type Regulations map[string]any

// Regulation returns the parameters r sets for regulation name as P; ok is
// false when r does not set them (the read model then keeps the figures
// the events recorded).
func Regulation[P any](r Regulations, name string) (params P, ok bool) {
	params, ok = r[name].(P)
	return params, ok
}

// RewriteEvents is p applying its own Apply to events rewritten first by
// rewrite: how a read model recomputes a figure an event recorded under
// the version then in force (a fine's amount from the fine schedule). Its
// query indexes are p's.
func RewriteEvents(p projections.Projection, rewrite func(eventstore.Recorded) (eventstore.Recorded, error)) projections.Projection {
	return rewritten{Projection: p, rewrite: rewrite}
}

type rewritten struct {
	projections.Projection
	rewrite func(eventstore.Recorded) (eventstore.Recorded, error)
}

func (r rewritten) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	out := make([]eventstore.Recorded, len(events))
	for i, e := range events {
		var err error
		if out[i], err = r.rewrite(e); err != nil {
			return err
		}
	}
	return r.Projection.Apply(ctx, tx, out)
}

func (r rewritten) Indexes(ctx context.Context, tx pgx.Tx) error {
	if ix, ok := r.Projection.(projections.Indexer); ok {
		return ix.Indexes(ctx, tx)
	}
	return nil
}
