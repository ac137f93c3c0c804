package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// contract is the OpenAPI document a server serves, ready to check its
// answers against.
type contract struct {
	router routers.Router
	err    error // the document could not be read or is invalid
}

func init() {
	// The documentation page and its assets are text: a string to the schema.
	for _, ct := range []string{"text/html", "text/css", "text/javascript"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
}

// contracts caches each test server's document: it is read once, on the
// server's first answer.
var contracts sync.Map // *httptest.Server → *contract

// documentOf fetches and loads the document srv serves at /openapi.json.
func documentOf(srv *httptest.Server) *contract {
	if c, ok := contracts.Load(srv); ok {
		return c.(*contract)
	}
	c := loadContract(srv)
	actual, _ := contracts.LoadOrStore(srv, c)
	return actual.(*contract)
}

func loadContract(srv *httptest.Server) *contract {
	resp, err := srv.Client().Get(srv.URL + "/openapi.json")
	if err != nil {
		return &contract{err: fmt.Errorf("fetch /openapi.json: %w", err)}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return &contract{err: fmt.Errorf("fetch /openapi.json: status %d", resp.StatusCode)}
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		return &contract{err: fmt.Errorf("load /openapi.json: %w", err)}
	}
	// The document's server is "/", relative to wherever it is served:
	// paths are matched as they are.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return &contract{err: fmt.Errorf("/openapi.json is not a valid OpenAPI document: %w", err)}
	}
	return &contract{router: router}
}

// checkDocumented fails the test unless the answer to req is one the
// server's own OpenAPI document allows: a status the operation lists and
// a body its schema accepts. Routes the document does not name must be
// answered 404 or 405 (no such route), and CORS preflights are not
// operations.
func checkDocumented(t testing.TB, srv *httptest.Server, req *http.Request, resp Response) {
	t.Helper()
	if req.URL.Path == "/openapi.json" || req.Method == http.MethodOptions {
		return
	}
	c := documentOf(srv)
	if c.err != nil {
		t.Errorf("openapi: %v", c.err)
		return
	}
	route, pathParams, err := c.router.FindRoute(asSent(req))
	if err == nil && hasEmptyParam(pathParams) {
		// kin-openapi's legacy router matches "/training-plans" to
		// "/training-plans/{id}" with an empty id; the server routes no
		// empty segment, so such a path is not that operation.
		err = fmt.Errorf("%s matches %s only with an empty parameter", req.URL.Path, route.Path)
	}
	if err != nil {
		if resp.Status != http.StatusNotFound && resp.Status != http.StatusMethodNotAllowed {
			t.Errorf("openapi: %s %s is not in the document (%v) but was answered %d", req.Method, req.URL.Path, err, resp.Status)
		}
		return
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route},
		Status:                 resp.Status,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(resp.Body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			// A body the client asked compressed is not decoded here.
			ExcludeResponseBody: resp.Header.Get("Content-Encoding") != "",
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		t.Errorf("openapi: the answer to %s %s breaks the document (operation %s):\n%s\nbody: %.600s",
			req.Method, req.URL.RequestURI(), route.Operation.OperationID, describe(err), resp.Body)
	}
}

// hasEmptyParam says whether a matched route left a path parameter empty.
func hasEmptyParam(params map[string]string) bool {
	for _, v := range params {
		if v == "" {
			return true
		}
	}
	return false
}

// asSent is req with its path as sent, still escaped, so that an
// escaped slash inside an {id} stays in that one segment as the server
// routes it.
func asSent(req *http.Request) *http.Request {
	r := req.Clone(context.Background())
	r.URL.Path = req.URL.EscapedPath()
	r.URL.RawPath = ""
	return r
}

// describe flattens kin-openapi's errors into one line per problem: where
// in the body, why, and the value found (not the whole schema).
func describe(err error) string {
	var multi openapi3.MultiError
	if !errors.As(err, &multi) {
		multi = openapi3.MultiError{err}
	}
	var b bytes.Buffer
	for _, e := range multi {
		var se *openapi3.SchemaError
		if errors.As(e, &se) {
			fmt.Fprintf(&b, "  - at /%s: %s (found %.200v)\n", strings.Join(se.JSONPointer(), "/"), se.Reason, jsonOf(se.Value))
			continue
		}
		var nested openapi3.MultiError
		if errors.As(e, &nested) && len(nested) > 0 {
			b.WriteString(describe(nested))
			continue
		}
		fmt.Fprintf(&b, "  - %v\n", e)
	}
	return b.String()
}

func jsonOf(v any) string {
	out, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(out)
}

// DocumentAllows reports why the OpenAPI document srv serves forbids a
// request (nil: it allows it), judged on its path, query and JSON body
// as a generated client would be; authentication is not judged.
func DocumentAllows(t testing.TB, srv *httptest.Server, method, path string, body any) error {
	t.Helper()
	c := documentOf(srv)
	if c.err != nil {
		t.Fatalf("openapi: %v", c.err)
	}
	req, err := http.NewRequest(method, srv.URL+path, requestBody(t, body))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	route, pathParams, err := c.router.FindRoute(asSent(req))
	if err == nil && hasEmptyParam(pathParams) {
		// kin-openapi's legacy router matches "/training-plans" to
		// "/training-plans/{id}" with an empty id; the server routes no
		// empty segment, so such a path is not that operation.
		err = fmt.Errorf("%s matches %s only with an empty parameter", req.URL.Path, route.Path)
	}
	if err != nil {
		return fmt.Errorf("no such operation: %w", err)
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	})
}
