package employees

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// scrubErased shows the erased employees' names as erased, as their
// events now read (rule P1-erasure), after the batch's other writes. The
// read model keeps no salary. The row versions are scrubbed too: an
// as-of list shows the name as the events now read.
func scrubErased(ctx context.Context, tx pgx.Tx, erased []privacy.Subject) error {
	b := &pgx.Batch{}
	for _, s := range erased {
		b.Queue(`UPDATE employees SET name = $2 WHERE employee_id = $1`, s.OwnerID, privacy.Erased)
		b.Queue(`UPDATE employees_versions SET name = $2 WHERE employee_id = $1`, s.OwnerID, privacy.Erased)
	}
	return tables.Write(ctx, tx, b)
}
