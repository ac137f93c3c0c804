package employees

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Version implements projections.Versioned: version 2 keeps the row
// versions (employees_versions) for as-of lists, so a generation built
// before is rebuilt.
func (Projection) Version() int { return 2 }

func newVersions() *tables.Versions[queries.EmployeeView] {
	return tables.NewVersions("employees", "employee_id",
		func(v *queries.EmployeeView) string { return v.EmployeeID }, func(v *queries.EmployeeView) uint64 { return uint64(v.Version) })
}

func setupVersions(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, tables.VersionsSetup("employees", "employee_id"))
	return err
}

// indexVersions indexes the versions by time, and by status (who was on
// probation, or had left, at a date: see tables.VersionsIndexes).
func indexVersions(ctx context.Context, tx pgx.Tx) error {
	// a generation built before drops the indexes it no longer needs
	_, err := tx.Exec(ctx, tables.RetiredVersionsIndexes("employees")+";\n"+tables.VersionsIndexes("employees", "(status)"))
	return err
}

// changesRecord tells the events that change what the list shows of an
// employee from those that only move its version (check-ins, visits,
// reports): a row version is kept for the former only, so a rep's daily
// check-ins do not grow the history of their record.
func changesRecord(eventType string) bool {
	_, folded := employeeFolds[eventType]
	return folded || eventType == employee.QualificationChecked{}.EventType() || eventType == employee.Hired{}.EventType()
}

// listSpec is the employee list over the current rows, or over the row
// versions when f asks for a past state (adding their bound to w).
func listSpec(f queries.EmployeeFilter, w *tables.Where) tables.ListSpec[queries.EmployeeView] {
	spec := employeeList
	if f.At.Past() {
		spec.View, spec.Fields = tables.VersionsTable("employees"), tables.Columns[queries.EmployeeView]()
		tables.AsOfWhere(w, f.At.AsOf, f.At.ValidAt)
	}
	return spec
}
