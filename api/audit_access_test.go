package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

type accessEntry struct {
	ReaderID      string   `json:"reader_id"`
	SubjectKind   string   `json:"subject_kind"`
	SubjectID     string   `json:"subject_id"`
	Category      string   `json:"category"`
	Fields        []string `json:"fields"`
	Endpoint      string   `json:"endpoint"`
	RequestID     string   `json:"request_id"`
	ReaderIsOwner bool     `json:"reader_is_owner"`
}

// accessEntries polls the read-access log at path (written in the
// background) until it holds want entries, and returns them.
func accessEntries(t *testing.T, env *apptest.Env, token, path string, want int) []accessEntry {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var page struct {
			Items []accessEntry `json:"items"`
		}
		customerRead(t, "access log", env.Do(t, "GET", path, token, nil), &page)
		if len(page.Items) >= want || time.Now().After(deadline) {
			if len(page.Items) != want {
				t.Fatalf("%s: %d entries %+v, want %d", path, len(page.Items), page.Items, want)
			}
			return page.Items
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestAccessLog_WhoReadWhoseFile (A6): given a customer file, when its
// owner, the department head, customer service and an auditor read it,
// then the log names the three who saw its personal data, with the
// endpoint and request, and the owner as such; the auditor saw none and
// is not logged; only the auditing roles read the log.
func TestAccessLog_WhoReadWhoseFile(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	head := env.Token(t, "head-1", "SALES", domain.RoleDeptHead)
	cs := env.Token(t, "cs-1", "SERVICE", domain.RoleCustomerService)
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	file := customerRegisterWith(t, env, rep, "C-601", "Ms Lin", "+86 21 5555 0601")
	path := "/customers/" + file.ID + "?after=" + file.Position
	for _, tok := range []string{rep, head, auditor} {
		customerRead(t, "file", env.Do(t, "GET", path, tok, nil, "X-Request-Id", "req-file-read"), &customerFileRow{})
	}
	customerRead(t, "list", env.Do(t, "GET", "/customers?after="+file.Position, cs, nil), &struct{}{})

	entries := accessEntries(t, env, auditor, "/audit/access?subject="+file.ID, 3)
	for i, want := range []accessEntry{
		{ReaderID: "rep-1", Endpoint: "GET /customers/{id}", RequestID: "req-file-read", ReaderIsOwner: true},
		{ReaderID: "head-1", Endpoint: "GET /customers/{id}", RequestID: "req-file-read"},
		{ReaderID: "cs-1", Endpoint: "GET /customers"},
	} {
		got := entries[i]
		if got.ReaderID != want.ReaderID || got.Endpoint != want.Endpoint || got.ReaderIsOwner != want.ReaderIsOwner ||
			(want.RequestID != "" && got.RequestID != want.RequestID) || got.RequestID == "" ||
			got.SubjectKind != "customer" || got.Category != "customer_contact" || len(got.Fields) != 2 {
			t.Errorf("entry %d = %+v, want %+v", i, got, want)
		}
	}
	if others := accessEntries(t, env, auditor, "/audit/access?subject="+file.ID+"&not_owner=true", 2); others[0].ReaderID != "head-1" {
		t.Errorf("reads by others than the owner: %+v", others)
	}
	accessEntries(t, env, auditor, "/audit/access?reader=aud-1", 0)
	accessEntries(t, env, auditor, "/audit/access?subject="+file.ID+"&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z", 0)

	t.Run("a page of the audit trail holding the file's registration is a read of its contact", func(t *testing.T) {
		customerRead(t, "trail", env.Do(t, "GET", "/audit?aggregate_id="+file.ID+"&after="+file.Position, auditor, nil), &struct{}{})
		got := accessEntries(t, env, auditor, "/audit/access?reader=aud-1", 1)
		if got[0].SubjectID != file.ID || got[0].Category != "customer_contact" || got[0].Endpoint != "GET /audit" {
			t.Errorf("logged %+v", got[0])
		}
	})
	t.Run("a page of a file's history with its bodies is a read of its contact", func(t *testing.T) {
		customerRead(t, "history", env.Do(t, "GET", "/customers/"+file.ID+"/history", auditor, nil), &struct{}{})
		got := accessEntries(t, env, auditor, "/audit/access?reader=aud-1", 2)
		found := false
		for _, e := range got {
			found = found || (e.SubjectID == file.ID && e.Category == "customer_contact" && e.Endpoint == "GET /customers/{id}/history")
		}
		if !found {
			t.Errorf("the history read is not logged: %+v", got)
		}
	})
	t.Run("an export holding the file's registration is a read of its contact", func(t *testing.T) {
		if resp := env.Do(t, "GET", "/export?streams=customer-"+file.ID, auditor, nil); resp.Status != http.StatusOK {
			t.Fatalf("export: %d %s", resp.Status, resp.Body)
		}
		got := accessEntries(t, env, auditor, "/audit/access?reader=aud-1", 3)
		found := false
		for _, e := range got {
			found = found || (e.SubjectID == file.ID && e.Category == "customer_contact" && e.Endpoint == "GET /export")
		}
		if !found {
			t.Errorf("the export is not logged: %+v", got)
		}
	})
	t.Run("an employee's record read by HR is logged; their own is not", func(t *testing.T) {
		hr := env.Token(t, "hr-1", "HR", domain.RoleHR)
		customerRead(t, "employee", env.Do(t, "GET", "/employees/rep-1", hr, nil), &struct{}{})
		customerRead(t, "own record", env.Do(t, "GET", "/employees/rep-1", rep, nil), &struct{}{})
		got := accessEntries(t, env, auditor, "/audit/access?subject=rep-1", 1)
		if got[0].ReaderID != "hr-1" || got[0].Category != "employee_record" || got[0].Endpoint != "GET /employees/{id}" {
			t.Errorf("logged %+v", got[0])
		}
	})
	for _, c := range []struct {
		name, path, token string
		status            int
	}{
		{"the GM may not read the log", "/audit/access", env.Token(t, "gm-1", "HQ", domain.RoleGM), http.StatusForbidden},
		{"nor a department head", "/audit/access", head, http.StatusForbidden},
		{"a time that is not one", "/audit/access?from=today", auditor, http.StatusBadRequest},
		{"to before from", "/audit/access?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", auditor, http.StatusBadRequest},
		{"a forged cursor", "/audit/access?cursor=forged!", auditor, http.StatusBadRequest},
		{"a limit out of range", "/audit/access?limit=0", auditor, http.StatusBadRequest},
		{"not_owner that is no boolean", "/audit/access?not_owner=maybe", auditor, http.StatusBadRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			if resp := env.Do(t, "GET", c.path, c.token, nil); resp.Status != c.status {
				t.Errorf("GET %s: %d %s, want %d", c.path, resp.Status, resp.Body, c.status)
			}
		})
	}
}

// TestAuditors_ReadComplaintsAndReceivables: the auditing roles read the
// lists A7 and A9 rest on.
func TestAuditors_ReadComplaintsAndReceivables(t *testing.T) {
	env := apptest.New(t, nil)
	for _, role := range []domain.Role{domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor} {
		tok := env.Token(t, "o-"+string(role), "AUDIT", role)
		for _, path := range []string{"/complaints", "/receivables"} {
			if resp := env.Do(t, "GET", path, tok, nil); resp.Status != http.StatusOK {
				t.Errorf("%s GET %s: %d %s, want 200", role, path, resp.Status, resp.Body)
			}
		}
	}
}
