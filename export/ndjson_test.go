package export

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// TestNDJSONLine_isWhatEncodingJSONWrites: the hand-written line decodes
// to the row it was written from and escapes strings exactly as
// encoding/json does (HTML escaping off), for the characters that need it.
func TestNDJSONLine_isWhatEncodingJSONWrites(t *testing.T) {
	for _, s := range []string{"", "plain", `quo"te back\slash`, "line\nbreak\rtab\t", "\x00\x01\x1f\x7f", "中文 王磊 客户",
		"<html>&amp;", "\u2028\u2029", "bad \xff utf-8", "emoji 🙂"} {
		got := string(appendJSONString(nil, s))
		var want strings.Builder
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got+"\n" != want.String() {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want.String())
		}
	}
	eff := time.Date(2026, 9, 30, 23, 59, 59, 123456000, time.UTC)
	stored := eventstore.Recorded{
		EventData: eventstore.EventData{ID: "e-1", Type: "customer.registered", SchemaVersion: 2,
			Data: []byte("{\n  \"name\": \"王磊\"\n}"),
			Metadata: eventstore.Metadata{ActorID: "emp-1", ActorRole: "SALES_REP", ActorOrgUnitID: "EAST",
				Reason: "因为 \"quoted\"\n", RegulationVersion: "employee/v2", EffectiveAt: eff}},
		Stream: "customer-客户", StreamVersion: 7, Position: eventstore.Position{Major: 12, Minor: 3},
		RecordedAt: time.Date(2026, 10, 1, 1, 2, 3, 4000, time.UTC),
	}
	row := Row{Position: "12-3", Stream: "customer-客户", StreamVersion: 7, EventID: "e-1", EventType: "customer.registered",
		SchemaVersion: 2, RecordedAt: time.Date(2026, 10, 1, 1, 2, 3, 4000, time.UTC), EffectiveAt: &eff, ActorID: "emp-1",
		ActorRole: "SALES_REP", ActorOrgUnitID: "EAST", Reason: "因为 \"quoted\"\n", RegulationVersion: "employee/v2"}
	line := ndjsonLine(t, stored)
	if line[len(line)-1] != '\n' || !json.Valid(line[:len(line)-1]) {
		t.Fatalf("line %q is not one JSON object and a newline", line)
	}
	var got struct {
		Row
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(line, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(row, got.Row); diff != "" {
		t.Errorf("decoded row (-want +got):\n%s", diff)
	}
	if string(got.Data) != `{"name":"王磊"}` {
		t.Errorf("data = %s, want the body compacted onto the line", got.Data)
	}
}

// Given stored events with text that needs escaping, Chinese text, a
// retroactive time or none, when each is written as an NDJSON line, then
// the line is byte for byte what encoding/json writes for its row (HTML
// escaping off) with the body as raw JSON.
func TestNDJSONLine_isByteForByteEncodingJSONsLine(t *testing.T) {
	base := benchEvent()
	noEffective := benchEvent()
	noEffective.Metadata = eventstore.Metadata{ActorID: "sys"}
	quoted := benchEvent()
	quoted.Metadata.Reason = "a \"quoted\" reason\nover two lines, <b>&\u2028</b> \x01"
	quoted.Data = []byte(`{"note":"a, \"quoted\" note\nover two lines","客户":"上海华东机电有限公司","n":[1,2.5,null,true]}`)
	for name, e := range map[string]eventstore.Recorded{"full": base, "no effective time": noEffective, "escapes": quoted} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			Row
			Data json.RawMessage `json:"data"`
		}{rowOf(e), json.RawMessage(e.Data)}); err != nil {
			t.Fatal(err)
		}
		if got := ndjsonLine(t, e); string(got) != want.String() {
			t.Errorf("%s: line\n%s\nwant\n%s", name, got, want.String())
		}
	}
}

// Given a body that is not JSON, when it is written, then the writer
// refuses it rather than write a broken line.
func TestNDJSONLine_refusesABodyThatIsNotJSON(t *testing.T) {
	e := benchEvent()
	e.Data = []byte(`{"name":"王磊"`)
	nw := newNDJSONWriter(io.Discard)
	if err := nw.write(e); err == nil {
		t.Fatal("write() = nil, want an error for a body that is not JSON")
	}
}

func ndjsonLine(t *testing.T, e eventstore.Recorded) []byte {
	t.Helper()
	var buf []byte
	nw := newNDJSONWriter(writerFunc(func(p []byte) (int, error) { buf = append(buf, p...); return len(p), nil }))
	if err := nw.write(e); err != nil {
		t.Fatal(err)
	}
	if err := nw.close(); err != nil {
		t.Fatal(err)
	}
	return buf
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
