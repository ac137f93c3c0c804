package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// customerFileRow is the part of a listed customer file these tests read.
type customerFileRow struct {
	CustomerID     string `json:"customer_id"`
	Number         string `json:"number"`
	PrimaryContact string `json:"primary_contact"`
	Phone          string `json:"phone"`
}

// customerRegisterWith registers a file whose contact and phone are
// contact and phone, owned by the rep behind tok.
func customerRegisterWith(t *testing.T, env *apptest.Env, tok, number, contact, phone string) customerCommand {
	t.Helper()
	return customerExpect(t, "register "+number, env.Do(t, "POST", "/customers", tok, map[string]any{
		"number": number, "name": "Customer " + number, "address": "1 Harbour Road", "primary_contact": contact,
		"phone": phone, "source": "REFERRAL", "region": "EAST",
	}), http.StatusCreated)
}

// TestCustomers_PersonalDataOnTheList: given two reps of one department
// who each own a file, when each reader lists the files, then every
// reader sees both files, and the contact name and phone only on those
// whose personal data C7 lets them see.
func TestCustomers_PersonalDataOnTheList(t *testing.T) {
	env := apptest.New(t, nil)
	rep1 := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	rep2 := env.Token(t, "rep-2", "SALES", domain.RoleSalesRep)
	customerRegisterWith(t, env, rep1, "C-401", "Ms Lin", "+86 21 5555 0401")
	second := customerRegisterWith(t, env, rep2, "C-402", "Mr Wu", "+86 21 5555 0402")

	for _, r := range []struct {
		name  string
		token string
		sees  map[string]bool // number → contact and phone shown
	}{
		{"the owner of C-401", rep1, map[string]bool{"C-401": true, "C-402": false}},
		{"the owner of C-402", rep2, map[string]bool{"C-401": false, "C-402": true}},
		{"the department's head", env.Token(t, "head-1", "SALES", domain.RoleDeptHead), map[string]bool{"C-401": true, "C-402": true}},
		{"another department's head", env.Token(t, "head-2", "EXPORT", domain.RoleDeptHead), map[string]bool{"C-401": false, "C-402": false}},
		{"customer service", env.Token(t, "cs-1", "SERVICE", domain.RoleCustomerService), map[string]bool{"C-401": true, "C-402": true}},
		{"the GM", env.Token(t, "gm-1", "HQ", domain.RoleGM), map[string]bool{"C-401": true, "C-402": true}},
		{"sales management", env.Token(t, "mgmt-1", "SALES", domain.RoleSalesMgmt), map[string]bool{"C-401": false, "C-402": false}},
	} {
		t.Run(r.name, func(t *testing.T) {
			var page struct {
				Items []customerFileRow `json:"items"`
			}
			resp := env.Do(t, "GET", "/customers?after="+second.Position, r.token, nil)
			customerRead(t, "list", resp, &page)
			if len(page.Items) != 2 {
				t.Fatalf("listed %s, want both files", resp.Body)
			}
			for _, row := range page.Items {
				shown := row.PrimaryContact != "" && row.Phone != ""
				hidden := row.PrimaryContact == "" && row.Phone == ""
				if want := r.sees[row.Number]; (want && !shown) || (!want && !hidden) {
					t.Errorf("%s reads contact %q phone %q; want shown: %v", row.Number, row.PrimaryContact, row.Phone, want)
				}
			}
		})
	}
	t.Run("another rep reading the file itself sees no contact or phone", func(t *testing.T) {
		resp := env.Do(t, "GET", "/customers/"+second.ID+"?after="+second.Position, rep1, nil)
		var row customerFileRow
		customerRead(t, "one file", resp, &row)
		if row.Number != "C-402" || strings.Contains(string(resp.Body), "Mr Wu") || strings.Contains(string(resp.Body), "0402") {
			t.Errorf("rep-1 reads rep-2's file as %s, want it without contact and phone", resp.Body)
		}
	})
	t.Run("the owner reading the file itself sees contact and phone", func(t *testing.T) {
		var row customerFileRow
		customerRead(t, "one file", env.Do(t, "GET", "/customers/"+second.ID+"?after="+second.Position, rep2, nil), &row)
		if row.PrimaryContact != "Mr Wu" || row.Phone != "+86 21 5555 0402" {
			t.Errorf("the owner reads %+v, want Mr Wu and the phone", row)
		}
	})
}

// TestCustomers_ContactLogReaders: given a rep who logged a contact with
// their customer, when other readers ask for that file's contact log,
// then another rep is refused and the owner, the department head,
// customer service and the GM read it.
func TestCustomers_ContactLogReaders(t *testing.T) {
	env := apptest.New(t, nil)
	owner := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	id, _ := customerRegister(t, env, owner, "C-410")
	customerExpect(t, "add key contact", env.Do(t, "POST", "/customers/"+id+"/key-contacts", owner, map[string]any{
		"contact_id": "k1", "role_in_org": "HEAD", "personal": map[string]any{"name": "Mr Zhao"},
	}), http.StatusOK)
	logged := customerExpect(t, "log contact", env.Do(t, "POST", "/customers/"+id+"/contact-log", owner, map[string]any{
		"contact_id": "k1", "channel": "phone", "topic": "price of the P-7 pump", "outcome": "quote wanted",
	}), http.StatusOK)
	path := "/customers/" + id + "/contact-log?after=" + logged.Position

	t.Run("another rep is refused", func(t *testing.T) {
		rep2 := env.Token(t, "rep-2", "SALES", domain.RoleSalesRep)
		customerExpectProblem(t, "another rep reads the log", env.Do(t, "GET", path, rep2, nil), http.StatusForbidden, "forbidden")
	})
	for _, r := range []struct{ name, token string }{
		{"the owner", owner},
		{"the department head", env.Token(t, "head-1", "SALES", domain.RoleDeptHead)},
		{"customer service", env.Token(t, "cs-1", "SERVICE", domain.RoleCustomerService)},
		{"the GM", env.Token(t, "gm-1", "HQ", domain.RoleGM)},
	} {
		t.Run(r.name+" reads it", func(t *testing.T) {
			var page struct {
				Items []struct {
					Topic string `json:"topic"`
				} `json:"items"`
			}
			customerRead(t, "contact log", env.Do(t, "GET", path, r.token, nil), &page)
			if len(page.Items) != 1 || page.Items[0].Topic != "price of the P-7 pump" {
				t.Errorf("log = %+v, want the one logged contact", page.Items)
			}
		})
	}
}
