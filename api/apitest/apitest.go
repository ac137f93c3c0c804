// Package apitest sends requests to a running API in tests and reads the
// answers. It links no database, so the API's in-memory tests and the
// end-to-end tests of the whole application (app/apptest) share it.
package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// Response is an HTTP answer with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it cannot.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %d response %s: %v", r.Status, r.Body, err)
	}
}

// Do sends a request to srv with token and body (a string or []byte is
// sent as is, anything else as JSON) and extra headers as name, value
// pairs. The answer is checked against the OpenAPI document srv serves:
// a status or body the document does not allow fails the test.
func Do(t testing.TB, srv *httptest.Server, method, path, token string, body any, headers ...string) Response {
	t.Helper()
	rd := requestBody(t, body)
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	checkDocumented(t, srv, req, out)
	return out
}

func requestBody(t testing.TB, body any) io.Reader {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return bytes.NewBufferString(b)
	case []byte:
		return bytes.NewReader(b)
	}
	buf, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("encode body: %v", err)
	}
	return bytes.NewReader(buf)
}

// CheckReplay fails the test unless again is first replayed: the same
// status and body, but for "replayed" (false in the first answer, true in
// the replay), and the Idempotent-Replayed header set.
func CheckReplay(t testing.TB, first, again Response) {
	t.Helper()
	var want, got map[string]any
	first.JSON(t, &want)
	again.JSON(t, &got)
	if want["replayed"] != false || got["replayed"] != true {
		t.Errorf("replayed = %v in the first answer and %v in the replay, want false and true", want["replayed"], got["replayed"])
	}
	delete(want, "replayed")
	delete(got, "replayed")
	if again.Status != first.Status || !reflect.DeepEqual(got, want) {
		t.Errorf("replay = %d %s, want %d %s", again.Status, again.Body, first.Status, first.Body)
	}
	if again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay lacks Idempotent-Replayed: true (headers %v)", again.Header)
	}
}
