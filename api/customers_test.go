package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// customerProblemBase prefixes the problem types the sales tests expect.
const customerProblemBase = "https://opsledger.dev/problems/"

// customerProblem is the part of a problem document the sales tests read.
type customerProblem struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Rule   string `json:"rule"`
	Errors []struct {
		Field string `json:"field"`
	} `json:"errors"`
}

// customerCommand is the body of a command's answer.
type customerCommand struct {
	ID       string `json:"id"`
	Version  uint64 `json:"version"`
	Position string `json:"position"`
	Events   int    `json:"events"`
	Replayed bool   `json:"replayed"`
}

// customerExpect fails unless resp has status want; it returns the
// command answer of a 2xx.
func customerExpect(t *testing.T, what string, resp apptest.Response, want int) customerCommand {
	t.Helper()
	if resp.Status != want {
		t.Fatalf("%s: status %d, want %d; body %s", what, resp.Status, want, resp.Body)
	}
	var c customerCommand
	if want < 300 {
		resp.JSON(t, &c)
	}
	return c
}

// customerRead fails unless resp is a 200 and decodes its body into v.
func customerRead(t *testing.T, what string, resp apptest.Response, v any) {
	t.Helper()
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: status %d, want 200; body %s", what, resp.Status, resp.Body)
	}
	resp.JSON(t, v)
}

// customerExpectProblem fails unless resp is a problem of status and kind;
// it returns the problem for further checks.
func customerExpectProblem(t *testing.T, what string, resp apptest.Response, status int, kind string) customerProblem {
	t.Helper()
	if resp.Status != status {
		t.Fatalf("%s: status %d, want %d; body %s", what, resp.Status, status, resp.Body)
	}
	var p customerProblem
	resp.JSON(t, &p)
	if p.Type != customerProblemBase+kind {
		t.Fatalf("%s: problem type %q, want %q; body %s", what, p.Type, customerProblemBase+kind, resp.Body)
	}
	return p
}

// customerRegister registers a target customer owned by the rep behind
// tok and returns its id and the command's position.
func customerRegister(t *testing.T, env *apptest.Env, tok, number string) (id, position string) {
	t.Helper()
	c := customerExpect(t, "register "+number, env.Do(t, "POST", "/customers", tok, map[string]any{
		"number": number, "name": "Customer " + number, "address": "1 Harbour Road", "primary_contact": "Ms Lin",
		"phone": "+86 21 5555 0100", "source": "REFERRAL", "region": "EAST",
	}, "Idempotency-Key", "register-"+number), http.StatusCreated)
	return c.ID, c.Position
}

func TestCustomers_RegisterAndRead(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)

	resp := env.Do(t, "POST", "/customers", rep, map[string]any{
		"number": "C-100", "name": "Acme Trading", "address": "1 Harbour Road", "primary_contact": "Ms Lin",
		"phone": "+86 21 5555 0100", "source": "REFERRAL",
	})
	c := customerExpect(t, "register", resp, http.StatusCreated)
	if loc := resp.Header.Get("Location"); loc != "/customers/"+c.ID {
		t.Errorf("Location %q, want /customers/%s", loc, c.ID)
	}

	var view struct {
		CustomerID string `json:"customer_id"`
		Number     string `json:"number"`
		Stage      string `json:"stage"`
		OwnerRepID string `json:"owner_rep_id"`
		OrgUnitID  string `json:"org_unit_id"`
	}
	got := env.Do(t, "GET", "/customers/"+c.ID+"?after="+c.Position, rep, nil)
	customerRead(t, "read back", got, &view)
	if view.Number != "C-100" || view.Stage != "TARGET" || view.OwnerRepID != "rep-1" || view.OrgUnitID != "SALES" {
		t.Errorf("customer view %+v, want C-100 TARGET owned by rep-1 in SALES", view)
	}
	if got.Header.Get("ETag") == "" {
		t.Error("customer read has no ETag")
	}

	t.Run("a second customer with the same number is a conflict", func(t *testing.T) {
		customerExpectProblem(t, "duplicate number", env.Do(t, "POST", "/customers", rep, map[string]any{
			"number": "C-100", "name": "Other", "address": "2 Road", "primary_contact": "Mr Wu",
			"phone": "123", "source": "ON_SITE",
		}), http.StatusConflict, "conflict")
	})
	t.Run("an unknown source names the field", func(t *testing.T) {
		p := customerExpectProblem(t, "bad source", env.Do(t, "POST", "/customers", rep, map[string]any{
			"number": "C-101", "name": "Other", "address": "2 Road", "primary_contact": "Mr Wu",
			"phone": "123", "source": "GOSSIP",
		}), http.StatusUnprocessableEntity, "invalid-field")
		if len(p.Errors) != 1 || p.Errors[0].Field != "source" {
			t.Errorf("errors %+v, want the field source", p.Errors)
		}
	})
	t.Run("a warehouse clerk may not register customers", func(t *testing.T) {
		wh := env.Token(t, "wh-1", "WAREHOUSE", domain.RoleWarehouse)
		customerExpectProblem(t, "warehouse registers", env.Do(t, "POST", "/customers", wh, map[string]any{
			"number": "C-102", "name": "Other", "address": "2 Road", "primary_contact": "Mr Wu",
			"phone": "123", "source": "ON_SITE",
		}), http.StatusForbidden, "forbidden")
	})
}

