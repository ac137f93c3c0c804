package projections

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// errNewerGeneration ends a runner's hold on a generation that newer code
// built: old code must not apply its events to tables of another shape,
// as a process left from the previous release would during a rollout.
var errNewerGeneration = errors.New("projection generation built by newer code")

// upgradeIfOutdated rebuilds the projection when generation gen was built
// with an older Version than the code's, and reports whether it did. The
// caller holds gen's runner lock, so of all the processes running this
// projection only one rebuilds; queries keep reading gen until the new
// generation has caught up and the views switch.
func (r *Runner) upgradeIfOutdated(ctx context.Context, conn *pgxpool.Conn, gen int) (bool, error) {
	var built int
	err := conn.QueryRow(ctx, "SELECT schema_version FROM "+r.ns.table("projection_checkpoints")+
		" WHERE name = $1 AND generation = $2", r.p.Name(), gen).Scan(&built)
	if err != nil {
		return false, fmt.Errorf("%s: read schema version: %w", r.p.Name(), err)
	}
	want := VersionOf(r.p)
	if built > want {
		return false, fmt.Errorf("%s: generation %d is version %d, this code knows %d: %w", r.p.Name(), gen, built, want, errNewerGeneration)
	}
	if built == want {
		return false, nil
	}
	log := r.opts.Log.With("projection", r.p.Name(), "generation", gen, "built_version", built, "version", want)
	log.WarnContext(ctx, "read model was built by older code; rebuilding it beside the live one")
	start := time.Now()
	next, err := r.Rebuild(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("%s: upgrade from version %d to %d: %w", r.p.Name(), built, want, err)
	}
	log.InfoContext(ctx, "read model rebuilt and switched", "new_generation", next, "took", time.Since(start).Round(time.Millisecond).String())
	return true, nil
}
