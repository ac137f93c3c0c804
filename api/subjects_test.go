package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/parquet-go/parquet-go"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/export"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/queries"
)

// erasureWorld is the application on a database of its own (so that a
// dump of the whole database is this test's), with a master key and
// snapshots every 2 events.
func erasureWorld(t *testing.T) *apptest.Env {
	t.Helper()
	base, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	name := "opsledger_erasure_" + randomSuffix(t)
	admin := *base
	dbURL := *base
	dbURL.Path = "/" + name
	q := dbURL.Query()
	q.Set("pool_max_conns", strconv.Itoa(app.PoolConnsNeeded()))
	dbURL.RawQuery = q.Encode()
	t.Cleanup(func() { // after the application closed (cleanups run last first)
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, admin.String())
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)") //nolint:errcheck // best effort
	})
	return apptest.NewWith(t, func(c *app.Config) {
		c.PostgresURL = dbURL.String()
		c.MasterKey = privacy.GenerateMasterKey()
		c.SnapshotEvery = 2
	})
}

func randomSuffix(t *testing.T) string {
	b := make([]byte, 5)
	rand.Read(b) //nolint:errcheck // never fails
	return hex.EncodeToString(b)
}

// TestSubjects_ErasureByCryptoShredding (rule P1-erasure): a key person's
// personal data, the primary contact's name and phone (given at
// registration and changed since) and an employee's name and salary read
// in clear until their erasure; afterwards the read models, the as-of
// views, the history, the export, the audit trail and the events read
// erased, the stored events are unchanged (the log's root still
// matches), and a dump of the whole database holds none of it.
func TestSubjects_ErasureByCryptoShredding(t *testing.T) {
	env := erasureWorld(t)
	team := employeeTeamOf(t, env)
	owner := env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep)
	auditor := env.Token(t, "aud-1", "ou-audit", domain.RoleAuditor)
	tag := randomSuffix(t)
	secrets := map[string]string{
		"contact name": "Zhao Contact " + tag, "contact details": "phone-" + tag, "contact personality": "trait-" + tag,
		"primary contact": "Li Primary " + tag, "primary phone": "P-" + tag,
		"new primary contact": "Zhou Primary " + tag, "new primary phone": "Q-" + tag,
		"candidate name": "Qian Candidate " + tag, "employee name": "Sun Employee " + tag, "salary": "87654321",
	}

	// Given a customer with a key person, whose primary contact changed
	// since the registration, and an employee with a salary
	customerID := customerRegisterWith(t, env, owner, "C-ER1", secrets["primary contact"], secrets["primary phone"]).ID
	registered := momentAfter()
	orderCommand(t, env, "/customers/"+customerID+"/profile", owner, map[string]any{"reason": "the contact moved on",
		"changes": map[string]string{"primary_contact": secrets["new primary contact"], "phone": secrets["new primary phone"], "address": "2 Harbour Road"}})
	contact := orderCommand(t, env, "/customers/"+customerID+"/key-contacts", owner, map[string]any{
		"contact_id": "k1", "role_in_org": "HEAD",
		"personal": map[string]any{"name": secrets["contact name"], "contact_details": secrets["contact details"], "personality": secrets["contact personality"]},
	})
	e := "/employees/emp-new"
	orderCommand(t, env, e+"/qualification-checks", team.hr, map[string]any{"candidate_name": secrets["candidate name"], "passed": true})
	orderCommand(t, env, e+"/hiring", team.hr, map[string]any{"name": secrets["employee name"], "role": "SALES_REP", "org_unit_id": "ou-sales", "supervisor_id": "head-1"})
	orderCommand(t, env, e+"/documents", team.hr, map[string]any{"documents": []string{"ID card"}})
	orderCommand(t, env, e+"/pre-job-training", team.hr, map[string]any{"passed": true})
	orderCommand(t, env, e+"/start-work", team.head, map[string]any{})
	orderCommand(t, env, e+"/regular-confirmation", team.gm, map[string]any{"assessment": map[string]any{"responsibility": "good", "ability": "good", "contribution": "good", "target_met": true}})
	orderCommand(t, env, e+"/base-salary-approvals", team.head, map[string]any{"amount": "876543.21"})
	salary := orderCommand(t, env, e+"/base-salary-approvals", team.gm, map[string]any{"amount": "876543.21"})

	t.Run("before erasure every read is in clear", func(t *testing.T) {
		contacts := orderCall(t, env, http.MethodGet, "/customers/"+customerID+"/key-contacts?after="+contact.Position, owner, nil, http.StatusOK)
		if !strings.Contains(string(contacts.Body), secrets["contact name"]) {
			t.Errorf("key contacts = %s, want the name in clear", contacts.Body)
		}
		if v := employeeGet(t, env, e, team.hr, salary.Position); v["name"] != secrets["employee name"] {
			t.Errorf("employee name = %v, want %s", v["name"], secrets["employee name"])
		}
		if f := customerFile(t, env, owner, customerID, "?after="+salary.Position); f["primary_contact"] != secrets["new primary contact"] || f["phone"] != secrets["new primary phone"] {
			t.Errorf("customer file = %v, want the primary contact in clear", f)
		}
		if f := customerFile(t, env, owner, customerID, asOfQuery("as_of", registered)); f["primary_contact"] != secrets["primary contact"] {
			t.Errorf("customer file as of its registration = %v, want the first primary contact in clear", f)
		}
	})
	stored := privacy.Stored(env.App.Store)
	t.Run("the stored events hold no plaintext of the personal fields", func(t *testing.T) {
		all := readAll(t, stored)
		for what, s := range secrets {
			for _, ev := range all {
				if bytes.Contains(ev.Data, []byte(s)) {
					t.Errorf("stored %s %s holds the %s: %s", ev.Stream, ev.Type, what, ev.Data)
				}
			}
		}
	})
	sealedBefore := waitSealed(t, env, len(readAll(t, stored)))

	contactSubject := "/subjects/" + privacy.ContactSubject(customerID, "k1") + "/erasure"
	employeeSubject := "/subjects/" + privacy.EmployeeSubject("emp-new") + "/erasure"
	primarySubject := "/subjects/" + privacy.ContactSubject(customerID, customer.PrimaryContactID) + "/erasure"
	reason := map[string]any{"reason": "erasure request PIPL-2026-17"}
	t.Run("bad requests are refused and erase nothing", func(t *testing.T) {
		orderRefused(t, env, contactSubject, auditor, map[string]any{}, http.StatusUnprocessableEntity, "invalid-field")
		orderRefused(t, env, contactSubject, auditor, map[string]any{"reason": "  "}, http.StatusUnprocessableEntity, "invalid-field")
		orderRefused(t, env, contactSubject, owner, reason, http.StatusForbidden, "forbidden")
		orderRefused(t, env, contactSubject, team.gm, reason, http.StatusForbidden, "forbidden")
		for _, unknown := range []string{privacy.EmployeeSubject("nobody"), privacy.ContactSubject(customerID, "k9"),
			privacy.ContactSubject("no-such-customer", "k1"), privacy.ContactSubject("no-such-customer", customer.PrimaryContactID),
			"person:1", "contact:" + customerID} {
			orderRefused(t, env, "/subjects/"+unknown+"/erasure", team.hr, reason, http.StatusNotFound, "not-found")
		}
		contacts := orderCall(t, env, http.MethodGet, "/customers/"+customerID+"/key-contacts", owner, nil, http.StatusOK)
		if !strings.Contains(string(contacts.Body), secrets["contact name"]) {
			t.Errorf("a refused erasure erased: %s", contacts.Body)
		}
	})

	// When an auditor erases the key person and HR the employee
	erasedContact := orderCommand(t, env, contactSubject, auditor, reason)
	orderCommand(t, env, primarySubject, team.hr, reason)
	erasedEmployee := orderCommand(t, env, employeeSubject, team.hr, reason)

	t.Run("a second erasure is a conflict", func(t *testing.T) {
		orderRefused(t, env, employeeSubject, team.hr, reason, http.StatusConflict, "conflict")
	})
	t.Run("the read models show the fields erased", func(t *testing.T) {
		var contacts struct{ Items []queries.KeyContactView }
		orderCall(t, env, http.MethodGet, "/customers/"+customerID+"/key-contacts?after="+erasedContact.Position, owner, nil, http.StatusOK).JSON(t, &contacts)
		if len(contacts.Items) != 1 || contacts.Items[0].Personal == nil || *contacts.Items[0].Personal != (customer.PersonalData{Name: privacy.Erased}) {
			t.Errorf("key contacts = %v, want the name erased", contacts)
		}
		if v := employeeGet(t, env, e, team.hr, erasedEmployee.Position); v["name"] != privacy.Erased || v["status"] != "REGULAR" {
			t.Errorf("employee = %v, want the name erased and the rest kept", v)
		}
		f := customerFile(t, env, owner, customerID, "?after="+erasedEmployee.Position)
		if f["primary_contact"] != privacy.Erased || f["phone"] != privacy.Erased || f["address"] != "2 Harbour Road" {
			t.Errorf("customer file = %v, want the primary contact's name and phone erased and the address kept", f)
		}
	})
	t.Run("the as-of views, the history and the export show the primary contact erased", func(t *testing.T) {
		for _, at := range []time.Time{registered, time.Now()} {
			if f := customerFile(t, env, owner, customerID, asOfQuery("as_of", at)); f["primary_contact"] != privacy.Erased || f["phone"] != privacy.Erased {
				t.Errorf("customer file as of %s = %v, want the primary contact erased", at, f)
			}
		}
		history := orderCall(t, env, http.MethodGet, "/customers/"+customerID+"/history", auditor, nil, http.StatusOK)
		exported := "/export?streams=customer-" + customerID
		ndjson := orderCall(t, env, http.MethodGet, exported, auditor, nil, http.StatusOK)
		csvBody := orderCall(t, env, http.MethodGet, exported, auditor, nil, http.StatusOK, "Accept", "text/csv")
		parquetBody := orderCall(t, env, http.MethodGet, exported, auditor, nil, http.StatusOK, "Accept", "application/vnd.apache.parquet")
		for name, body := range map[string][]byte{"history": history.Body, "NDJSON export": ndjson.Body,
			"CSV export": csvBody.Body, "Parquet export": parquetBodies(t, parquetBody.Body)} {
			if !bytes.Contains(body, []byte(`"erased_fields"`)) || !bytes.Contains(body, []byte("2 Harbour Road")) {
				t.Errorf("%s = %s, want the personal fields erased and the address kept", name, body)
			}
			for what, s := range secrets {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("%s holds the %s: %s", name, what, body)
				}
			}
		}
	})
	t.Run("the audit trail shows the bodies erased", func(t *testing.T) {
		for _, id := range []string{customerID, "emp-new"} {
			var page queries.Page[queries.AuditEntry]
			orderCall(t, env, http.MethodGet, "/audit?aggregate_id="+id+"&after="+erasedEmployee.Position, auditor, nil, http.StatusOK).JSON(t, &page)
			if len(page.Items) == 0 {
				t.Fatalf("no audit entries of %s", id)
			}
			for _, entry := range page.Items {
				for what, s := range secrets {
					if bytes.Contains(entry.Data, []byte(s)) {
						t.Errorf("audit entry %s holds the %s: %s", entry.EventType, what, entry.Data)
					}
				}
			}
		}
	})
	t.Run("the events read erased and keep everything else", func(t *testing.T) {
		events, err := env.App.Store.ReadStream(context.Background(), "employee-emp-new", eventstore.ReadStreamOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			if privacy.HasPersonalFields(ev.Type) && !bytes.Contains(ev.Data, []byte(`"erased_fields"`)) {
				t.Errorf("%s reads %s, want it erased", ev.Type, ev.Data)
			}
		}
		if !bytes.Contains(events[1].Data, []byte(`"org_unit_id":"ou-sales"`)) {
			t.Errorf("hired reads %s, want its other fields kept", events[1].Data)
		}
	})
	t.Run("the log still verifies: the sealed events are unchanged", func(t *testing.T) {
		all := readAll(t, stored)
		if root := rootOf(t, all[:sealedBefore.Size]); !bytes.Equal(root, sealedBefore.Root) {
			t.Fatalf("the root over the first %d stored events changed with the erasure", sealedBefore.Size)
		}
		after := waitSealed(t, env, len(all))
		if root := rootOf(t, all[:after.Size]); !bytes.Equal(root, after.Root) {
			t.Fatalf("the checkpoint after erasure does not match the stored events")
		}
	})
	t.Run("a dump of the whole database holds none of the erased data", func(t *testing.T) {
		// bytea columns (event bodies, snapshots, idempotent answers) are
		// dumped in hex, text and json columns as they are: both forms are
		// searched.
		dump := pgDump(t, env.App.Config.PostgresURL)
		if !bytes.Contains(dump, []byte("C-ER1")) {
			t.Fatal("the dump does not hold the customer: it is not this test's database")
		}
		if !bytes.Contains(dump, []byte(hex.EncodeToString([]byte(`"pii_subject":"contact:`+customerID)))) {
			t.Fatal("the dump does not hold the encrypted events: the search would prove nothing")
		}
		if !bytes.Contains(dump, []byte(hex.EncodeToString([]byte(`"address":"1 Harbour Road"`)))) {
			t.Fatal("the search does not find a value stored in clear in an event body: it would prove nothing")
		}
		for what, s := range secrets {
			for _, form := range []string{s, hex.EncodeToString([]byte(s))} {
				if i := bytes.Index(dump, []byte(form)); i >= 0 {
					t.Errorf("the dump holds the %s (%q): …%s…", what, form, dump[max(0, i-200):min(len(dump), i+100)])
				}
			}
		}
	})
}

