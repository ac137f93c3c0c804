package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// asOfContract is the part of a contract an as-of read is checked on.
type asOfContract struct {
	ContractID     string `json:"contract_id"`
	Status         string `json:"status"`
	Value          string `json:"value"`
	Version        int64  `json:"version"`
	AmendmentStage string `json:"amendment_stage"`
	Steps          []struct {
		Step string `json:"step"`
	} `json:"steps"`
}

// asOfQuery is ?name=t&... with each time in RFC 3339 with nanoseconds.
func asOfQuery(pairs ...any) string {
	v := url.Values{}
	for i := 0; i < len(pairs); i += 2 {
		v.Set(pairs[i].(string), pairs[i+1].(time.Time).UTC().Format(time.RFC3339Nano))
	}
	return "?" + v.Encode()
}

// momentAfter returns an instant strictly after the last recorded event
// and strictly before the next: the store's clock ticks in microseconds.
func momentAfter() time.Time {
	time.Sleep(2 * time.Millisecond)
	at := time.Now()
	time.Sleep(2 * time.Millisecond)
	return at
}

// signedContract drafts a contract at 1000.00 and takes it through review
// to signed; it returns its path, the position of its signature and its
// customer.
func signedContract(t *testing.T, env *apptest.Env, team contractTeam, number string) (path, position, customerID string) {
	t.Helper()
	customerID, quotationID := contractApprovedQuote(t, env, team, number)
	id := customerExpect(t, "draft", env.Do(t, "POST", "/contracts", team.rep, map[string]any{
		"customer_id": customerID, "quotation_id": quotationID, "terms": contractTerms("1000.00"),
	}), http.StatusCreated).ID
	path = "/contracts/" + id
	contractReview(t, env, team, path, contractHash)
	signed := customerExpect(t, "sign", env.Do(t, "POST", path+"/sign", team.head,
		map[string]any{"place": "COMPANY", "customer_signatory": "Mr Zhao", "document_hash": contractHash}), http.StatusOK)
	return path, signed.Position, customerID
}

// contractReview takes the paper under way (the contract or its
// amendment) from registration to the GM's approval.
func contractReview(t *testing.T, env *apptest.Env, team contractTeam, path, hash string) {
	t.Helper()
	customerExpect(t, "register", env.Do(t, "POST", path+"/register", team.rep, map[string]any{"document_hash": hash}), http.StatusOK)
	customerExpect(t, "head approves", env.Do(t, "POST", path+"/dept-head-approval", team.head, nil), http.StatusOK)
	customerExpect(t, "legal passes", env.Do(t, "POST", path+"/legal-review", team.legal, nil), http.StatusOK)
	customerExpect(t, "GM approves", env.Do(t, "POST", path+"/gm-approval", team.gm, nil), http.StatusOK)
}

func readContract(t *testing.T, env *apptest.Env, tok, path string) (asOfContract, apptest.Response) {
	t.Helper()
	resp := env.Do(t, "GET", path, tok, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.Status, resp.Body)
	}
	var c asOfContract
	resp.JSON(t, &c)
	return c, resp
}

