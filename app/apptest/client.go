package apptest

import (
	"testing"

	"github.com/opsledger/opsledger/api/apitest"
)

// Response is an HTTP answer with its body read.
type Response = apitest.Response

// Do sends a request with token and body (a string or []byte is sent as
// is, anything else as JSON) and extra headers as name, value pairs.
func (e *Env) Do(t testing.TB, method, path, token string, body any, headers ...string) Response {
	t.Helper()
	return apitest.Do(t, e.Server, method, path, token, body, headers...)
}
