package pay

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// StatementIssued is recorded when finance issues an employee's pay
// statement for a month: every figure, the facts they rest on and the
// regulation versions (commission tiers, pay) they were computed under.
type StatementIssued struct {
	EmployeeID          string      `json:"employee_id"`
	Month               string      `json:"month"`
	Role                domain.Role `json:"role"`
	Figures             Figures     `json:"figures"`
	TopPerformer        bool        `json:"top_performer"`
	DepartmentMetTarget bool        `json:"department_met_target"`
	ManagedStaff        int         `json:"managed_staff"`
	BonusReference      string      `json:"bonus_reference,omitempty"`
	RegulationVersions  []string    `json:"regulation_versions"`
	IssuedBy            string      `json:"issued_by"`
	IssuedAt            time.Time   `json:"issued_at"`
}

// Events lists every event of the pay statement, for the codec.
func Events() []domain.Event { return []domain.Event{StatementIssued{}} }

func (StatementIssued) EventType() string { return "pay.statement_issued" }
