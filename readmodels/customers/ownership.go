package customers

import (
	"context"
	"fmt"
)

// OwnedBy counts the customers an employee still owns: every file but
// abandoned ones must be handed over before the employee's departure can
// complete (E11, see docs/RULES.md). It reads the customer read model, so a
// reassignment made a moment ago counts once the projection has applied it.
func (q *Queries) OwnedBy(ctx context.Context, employeeID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM `+q.Table("customers")+`
		WHERE owner_rep_id = $1 AND stage <> 'ABANDONED'`, employeeID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("customers owned by %s: %w", employeeID, err)
	}
	return n, nil
}
