package employees

import (
	"context"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// employeeList is the employees list: by id, name or last update, either
// way.
var employeeList = tables.ListSpec[queries.EmployeeView]{View: "employees",
	ID: tables.ID("employee_id", func(v queries.EmployeeView) string { return v.EmployeeID }),
	Sorts: map[string]tables.SortKey[queries.EmployeeView]{
		"employee_id": {Col: "employee_id", Cast: "text", Val: func(v queries.EmployeeView) string { return v.EmployeeID }},
		"name":        {Col: "name", Cast: "text", Val: func(v queries.EmployeeView) string { return v.Name }},
		"updated_at":  {Col: "updated_at", Cast: "timestamptz", Val: func(v queries.EmployeeView) string { return tables.TimeKey(v.UpdatedAt) }},
	},
	Default: "employee_id", BothWays: true}

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
	var w tables.Where
	tables.AddIf(&w, "status = ?", f.Status)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "supervisor_id = ?", f.SupervisorID)
	tables.AddIf(&w, "role = ?", f.Role)
	p, err := tables.List(ctx, q.DB, listSpec(f, &w), f.Sort, &w, page)
	for i := range p.Items {
		p.Items[i].Derive()
	}
	return p, err
}
