package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/parquet-go/parquet-go"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/export"
)

// history appends a small company history: two customers (one with a
// Chinese name and a retroactive fact), an order, and returns the store's
// own view of it, which every export must reproduce field by field.
func history(t *testing.T, store eventstore.Store) []eventstore.Recorded {
	t.Helper()
	ctx := context.Background()
	effective := time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.FixedZone("CST", 8*3600))
	appends := []struct {
		stream string
		events []eventstore.EventData
	}{
		{"customer-c1", []eventstore.EventData{
			event("e1", "customer.registered", `{"customer_id":"c1","name":"上海华东机电有限公司","contact":"王小明"}`,
				eventstore.Metadata{ActorID: "rep-1", ActorRole: domain.RoleSalesRep, ActorOrgUnitID: "S1", Reason: "首次拜访",
					RegulationVersion: "customer/default", CorrelationID: "corr-1"}),
			event("e2", "customer.visited", `{"customer_id":"c1","note":"a, \"quoted\" note\nover two lines"}`,
				eventstore.Metadata{ActorID: "rep-1", ActorRole: domain.RoleSalesRep, EffectiveAt: effective, CausationID: "e1",
					OnBehalfOf: "rep-2", SourceDocRef: "doc-7"}),
		}},
		{"customer-c2", []eventstore.EventData{
			event("e3", "customer.registered", `{"customer_id":"c2","name":"Acme"}`, eventstore.Metadata{ActorID: "rep-2"}),
		}},
		{"order-o1", []eventstore.EventData{
			event("e4", "order.placed", `{"order_id":"o1","amount":"1200.50"}`, eventstore.Metadata{ActorID: "rep-1"}),
		}},
	}
	for _, a := range appends {
		if _, err := store.Append(ctx, a.stream, eventstore.NoStream, a.events...); err != nil {
			t.Fatalf("Append(%s) = %v", a.stream, err)
		}
	}
	// PostgreSQL shows an event to readers of $all once no older
	// transaction anywhere in the cluster can still commit before it, so
	// the history becomes readable a moment after its appends return.
	deadline := time.Now().Add(10 * time.Second)
	for {
		all, err := store.ReadAll(ctx, eventstore.Start, 100, eventstore.Filter{})
		if err != nil {
			t.Fatalf("ReadAll() = %v", err)
		}
		if len(all) == 4 || time.Now().After(deadline) {
			return all
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func event(id, typ, body string, meta eventstore.Metadata) eventstore.EventData {
	return eventstore.EventData{ID: id, Type: typ, SchemaVersion: 1, Data: []byte(body), Metadata: meta}
}

// want is the row an export must write for a stored event, built here
// from the stored event independently of the package's own mapping.
func want(r eventstore.Recorded) export.Row {
	row := export.Row{Position: r.Position.String(), Stream: r.Stream, StreamVersion: int64(r.StreamVersion),
		EventID: r.ID, EventType: r.Type, SchemaVersion: int32(r.SchemaVersion),
		RecordedAt: r.RecordedAt.UTC().Truncate(time.Microsecond), ActorID: r.Metadata.ActorID,
		ActorRole: string(r.Metadata.ActorRole), ActorOrgUnitID: r.Metadata.ActorOrgUnitID,
		OnBehalfOf: r.Metadata.OnBehalfOf, Reason: r.Metadata.Reason, SourceDocRef: r.Metadata.SourceDocRef,
		RegulationVersion: r.Metadata.RegulationVersion, CorrelationID: r.Metadata.CorrelationID,
		CausationID: r.Metadata.CausationID, Data: string(r.Data)}
	if !r.Metadata.EffectiveAt.IsZero() {
		e := r.Metadata.EffectiveAt.UTC().Truncate(time.Microsecond)
		row.EffectiveAt = &e
	}
	return row
}

func wantAll(rs []eventstore.Recorded) []export.Row {
	out := make([]export.Row, len(rs))
	for i, r := range rs {
		out[i] = want(r)
	}
	return out
}

// stores are the event stores an export is checked against.
func stores(t *testing.T) map[string]func(*testing.T) eventstore.Store {
	return map[string]func(*testing.T) eventstore.Store{
		"postgres": func(t *testing.T) eventstore.Store { return pgtest.Store(t) },
		"memory":   func(*testing.T) eventstore.Store { return memory.New() },
	}
}

// Given a history with Chinese text, commas, quotes, newlines and a
// retroactive effective time, when it is exported in each format and read
// back (Parquet with the same library), then every row equals the stored
// event field by field, in log order.
func TestWrite_roundTripsEveryFormat(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			store := open(t)
			stored := history(t, store)
			for _, f := range export.Formats {
				t.Run(string(f), func(t *testing.T) {
					var buf bytes.Buffer
					n, err := export.Write(context.Background(), store, export.Query{}, f, &buf, export.Options{})
					if err != nil {
						t.Fatalf("Write() = %v", err)
					}
					if n != int64(len(stored)) {
						t.Errorf("Write() wrote %d events, want %d", n, len(stored))
					}
					if diff := cmp.Diff(wantAll(stored), readBack(t, f, buf.Bytes())); diff != "" {
						t.Errorf("read back differs from the store (-want +got):\n%s", diff)
					}
				})
			}
		})
	}
}

