package replay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// Deps are what a replay reads and writes.
type Deps struct {
	// Pool needs a free connection per read model built, and two more.
	Pool  *pgxpool.Pool
	Store eventstore.Store
	// Projections are the read models there are (readmodels.All).
	Projections []projections.Projection
	// Catalogue resolves --regulation versions; needed only for them.
	Catalogue Catalogue
	Now       func() time.Time
	// Progress is told how many events were applied so far.
	Progress projections.Progress
	// Batch is how many events a read of the log takes (0: the engine's
	// rebuild default).
	Batch int
}

// Result says what a replay built.
type Result struct {
	Schema string
	Models []string
	// Events is how many events of the log the cut kept and applied.
	Events int64
	Took   time.Duration
}

// Build replays the log as req asks into the new schema req.Schema: every
// table of the chosen read models, with their query indexes, and a
// replay_info row saying what it holds. It builds into a scratch
// namespace and moves the tables into req.Schema in one transaction at
// the end; on any failure the scratch schemas are dropped and req.Schema
// is not created.
func Build(ctx context.Context, d Deps, req Request) (Result, error) {
	start := d.now()
	if err := req.check(start); err != nil {
		return Result{}, err
	}
	ps, err := d.choose(req)
	if err != nil {
		return Result{}, err
	}
	if err := checkAbsent(ctx, d.Pool, req.Schema); err != nil {
		return Result{}, err
	}
	if need := len(ps) + 2; int(d.Pool.Config().MaxConns) < need {
		return Result{}, fmt.Errorf("replay: %d read models need a pool of at least %d connections (one each while they are built, one to read the log, one to spare); this one has %d",
			len(ps), need, d.Pool.Config().MaxConns)
	}
	scratch := projections.Namespace(scratchPrefix + randomHex(6))
	var applied int64
	err = build(ctx, d, scratch, ps, newCut(d.Store, req.AsOf, req.ValidAt), func(n int64, at eventstore.Position) {
		applied = n
		if d.Progress != nil {
			d.Progress(n, at)
		}
	})
	if err == nil {
		err = publish(ctx, d.Pool, scratch, req, ps, applied)
	}
	if err != nil {
		// Dropped even when ctx ended: an interrupted replay leaves nothing.
		cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		return Result{}, errors.Join(err, dropScratch(cleanup, d.Pool, scratch))
	}
	return Result{Schema: req.Schema, Models: names(ps), Events: applied, Took: d.now().Sub(start)}, nil
}

// build fills the scratch namespace with the engine's one-pass rebuild
// over the cut.
func build(ctx context.Context, d Deps, scratch projections.Namespace, ps []projections.Projection, c *cut, progress projections.Progress) error {
	if err := projections.Migrate(ctx, d.Pool, scratch); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	return projections.RebuildAll(ctx, d.Pool, c, scratch, ps, projections.Options{RebuildBatch: d.Batch}, progress)
}

// choose returns the read models req names (all without names), each
// under req's regulation versions where it depends on them.
func (d Deps) choose(req Request) ([]projections.Projection, error) {
	ps := d.Projections
	if len(req.Models) > 0 {
		ps = nil
		for _, name := range req.Models {
			i := slices.IndexFunc(d.Projections, func(p projections.Projection) bool { return p.Name() == name })
			if i < 0 {
				return nil, &InputError{"--models", fmt.Sprintf("no read model %q; the read models are %s", name, strings.Join(names(d.Projections), ", "))}
			}
			if !slices.ContainsFunc(ps, func(p projections.Projection) bool { return p.Name() == name }) {
				ps = append(ps, d.Projections[i])
			}
		}
	}
	if len(req.Regulations) > 0 && d.Catalogue == nil {
		return nil, errors.New("replay: no regulation catalogue to resolve --regulation with")
	}
	return underRegulations(d.Catalogue, req.Regulations, ps, len(req.Models) > 0)
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func names(ps []projections.Projection) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name()
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck // never fails
	return hex.EncodeToString(b)
}
