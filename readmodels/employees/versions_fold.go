package employees

import (
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one employee's events, in stream order, into the record
// as Employee shows it: the projection's own fold, in memory. ok is false
// when the events open no record (no candidate checked or hired yet).
func FoldView(events []eventstore.Recorded) (v queries.EmployeeView, ok bool, err error) {
	f := &employeeFold{rows: map[string]*queries.EmployeeView{}}
	var foldErr error
	err = tables.FoldStream(employeeEvents, events, func(id string, e tables.Decoded) {
		if foldErr != nil {
			return
		}
		foldErr = f.apply(id, e)
		if row := f.rows[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	})
	if err == nil {
		err = foldErr
	}
	if err != nil || len(events) == 0 {
		return v, false, err
	}
	row := f.rows[events[0].Stream[len(employee.Stream("")):]]
	if row == nil {
		return v, false, nil
	}
	v = *row
	v.Derive()
	return v, true, nil
}
