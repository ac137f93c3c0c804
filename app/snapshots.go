package app

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/commands"
	snapshots "github.com/opsledger/opsledger/snapshots/postgres"
)

// DefaultSnapshotEvery is the snapshot interval cmd/opsledger uses unless
// OPS_SNAPSHOT_EVERY says otherwise: a stream is read from at most 100
// events back, and a snapshot costs one row every 100 commands on it.
const DefaultSnapshotEvery = 100

// DefaultSnapshotBudget is the fold time cmd/opsledger takes a snapshot
// after unless OPS_SNAPSHOT_BUDGET says otherwise: far above what reading
// and folding a short stream costs, so only a stream slow to fold gets a
// snapshot before DefaultSnapshotEvery new events.
const DefaultSnapshotBudget = 20 * time.Millisecond

// snapshots returns the command option that keeps aggregate snapshots in
// the control schema, or none when SnapshotEvery is 0.
func (a *App) snapshots(ctx context.Context) ([]commands.Option, error) {
	if a.Config.SnapshotEvery <= 0 {
		return nil, nil
	}
	store, err := snapshots.Open(ctx, a.Pool, a.Config.ControlSchema)
	if err != nil {
		return nil, err
	}
	a.commandStatements = append(a.commandStatements, store.CommandStatements()...)
	return []commands.Option{commands.WithSnapshots(store, a.Config.SnapshotEvery, a.Config.Log),
		commands.WithSnapshotBudget(a.Config.SnapshotBudget)}, nil
}