// Given a contract signed at 1000.00 and amended to 1250.00 after its
// approval, when it is read as of a time before the amendment, then it
// shows the old terms, the version then and the position of that
// version's event; as of a time during the amendment's review, the review
// under way; as of now, the amended terms, as its current state does.
func TestAsOf_ContractAmendedAfterApproval(t *testing.T) {
	env := apptest.New(t, nil)
	team := contractTeamOf(t, env)
	path, signedAt, customerID := signedContract(t, env, team, "ASOF-1")
	beforeAmendment := momentAfter()
	signedNow, _ := readContract(t, env, team.gm, path+"?after="+signedAt)

	quote, _ := quotationDraft(t, env, team.rep, customerID, "WRITTEN_FINAL", "1250.00", "812.50")
	customerExpect(t, "submit quote", env.Do(t, "POST", "/quotations/"+quote+"/submit", team.rep, nil), http.StatusOK)
	customerExpect(t, "approve quote", env.Do(t, "POST", "/quotations/"+quote+"/approve", team.head, nil), http.StatusOK)
	customerExpect(t, "amend", env.Do(t, "POST", path+"/amendments", team.rep, map[string]any{
		"amendment_id": "am-1", "quotation_id": quote, "reason": "ten more pumps", "terms": contractTerms("1250.00")}), http.StatusOK)
	contractReview(t, env, team, path, "sha256:amendment-1")
	duringReview := momentAfter()
	amended := customerExpect(t, "sign amendment", env.Do(t, "POST", path+"/amendments/sign", team.head,
		map[string]any{"place": "COMPANY", "document_hash": "sha256:amendment-1"}), http.StatusOK)
	current, _ := readContract(t, env, team.gm, path+"?after="+amended.Position)

	t.Run("as of before the amendment: the old terms", func(t *testing.T) {
		got, resp := readContract(t, env, team.gm, path+asOfQuery("as_of", beforeAmendment))
		if got.Value != "1000.00" || got.Status != "SIGNED" || got.AmendmentStage != "" {
			t.Errorf("as of before the amendment: %+v, want SIGNED at 1000.00 with no amendment", got)
		}
		if got.Version != signedNow.Version {
			t.Errorf("version %d, want the signed version %d", got.Version, signedNow.Version)
		}
		if resp.Header.Get("X-Opsledger-Position") == "" {
			t.Error("no X-Opsledger-Position on an as-of answer")
		}
		if resp.Header.Get("ETag") == "" {
			t.Error("no ETag on an as-of answer")
		}
	})
	t.Run("as of during the amendment's review: approved, not yet in force", func(t *testing.T) {
		got, _ := readContract(t, env, team.gm, path+asOfQuery("as_of", duringReview))
		if got.Value != "1000.00" || got.AmendmentStage != "APPROVED" {
			t.Errorf("during review: %+v, want 1000.00 with the amendment APPROVED", got)
		}
	})
	t.Run("valid at before the amendment: the old terms", func(t *testing.T) {
		got, _ := readContract(t, env, team.gm, path+asOfQuery("valid_at", beforeAmendment))
		if got.Value != "1000.00" {
			t.Errorf("valid at before the amendment: value %s, want 1000.00", got.Value)
		}
	})
	t.Run("as of now: the amended terms, as the current state", func(t *testing.T) {
		got, _ := readContract(t, env, team.gm, path+asOfQuery("as_of", time.Now()))
		if got.Value != "1250.00" || got.Version != current.Version || len(got.Steps) != len(current.Steps) {
			t.Errorf("as of now: %+v, want the current state %+v", got, current)
		}
	})
}

// asOfEmployee is the part of an employee record an as-of read checks.
type asOfEmployee struct {
	EmployeeID     string `json:"employee_id"`
	LeavesApproved int    `json:"leaves_approved"`
	Version        int64  `json:"version"`
}

