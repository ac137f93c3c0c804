// Package research is the MarketResearchProject aggregate (§3.6): the
// market-research group proposes a project (purpose, scope, methods,
// schedule), the department manager reviews it, company leadership
// approves it, the group carries it out and reports, and the report goes
// back to the departments concerned.
package research

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Status is where a project stands. The zero value means "not proposed".
type Status string

// The project states. RETURNED is a proposal the department manager sent
// back for rework; IN_PROGRESS is the collection and analysis the
// regulation describes (§3.6's COLLECTING and ANALYSING, one state here).
const (
	StatusNone       Status = ""
	StatusProposed   Status = "PROPOSED"
	StatusReturned   Status = "RETURNED"
	StatusReviewed   Status = "REVIEWED"
	StatusApproved   Status = "APPROVED"
	StatusInProgress Status = "IN_PROGRESS"
	StatusReported   Status = "REPORTED"
)

// Statuses lists every state, in the order of the flow.
func Statuses() []Status {
	return []Status{StatusProposed, StatusReturned, StatusReviewed, StatusApproved, StatusInProgress, StatusReported}
}

// Method is a way of collecting data ([001] 「明確調研目的、范圍、方法、時間安排」).
type Method string

// The collection methods §3.6 lists.
const (
	MethodWeb            Method = "WEB"
	MethodIndustryReport Method = "INDUSTRY_REPORTS"
	MethodFieldVisit     Method = "FIELD_VISITS"
	MethodQuestionnaire  Method = "QUESTIONNAIRES"
	MethodInterview      Method = "INTERVIEWS"
)

// Methods lists every collection method.
func Methods() []Method {
	return []Method{MethodWeb, MethodIndustryReport, MethodFieldVisit, MethodQuestionnaire, MethodInterview}
}

// Plan is a proposed project.
type Plan struct {
	Title     string    `json:"title"`
	OrgUnitID string    `json:"org_unit_id"`
	Purpose   string    `json:"purpose"`
	Scope     string    `json:"scope"`
	Methods   []Method  `json:"methods"`
	StartsOn  time.Time `json:"starts_on"`
	DueOn     time.Time `json:"due_on"`
}

// Report is the project's report: the four parts the regulation names
// ([001] 「包括引言、調研方法、調研結果、結論與建議等部分」) and the
// departments it is fed back to.
type Report struct {
	Introduction    string   `json:"introduction"`
	Methodology     string   `json:"methodology"`
	Findings        string   `json:"findings"`
	Conclusions     string   `json:"conclusions"`
	FeedbackUnitIDs []string `json:"feedback_unit_ids"`
}

// Project is the state rebuilt from a project stream.
type Project struct {
	ID     string
	Status Status
	Plan   Plan
}

// Stream returns the event store stream name of a research project.
func Stream(id string) string { return "research-" + id }

// Evolve returns the state after e. It never fails and never validates.
func (p Project) Evolve(e domain.Event) Project {
	switch e := e.(type) {
	case Proposed:
		p.ID, p.Status, p.Plan = e.ProjectID, StatusProposed, e.Plan
	case Reviewed:
		p.Status = StatusReturned
		if e.Passed {
			p.Status = StatusReviewed
		}
	case Approved:
		p.Status = StatusApproved
	case Started:
		p.Status = StatusInProgress
	case Reported:
		p.Status = StatusReported
	}
	return p
}
