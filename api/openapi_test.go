package api_test

import (
	"encoding/json"
	"html"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/google/go-cmp/cmp"
)

// openapiDoc is the part of the OpenAPI document the tests check.
type openapiDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	} `json:"info"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type openapiOperation struct {
	Summary     string                     `json:"summary"`
	OperationID string                     `json:"operationId"`
	Responses   map[string]json.RawMessage `json:"responses"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
}

// openapiMethods are the keys of a path item that are operations.
var openapiMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func openapiFetch(t *testing.T, env *memEnv) openapiDoc {
	t.Helper()
	resp := env.Do(t, http.MethodGet, "/openapi.json", "", nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("GET /openapi.json: status %d, body %.300s", resp.Status, resp.Body)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		t.Errorf("GET /openapi.json: Content-Type %q, want application/json", resp.Header.Get("Content-Type"))
	}
	if !json.Valid(resp.Body) {
		t.Fatalf("GET /openapi.json: not valid JSON")
	}
	var doc openapiDoc
	resp.JSON(t, &doc)
	return doc
}

// openapiDocumented lists "METHOD /pattern" for every documented operation.
func openapiDocumented(doc openapiDoc) []string {
	var out []string
	for path, item := range doc.Paths {
		for key := range item {
			if slices.Contains(openapiMethods, key) {
				out = append(out, strings.ToUpper(key)+" "+path)
			}
		}
	}
	slices.Sort(out)
	return out
}

