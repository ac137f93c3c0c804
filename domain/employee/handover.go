package employee

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// HandoverTasksOpened is recorded on a leaving employee's portfolio when
// their departure starts: one task per customer they own, for the head of
// their department to reassign (E11-handover). The customers stay theirs
// until each is reassigned; the departure completes only then
// (E-departure).
type HandoverTasksOpened struct {
	EmployeeID  string    `json:"employee_id"`
	OrgUnitID   string    `json:"org_unit_id,omitempty"`
	CustomerIDs []string  `json:"customer_ids"`
	OpenedAt    time.Time `json:"opened_at"`
}

func (HandoverTasksOpened) EventType() string { return "employee.handover_tasks_opened" }

// OpenHandoverTasks lists the customers a leaving employee still owns as
// tasks for the head of orgUnitID (E11-handover), in a stable order. A
// portfolio that owns no customer records nothing; so does one whose owner
// is not leaving (not frozen): customers are handed over because of a
// departure, never before it.
func (p Portfolio) OpenHandoverTasks(employeeID, orgUnitID string, at time.Time) []domain.Event {
	if !p.Frozen || len(p.customers) == 0 {
		return nil
	}
	ids := make([]string, 0, len(p.customers))
	for id := range p.customers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return []domain.Event{HandoverTasksOpened{EmployeeID: employeeID, OrgUnitID: orgUnitID, CustomerIDs: ids, OpenedAt: at}}
}
