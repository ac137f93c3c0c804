package integrity

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// The envelope in a leaf is what encoding/json writes: the fast path must
// write the same bytes for every envelope, or events sealed before would
// no longer verify.
func TestEnvelopeBytesAreEncodingJSONs(t *testing.T) {
	if !envelopeFieldsKnown {
		t.Fatal("eventstore.Metadata changed: update envelopeFields (and appendEnvelopeFast) to its fields, in order")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		m := randomEnvelope(rng)
		want, wantErr := json.Marshal(m)
		got, err := appendEnvelope([]byte("prefix"), &m)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("envelope %d %+v: error %v, encoding/json's %v", i, m, err, wantErr)
		}
		if err == nil && !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("envelope %d:\n got %s\nwant prefix%s", i, got, want)
		}
	}
}

// The common envelope takes the fast path, so the equality above is
// tested where it matters.
func TestPlainEnvelopeTakesTheFastPath(t *testing.T) {
	m := eventstore.Metadata{ActorID: "emp-000042", ActorRole: domain.Role("SALES_REP"), Reason: "年度框架合同",
		EffectiveAt: time.Date(2026, 1, 2, 9, 0, 0, 5, time.FixedZone("CST", 8*3600)), CorrelationID: "c-1"}
	if _, ok := appendEnvelopeFast(nil, &m); !ok {
		t.Fatal("a plain envelope went through encoding/json")
	}
}

var envelopePieces = []string{"", "", "", "emp-1", "SALES_REP", "年度", "a\"b", `a\b`, "<tag>", "a&b", "line\nbreak", "tab\t",
	"\x7f", "\u2028", "x\u2029y", "\xff\xfe", "é", "\x00", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}

func randomEnvelope(rng *rand.Rand) eventstore.Metadata {
	s := func() string {
		out := ""
		for range rng.IntN(3) {
			out += envelopePieces[rng.IntN(len(envelopePieces))]
		}
		return out
	}
	m := eventstore.Metadata{ActorID: s(), ActorRole: domain.Role(s()), ActorOrgUnitID: s(), OnBehalfOf: s(), Reason: s(),
		SourceDocRef: s(), RegulationVersion: s(), CorrelationID: s(), CausationID: s(), IdempotencyKey: s(),
		TraceParent: s(), PrevHash: s(), Hash: s()}
	switch rng.IntN(7) {
	case 5:
		m.EffectiveAt = time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("", []int{-86400, 86400, -86399, 86399, 86340, 200 * 3600}[rng.IntN(6)]))
	case 6:
		m.EffectiveAt = time.Date(-1+rng.IntN(3), 1, 1, 0, 0, 0, 0, time.UTC)
	case 0: // zero: omitted
	case 1:
		m.EffectiveAt = time.Date(2026, 3, 4, 5, 6, 7, rng.IntN(1e9), time.UTC)
	case 2:
		m.EffectiveAt = time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("", rng.IntN(48*3600)-24*3600))
	case 3:
		m.EffectiveAt = time.Date(10000+rng.IntN(10), 1, 1, 0, 0, 0, 0, time.UTC) // encoding/json refuses it
	default:
		m.EffectiveAt = time.Unix(rng.Int64N(1<<40), 0)
	}
	return m
}
