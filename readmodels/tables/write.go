package tables

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// writeDeferrer is a transaction that can hold writes back and send them
// with its commit: the projection engine's batch transaction is one, so a
// read model's writes cost no round trip of their own.
type writeDeferrer interface {
	DeferWrites(b *pgx.Batch)
}

// Write sends a read model's writes, whose results it does not read: in
// a runner's transaction they wait and go with the commit.
func Write(ctx context.Context, tx pgx.Tx, b *pgx.Batch) error {
	if b.Len() == 0 {
		return nil
	}
	if d, ok := tx.(writeDeferrer); ok {
		d.DeferWrites(b)
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}
