package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

func TestDashboard_servesItsPageAndAssetsFromTheBinary(t *testing.T) {
	env := newMemEnv(t)
	// When the page is asked for, without a token
	page := env.Do(t, "GET", "/dashboard", "", nil)
	// Then it is HTML that may load scripts from this server only
	if page.Status != http.StatusOK || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /dashboard: %d %s", page.Status, page.Header.Get("Content-Type"))
	}
	csp := page.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy %q, want scripts and connections from this server only", csp)
	}
	for _, src := range []string{"/dashboard/app.js", "/dashboard/chart.umd.min.js", "/dashboard/style.css"} {
		if !strings.Contains(string(page.Body), src) {
			t.Errorf("the page does not load %s", src)
		}
		asset := env.Do(t, "GET", src, "", nil)
		if asset.Status != http.StatusOK || len(asset.Body) == 0 {
			t.Errorf("GET %s: %d, %d bytes", src, asset.Status, len(asset.Body))
		}
	}
	if strings.Contains(string(page.Body), "http://") || strings.Contains(string(page.Body), "https://") {
		t.Errorf("the page refers to another site: it must work offline")
	}
	// And an asset it does not have is a 404 problem
	if r := env.Do(t, "GET", "/dashboard/../../etc/passwd", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("GET an unknown asset: %d, want 404", r.Status)
	}
	if r := env.Do(t, "GET", "/dashboard/secret.js", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("GET /dashboard/secret.js: %d, want 404", r.Status)
	}
}

func TestDevSignIn_doesNotExistOutsideDevelopment(t *testing.T) {
	// Given the application outside development
	env := apptest.New(t, nil)
	env.Token(t, "gm-1", "HQ", domain.RoleGM)
	// When the demo sign-in is asked for
	list := env.Do(t, "GET", "/dev/employees", "", nil)
	tok := env.Do(t, "POST", "/dev/tokens", "", map[string]any{"employee_id": "gm-1"})
	// Then neither route exists
	if list.Status != http.StatusNotFound || tok.Status != http.StatusNotFound {
		t.Fatalf("GET /dev/employees %d, POST /dev/tokens %d; want 404 for both", list.Status, tok.Status)
	}
}

func TestDevSignIn_inDevelopment_issuesAWorkingTokenForAListedEmployee(t *testing.T) {
	// Given the application in development with a GM hired
	env := apptest.NewWith(t, func(c *app.Config) { c.Dev = true })
	env.Token(t, "gm-1", "HQ", domain.RoleGM)
	// When the list is read
	var list struct {
		Items []struct {
			EmployeeID string `json:"employee_id"`
			Role       string `json:"role"`
		} `json:"items"`
	}
	var found bool
	for range 50 { // the employees read model follows the hire
		resp := env.Do(t, "GET", "/dev/employees", "", nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("GET /dev/employees: %d %s", resp.Status, resp.Body)
		}
		resp.JSON(t, &list)
		for _, e := range list.Items {
			found = found || (e.EmployeeID == "gm-1" && e.Role == "GM")
		}
		if found {
			break
		}
		waitABit()
	}
	if !found {
		t.Fatalf("gm-1 is not listed: %+v", list.Items)
	}
	// Then a token issued for them opens their record
	resp := env.Do(t, "POST", "/dev/tokens", "", map[string]any{"employee_id": "gm-1"})
	if resp.Status != http.StatusCreated {
		t.Fatalf("POST /dev/tokens: %d %s", resp.Status, resp.Body)
	}
	var tok struct {
		Token string `json:"token"`
	}
	resp.JSON(t, &tok)
	if r := env.Do(t, "GET", "/employees/gm-1", tok.Token, nil); r.Status != http.StatusOK {
		t.Fatalf("GET /employees/gm-1 with the demo token: %d %s", r.Status, r.Body)
	}
	// And an unknown employee or a malformed request is refused
	if r := env.Do(t, "POST", "/dev/tokens", "", map[string]any{"employee_id": "nobody"}); r.Status != http.StatusNotFound {
		t.Errorf("a token for nobody: %d, want 404", r.Status)
	}
	if r := env.Do(t, "POST", "/dev/tokens", "", map[string]any{}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("no employee_id: %d, want 422", r.Status)
	}
	if r := env.Do(t, "POST", "/dev/tokens", "", `{"employee_id":`); r.Status != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d, want 400", r.Status)
	}
}
