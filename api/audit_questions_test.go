package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// appendAudited appends events to stream as actor under role, and returns
// the position of the last, for ?after=.
func appendAudited(t *testing.T, env *apptest.Env, stream, actor string, role domain.Role, events ...domain.Event) string {
	t.Helper()
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		d, err := env.App.Codec.Encode(fmt.Sprintf("%s-%d", stream, i), e, eventstore.Metadata{ActorID: actor, ActorRole: role, Reason: "audit test"})
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		data[i] = d
	}
	res, err := env.App.Store.Append(context.Background(), stream, eventstore.Any, data...)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	return res.Position.String()
}

type auditAnswerBody struct {
	Question string `json:"question"`
	Rows     []struct {
		Subject  string            `json:"subject"`
		Facts    map[string]string `json:"facts"`
		Flags    []string          `json:"flags"`
		Evidence []struct {
			Position  string `json:"position"`
			EventType string `json:"event_type"`
			ActorID   string `json:"actor_id"`
		} `json:"evidence"`
	} `json:"rows"`
}

// TestAuditQuestions_OverHTTP: given a contract signed without legal
// review and a base salary set by the GM alone, when an auditor and the
// GM ask A1 and A17, then each gets the rows with the events that prove
// them, the salary only where the record rule lets them see it, and bad
// requests are refused with 4xx.
func TestAuditQuestions_OverHTTP(t *testing.T) {
	env := apptest.New(t, nil)
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	review := func(id string, role domain.Role) contract.Review {
		return contract.Review{ReviewerID: id, ReviewerRole: role, Decision: contract.DecisionApproved}
	}
	appendAudited(t, env, "contract-c1", "rep-1", domain.RoleSalesRep,
		contract.Registered{ContractID: "c1", DocumentHash: "h1"},
		contract.DeptHeadApproved{ContractID: "c1", Review: review("head-1", domain.RoleDeptHead)},
		contract.ApprovedByGM{ContractID: "c1", Review: review("gm-1", domain.RoleGM)},
		contract.Signed{ContractID: "c1", SignerID: "gm-1", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, DocumentHash: "h1"})
	at := appendAudited(t, env, "employee-e1", "gm-1", domain.RoleGM,
		employee.BaseSalaryApproved{EmployeeID: "e1", Amount: domain.Yuan(5000), ApproverID: "gm-1", ApproverRole: domain.RoleGM},
		employee.BaseSalarySet{EmployeeID: "e1", Amount: domain.Yuan(5000)})

	t.Run("the catalogue lists the questions answered", func(t *testing.T) {
		var page struct {
			Items []struct{ ID string } `json:"items"`
		}
		customerRead(t, "questions", env.Do(t, "GET", "/audit/questions", auditor, nil), &page)
		if len(page.Items) != 13 || page.Items[0].ID != "A1" || page.Items[12].ID != "A17" {
			t.Errorf("questions = %+v, want A1…A17 without A6, A10, A14, A15", page.Items)
		}
	})
	t.Run("A1 flags the signature without legal review, with its evidence", func(t *testing.T) {
		var a auditAnswerBody
		customerRead(t, "A1", env.Do(t, "GET", "/audit/questions/A1?subject=c1&after="+at, auditor, nil), &a)
		if len(a.Rows) != 1 || len(a.Rows[0].Flags) != 1 || a.Rows[0].Flags[0] != "signed_without_legal_review" ||
			len(a.Rows[0].Evidence) != 4 || a.Rows[0].Evidence[3].EventType != "contract.signed" || a.Rows[0].Evidence[3].Position == "" {
			t.Errorf("A1 = %+v", a)
		}
	})
	salary := func(token string) auditAnswerBody {
		var a auditAnswerBody
		customerRead(t, "A17", env.Do(t, "GET", "/audit/questions/A17?after="+at, token, nil), &a)
		if len(a.Rows) != 1 || a.Rows[0].Flags[0] != "set_without_department_manager_approval" {
			t.Fatalf("A17 = %+v", a)
		}
		return a
	}
	t.Run("the auditor reads who set the salary, not the amount", func(t *testing.T) {
		if f := salary(auditor).Rows[0].Facts; f["approved_by"] != "gm-1 (GM)" || f["amount"] != "" {
			t.Errorf("auditor's A17 facts = %v", f)
		}
	})
	t.Run("the GM reads the amount, and the read is logged", func(t *testing.T) {
		if f := salary(gm).Rows[0].Facts; f["amount"] != "CNY 5000.00" {
			t.Errorf("GM's A17 facts = %v", f)
		}
		entries := accessEntries(t, env, auditor, "/audit/access?subject=e1&reader=gm-1", 1)
		if e := entries[0]; e.Category != "salary" || e.Endpoint != "GET /audit/questions/{id}" {
			t.Errorf("logged %+v, want the GM's salary read through the question", e)
		}
	})
	for _, c := range []struct {
		name, path, token string
		status            int
	}{
		{"a question with no facts yet", "/audit/questions/A10", auditor, http.StatusNotFound},
		{"no such question", "/audit/questions/Z9", auditor, http.StatusNotFound},
		{"a time that is not one", "/audit/questions/A1?from=yesterday", auditor, http.StatusBadRequest},
		{"to before from", "/audit/questions/A1?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", auditor, http.StatusBadRequest},
		{"a forged cursor", "/audit/questions/A1?cursor=forged!", auditor, http.StatusBadRequest},
		{"an unknown parameter", "/audit/questions/A1?contract=c1", auditor, http.StatusBadRequest},
		{"a sales rep", "/audit/questions/A1", env.Token(t, "rep-9", "SALES", domain.RoleSalesRep), http.StatusForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			if resp := env.Do(t, "GET", c.path, c.token, nil); resp.Status != c.status {
				t.Errorf("GET %s: %d %s, want %d", c.path, resp.Status, resp.Body, c.status)
			}
		})
	}
}
