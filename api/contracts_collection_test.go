package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// contractSigned takes a 1000.00 contract with a 300.00 deposit through
// the whole review chain to its signature and returns its id and customer.
func contractSigned(t *testing.T, env *apptest.Env, team contractTeam, number string) (id, customerID string) {
	t.Helper()
	customerID, quotationID := contractApprovedQuote(t, env, team, number)
	id = customerExpect(t, "draft", env.Do(t, "POST", "/contracts", team.rep, map[string]any{
		"customer_id": customerID, "quotation_id": quotationID, "terms": contractTerms("1000.00"), "deposit_required": "300.00",
	}), http.StatusCreated).ID
	steps := []struct {
		tok, path string
		body      map[string]any
	}{
		{team.rep, "/register", map[string]any{"document_hash": contractHash}},
		{team.head, "/dept-head-approval", nil},
		{team.legal, "/legal-review", nil},
		{team.gm, "/gm-approval", nil},
		{team.head, "/sign", map[string]any{"place": "COMPANY", "customer_signatory": "Mr Zhao", "document_hash": contractHash}},
	}
	for _, s := range steps {
		customerExpect(t, s.path, env.Do(t, "POST", "/contracts/"+id+s.path, s.tok, s.body), http.StatusOK)
	}
	return id, customerID
}

type contractReceivable struct {
	InstalmentID string `json:"instalment_id"`
	OwnerID      string `json:"owner_id"`
	Paid         string `json:"paid"`
	Outstanding  string `json:"outstanding"`
	DaysOverdue  int    `json:"days_overdue"`
	AgingBucket  string `json:"aging_bucket"`
}

func TestContracts_CollectionAndReceivables(t *testing.T) {
	env := apptest.New(t, nil)
	team := contractTeamOf(t, env)
	id, customerID := contractSigned(t, env, team, "R-100")
	finance := env.Token(t, "fin-1", "FINANCE", domain.RoleFinance)

	customerExpect(t, "plan", env.Do(t, "POST", "/contracts/"+id+"/collection-plan", team.rep, map[string]any{
		"instalments": []map[string]any{
			{"id": "i1", "due_date": "2026-12-31T00:00:00Z", "amount": "400.00"},
			{"id": "i2", "due_date": "2027-01-31T00:00:00Z", "amount": "300.00"},
		},
	}), http.StatusOK)
	customerExpectProblem(t, "rep records a payment", env.Do(t, "POST", "/contracts/"+id+"/payments", team.rep,
		map[string]any{"instalment_id": "i1", "amount": "100.00", "reference": "BANK-1"}), http.StatusForbidden, "forbidden")
	paid := customerExpect(t, "finance records a payment", env.Do(t, "POST", "/contracts/"+id+"/payments", finance,
		map[string]any{"instalment_id": "i1", "amount": "100.00", "reference": "BANK-1"}), http.StatusOK)
	after := "&after=" + paid.Position

	var page struct {
		Items []contractReceivable `json:"items"`
	}
	customerRead(t, "finance lists", env.Do(t, "GET", "/receivables?as_of=2027-02-15T00:00:00Z&contract_id="+id+after, finance, nil), &page)
	want := []contractReceivable{
		{InstalmentID: "i1", OwnerID: "rep-1", Paid: "100.00", Outstanding: "300.00", DaysOverdue: 46, AgingBucket: "31-60"},
		{InstalmentID: "i2", OwnerID: "rep-1", Paid: "0.00", Outstanding: "300.00", DaysOverdue: 15, AgingBucket: "0-30"},
	}
	if len(page.Items) != 2 || page.Items[0] != want[0] || page.Items[1] != want[1] {
		t.Errorf("receivables %+v, want %+v", page.Items, want)
	}

	t.Run("the owning rep sees their receivables", func(t *testing.T) {
		var own struct {
			Items []contractReceivable `json:"items"`
		}
		customerRead(t, "rep lists", env.Do(t, "GET", "/receivables?customer_id="+customerID+after, team.rep, nil), &own)
		if len(own.Items) != 2 {
			t.Errorf("rep sees %d receivables, want 2", len(own.Items))
		}
	})
	t.Run("another rep sees none of them", func(t *testing.T) {
		other := env.Token(t, "rep-2", "SALES", domain.RoleSalesRep)
		var none struct {
			Items []contractReceivable `json:"items"`
		}
		customerRead(t, "other rep lists", env.Do(t, "GET", "/receivables?outstanding=true"+after, other, nil), &none)
		if len(none.Items) != 0 {
			t.Errorf("another rep sees %+v, want nothing", none.Items)
		}
		customerExpectProblem(t, "other rep filters by the customer", env.Do(t, "GET", "/receivables?customer_id="+customerID+after, other, nil),
			http.StatusForbidden, "forbidden")
		customerExpectProblem(t, "other rep reads an instalment", env.Do(t, "GET", "/contracts/"+id+"/instalments/i1?after="+paid.Position, other, nil),
			http.StatusForbidden, "forbidden")
	})
	t.Run("the warehouse may not read receivables", func(t *testing.T) {
		wh := env.Token(t, "wh-1", "WAREHOUSE", domain.RoleWarehouse)
		customerExpectProblem(t, "warehouse lists", env.Do(t, "GET", "/receivables", wh, nil), http.StatusForbidden, "forbidden")
	})
	t.Run("aging totals by customer", func(t *testing.T) {
		var page struct {
			Items []struct {
				Key     string `json:"key"`
				Days0   string `json:"days_0_30"`
				Days31  string `json:"days_31_60"`
				Overdue string `json:"overdue"`
				Total   string `json:"total"`
			} `json:"items"`
		}
		customerRead(t, "aging", env.Do(t, "GET", "/receivables/aging?group_by=customer&as_of=2027-02-15T00:00:00Z"+after, finance, nil), &page)
		totals := page.Items
		if len(totals) != 1 || totals[0].Key != customerID || totals[0].Days0 != "300.00" || totals[0].Days31 != "300.00" ||
			totals[0].Overdue != "600.00" || totals[0].Total != "600.00" {
			t.Errorf("aging %+v, want one customer with 300.00 at 0-30, 300.00 at 31-60, 600.00 overdue of 600.00", totals)
		}
	})
}