func readAll(t *testing.T, s eventstore.Store) []eventstore.Recorded {
	t.Helper()
	var out []eventstore.Recorded
	from := eventstore.Start
	for {
		batch, err := s.ReadAll(context.Background(), from, 1000, eventstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(batch) == 0 {
			return out
		}
		out = append(out, batch...)
		from = batch[len(batch)-1].Position
	}
}

// waitSealed waits for a checkpoint of at least n events.
func waitSealed(t *testing.T, env *apptest.Env, n int) integrity.SignedCheckpoint {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := env.App.IntegrityLog.Checkpoint(context.Background())
		if err == nil && c.Size >= uint64(n) {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of %d events (last %+v, %v)", n, c.Checkpoint, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rootOf recomputes the log's root hash over events as stored.
func rootOf(t *testing.T, events []eventstore.Recorded) []byte {
	t.Helper()
	tree, err := integrity.NewTree(0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		leaf, err := integrity.LeafOf(ev)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tree.Append(leaf.Hash()); err != nil {
			t.Fatal(err)
		}
	}
	root, err := tree.Root()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// pgDump dumps the whole database of dbURL. Without pg_dump the test
// fails under CI and skips elsewhere.
func pgDump(t *testing.T, dbURL string) []byte {
	t.Helper()
	path := findPgDump()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("pg_dump not found (/usr/bin/pg_dump, /usr/lib/postgresql/*/bin/pg_dump): install postgresql-client")
		}
		t.Skip("pg_dump not found")
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Del("pool_max_conns")
	u.RawQuery = q.Encode()
	out, err := exec.Command(path, "--no-password", "--dbname", u.String()).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("pg_dump: %v: %s", err, stderr)
	}
	return out
}

func findPgDump() string {
	if p, err := exec.LookPath("pg_dump"); err == nil {
		return p
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
	if len(matches) > 0 {
		return matches[len(matches)-1]
	}
	return ""
}

// customerFile reads a customer file (query: ?after=, ?as_of=) as a map.
func customerFile(t *testing.T, env *apptest.Env, tok, id, query string) map[string]any {
	t.Helper()
	var f map[string]any
	orderCall(t, env, http.MethodGet, "/customers/"+id+query, tok, nil, http.StatusOK).JSON(t, &f)
	return f
}

// parquetBodies reads an exported Parquet file back and returns the event
// bodies it holds, one per line: the file itself is compressed, so a
// search for plaintext must look at what it decodes to.
func parquetBodies(t *testing.T, file []byte) []byte {
	t.Helper()
	rows, err := parquet.Read[export.Row](bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatalf("parquet.Read() = %v", err)
	}
	var out []byte
	for _, r := range rows {
		out = append(out, r.Data...)
		out = append(out, '\n')
	}
	return out
}
