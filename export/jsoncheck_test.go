package export

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// jsonCheckCases are bodies at the edges of the JSON grammar, valid and
// not; the seed of the fuzz test below.
var jsonCheckCases = []string{
	``, ` `, `{}`, `[]`, ` { } `, `{"a":1}`, `{"a":1,}`, `{,}`, `{"a"}`, `{"a":}`, `{"a" : [1, 2 ,3 ] }`, `[1,]`, `[,1]`,
	`[1 2]`, `{"a":1 "b":2}`, `{"a":1}{}`, `{"a":1} x`, `{'a':1}`, `{a:1}`, `"x"`, `"`, `"a\"b"`, `"\u00e9\uD83D\uDE00"`,
	`"\u00g0"`, `"\u00"`, `"\x"`, "\"tab\tin\"", "\"nl\nin\"", `"\/\b\f\n\r\t"`, "\"bad \xff utf-8\"", `"中文 王磊"`,
	`true`, `false`, `null`, `tru`, `nul`, `True`, `0`, `-0`, `01`, `-`, `1.`, `.5`, `1.5`, `1e5`, `1E+5`, `1e-05`,
	`1e`, `1e+`, `-1.25e10`, `+1`, `[true,false,null]`, `{"a":{"b":[{"c":[]}]}}`, `{"a":{"b":[{"c":[]}]}`,
	`[[[]]]]`, `[{]}`, `{[]}`, "{\n  \"name\": \"王磊\"\n}", "\r\n[1]\t", `{"a":1,"a":2}`,
	strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth),
	strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1),
	strings.Repeat(`{"a":`, maxJSONDepth) + "{}" + strings.Repeat("}", maxJSONDepth),
	strings.Repeat(`{"a":`, maxJSONDepth-1) + "{}" + strings.Repeat("}", maxJSONDepth-1),
}

// Given bodies at the edges of the grammar, when the export checks them,
// then it says valid exactly when json.Valid does.
func TestJSONChecker_agreesWithEncodingJSON(t *testing.T) {
	var c jsonChecker
	for _, s := range jsonCheckCases {
		if got, want := c.valid([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("valid(%.60q) = %v, json.Valid says %v", s, got, want)
		}
	}
}

func FuzzJSONChecker(f *testing.F) {
	for _, s := range jsonCheckCases {
		f.Add([]byte(s))
	}
	var c jsonChecker
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := c.valid(b), json.Valid(b); got != want {
			t.Errorf("valid(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

// Given the cases mutated at random (bytes replaced, dropped or inserted
// from JSON's alphabet), when the export checks them, then it still says
// valid exactly when json.Valid does: the fuzz test's check without its
// instrumented build, run on every test run.
func TestJSONChecker_agreesOnMutatedBodies(t *testing.T) {
	const alphabet = "{}[],:\"\\ \n0123456789-+.eEtruefalsnl/bu\x01\xff中"
	rng := rand.New(rand.NewPCG(1, 2))
	var c jsonChecker
	for i := 0; i < 200_000; i++ {
		b := []byte(jsonCheckCases[rng.IntN(len(jsonCheckCases)-4)])
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(b) + 1)
			ch := alphabet[rng.IntN(len(alphabet))]
			switch rng.IntN(3) {
			case 0:
				b = slices.Insert(b, at, ch)
			case 1:
				if at < len(b) {
					b = slices.Delete(b, at, at+1)
				}
			default:
				if at < len(b) {
					b[at] = ch
				}
			}
		}
		if got, want := c.valid(b), json.Valid(b); got != want {
			t.Fatalf("valid(%q) = %v, json.Valid says %v", b, got, want)
		}
	}
}
