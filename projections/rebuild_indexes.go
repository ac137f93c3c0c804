package projections

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"
)

// prebuildIndexes builds the query indexes a rebuild deferred on
// generation gen, each CREATE INDEX on a connection of its own, side by
// side, before finishRebuild adds them in the switch's transaction
// (where, made IF NOT EXISTS, they are then found). PostgreSQL builds one
// index on one core: run one after another, the indexes of the read model
// that replays last (the audit trail's btrees, a versions table's GiST
// indexes) held the whole rebuild on one core while the other idled.
//
// The generation is not read before the switch, so indexes committed
// ahead of it are seen by nobody; a rebuild that fails after them leaves
// an unswitched generation, which the next rebuild drops.
//
// It is best effort: when p's Indexes does anything but plain statements
// without arguments, or one of them fails, nothing is reported and the
// switch's transaction builds what is missing, as it did before.
func prebuildIndexes(ctx context.Context, pool *pgxpool.Pool, ns Namespace, p Projection, gen int) error {
	ix, ok := p.(Indexer)
	if !ok {
		return nil
	}
	capture := &captureTx{}
	if err := ix.Indexes(ctx, capture); err != nil || capture.opaque {
		return ctx.Err()
	}
	first, creates := splitIndexStatements(capture.statements)
	if len(creates) < 2 {
		return ctx.Err() // nothing to build side by side
	}
	schema := pgx.Identifier{ns.generationSchema(p.Name(), gen)}.Sanitize()
	run := func(ctx context.Context, sql string) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, sql)
			return err
		})
	}
	for _, sql := range first {
		if err := run(ctx, sql); err != nil {
			return ctx.Err()
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(indexBuilders)
	for _, sql := range creates {
		g.Go(func() error { return run(gctx, sql) })
	}
	_ = g.Wait() // a failed build is retried by the switch's transaction
	return ctx.Err()
}

// indexBuilders is how many of one read model's indexes are built at
// once: the machine's cores are what they share, and a read model that
// finishes last has them to itself.
const indexBuilders = 3

// splitIndexStatements splits the statements Indexes ran into the single
// statements that must come first (dropping an old index, installing an
// extension), in their order, and the CREATE INDEX statements, which may
// run in any order. A string holding quotes or dollar quotes is not split
// and goes first whole.
func splitIndexStatements(statements []string) (first, creates []string) {
	for _, s := range statements {
		if strings.ContainsAny(s, `'"$`) {
			first = append(first, s)
			continue
		}
		for _, one := range strings.Split(s, ";") {
			one = strings.TrimSpace(one)
			switch upper := strings.ToUpper(one); {
			case one == "":
			case strings.HasPrefix(upper, "CREATE INDEX ") || strings.HasPrefix(upper, "CREATE UNIQUE INDEX "):
				creates = append(creates, one)
			default:
				first = append(first, one)
			}
		}
	}
	return first, creates
}

// captureTx records the statements an Indexer runs without running them.
// Anything it cannot replay elsewhere (arguments, a query, a batch) marks
// it opaque.
type captureTx struct {
	statements []string
	opaque     bool
}

var _ pgx.Tx = (*captureTx)(nil)

var errCaptureOnly = errors.New("projection indexes: statements are being captured, not run")

func (c *captureTx) Exec(_ context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if len(args) > 0 {
		c.opaque = true
		return pgconn.CommandTag{}, errCaptureOnly
	}
	c.statements = append(c.statements, sql)
	return pgconn.CommandTag{}, nil
}

func (c *captureTx) Begin(context.Context) (pgx.Tx, error) { return c, nil } // a savepoint: same capture
func (c *captureTx) Commit(context.Context) error          { return nil }
func (c *captureTx) Rollback(context.Context) error        { return nil }

func (c *captureTx) CopyFrom(context.Context, pgx.Identifier, []string, pgx.CopyFromSource) (int64, error) {
	c.opaque = true
	return 0, errCaptureOnly
}

func (c *captureTx) SendBatch(context.Context, *pgx.Batch) pgx.BatchResults {
	c.opaque = true
	return &failedResults{err: errCaptureOnly}
}

func (c *captureTx) LargeObjects() pgx.LargeObjects {
	panic("projection indexes: large objects are not supported")
}

func (c *captureTx) Prepare(context.Context, string, string) (*pgconn.StatementDescription, error) {
	c.opaque = true
	return nil, errCaptureOnly
}

func (c *captureTx) Query(context.Context, string, ...any) (pgx.Rows, error) {
	c.opaque = true
	return errRows{err: errCaptureOnly}, errCaptureOnly
}

func (c *captureTx) QueryRow(context.Context, string, ...any) pgx.Row {
	c.opaque = true
	return errRow{errCaptureOnly}
}

func (c *captureTx) Conn() *pgx.Conn { return nil }
