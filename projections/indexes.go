package projections

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// indexActive gives the active generation the query indexes its
// projection has gained since the generation was built, so a deployment
// picks up a new index on its next start rather than its next rebuild.
// Indexes creates them IF NOT EXISTS, so on a generation that has them
// all this costs a moment's SHARE lock per table. Only the generation the
// views show is touched: one being rebuilt gets its indexes when it is
// switched to.
func indexActive(ctx context.Context, pool *pgxpool.Pool, ns Namespace, p Projection) error {
	if _, ok := p.(Indexer); !ok {
		return nil
	}
	var err error
	for range 3 {
		if err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return indexActiveTx(ctx, tx, ns, p) }); !isDeadlock(err) {
			break
		}
	}
	return err
}

// indexActiveTx runs Indexes on the active generation inside tx.
func indexActiveTx(ctx context.Context, tx pgx.Tx, ns Namespace, p Projection) error {
	// The lock that guards creating the first generation keeps two
	// processes from creating the same index at once.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", ns.lockKey(p.Name(), -1)); err != nil {
		return err
	}
	gen, err := readActive(ctx, tx, ns, p.Name())
	if err != nil {
		return err
	}
	return indexGeneration(ctx, tx, ns, p, gen)
}

// isDeadlock reports a deadlock PostgreSQL broke by failing err's
// transaction. Indexes locks its tables one after another while a runner
// of another process may be writing them, possibly in another order; the
// runner retries its batch, and so does indexActive.
func isDeadlock(err error) bool { return hasSQLState(err, "40P01") }

// hasSQLState reports whether err is a PostgreSQL error with SQLSTATE code.
func hasSQLState(err error, code string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == code
}