// readBack parses an export in format f into rows.
func readBack(t *testing.T, f export.Format, b []byte) []export.Row {
	t.Helper()
	switch f {
	case export.NDJSON:
		return readNDJSON(t, b)
	case export.CSV:
		return readCSV(t, b)
	case export.Parquet:
		rows, err := parquet.Read[export.Row](bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("parquet.Read() = %v", err)
		}
		for i := range rows { // the library reads timestamps back in local time
			rows[i].RecordedAt = rows[i].RecordedAt.UTC()
			if rows[i].EffectiveAt != nil {
				e := rows[i].EffectiveAt.UTC()
				rows[i].EffectiveAt = &e
			}
		}
		return rows
	}
	t.Fatalf("no reader for %s", f)
	return nil
}

func readNDJSON(t *testing.T, b []byte) []export.Row {
	var rows []export.Row
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var line struct {
			export.Row
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("NDJSON line %q: %v", sc.Text(), err)
		}
		line.Row.Data = string(line.Data)
		rows = append(rows, line.Row)
	}
	return rows
}

func readCSV(t *testing.T, b []byte) []export.Row {
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	if diff := cmp.Diff(export.CSVHeader, records[0]); diff != "" {
		t.Fatalf("CSV header (-want +got):\n%s", diff)
	}
	var rows []export.Row
	for _, r := range records[1:] {
		row := export.Row{Position: r[0], Stream: r[1], EventID: r[3], EventType: r[4], ActorID: r[8], ActorRole: r[9],
			ActorOrgUnitID: r[10], OnBehalfOf: r[11], Reason: r[12], SourceDocRef: r[13], RegulationVersion: r[14],
			CorrelationID: r[15], CausationID: r[16], Data: r[17]}
		row.StreamVersion, _ = strconv.ParseInt(r[2], 10, 64)
		sv, _ := strconv.Atoi(r[5])
		row.SchemaVersion = int32(sv)
		row.RecordedAt = parseTime(t, r[6])
		if r[7] != "" {
			e := parseTime(t, r[7])
			row.EffectiveAt = &e
		}
		rows = append(rows, row)
	}
	return rows
}

func parseTime(t *testing.T, s string) time.Time {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("CSV time %q: %v", s, err)
	}
	return v
}

