package projections

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"
)

// indexBuilders is how many connections build a rebuilt read model's
// indexes at once: its own and one more of the pool (the benchmark
// machine has two cores; decision 46).
const indexBuilders = 2

// buildIndexesApart runs the IndexBuilds statements of p, if it has any,
// on generation gen: on conn, the read model's own connection, and at
// once on up to indexBuilders-1 more from pool. An extra connection is
// only waited for while statements are left: a pool its runners exhaust
// leaves every statement to conn rather than blocking the rebuild.
func buildIndexesApart(ctx context.Context, pool *pgxpool.Pool, conn *pgxpool.Conn, ns Namespace, p Projection, gen int) error {
	ib, ok := p.(IndexBuilds)
	if !ok {
		return nil
	}
	queue := newStatementQueue(ib.IndexBuilds())
	schema := pgx.Identifier{ns.generationSchema(p.Name(), gen)}.Sanitize()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return queue.run(gctx, conn, schema) })
	for range indexBuilders - 1 {
		g.Go(func() error {
			extra, err := pool.Acquire(queue.whileLeft(gctx))
			if err != nil {
				if ctx.Err() == nil && queue.drained() {
					return nil // the others built them all meanwhile
				}
				return err
			}
			defer extra.Release()
			return queue.run(gctx, extra, schema)
		})
	}
	return g.Wait()
}

// statementQueue hands statements to the connections building them;
// once none is left, it cancels the waits for more connections.
type statementQueue struct {
	mu         sync.Mutex
	statements []string
	done       chan struct{}
}

func newStatementQueue(statements []string) *statementQueue {
	q := &statementQueue{statements: statements, done: make(chan struct{})}
	if len(statements) == 0 {
		close(q.done)
	}
	return q
}

// next returns the next statement, false when none is left.
func (q *statementQueue) next() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.statements) == 0 {
		return "", false
	}
	s := q.statements[0]
	if q.statements = q.statements[1:]; len(q.statements) == 0 {
		close(q.done)
	}
	return s, true
}

func (q *statementQueue) drained() bool {
	select {
	case <-q.done:
		return true
	default:
		return false
	}
}

// whileLeft returns a context of ctx cancelled once no statement is left.
func (q *statementQueue) whileLeft(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer cancel()
		select {
		case <-q.done:
		case <-ctx.Done():
		}
	}()
	return ctx
}

// run builds statements on conn, each in a transaction of its own with
// the generation's schema first on the search path, until none is left.
func (q *statementQueue) run(ctx context.Context, conn *pgxpool.Conn, schema string) error {
	for {
		stmt, ok := q.next()
		if !ok {
			return nil
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, stmt)
			return err
		})
		if err != nil {
			return fmt.Errorf("build index of %s: %w", schema, err)
		}
	}
}