func TestCustomers_KeyContactsPersonalData(t *testing.T) {
	env := apptest.New(t, nil)
	owner := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	id, _ := customerRegister(t, env, owner, "C-200")
	added := customerExpect(t, "add key contact", env.Do(t, "POST", "/customers/"+id+"/key-contacts", owner, map[string]any{
		"contact_id": "k1", "role_in_org": "HEAD",
		"personal": map[string]any{"name": "Mr Zhao", "native_place": "Ningbo", "personality": "cautious"},
	}), http.StatusOK)

	readers := []struct {
		name         string
		token        string
		wantPersonal bool
	}{
		{"the owning rep", owner, true},
		{"another rep", env.Token(t, "rep-2", "SALES", domain.RoleSalesRep), false},
		{"a department head", env.Token(t, "head-1", "SALES", domain.RoleDeptHead), true},
		{"customer service", env.Token(t, "cs-1", "SERVICE", domain.RoleCustomerService), true},
		{"the GM", env.Token(t, "gm-1", "HQ", domain.RoleGM), true},
		{"sales management", env.Token(t, "mgmt-1", "SALES", domain.RoleSalesMgmt), false},
	}
	for _, r := range readers {
		t.Run(r.name+" sees personal data: "+map[bool]string{true: "yes", false: "no"}[r.wantPersonal], func(t *testing.T) {
			resp := env.Do(t, "GET", "/customers/"+id+"/key-contacts?after="+added.Position, r.token, nil)
			var page struct {
				Items []struct {
					ContactID string `json:"contact_id"`
					RoleInOrg string `json:"role_in_org"`
					Personal  *struct {
						Name        string `json:"name"`
						NativePlace string `json:"native_place"`
					} `json:"personal"`
				} `json:"items"`
			}
			customerRead(t, "key contacts", resp, &page)
			contacts := page.Items
			if len(contacts) != 1 || contacts[0].ContactID != "k1" || contacts[0].RoleInOrg != "HEAD" {
				t.Fatalf("contacts %s, want k1 HEAD", resp.Body)
			}
			if has := contacts[0].Personal != nil; has != r.wantPersonal {
				t.Fatalf("personal data shown: %v, want %v; body %s", has, r.wantPersonal, resp.Body)
			}
			if r.wantPersonal && contacts[0].Personal.NativePlace != "Ningbo" {
				t.Errorf("personal %+v, want native place Ningbo", contacts[0].Personal)
			}
			if !r.wantPersonal && strings.Contains(string(resp.Body), "Ningbo") {
				t.Errorf("body leaks personal data: %s", resp.Body)
			}
		})
	}
	t.Run("a delivery driver may not read the file", func(t *testing.T) {
		drv := env.Token(t, "drv-1", "LOGISTICS", domain.RoleDelivery)
		customerExpectProblem(t, "delivery reads", env.Do(t, "GET", "/customers/"+id+"/key-contacts", drv, nil),
			http.StatusForbidden, "forbidden")
	})
}