// Given a history, when an export selects types, stream prefixes or a
// recorded-time range, then it writes exactly the events selected, the
// range's start included and its end excluded.
func TestWrite_selects(t *testing.T) {
	store := pgtest.Store(t)
	stored := history(t, store)
	second := stored[1].RecordedAt
	cases := []struct {
		name string
		q    export.Query
		want []eventstore.Recorded
	}{
		{"types", export.Query{Types: []string{"customer.registered"}}, []eventstore.Recorded{stored[0], stored[2]}},
		{"streams", export.Query{StreamPrefixes: []string{"order-"}}, []eventstore.Recorded{stored[3]}},
		{"both", export.Query{Types: []string{"customer.registered"}, StreamPrefixes: []string{"customer-c2"}},
			[]eventstore.Recorded{stored[2]}},
		{"range start included", export.Query{From: stored[3].RecordedAt}, onOrAfter(stored, stored[3].RecordedAt)},
		{"range end excluded", export.Query{To: second}, before(stored, second)},
		{"nothing", export.Query{From: stored[3].RecordedAt.Add(time.Hour)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := export.Write(context.Background(), store, c.q, export.NDJSON, &buf, export.Options{}); err != nil {
				t.Fatalf("Write() = %v", err)
			}
			if diff := cmp.Diff(wantAll(c.want), readNDJSON(t, buf.Bytes()), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("selected (-want +got):\n%s", diff)
			}
		})
	}
}

func onOrAfter(rs []eventstore.Recorded, t time.Time) (out []eventstore.Recorded) {
	for _, r := range rs {
		if !r.RecordedAt.Before(t) {
			out = append(out, r)
		}
	}
	return out
}

func before(rs []eventstore.Recorded, t time.Time) (out []eventstore.Recorded) {
	for _, r := range rs {
		if r.RecordedAt.Before(t) {
			out = append(out, r)
		}
	}
	return out
}

// Given an empty log, when it is exported, then each format is a valid
// empty file: NDJSON empty, CSV only its header, Parquet no rows.
func TestWrite_emptyLog(t *testing.T) {
	for _, f := range export.Formats {
		var buf bytes.Buffer
		n, err := export.Write(context.Background(), pgtest.Store(t), export.Query{}, f, &buf, export.Options{})
		if err != nil || n != 0 {
			t.Fatalf("%s: Write() = %d, %v; want 0, nil", f, n, err)
		}
		if rows := readBack(t, f, buf.Bytes()); len(rows) != 0 {
			t.Errorf("%s: read back %d rows from an empty log", f, len(rows))
		}
	}
}

// Given a query that makes no sense, when it is checked, then it is
// refused with ErrBadQuery: a range that ends where or before it starts,
// an unknown type, an empty stream prefix, an unknown format.
func TestQuery_Check(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	known := []string{"customer.registered"}
	bad := map[string]export.Query{
		"to before from": {From: t0, To: t0.Add(-time.Second)},
		"to equals from": {From: t0, To: t0},
		"unknown type":   {Types: []string{"customer.regsitered"}},
		"empty prefix":   {StreamPrefixes: []string{" "}},
	}
	for name, q := range bad {
		if err := q.Check(known); !errors.Is(err, export.ErrBadQuery) {
			t.Errorf("%s: Check() = %v, want ErrBadQuery", name, err)
		}
	}
	if err := (export.Query{From: t0, To: t0.Add(time.Second), Types: known}).Check(known); err != nil {
		t.Errorf("a one-second range of a known type: Check() = %v", err)
	}
	if _, err := export.ParseFormat("xlsx"); !errors.Is(err, export.ErrBadQuery) {
		t.Errorf("ParseFormat(xlsx) = %v, want ErrBadQuery", err)
	}
}

// Given Accept headers, when an export negotiates its format, then it
// picks what they prefer, NDJSON when they ask for nothing in particular,
// and nothing for a type it cannot write.
func TestNegotiate(t *testing.T) {
	cases := map[string]export.Format{
		"":                                     export.NDJSON,
		"*/*":                                  export.NDJSON,
		"text/csv":                             export.CSV,
		"application/vnd.apache.parquet":       export.Parquet,
		"text/csv;q=0.5, application/x-ndjson": export.NDJSON,
	}
	for accept, wantFormat := range cases {
		if got, ok := export.Negotiate(accept); !ok || got != wantFormat {
			t.Errorf("Negotiate(%q) = %s, %v; want %s", accept, got, ok, wantFormat)
		}
	}
	if got, ok := export.Negotiate("application/pdf"); ok {
		t.Errorf("Negotiate(application/pdf) = %s, want none", got)
	}
}
