package export

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
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
	row := Row{Position: "12-3", Stream: "customer-客户", StreamVersion: 7, EventID: "e-1", EventType: "customer.registered",
		SchemaVersion: 2, RecordedAt: time.Date(2026, 10, 1, 1, 2, 3, 4000, time.UTC), EffectiveAt: &eff, ActorID: "emp-1",
		ActorRole: "SALES_REP", ActorOrgUnitID: "EAST", Reason: "因为 \"quoted\"\n", RegulationVersion: "employee/v2",
		Data: "{\n  \"name\": \"王磊\"\n}"}
	line := func() []byte {
		var buf []byte
		nw := newNDJSONWriter(writerFunc(func(p []byte) (int, error) { buf = append(buf, p...); return len(p), nil }))
		if err := nw.write(row); err != nil {
			t.Fatal(err)
		}
		if err := nw.close(); err != nil {
			t.Fatal(err)
		}
		return buf
	}()
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
	want := row
	want.Data = ""
	got.Row.Data = ""
	if got.Row.Position != want.Position || got.Row.Reason != want.Reason || !got.Row.EffectiveAt.Equal(eff) ||
		!got.Row.RecordedAt.Equal(row.RecordedAt) || got.Row.StreamVersion != 7 || got.Row.SchemaVersion != 2 || got.Row.Stream != row.Stream {
		t.Errorf("decoded %+v, want %+v", got.Row, want)
	}
	if string(got.Data) != `{"name":"王磊"}` {
		t.Errorf("data = %s, want the body compacted onto the line", got.Data)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
