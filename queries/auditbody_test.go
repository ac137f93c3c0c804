package queries_test

import (
	"encoding/json"
	"testing"

	"github.com/opsledger/opsledger/queries"
)

func TestCanonicalBody(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"money becomes a decimal string beside its currency, keys in their order",
			`{"contract_id":"c1","value":{"minor":123450,"currency":"CNY"},"note":"<ok>"}`,
			`{"contract_id":"c1","value":{"amount":"1234.50","currency":"CNY"},"note":"<ok>"}`},
		{"negative and zero amounts, in arrays",
			`{"lines":[{"price":{"minor":-5,"currency":"CNY"}},{"price":{"currency":"USD","minor":0}}]}`,
			`{"lines":[{"price":{"amount":"-0.05","currency":"CNY"}},{"price":{"amount":"0.00","currency":"USD"}}]}`},
		{"a time with an offset becomes the same instant in UTC",
			`{"signed_at":"2026-03-01T08:30:00+08:00","at":"2026-03-01T00:30:00.5-01:00"}`,
			`{"signed_at":"2026-03-01T00:30:00Z","at":"2026-03-01T01:30:00.5Z"}`},
		{"UTC times, dates, text and numbers stay as they are",
			`{"at":"2026-03-01T00:30:00Z","due":"2026-03-31","text":"2026-03-01T08:30:00+08:00 said","qty":1.50,"ok":true,"none":null}`,
			`{"at":"2026-03-01T00:30:00Z","due":"2026-03-31","text":"2026-03-01T08:30:00+08:00 said","qty":1.50,"ok":true,"none":null}`},
		{"an object that only looks like money is left alone",
			`{"a":{"minor":1.5,"currency":"CNY"},"b":{"minor":1,"currency":"CNY","x":1},"c":{"minor":"1","currency":"CNY"}}`,
			`{"a":{"minor":1.5,"currency":"CNY"},"b":{"minor":1,"currency":"CNY","x":1},"c":{"minor":"1","currency":"CNY"}}`},
		{"spacing and every other byte are kept around what is rewritten",
			`{ "z" : 1,  "v": {"minor": 700, "currency": "CNY"} , "at" : "2026-03-01T08:00:00+08:00", "n": "签订 <script>" }`,
			`{ "z" : 1,  "v": {"amount":"7.00","currency":"CNY"} , "at" : "2026-03-01T00:00:00Z", "n": "签订 <script>" }`},
		{"a body with nothing to rewrite is the stored bytes", `{"z": 1, "a": {"note": "签订"},  "m": [3, 2]}`,
			`{"z": 1, "a": {"note": "签订"},  "m": [3, 2]}`},
		{"a bare amount at the top", ` {"minor":1,"currency":"CNY"}`, ` {"amount":"0.01","currency":"CNY"}`},
		{"not JSON: unchanged", `{"a":`, `{"a":`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := queries.CanonicalBody(json.RawMessage(tc.body))
			if string(got) != tc.want {
				t.Errorf("CanonicalBody(%s)\n = %s\nwant %s", tc.body, got, tc.want)
			}
		})
	}
}