// Given an emergency leave taken two days ago, filed and signed today with
// its effective time on the day it was taken, when the record is read in
// force at a time after the leave began, then the leave counts
// (retroactive filing included), though as recorded then it was not yet
// known; in force before the leave, it does not count.
func TestAsOf_RetroactiveLeave(t *testing.T) {
	env := apptest.New(t, nil)
	team := employeeTeamOf(t, env)
	e := "/employees/emp-new"
	// onboarded a week ago, recorded today
	hired := map[string]any{"effective_at": time.Now().Add(-7 * 24 * time.Hour).Format(time.RFC3339), "reason": "onboarding filed late"}
	for _, step := range []struct {
		path, tok string
		body      map[string]any
	}{
		{"/qualification-checks", team.hr, map[string]any{"candidate_name": "Wang Fang", "passed": true}},
		{"/hiring", team.hr, map[string]any{"name": "Wang Fang", "role": "SALES_REP", "org_unit_id": "ou-sales", "supervisor_id": "head-1"}},
		{"/documents", team.hr, map[string]any{"documents": []string{"ID card", "diploma", "CV"}}},
		{"/pre-job-training", team.hr, map[string]any{"passed": true, "training_ref": "TR-2026-11"}},
		{"/start-work", team.head, map[string]any{}},
	} {
		for k, v := range hired {
			step.body[k] = v
		}
		orderCommand(t, env, e+step.path, step.tok, step.body)
	}
	taken := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	beforeFiling := momentAfter()

	envelope := map[string]any{"effective_at": taken.Format(time.RFC3339), "reason": "taken to hospital"}
	body := map[string]any{"leave_id": "lv-1", "from": taken.Format(time.RFC3339), "to": taken.Add(8 * time.Hour).Format(time.RFC3339)}
	for k, v := range envelope {
		body[k] = v
	}
	customerExpect(t, "file retroactively", env.Do(t, "POST", e+"/retroactive-leaves", team.hire, body), http.StatusOK)
	signed := customerExpect(t, "sign", env.Do(t, "POST", e+"/leaves/lv-1/signature", team.head, envelope), http.StatusOK)

	read := func(t *testing.T, query string) asOfEmployee {
		t.Helper()
		resp := env.Do(t, "GET", e+query, team.hr, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", query, resp.Status, resp.Body)
		}
		var e asOfEmployee
		resp.JSON(t, &e)
		return e
	}
	for _, tc := range []struct {
		name, query string
		want        int
	}{
		{"in force during the leave, as known now", asOfQuery("valid_at", taken.Add(time.Hour)), 1},
		{"in force before the leave", asOfQuery("valid_at", taken.Add(-time.Hour)), 0},
		{"in force during the leave, as known before the filing", asOfQuery("valid_at", taken.Add(time.Hour), "as_of", beforeFiling), 0},
		{"as recorded before the filing", asOfQuery("as_of", beforeFiling), 0},
		{"as recorded now", asOfQuery("as_of", time.Now()), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := read(t, tc.query); got.LeavesApproved != tc.want {
				t.Errorf("leaves approved %d, want %d", got.LeavesApproved, tc.want)
			}
		})
		t.Run(tc.name+", in the list", func(t *testing.T) {
			resp := env.Do(t, "GET", "/employees"+tc.query+"&org_unit_id=ou-sales&after="+signed.Position, team.hr, nil)
			if resp.Status != http.StatusOK {
				t.Fatalf("GET /employees%s: %d %s", tc.query, resp.Status, resp.Body)
			}
			var p struct {
				Items []asOfEmployee `json:"items"`
			}
			resp.JSON(t, &p)
			for _, got := range p.Items {
				if got.EmployeeID == "emp-new" {
					if got.LeavesApproved != tc.want {
						t.Errorf("listed leaves approved %d, want %d", got.LeavesApproved, tc.want)
					}
					return
				}
			}
			t.Errorf("emp-new not listed: %s", resp.Body)
		})
	}
	t.Run("an employee list as of the future, or not a time, is refused", func(t *testing.T) {
		for _, q := range []string{asOfQuery("as_of", time.Now().Add(time.Hour)), "?as_of=yesterday", "?valid_at=2026-13-45"} {
			if resp := env.Do(t, "GET", "/employees"+q, team.hr, nil); resp.Status != http.StatusBadRequest {
				t.Errorf("GET /employees%s: status %d, want 400; %s", q, resp.Status, resp.Body)
			}
		}
	})
}

