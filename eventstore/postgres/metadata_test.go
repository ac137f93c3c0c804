package postgres

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// TestDecodeMetadata holds the hand-written fast path to encoding/json:
// every input decodes exactly as json.Unmarshal decodes it.
func TestDecodeMetadata(t *testing.T) {
	full, err := json.Marshal(eventstore.Metadata{
		ActorID: "emp-1", ActorRole: "GM", ActorOrgUnitID: "hq", OnBehalfOf: "emp-2",
		Reason: "年度框架合同 signed", SourceDocRef: "doc-9", RegulationVersion: "2026.1",
		EffectiveAt:   time.Date(2026, 1, 2, 9, 30, 0, 123456000, time.FixedZone("CST", 8*3600)),
		CorrelationID: "c", CausationID: "d", IdempotencyKey: "k", PrevHash: "p", Hash: "h",
	})
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string]string{
		"everything":            string(full),
		"empty object":          `{}`,
		"one field":             `{"actor_id":"emp-1"}`,
		"escaped quote":         `{"reason":"said \"no\"","actor_id":"a"}`,
		"unicode escape":        `{"reason":"\u5e74\u5ea6"}`,
		"whitespace":            `{ "actor_id" : "a" }`,
		"unknown key":           `{"actor_id":"a","extra":"x"}`,
		"key in another case":   `{"Actor_ID":"a"}`,
		"null value":            `{"actor_id":null}`,
		"number value":          `{"extra":1,"actor_id":"a"}`,
		"duplicate key":         `{"actor_id":"a","actor_id":"b"}`,
		"utc effective time":    `{"effective_at":"2026-01-02T09:30:00Z"}`,
		"invalid utf-8":         "{\"reason\":\"\xff\xfe\"}",
		"trailing comma":        `{"actor_id":"a",}`,
		"effective time broken": `{"effective_at":"yesterday"}`,
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			var want eventstore.Metadata
			wantErr := json.Unmarshal([]byte(in), &want)
			got, err := decodeMetadata(in)
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("decodeMetadata(%s) error = %v, json.Unmarshal error = %v", in, err, wantErr)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("decodeMetadata(%s) differs from json.Unmarshal (-want +got):\n%s", in, diff)
			}
		})
	}
}
