package projections

import (
	"context"
	"errors"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// pipeTx is the transaction a runner applies a batch in. It saves round
// trips, the largest cost of a small batch: BEGIN goes with the first
// statement, and the writes a read model queues with DeferWrites wait and
// go with the checkpoint and COMMIT. A read model that loads its rows
// and writes them back thus costs two round trips instead of five.
//
// A deferred write's error is returned by Commit. Statements that need
// their results (Exec, Query, a batch sent with SendBatch, CopyFrom) are
// sent at once, after whatever is waiting. Nested transactions and large
// objects are not supported.
type pipeTx struct {
	conn    *pgx.Conn
	begun   bool // BEGIN has been sent
	closed  bool
	pending []*pgx.QueuedQuery
}

var _ pgx.Tx = (*pipeTx)(nil)

var errPipeTxClosed = errors.New("projection transaction closed")

func newPipeTx(conn *pgx.Conn) *pipeTx { return &pipeTx{conn: conn} }

// DeferWrites queues b's statements to be sent with the commit.
func (t *pipeTx) DeferWrites(b *pgx.Batch) {
	t.pending = append(t.pending, b.QueuedQueries...)
}

// lead takes what must precede the next statement: BEGIN if not yet
// sent, and the deferred writes.
func (t *pipeTx) lead() []*pgx.QueuedQuery {
	var qs []*pgx.QueuedQuery
	if !t.begun {
		qs = append(qs, &pgx.QueuedQuery{SQL: "BEGIN"})
		t.begun = true
	}
	qs = append(qs, t.pending...)
	t.pending = nil
	return qs
}

// flush sends what waits, so a statement that cannot be pipelined (COPY,
// a multi-statement string, a streamed query) can follow.
func (t *pipeTx) flush(ctx context.Context) error {
	if t.closed {
		return errPipeTxClosed
	}
	lead := t.lead()
	if len(lead) == 0 {
		return nil
	}
	return t.conn.SendBatch(ctx, &pgx.Batch{QueuedQueries: lead}).Close()
}

// SendBatch sends b after what waits, in one round trip. The results are
// b's own: the leading statements' are read first.
func (t *pipeTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if t.closed {
		return &failedResults{err: errPipeTxClosed, types: t.conn.TypeMap()}
	}
	lead := t.lead()
	if len(lead) == 0 {
		return t.conn.SendBatch(ctx, b)
	}
	br := t.conn.SendBatch(ctx, &pgx.Batch{QueuedQueries: append(lead, b.QueuedQueries...)})
	for range lead {
		if _, err := br.Exec(); err != nil {
			break // br keeps the error: every read and Close return it
		}
	}
	return br
}

func (t *pipeTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := t.flush(ctx); err != nil {
		return pgconn.CommandTag{}, err
	}
	return t.conn.Exec(ctx, sql, args...)
}

func (t *pipeTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := t.flush(ctx); err != nil {
		return errRows{err, t.conn.TypeMap()}, err
	}
	return t.conn.Query(ctx, sql, args...)
}

func (t *pipeTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := t.flush(ctx); err != nil {
		return errRow{err}
	}
	return t.conn.QueryRow(ctx, sql, args...)
}

func (t *pipeTx) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	if err := t.flush(ctx); err != nil {
		return 0, err
	}
	return t.conn.CopyFrom(ctx, table, cols, src)
}

func (t *pipeTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.conn.Prepare(ctx, name, sql)
}

// Commit sends the deferred writes and COMMIT in one round trip. If any
// of them fails, the transaction is rolled back and the first error
// returned.
func (t *pipeTx) Commit(ctx context.Context) error {
	if t.closed {
		return errPipeTxClosed
	}
	qs := append(t.lead(), &pgx.QueuedQuery{SQL: "COMMIT"})
	if err := t.conn.SendBatch(ctx, &pgx.Batch{QueuedQueries: qs}).Close(); err != nil {
		t.Rollback(ctx) //nolint:errcheck // the first error is the one to report
		return err
	}
	t.closed = true
	return nil
}

// Rollback ends the transaction unless it is already ended; before BEGIN
// was sent there is nothing to roll back.
func (t *pipeTx) Rollback(ctx context.Context) error {
	if t.closed {
		return nil
	}
	t.closed, t.pending = true, nil
	if !t.begun || t.conn.PgConn().TxStatus() == 'I' {
		return nil
	}
	_, err := t.conn.Exec(ctx, "ROLLBACK")
	return err
}

func (t *pipeTx) Begin(context.Context) (pgx.Tx, error) {
	return nil, errors.New("projection transaction: nested transactions are not supported")
}

func (t *pipeTx) LargeObjects() pgx.LargeObjects {
	panic("projection transaction: large objects are not supported")
}

func (t *pipeTx) Conn() *pgx.Conn { return t.conn }

// failedResults answers every read with the error that ended a batch.
type failedResults struct {
	err   error
	types *pgtype.Map
}

func (r *failedResults) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, r.err }
func (r *failedResults) Query() (pgx.Rows, error)         { return errRows{r.err, r.types}, r.err }
func (r *failedResults) QueryRow() pgx.Row                { return errRow{r.err} }
func (r *failedResults) Close() error                     { return r.err }
func (r *failedResults) Tx() pgx.Tx                       { return nil }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// errRows are the rows of a query that was never sent: closed, with no
// rows, reporting err. As pgx does, a failed Query returns them rather
// than nil, so a caller that reads the error from the rows (pgx's
// CollectRows and ForEachRow do) gets it instead of a nil dereference.
type errRows struct {
	err   error
	types *pgtype.Map
}

func (r errRows) Close()                                       {}
func (r errRows) Err() error                                   { return r.err }
func (r errRows) CommandTag() pgconn.CommandTag                { return pgconn.CommandTag{} }
func (r errRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (r errRows) Next() bool                                   { return false }
func (r errRows) Scan(...any) error                            { return r.err }
func (r errRows) Values() ([]any, error)                       { return nil, r.err }
func (r errRows) RawValues() [][]byte                          { return nil }
func (r errRows) Conn() *pgx.Conn                              { return nil }
func (r errRows) TypeMap() *pgtype.Map                         { return r.types }

// CopyFromReader sends what waits, then copies r with sql (a COPY FROM
// STDIN whose data the caller encodes itself, tables.CopyBinary).
func (t *pipeTx) CopyFromReader(ctx context.Context, sql string, r io.Reader) (pgconn.CommandTag, error) {
	if err := t.flush(ctx); err != nil {
		return pgconn.CommandTag{}, err
	}
	return t.conn.PgConn().CopyFrom(ctx, r, sql)
}