// Given a signed contract with a collection plan and a payment recorded
// after a moment T, when the receivables aging is asked as of T, then it
// gives what was outstanding then (the payment not yet in), and as of a
// day to come today's figures counted to that day; a valid_at that is not
// a time is refused.
func TestAsOf_ReceivablesAgingAsOfThen(t *testing.T) {
	env := apptest.New(t, nil)
	team := contractTeamOf(t, env)
	id, customerID := contractSigned(t, env, team, "R-ASOF")
	finance := env.Token(t, "fin-1", "FINANCE", domain.RoleFinance)
	due := time.Now().AddDate(0, 0, -40).UTC().Truncate(24 * time.Hour)
	customerExpect(t, "plan", env.Do(t, "POST", "/contracts/"+id+"/collection-plan", team.rep, map[string]any{
		"instalments": []map[string]any{{"id": "i1", "due_date": due.Format(time.RFC3339), "amount": "700.00"}},
	}), http.StatusOK)
	planned := momentAfter()
	paid := customerExpect(t, "payment", env.Do(t, "POST", "/contracts/"+id+"/payments", finance,
		map[string]any{"instalment_id": "i1", "amount": "100.00", "reference": "BANK-ASOF"}), http.StatusOK)
	aging := func(t *testing.T, query string) (total string) {
		t.Helper()
		resp := env.Do(t, "GET", "/receivables/aging"+query+"&customer_id="+customerID+"&after="+paid.Position, finance, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("GET aging%s: %d %s", query, resp.Status, resp.Body)
		}
		var p struct {
			Items []struct {
				Total string `json:"total"`
			} `json:"items"`
		}
		resp.JSON(t, &p)
		if len(p.Items) != 1 {
			t.Fatalf("aging%s: %s, want one customer", query, resp.Body)
		}
		return p.Items[0].Total
	}
	if got := aging(t, asOfQuery("as_of", planned)); got != "700.00" {
		t.Errorf("outstanding as of before the payment %s, want 700.00", got)
	}
	if got := aging(t, "?as_of="+time.Now().AddDate(0, 1, 0).Format(time.DateOnly)); got != "600.00" {
		t.Errorf("outstanding as of next month %s, want today's 600.00", got)
	}
	if got := aging(t, asOfQuery("valid_at", time.Now())); got != "600.00" {
		t.Errorf("outstanding in force now %s, want 600.00", got)
	}
	instalment := func(t *testing.T, query string) string {
		t.Helper()
		resp := env.Do(t, "GET", "/contracts/"+id+"/instalments/i1"+query+"&after="+paid.Position, finance, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("GET instalment%s: %d %s", query, resp.Status, resp.Body)
		}
		var v struct {
			Paid string `json:"paid"`
		}
		resp.JSON(t, &v)
		return v.Paid
	}
	if got := instalment(t, asOfQuery("as_of", planned)); got != "0.00" {
		t.Errorf("the instalment as of before the payment: paid %s, want 0.00", got)
	}
	if got := instalment(t, asOfQuery("valid_at", time.Now())); got != "100.00" {
		t.Errorf("the instalment in force now: paid %s, want 100.00", got)
	}
	if resp := env.Do(t, "GET", "/receivables?valid_at=soon", finance, nil); resp.Status != http.StatusBadRequest {
		t.Errorf("valid_at not a time: status %d, want 400; %s", resp.Status, resp.Body)
	}
}

