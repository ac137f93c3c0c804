package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ErrEmployeeNotFound is returned for an employee the read model does not
// know.
var ErrEmployeeNotFound = domain.NotFound("employee not found")

// EmployeeView is one employee's summary. Amount totals are decimal
// strings in Currency; the minor-unit columns stay out of JSON.
type EmployeeView struct {
	EmployeeID       string     `db:"employee_id" json:"employee_id"`
	Name             string     `db:"name" json:"name"`
	Status           string     `db:"status" json:"status"`
	Role             string     `db:"role" json:"role,omitempty"`
	OrgUnitID        string     `db:"org_unit_id" json:"org_unit_id,omitempty"`
	SupervisorID     string     `db:"supervisor_id" json:"supervisor_id,omitempty"`
	HiredAt          *time.Time `db:"hired_at" json:"hired_at,omitempty"`
	StartedAt        *time.Time `db:"started_at" json:"started_at,omitempty"`
	ProbationEndsOn  *time.Time `db:"probation_ends_on" json:"probation_ends_on,omitempty"`
	RegularAt        *time.Time `db:"regular_at" json:"regular_at,omitempty"`
	DepartureType    string     `db:"departure_type" json:"departure_type,omitempty"`
	DepartedAt       *time.Time `db:"departed_at" json:"departed_at,omitempty"`
	Appraisals       int        `db:"appraisals" json:"appraisals"`
	LastCycle        string     `db:"last_cycle" json:"last_cycle,omitempty"`
	LastGrade        string     `db:"last_grade" json:"last_grade,omitempty"`
	LastAppraisedAt  *time.Time `db:"last_appraised_at" json:"last_appraised_at,omitempty"`
	ImprovementPlan  bool       `db:"improvement_plan" json:"improvement_plan"`
	DismissalDueAt   *time.Time `db:"dismissal_due_at" json:"dismissal_due_at,omitempty"`
	Rewards          int        `db:"rewards" json:"rewards"`
	RewardTotalMinor int64      `db:"reward_total_minor" json:"-"`
	RewardTotal      string     `db:"-" json:"reward_total"`
	Penalties        int        `db:"penalties" json:"penalties"`
	Fines            int        `db:"fines" json:"fines"`
	FineTotalMinor   int64      `db:"fine_total_minor" json:"-"`
	FineTotal        string     `db:"-" json:"fine_total"`
	Currency         string     `db:"currency" json:"currency"`
	LeavesApproved   int        `db:"leaves_approved" json:"leaves_approved"`
	TripsApproved    int        `db:"trips_approved" json:"trips_approved"`
	Version          int64      `db:"version" json:"version"`
	UpdatedAt        time.Time  `db:"updated_at" json:"updated_at"`
}

func (v *EmployeeView) derive() {
	v.RewardTotal = domain.Fen(v.RewardTotalMinor).Decimal()
	v.FineTotal = domain.Fen(v.FineTotalMinor).Decimal()
}

// EmployeeFilter selects employees. Empty fields select everything.
type EmployeeFilter struct {
	Status       string
	OrgUnitID    string
	SupervisorID string
	Role         string
	// Sort is employee_id, name or updated_at, "-" prefixed for
	// descending; default employee_id.
	Sort string
}

var employeeSorts = map[string]string{"employee_id": "text", "name": "text", "updated_at": "timestamptz"}

// Employee returns one employee or ErrEmployeeNotFound.
func (q *Queries) Employee(ctx context.Context, id string) (EmployeeView, error) {
	v, err := queryOne[EmployeeView](ctx, q, ErrEmployeeNotFound, "SELECT * FROM "+q.table("employees")+" WHERE employee_id = $1", id)
	if err != nil {
		return v, err
	}
	v.derive()
	return v, nil
}

// Employees lists employees matching f, a page at a time.
func (q *Queries) Employees(ctx context.Context, f EmployeeFilter, page PageRequest) (Page[EmployeeView], error) {
	sort, err := parseSort(f.Sort, "employee_id", employeeSorts)
	if err != nil {
		return Page[EmployeeView]{}, err
	}
	c, err := decodeCursor(page.Cursor, 2)
	if err != nil {
		return Page[EmployeeView]{}, err
	}
	var w where
	addIf(&w, "status = ?", f.Status)
	addIf(&w, "org_unit_id = ?", f.OrgUnitID)
	addIf(&w, "supervisor_id = ?", f.SupervisorID)
	addIf(&w, "role = ?", f.Role)
	sort.after(&w, "employee_id", c)
	limit := page.limit()
	sql := "SELECT * FROM " + q.table("employees") + w.sql() + sort.orderBy("employee_id") + fmt.Sprintf(" LIMIT %d", limit+1)
	rows, err := q.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return Page[EmployeeView]{}, fmt.Errorf("employees: %w", err)
	}
	p, err := listPage(rows, limit, func(v EmployeeView) cursor {
		switch sort.column {
		case "name":
			return cursor{v.Name, v.EmployeeID}
		case "updated_at":
			return cursor{cursorTime(v.UpdatedAt), v.EmployeeID}
		}
		return cursor{v.EmployeeID, v.EmployeeID}
	})
	for i := range p.Items {
		p.Items[i].derive()
	}
	return p, err
}
