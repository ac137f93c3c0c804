package eventstoretest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// testRecordedFields checks what the store assigns to each event and what
// Append reports, and that ReadStream and ReadAll return the same records.
func testRecordedFields(t *testing.T, e *env) {
	s1, s2 := e.stream("order-1"), e.stream("order-2")
	evs := []eventstore.EventData{e.event("placed"), e.event("shipped")}
	evs[1].SchemaVersion = 2
	r1 := e.append(s1, eventstore.NoStream, evs...)
	r2 := e.append(s2, eventstore.NoStream, e.event("placed"))
	got := e.read(s1, eventstore.ReadStreamOptions{})
	checkVersions(t, s1, got)
	checkAscending(t, "ReadStream", got)
	if len(got) != 2 {
		t.Fatalf("stream holds %d events, want 2", len(got))
	}
	for i, r := range got {
		if diff := cmp.Diff(evs[i], r.EventData); diff != "" {
			t.Errorf("event %d (-appended +read):\n%s", i, diff)
		}
		if r.Position.IsStart() || r.RecordedAt.IsZero() {
			t.Errorf("event %d: Position %v, RecordedAt %v: want both set", i, r.Position, r.RecordedAt)
		}
	}
	if want := (eventstore.AppendResult{Version: 2, Position: got[1].Position}); r1 != want {
		t.Errorf("AppendResult = %+v, want %+v", r1, want)
	}
	if r2.Version != 1 || r2.Position.Compare(r1.Position) <= 0 {
		t.Errorf("second AppendResult = %+v, want version 1 after position %v", r2, r1.Position)
	}
	want := append(got, e.read(s2, eventstore.ReadStreamOptions{})...)
	if diff := cmp.Diff(want, e.readAll(e.mine(), 100, 3)); diff != "" {
		t.Errorf("ReadAll (-ReadStream +ReadAll):\n%s", diff)
	}
}

// roundTrip appends ev to a fresh stream and returns it as read back by
// ReadStream and by ReadAll, after checking both agree.
func (e *env) roundTrip(ev eventstore.EventData) eventstore.Recorded {
	e.t.Helper()
	stream := e.stream("order-1")
	e.append(stream, eventstore.NoStream, ev)
	got := e.read(stream, eventstore.ReadStreamOptions{})
	if len(got) != 1 {
		e.t.Fatalf("stream holds %d events, want 1", len(got))
	}
	all := e.readAll(e.mine(), 10, 1)
	if diff := diffRecorded(got, all); diff != "" {
		e.t.Fatalf("ReadAll (-ReadStream +ReadAll):\n%s", diff)
	}
	return got[0]
}

// testMetadataRoundTrip sets every Metadata field and expects it back; the
// effective time comes from another zone and may come back in UTC.
func testMetadataRoundTrip(t *testing.T, e *env) {
	shanghai := time.FixedZone("CST", 8*3600)
	meta := eventstore.Metadata{
		ActorID:           "emp-0042",
		ActorRole:         domain.RoleDeptHead,
		ActorOrgUnitID:    "org-sales-east",
		OnBehalfOf:        "emp-0007",
		Reason:            "customer asked for a later delivery",
		SourceDocRef:      "doc:contract/2026-0815",
		RegulationVersion: "credit-limit@3",
		EffectiveAt:       time.Date(2026, 3, 1, 9, 30, 15, 123456000, shanghai),
		CorrelationID:     "7c0e4b0e-5c4f-4f55-9d53-2f2f0b1f6c11",
		CausationID:       "1b7a6a52-3a7e-4a8b-8d4d-8f9a2ac1e0b3",
		IdempotencyKey:    "idem-9f86d081884c7d65",
		TraceParent:       "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
		PrevHash:          "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
		Hash:              "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
	}
	ev := e.event("placed")
	ev.Metadata = meta
	got := e.roundTrip(ev)
	if diff := cmp.Diff(meta, got.Metadata); diff != "" {
		t.Errorf("metadata (-appended +read):\n%s", diff)
	}
	bare := e.in(t)
	bare.prefix += "bare-"
	if got := bare.roundTrip(bare.event("placed")); !cmp.Equal(eventstore.Metadata{}, got.Metadata) {
		t.Errorf("empty metadata read back as %+v", got.Metadata)
	}
}

// testChineseText round-trips Chinese text in the body and the metadata.
func testChineseText(t *testing.T, e *env) {
	ev := e.event("placed")
	ev.Data = []byte(`{"customer":"上海浦东发展银行","note":"客户要求延期交货，原因：仓库盘点 ✓"}`)
	ev.Metadata.Reason = "经理批准：特殊折扣"
	ev.Metadata.SourceDocRef = "合同-2026-第15号"
	got := e.roundTrip(ev)
	if diff := cmp.Diff(ev, got.EventData); diff != "" {
		t.Errorf("event (-appended +read):\n%s", diff)
	}
}

// testBigEvent round-trips an event whose body is MaxEventSize bytes.
func testBigEvent(t *testing.T, e *env) {
	size := e.opts.MaxEventSize
	if size == 0 {
		size = DefaultMaxEventSize
	}
	ev := e.event("placed")
	ev.Data = bigBody(size)
	got := e.roundTrip(ev)
	if !bytes.Equal(got.Data, ev.Data) {
		t.Errorf("body of %d bytes read back as %d bytes, different", size, len(got.Data))
	}
}

// diffRecorded is cmp.Diff(want, got) comparing bodies with bytes.Equal,
// as cmp is slow on megabyte slices.
func diffRecorded(want, got []eventstore.Recorded) string {
	if len(want) != len(got) {
		return cmp.Diff(ids(want), ids(got))
	}
	strip := func(rs []eventstore.Recorded) []eventstore.Recorded {
		out := slices.Clone(rs)
		for i := range out {
			out[i].Data = nil
		}
		return out
	}
	for i := range want {
		if !bytes.Equal(want[i].Data, got[i].Data) {
			return fmt.Sprintf("event %d: bodies differ (%d and %d bytes)", i, len(want[i].Data), len(got[i].Data))
		}
	}
	return cmp.Diff(strip(want), strip(got))
}

// bigBody returns a JSON object of exactly size bytes, mostly Chinese text.
func bigBody(size int) []byte {
	const head, tail = `{"blob":"`, `"}`
	var b strings.Builder
	b.WriteString(head)
	for b.Len()+len("数据")+len(tail) <= size {
		b.WriteString("数据")
	}
	b.WriteString(strings.Repeat("x", size-b.Len()-len(tail)))
	b.WriteString(tail)
	return []byte(b.String())
}