// Given a customer file, when an as-of read names a time in the future, a
// value that is not a time, a time before the file existed, or a file
// that never existed, then it is refused with a 4xx problem naming the
// parameter or the time, never a 500; a valid time in the future is
// answered (an effective time may lie ahead).
func TestAsOf_BadInput(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-9", "SALES", domain.RoleSalesRep)
	beforeRegistration := momentAfter()
	id, _ := customerRegister(t, env, rep, "ASOF-BAD")
	path := "/customers/" + id

	for _, tc := range []struct {
		name, path string
		status     int
		mention    string
	}{
		{"as_of in the future", path + asOfQuery("as_of", time.Now().Add(time.Hour)), http.StatusBadRequest, "as_of"},
		{"as_of not a time", path + "?as_of=yesterday", http.StatusBadRequest, "as_of"},
		{"valid_at not a time", path + "?valid_at=2026-13-45", http.StatusBadRequest, "valid_at"},
		{"as_of before the file existed", path + asOfQuery("as_of", beforeRegistration), http.StatusNotFound, "did not exist yet"},
		{"valid_at before the file existed", path + asOfQuery("valid_at", beforeRegistration), http.StatusNotFound, "did not exist yet"},
		{"a file that never existed", "/customers/nobody" + asOfQuery("as_of", time.Now()), http.StatusNotFound, "not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := env.Do(t, "GET", tc.path, rep, nil)
			if resp.Status != tc.status {
				t.Fatalf("status %d, want %d; body %s", resp.Status, tc.status, resp.Body)
			}
			if !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") || !strings.Contains(string(resp.Body), tc.mention) {
				t.Errorf("problem %s, want one mentioning %q", resp.Body, tc.mention)
			}
		})
	}
	t.Run("valid_at in the future is answered", func(t *testing.T) {
		resp := env.Do(t, "GET", path+asOfQuery("valid_at", time.Now().Add(24*time.Hour)), rep, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d, want 200; body %s", resp.Status, resp.Body)
		}
	})
}

// asOfFile is the part of a customer file an as-of read checks.
type asOfFile struct {
	CustomerID string `json:"customer_id"`
	Name       string `json:"name"`
	Version    int64  `json:"version"`
}

// Given a customer file renamed after its registration, once the read
// model has its row versions, when the file is read, and the files listed,
// as of a time between the two, then both show the old name (the read
// starts from the stored version of then), and as of now the new one.
func TestAsOf_CustomerFileAndListFromRowVersions(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-c", "SALES", domain.RoleSalesRep)
	id, _ := customerRegister(t, env, rep, "ASOF-C")
	registered := momentAfter()
	renamed := customerExpect(t, "rename", env.Do(t, "POST", "/customers/"+id+"/profile", rep, map[string]any{
		"changes": map[string]string{"name": "Renamed Valves"}, "reason": "new trade name"}), http.StatusOK)

	file := func(t *testing.T, query string) asOfFile {
		t.Helper()
		resp := env.Do(t, "GET", "/customers/"+id+query, rep, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", query, resp.Status, resp.Body)
		}
		var f asOfFile
		resp.JSON(t, &f)
		return f
	}
	list := func(t *testing.T, query string) []asOfFile {
		t.Helper()
		resp := env.Do(t, "GET", "/customers"+query, rep, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("GET /customers%s: %d %s", query, resp.Status, resp.Body)
		}
		var p struct {
			Items []asOfFile `json:"items"`
		}
		resp.JSON(t, &p)
		return p.Items
	}
	current := file(t, "?after="+renamed.Position) // the read model has the rename
	if current.Name != "Renamed Valves" {
		t.Fatalf("current name %q, want the new one", current.Name)
	}
	if got := file(t, asOfQuery("as_of", registered)); got.Name != "Customer ASOF-C" || got.Version != 1 {
		t.Errorf("as of before the rename: %+v, want the registered name at version 1", got)
	}
	if got := file(t, asOfQuery("as_of", time.Now())); got.Name != "Renamed Valves" || got.Version != current.Version {
		t.Errorf("as of now: %+v, want %+v", got, current)
	}
	before := list(t, asOfQuery("as_of", registered))
	if len(before) != 1 || before[0].Name != "Customer ASOF-C" {
		t.Errorf("files as of before the rename: %+v, want the one file with its registered name", before)
	}
	if got := list(t, asOfQuery("as_of", registered.Add(-time.Hour))); len(got) != 0 {
		t.Errorf("files as of before the registration: %+v, want none", got)
	}
	t.Run("a list as of the future is refused", func(t *testing.T) {
		if resp := env.Do(t, "GET", "/customers"+asOfQuery("as_of", time.Now().Add(time.Hour)), rep, nil); resp.Status != http.StatusBadRequest {
			t.Errorf("status %d, want 400; %s", resp.Status, resp.Body)
		}
	})
}
