package api_test

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// routeTests are the tests that check only what the API itself answers
// (the route table, the OpenAPI document, problem+json refusals), so they
// run on the in-memory harness.
var routeTests = []string{
	"TestOpenAPI_Document", "TestOpenAPI_Docs",
	"TestBadInput_CommandRoutes", "TestBadInput_QueryRoutes", "TestBadInput_PathParams", "TestBadInput_Routing",
}

// closedPostgresURL names a PostgreSQL server that is not there: nothing
// listens on port 1.
const closedPostgresURL = "postgres://postgres@127.0.0.1:1/x?sslmode=disable"

// TestRouteTests_NeedNoPostgreSQL runs the route tests again, in a child
// process of this test binary, with TEST_POSTGRES_URL at a closed port
// and CI=true, under which a test that wants the database fails instead
// of skipping: each must pass, so none of them needs PostgreSQL.
func TestRouteTests_NeedNoPostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the route tests a second time")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^(TestOpenAPI|TestBadInput)_", "-test.count=1", "-test.v")
	// The last value of a repeated variable is the one the child sees.
	cmd.Env = append(os.Environ(), "TEST_POSTGRES_URL="+closedPostgresURL, "CI=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the route tests failed with PostgreSQL out of reach: %v\n%s", err, out)
	}
	for _, name := range routeTests {
		if !bytes.Contains(out, []byte("--- PASS: "+name+" ")) {
			t.Errorf("%s did not run and pass with PostgreSQL out of reach", name)
		}
	}
	if bytes.Contains(out, []byte("--- SKIP")) {
		t.Errorf("a route test skipped with PostgreSQL out of reach:\n%s", out)
	}
}
