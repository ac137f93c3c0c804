// Package salesplan is the SalesPlan aggregate (§3.1-contents,
// §5.14-approval, §5.14-decomposition, §5.15): an org unit's annual sales plan, reviewed by the department head,
// approved by leadership, decomposed into quarterly and monthly targets for
// teams and salespeople, activated, revised mid-year and closed. It also
// holds the commission rules that depend on targets: the tiered commission
// and the manager override.
package salesplan

import "github.com/opsledger/opsledger/domain"

// Status is where a plan stands. The zero value means "not drafted".
type Status string

// The plan states (§5.14-approval). REVIEWED is the outcome of the
// department head's review (the UNDER_REVIEW step of §5.14-approval); REVISED is an
// active plan whose targets were revised.
const (
	StatusNone       Status = ""
	StatusDraft      Status = "DRAFT"
	StatusReviewed   Status = "REVIEWED"
	StatusApproved   Status = "APPROVED"
	StatusDecomposed Status = "DECOMPOSED"
	StatusActive     Status = "ACTIVE"
	StatusRevised    Status = "REVISED"
	StatusClosed     Status = "CLOSED"
)

// SalesPlan is the state rebuilt from a plan stream.
//
// Rules:
//  1. A plan names a year, org unit, region, positive target and strategy (S).
//  2. DEPT_HEAD reviews, then LEADERSHIP approves, before decomposition
//     and activation (S, §5.14-approval).
//  3. The decomposition is complete and every level sums to its parent
//     within Regulation.SumTolerance (D); see Decompose.
//  4. Revisions re-allocate targets and keep every sum; the annual target
//     approved by leadership never changes.
type SalesPlan struct {
	ID      string
	Status  Status
	Details Details
	targets targets
}

// Details is the content of a drafted plan.
type Details struct {
	Year           int          `json:"year"`
	OrgUnitID      string       `json:"org_unit_id"`
	Region         string       `json:"region"`
	Target         domain.Money `json:"target"`
	Strategy       string       `json:"strategy"`
	CustomerGroups []string     `json:"customer_groups"`
}

// Stream returns the event store stream name of a sales plan.
func Stream(id string) string { return "salesplan-" + id }

// Evolve returns the state after e. It never fails and never validates.
func (sp SalesPlan) Evolve(e domain.Event) SalesPlan {
	switch e := e.(type) {
	case Drafted:
		sp.ID, sp.Status, sp.Details = e.PlanID, StatusDraft, e.Details
	case Reviewed:
		if e.Passed {
			sp.Status = StatusReviewed
		}
	case Approved:
		sp.Status = StatusApproved
	case Decomposed:
		sp.Status, sp.targets = StatusDecomposed, targets{}
	case TargetAllocated:
		sp.targets = sp.targets.with(e.Allocation)
	case TargetRevised:
		sp.Status, sp.targets = StatusRevised, sp.targets.with(e.Allocation)
	case Activated:
		sp.Status = StatusActive
	case Closed:
		sp.Status = StatusClosed
	}
	return sp
}

// Targets returns the plan's current allocations in a stable order
// (period, level, assignee).
func (sp SalesPlan) Targets() []Allocation { return sp.targets.sorted() }

// live reports whether the plan's targets are in force.
func (sp SalesPlan) live() bool { return sp.Status == StatusActive || sp.Status == StatusRevised }
