package employees

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var employeeSorts = map[string]string{"employee_id": "text", "name": "text", "updated_at": "timestamptz"}

// Employee returns one employee or ErrEmployeeNotFound.
func (q *Queries) Employee(ctx context.Context, id string) (queries.EmployeeView, error) {
	v, err := tables.One[queries.EmployeeView](ctx, q.DB, queries.ErrEmployeeNotFound, "SELECT * FROM "+q.Table("employees")+" WHERE employee_id = $1", id)
	if err != nil {
		return v, err
	}
	v.Derive()
	return v, nil
}

// Employees lists employees matching f, a page at a time.
func (q *Queries) Employees(ctx context.Context, f queries.EmployeeFilter, page queries.PageRequest) (queries.Page[queries.EmployeeView], error) {
	sort, err := tables.ParseSort(f.Sort, "employee_id", employeeSorts)
	if err != nil {
		return queries.Page[queries.EmployeeView]{}, err
	}
	c, err := tables.DecodeCursor(page.Cursor, 2)
	if err != nil {
		return queries.Page[queries.EmployeeView]{}, err
	}
	var w tables.Where
	tables.AddIf(&w, "status = ?", f.Status)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "supervisor_id = ?", f.SupervisorID)
	tables.AddIf(&w, "role = ?", f.Role)
	sort.After(&w, "employee_id", c)
	limit := page.Size()
	sql := "SELECT * FROM " + q.Table("employees") + w.SQL() + sort.OrderBy("employee_id") + fmt.Sprintf(" LIMIT %d", limit+1)
	rows, err := q.Query(ctx, sql, w.Args...)
	if err != nil {
		return queries.Page[queries.EmployeeView]{}, fmt.Errorf("employees: %w", err)
	}
	p, err := tables.ListPage(rows, limit, func(v queries.EmployeeView) tables.Cursor {
		switch sort.Column {
		case "name":
			return tables.Cursor{v.Name, v.EmployeeID}
		case "updated_at":
			return tables.Cursor{tables.TimeKey(v.UpdatedAt), v.EmployeeID}
		}
		return tables.Cursor{v.EmployeeID, v.EmployeeID}
	})
	for i := range p.Items {
		p.Items[i].Derive()
	}
	return p, err
}
