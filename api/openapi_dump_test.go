package api_test

import (
	"flag"
	"net/http"
	"os"
	"testing"
)

// openapiOut, when set, is where TestDumpOpenAPI writes the document
// (scripts/lint-openapi.sh lints that file).
var openapiOut = flag.String("openapi-out", "", "write the OpenAPI document to this file")

func TestDumpOpenAPI(t *testing.T) {
	if *openapiOut == "" {
		t.Skip("no -openapi-out given")
	}
	env := newMemEnv(t)
	resp := env.Do(t, http.MethodGet, "/openapi.json", "", nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("GET /openapi.json: %d", resp.Status)
	}
	if err := os.WriteFile(*openapiOut, resp.Body, 0o644); err != nil {
		t.Fatalf("write %s: %v", *openapiOut, err)
	}
}