// openapiServed lists "METHOD /pattern" for every route the router serves.
func openapiServed(t *testing.T, env *memEnv) []string {
	t.Helper()
	var out []string
	err := chi.Walk(env.API.Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out = append(out, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatalf("walk router: %v", err)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestOpenAPI_Document(t *testing.T) {
	env := newMemEnv(t)
	doc := openapiFetch(t, env)

	t.Run("it is an OpenAPI 3.1.0 document with a title and a version", func(t *testing.T) {
		if doc.OpenAPI != "3.1.0" {
			t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
		}
		if doc.Info.Title == "" || doc.Info.Version == "" {
			t.Errorf("info = %+v, want a title and a version", doc.Info)
		}
		if len(doc.Paths) == 0 {
			t.Errorf("the document has no paths")
		}
	})

	t.Run("the document names exactly the routes the router serves", func(t *testing.T) {
		if diff := cmp.Diff(openapiServed(t, env), openapiDocumented(doc)); diff != "" {
			t.Errorf("served (-) versus documented (+) routes differ:\n%s", diff)
		}
	})

	t.Run("the registry behind the document matches it", func(t *testing.T) {
		var registered []string
		for _, r := range env.API.Routes() {
			registered = append(registered, r.Method+" "+r.Pattern)
		}
		for _, r := range registered {
			if !slices.Contains(openapiDocumented(doc), r) {
				t.Errorf("registered route %s is not in the document", r)
			}
		}
	})

	t.Run("every operation is well formed", func(t *testing.T) {
		openapiCheckOperations(t, doc)
	})
}

// openapiCheckOperations checks each operation: a summary, a unique
// operationId, a success response, and a declared
// required parameter for every {name} in its path.
func openapiCheckOperations(t *testing.T, doc openapiDoc) {
	t.Helper()
	ids := map[string]string{}
	for path, item := range doc.Paths {
		if !strings.HasPrefix(path, "/") {
			t.Errorf("path %q does not start with /", path)
		}
		for method, raw := range item {
			if !slices.Contains(openapiMethods, method) {
				continue
			}
			where := strings.ToUpper(method) + " " + path
			var op openapiOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Errorf("%s: operation: %v", where, err)
				continue
			}
			if op.Summary == "" {
				t.Errorf("%s: no summary", where)
			}
			if prev, dup := ids[op.OperationID]; dup || op.OperationID == "" {
				t.Errorf("%s: operationId %q empty or also used by %s", where, op.OperationID, prev)
			}
			ids[op.OperationID] = where
			openapiCheckResponses(t, where, op)
			openapiCheckPathParams(t, where, path, op)
		}
	}
	if _, ok := doc.Components.Schemas["Problem"]; !ok {
		t.Errorf("components.schemas has no Problem, which every operation's default response references")
	}
}

func openapiCheckResponses(t *testing.T, where string, op openapiOperation) {
	t.Helper()
	success := false
	for code := range op.Responses {
		if len(code) == 3 && code[0] == '2' {
			success = true
		}
	}
	if !success {
		t.Errorf("%s: no 2xx response in %v", where, op.Responses)
	}
}

func openapiCheckPathParams(t *testing.T, where, path string, op openapiOperation) {
	t.Helper()
	var want, got []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			want = append(want, strings.Trim(seg, "{}"))
		}
	}
	for _, p := range op.Parameters {
		if p.In == "path" {
			if !p.Required {
				t.Errorf("%s: path parameter %q is not required", where, p.Name)
			}
			got = append(got, p.Name)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: path parameters (-in path +declared):\n%s", where, diff)
	}
}

func TestOpenAPI_Docs(t *testing.T) {
	env := newMemEnv(t)
	resp := env.Do(t, http.MethodGet, "/docs", "", nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("GET /docs: status %d", resp.Status)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/html" {
		t.Errorf("GET /docs: Content-Type %q, want text/html", resp.Header.Get("Content-Type"))
	}
	page := html.UnescapeString(string(resp.Body))
	if !strings.Contains(page, "<html") || !strings.Contains(page, "/openapi.json") {
		t.Errorf("GET /docs is not an HTML page linking the document: %.300s", page)
	}
	for _, r := range env.API.Routes() {
		if !strings.Contains(page, r.Pattern) {
			t.Errorf("GET /docs does not list %s %s", r.Method, r.Pattern)
		}
	}
	if len(env.API.Routes()) == 0 {
		t.Errorf("no routes to list")
	}
}

// Given /docs, when a browser loads it, then every script and stylesheet
// it names is served from this server (the reference works offline, under
// a policy allowing scripts and styles from 'self' only), and an unknown
// asset is a 404 problem.
func TestOpenAPI_DocsAssets(t *testing.T) {
	env := newMemEnv(t)
	page := string(env.Do(t, http.MethodGet, "/docs", "", nil).Body)
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	var assets int
	for _, m := range refs {
		ref := m[1]
		if ref == "/openapi.json" {
			continue
		}
		if !strings.HasPrefix(ref, "/docs/") {
			t.Errorf("/docs loads %q from elsewhere: it would not work offline", ref)
			continue
		}
		assets++
		resp := env.Do(t, http.MethodGet, ref, "", nil)
		want := "text/css"
		if strings.HasSuffix(ref, ".js") {
			want = "text/javascript"
		}
		if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); resp.Status != http.StatusOK || mt != want || len(resp.Body) == 0 {
			t.Errorf("GET %s: %d %q (%d bytes), want 200 %s", ref, resp.Status, resp.Header.Get("Content-Type"), len(resp.Body), want)
		}
	}
	if assets < 3 {
		t.Errorf("/docs loads %d assets, want the reference UI's script and stylesheet and its starter: %v", assets, refs)
	}
	if !strings.Contains(string(env.Do(t, http.MethodGet, "/docs/docs.js", "", nil).Body), `"/openapi.json"`) {
		t.Errorf("the starter script does not render /openapi.json")
	}
	if resp := env.Do(t, http.MethodGet, "/docs/../../etc/passwd", "", nil); resp.Status != http.StatusNotFound {
		t.Errorf("GET /docs/../../etc/passwd: %d, want 404", resp.Status)
	}
	if resp := env.Do(t, http.MethodGet, "/docs/swagger-ui.LICENSE", "", nil); resp.Status != http.StatusNotFound {
		t.Errorf("GET an asset not listed: %d, want 404", resp.Status)
	}
}
