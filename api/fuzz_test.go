package api

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
)

// fuzzRequest covers the shapes request types use: the envelope, text,
// numbers, booleans, times, nested objects, arrays and maps.
type fuzzRequest struct {
	Envelope
	Name    string            `json:"name"`
	Amount  string            `json:"amount"`
	Count   int64             `json:"count"`
	Ratio   float64           `json:"ratio"`
	Flag    bool              `json:"flag"`
	When    time.Time         `json:"when"`
	Maybe   *time.Time        `json:"maybe,omitempty"`
	Lines   []fuzzLine        `json:"lines"`
	Tags    []string          `json:"tags"`
	Changes map[string]string `json:"changes"`
}

type fuzzLine struct {
	Product  string `json:"product"`
	Quantity int    `json:"quantity"`
}

// fuzzRequestTypes are fuzzRequest and every request type the routes
// register, so new resources are fuzzed without touching this file.
func fuzzRequestTypes() []reflect.Type {
	types := []reflect.Type{reflect.TypeOf(fuzzRequest{})}
	s := &Server{router: chi.NewRouter()}
	rt := &routes{s: s, r: s.router}
	for _, register := range routeGroups {
		register(s, rt)
	}
	seen := map[reflect.Type]bool{}
	for _, r := range s.routes {
		if r.Request == nil {
			continue
		}
		t := reflect.TypeOf(r.Request)
		if !seen[t] {
			seen[t] = true
			types = append(types, t)
		}
	}
	return types
}

var fuzzSeeds = []string{
	``, `{}`, `null`, `[]`, `"x"`, `1`, `{"reason":"why","effective_at":"2026-01-31T00:00:00Z"}`,
	`{"name":"Acme","amount":"1234.50","count":3,"ratio":0.5,"flag":true,"when":"2026-01-31T08:00:00+08:00",
	  "lines":[{"product":"pump","quantity":2}],"tags":["a"],"changes":{"name":"B"}}`,
	`{"name":1}`, `{"count":"3"}`, `{"count":1e400}`, `{"count":-9223372036854775809}`, `{"flag":"yes"}`,
	`{"when":"yesterday"}`, `{"when":1}`, `{"lines":{"product":"x"}}`, `{"lines":[{"quantity":"2"}]}`,
	`{"changes":{"name":5}}`, `{"unknown":1}`, `{"reason":"x",}`, `{"reason":`, `{} {}`, `{}]`, `{"a":"\ud800"}`,
	`{"reason":"\u0000"}`, `{"reason":"\\u0000"}`, `{"tags":["a\u0000"]}`, `{"changes":{"\u0000":"x"}}`,
	`{"Name":"case-folded"}`, `{"name":"x","name":"y"}`, `[[[[[[[[[[[[[[[[[[[[[[[[[[`,
}

// FuzzDecodeStrict: decodeStrict never panics, and it either decodes or
// answers a *Problem with a 4xx status.
func FuzzDecodeStrict(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	types := fuzzRequestTypes()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, typ := range types {
			dst := reflect.New(typ).Interface()
			err := decodeStrict(body, dst)
			if err == nil {
				if fuzzHoldsNUL(reflect.ValueOf(dst)) {
					t.Fatalf("decodeStrict(%q) into %v accepted a NUL character", body, typ)
				}
				continue
			}
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("decodeStrict(%q) into %v: %T %v, want a *Problem", body, typ, err, err)
			}
			if p.Status < 400 || p.Status > 499 || p.Type == "" {
				t.Fatalf("decodeStrict(%q) into %v: problem %+v, want a typed 4xx", body, typ, p)
			}
		}
	})
}

// fuzzHoldsNUL reports whether any text in v holds a NUL character.
func fuzzHoldsNUL(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.ContainsRune(v.String(), 0)
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && fuzzHoldsNUL(v.Elem())
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if fuzzHoldsNUL(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if fuzzHoldsNUL(it.Key()) || fuzzHoldsNUL(it.Value()) {
				return true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if fuzzHoldsNUL(v.Field(i)) {
				return true
			}
		}
	}
	return false
}

// FuzzParseETag: parseETag never panics, refuses with a 400 problem, and
// reads back every ETag etag writes.
func FuzzParseETag(f *testing.F) {
	for _, s := range []string{`"0"`, `"7"`, `W/"7"`, ` "7" `, `7`, `"18446744073709551615"`, `"18446744073709551616"`,
		`"-1"`, `""`, `*`, `"1", "2"`, `W/`, `"abc"`, "\"\x00\"", `"+1"`, `"0x10"`} {
		f.Add(s, uint64(7))
	}
	f.Fuzz(func(t *testing.T, s string, n uint64) {
		if v, err := parseETag(etag(n)); err != nil || v != n {
			t.Fatalf("parseETag(etag(%d)) = %d, %v", n, v, err)
		}
		if _, err := parseETag(s); err != nil {
			var p *Problem
			if !errors.As(err, &p) || p.Status != http.StatusBadRequest || p.Type != problemBase+kindMalformed {
				t.Fatalf("parseETag(%q): %v, want a 400 malformed-request problem", s, err)
			}
		}
	})
}

func TestContainsNUL(t *testing.T) {
	for body, want := range map[string]bool{
		`{"a":"\u0000"}`: true, `{"a":"x\u0000y"}`: true, `{"\u0000":1}`: true,
		`{"a":"\\u0000"}`: false, `{"a":"\\\u0000"}`: true, `{"a":"\u00000"}`: true,
		`{"a":"\u0001"}`: false, `{"a":"u0000"}`: false, `{"a":"\\"}`: false, `\`: false,
	} {
		if got := containsNUL([]byte(body)); got != want {
			t.Errorf("containsNUL(%s) = %v, want %v", body, got, want)
		}
	}
}
