package api_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain"
)

// issuersFile is the issuer table transcribed from the specification.
const issuersFile = "testdata/issuers.tsv"

// issuerScope narrows a role's power to the aggregate it acts on.
type issuerScope string

const (
	// scopeAny: any holder of the role, company-wide.
	scopeAny issuerScope = ""
	// scopeUnit: the actor's org unit is the aggregate's.
	scopeUnit issuerScope = "unit"
	// scopeOwner: the actor is the customer's owning rep.
	scopeOwner issuerScope = "owner"
	// scopeServed: the owning rep, or a rep of the customer's unit.
	scopeServed issuerScope = "served"
	// scopeSelf: the actor is the employee the route names.
	scopeSelf issuerScope = "self"
)

// issuerRow is one route of the issuer table.
type issuerRow struct {
	Method, Pattern, Command string
	// Issuers maps each role that may issue the command to its scope.
	Issuers map[domain.Role]issuerScope
	Fixture string
	Spec    string
	Line    int
}

// key is the route as the server registers it.
func (r issuerRow) key() string { return r.Method + " " + r.Pattern }

// personal reports whether some issuer acts only on their own record or
// customer: the matrix then has its "own" actor be that person.
func (r issuerRow) personal() bool {
	for _, s := range r.Issuers {
		if s == scopeOwner || s == scopeSelf {
			return true
		}
	}
	return false
}

// loadIssuers reads the issuer table, failing the test on a malformed row.
func loadIssuers(t *testing.T) map[string]issuerRow {
	t.Helper()
	f, err := os.Open(issuersFile)
	if err != nil {
		t.Fatalf("open issuer table: %v", err)
	}
	defer f.Close()
	rows := map[string]issuerRow{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		row := parseIssuerRow(t, n, line)
		if _, dup := rows[row.key()]; dup {
			t.Fatalf("%s:%d: %s appears twice", issuersFile, n, row.key())
		}
		rows[row.key()] = row
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read issuer table: %v", err)
	}
	return rows
}

func parseIssuerRow(t *testing.T, n int, line string) issuerRow {
	t.Helper()
	cols := strings.Split(line, "\t")
	if len(cols) != 6 {
		t.Fatalf("%s:%d: %d columns, want 6 (method, pattern, command, issuers, fixture, spec)", issuersFile, n, len(cols))
	}
	row := issuerRow{Method: cols[0], Pattern: cols[1], Command: cols[2], Fixture: cols[4], Spec: cols[5], Line: n,
		Issuers: map[domain.Role]issuerScope{}}
	if row.Spec == "" || row.Fixture == "" {
		t.Fatalf("%s:%d: fixture and spec are required", issuersFile, n)
	}
	if cols[3] == "-" {
		return row
	}
	for _, f := range strings.Fields(cols[3]) {
		name, scope, _ := strings.Cut(f, ":")
		switch issuerScope(scope) {
		case scopeAny, scopeUnit, scopeOwner, scopeServed, scopeSelf:
		default:
			t.Fatalf("%s:%d: unknown scope %q", issuersFile, n, scope)
		}
		if name == "*" {
			for _, r := range domain.AllRoles() {
				row.Issuers[r] = issuerScope(scope)
			}
			continue
		}
		if !domain.Role(name).Valid() {
			t.Fatalf("%s:%d: unknown role %q", issuersFile, n, name)
		}
		row.Issuers[domain.Role(name)] = issuerScope(scope)
	}
	return row
}

// matrixCell is where an actor stands relative to the aggregate: the
// owner (or the employee themself) in its unit, a colleague of its unit,
// or someone of another unit.
type matrixCell string

const (
	cellOwn   matrixCell = "own"
	cellPeer  matrixCell = "peer"
	cellOther matrixCell = "other"
)

var matrixCells = []matrixCell{cellOwn, cellPeer, cellOther}

// allows reports whether the table lets role, standing in cell, issue the
// route's command.
func (r issuerRow) allows(role domain.Role, cell matrixCell) bool {
	scope, ok := r.Issuers[role]
	if !ok {
		return false
	}
	switch scope {
	case scopeUnit, scopeServed:
		return cell != cellOther
	case scopeOwner, scopeSelf:
		return cell == cellOwn
	}
	return true
}

// TestIssuerTable_Wellformed checks the table itself: every route once,
// every role known, and a spec reference on every row.
func TestIssuerTable_Wellformed(t *testing.T) {
	rows := loadIssuers(t)
	if len(rows) == 0 {
		t.Fatal("the issuer table is empty")
	}
	for _, r := range rows {
		if r.Method != "POST" {
			t.Errorf("%s:%d: method %s, want POST (commands only)", issuersFile, r.Line, r.Method)
		}
		if !strings.HasPrefix(r.Spec, "§") {
			t.Errorf("%s:%d: spec %q does not name a section", issuersFile, r.Line, r.Spec)
		}
	}
}
