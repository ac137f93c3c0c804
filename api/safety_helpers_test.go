package api_test

import (
	"encoding/base64"
	"encoding/json"
	"mime"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// safetyProblemBase prefixes every problem type the API answers with.
const safetyProblemBase = "https://opsledger.dev/problems/"

// testEnv is a served API the safety and bad-input tests drive: the
// in-memory harness (memEnv), or the whole application (appEnv) for the
// cases whose answer comes from real read models.
type testEnv interface {
	Do(t testing.TB, method, path, token string, body any, headers ...string) response
	Token(t testing.TB, employeeID, orgUnit string, roles ...domain.Role) string
	Routes() []api.Route
	// Written counts the events stored: unlike the store's head, which
	// shows an event only once no earlier one may still commit anywhere
	// in the database cluster, it cannot move because another test
	// package's transaction ended.
	Written(t testing.TB) int
}

// safetyProblemDoc is the part of a problem document the safety tests read.
type safetyProblemDoc struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field string `json:"field"`
	} `json:"errors"`
}

// safetyToken holds every role, so role checks never hide the input
// checks the safety tests are after.
func safetyToken(t *testing.T, env testEnv) string {
	t.Helper()
	return env.Token(t, "emp-safety", "SALES", domain.AllRoles()...)
}

// safetyExpectProblem fails unless resp is a 4xx problem+json document
// with a type, whose status (when want is non-empty) is one of want.
func safetyExpectProblem(t *testing.T, what string, resp response, want ...int) safetyProblemDoc {
	t.Helper()
	var p safetyProblemDoc
	if resp.Status < 400 || resp.Status > 499 {
		t.Errorf("%s: status %d, want 4xx; body %.300s", what, resp.Status, resp.Body)
		return p
	}
	if len(want) > 0 && !containsInt(want, resp.Status) {
		t.Errorf("%s: status %d, want one of %v; body %.300s", what, resp.Status, want, resp.Body)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/problem+json" {
		t.Errorf("%s: Content-Type %q, want application/problem+json", what, resp.Header.Get("Content-Type"))
	}
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		t.Errorf("%s: problem body %.300s: %v", what, resp.Body, err)
		return p
	}
	if !strings.HasPrefix(p.Type, safetyProblemBase) || len(p.Type) == len(safetyProblemBase) {
		t.Errorf("%s: problem type %q, want %s<kind>", what, p.Type, safetyProblemBase)
	}
	if p.Status != resp.Status {
		t.Errorf("%s: problem status %d differs from HTTP status %d", what, p.Status, resp.Status)
	}
	return p
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// safetyPath fills a route pattern's {params} with an id that names
// nothing (digits, so numeric ids such as dead letters parse too).
func safetyPath(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = "4242424242"
		}
	}
	return strings.Join(segs, "/")
}

// safetyField is a JSON field of a request body: its path of JSON names
// from the top (a "[]" element marks an array of objects) and its Go type.
type safetyField struct {
	Path []string
	Type reflect.Type
}

func (f safetyField) String() string { return strings.Join(f.Path, ".") }

var (
	safetyTimeType      = reflect.TypeOf(time.Time{})
	safetyUnmarshalType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
)

// safetyFields lists the leaf fields of a request type the way
// encoding/json sees them (embedded structs flattened), descending into
// nested objects and arrays of objects.
func safetyFields(t reflect.Type, prefix []string) []safetyField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []safetyField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			out = append(out, safetyFields(ft, prefix)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		path := append(append([]string{}, prefix...), name)
		switch {
		case safetyCustom(ft):
			out = append(out, safetyField{Path: path, Type: ft})
		case ft.Kind() == reflect.Struct:
			out = append(out, safetyFields(ft, path)...)
		case ft.Kind() == reflect.Slice && safetyElem(ft).Kind() == reflect.Struct && !safetyCustom(safetyElem(ft)):
			out = append(out, safetyFields(safetyElem(ft), append(path, "[]"))...)
		default:
			out = append(out, safetyField{Path: path, Type: ft})
		}
	}
	return out
}

func safetyElem(t reflect.Type) reflect.Type {
	e := t.Elem()
	for e.Kind() == reflect.Pointer {
		e = e.Elem()
	}
	return e
}

// safetyCustom reports whether a type decodes itself (time, amounts...).
func safetyCustom(t reflect.Type) bool {
	return t == safetyTimeType || reflect.PointerTo(t).Implements(safetyUnmarshalType)
}

// safetyWrongValue is a JSON value of the wrong type for t: a number
// where a string is expected, a string where a number or boolean is, and
// a number for anything else.
func safetyWrongValue(t reflect.Type) any {
	switch {
	case safetyCustom(t):
		return []any{true}
	case t.Kind() == reflect.String:
		return 12345
	case t.Kind() == reflect.Bool, t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		return "not-a-number"
	}
	return 12345
}

// safetyBody puts value at path into a JSON object.
func safetyBody(path []string, value any) map[string]any {
	name, rest := path[0], path[1:]
	switch {
	case len(rest) == 0:
		return map[string]any{name: value}
	case rest[0] == "[]":
		return map[string]any{name: []any{safetyBody(rest[1:], value)}}
	}
	return map[string]any{name: safetyBody(rest, value)}
}

// badinputMoney reports whether a field is an amount: a decimal string
// whose name ends in a money word.
func badinputMoney(f safetyField) bool {
	if f.Type.Kind() != reflect.String {
		return false
	}
	words := strings.Split(f.Path[len(f.Path)-1], "_")
	switch words[len(words)-1] {
	case "amount", "price", "cost", "fee", "fine", "deposit", "total", "value", "budget", "salary", "penalty", "reward":
		return true
	}
	return false
}

// badinputToken signs a token for an actor with every role, with secret,
// issued now+shift for an hour.
func badinputToken(t *testing.T, secret []byte, shift time.Duration) string {
	t.Helper()
	j, err := auth.NewJWT(secret, func() time.Time { return time.Now().Add(shift) })
	if err != nil {
		t.Fatalf("jwt: %v", err)
	}
	tok, err := j.Issue(domain.Actor{EmployeeID: "emp-safety", Roles: domain.AllRoles()}, time.Hour)
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	return tok
}

// badinputCursor is a well-formed cursor of n keyset values no column
// can hold.
func badinputCursor(n int) string {
	vals := make([]string, n)
	for i := range vals {
		vals[i] = "'; DROP TABLE x; --"
	}
	return badinputEncodeCursor(vals)
}

func badinputEncodeCursor(vals []string) string {
	b, _ := json.Marshal(vals)
	return base64.RawURLEncoding.EncodeToString(b)
}
