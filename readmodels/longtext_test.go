package readmodels_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// longestLegal is the longest value the command layer accepts for a text
// kind, in four-byte characters (CJK ideographs of extension B), the
// most bytes a character can take in UTF-8. The characters vary: PostgreSQL
// compresses a long value before it indexes it, and a repeated character
// would compress to a few bytes and hide an index that breaks on real
// text.
func longestLegal(kind domain.TextKind) string {
	var b strings.Builder
	x := uint32(2463534242)
	for range kind.Max {
		x ^= x << 13 // xorshift: deterministic, incompressible
		x ^= x >> 17
		x ^= x << 5
		b.WriteRune(rune(0x20000 + x%0xA6E0))
	}
	return b.String()
}

// textKindOfField is the kind of the free-text field called name (a JSON
// name) for this test: ids, names and numbers, which the read models
// index, are names (200 characters, the limit of the API's default kind);
// every other text gets the longest value of any kind (a note's 2,000
// characters), more than its own kind allows, so that no text the read
// models keep but do not index can break them.
func textKindOfField(name string) domain.TextKind {
	if name == "id" || name == "name" || name == "number" || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_by") {
		return domain.TextName
	}
	return domain.TextNote
}

// formatted are the text fields the command layer holds to a format, not
// a length: they get a valid value, as the plan's year does.
var formatted = map[string]string{"day": "2026-11-03", "period": "2026-11", "month": "2026-11", "period_start": "2026-11-02"}

// fillText sets every plain string in v (a struct, addressable) to the
// longest legal value of its field's kind, every time to at (and a year
// to its year), and every list to one filled element. Named string types are enumerations the
// command layer checks against their values: they stay as they are.
func fillText(v reflect.Value, name string, at time.Time) {
	switch v.Kind() {
	case reflect.String:
		if f, ok := formatted[name]; ok {
			v.SetString(f)
			return
		}
		if v.Type() == reflect.TypeOf("") {
			v.SetString(longestLegal(textKindOfField(name)))
		}
	case reflect.Int:
		if name == "year" {
			v.SetInt(int64(at.Year()))
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(at))
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			json, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fillText(v.Field(i), json, at)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillText(s.Index(0), name, at)
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillText(p.Elem(), name, at)
		v.Set(p)
	}
}

// filled is a copy of the zero event e with every text at its longest.
func filled(e domain.Event, at time.Time) domain.Event {
	v := reflect.New(reflect.TypeOf(e)).Elem()
	fillText(v, "", at)
	return v.Interface().(domain.Event)
}

// TestReadModels_TakeTheLongestLegalText (rule OPS-indexable): given every
// event of every aggregate with each text at the longest value the
// command layer accepts for its kind, in multi-byte characters, when
// every read model applies them on PostgreSQL, then none parks an event
// and each keeps its rows: no index can be broken by an accepted value.
func TestReadModels_TakeTheLongestLegalText(t *testing.T) {
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	id := longestLegal(domain.TextName)
	aggregates := []struct {
		stream string
		events []domain.Event
	}{
		{customer.Stream(id), customer.Events()}, {quotation.Stream(id), quotation.Events()},
		{contract.Stream(id), contract.Events()}, {order.Stream(id), order.Events()},
		{complaint.Stream(id), complaint.Events()}, {employee.Stream(id), employee.Events()},
		{training.SessionStream(id), training.Events()},
		{meeting.Stream(id), meeting.Events()}, {research.Stream(id), research.Events()},
		// the stock item's stream opens with its first event, a receipt
		{stock.ItemStreamPrefix + id, stock.Events()},
		{expense.Stream(id), expense.Events()},
		{salesplan.Stream(id), salesplan.Events()}, {workplan.Stream(id), workplan.Events()},
		{supervision.NoticeStream(id), supervision.Events()}, {supervision.EvaluationStream(id), supervision.Events()},
		{supervision.ReportStream(id), supervision.Events()},
	}
	var all []domain.Event
	for _, a := range aggregates {
		all = append(all, a.events...)
	}
	codec := eventstore.NewCodec(all...)
	store := memory.New()
	for _, a := range aggregates {
		events := make([]domain.Event, len(a.events))
		for i, e := range a.events {
			events[i] = filled(e, at)
		}
		readmodeltest.Append(t, store, codec, a.stream, events...)
	}

	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	for _, p := range readmodels.All() {
		t.Run(p.Name(), func(t *testing.T) {
			if err := projections.Ensure(ctx, pool, ns, p); err != nil {
				t.Fatalf("Ensure: %v", err)
			}
			projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
			head, err := store.Head(ctx)
			if err != nil {
				t.Fatalf("Head: %v", err)
			}
			waitErr := projections.WaitFor(ctx, pool, store, ns, head, 10*time.Second, p)
			parked, err := projections.DeadLetters(ctx, pool, ns, true)
			if err != nil {
				t.Fatalf("DeadLetters: %v", err)
			}
			for _, d := range parked {
				if d.Projection == p.Name() {
					t.Errorf("parked %s: %s", d.EventType, d.Error)
				}
			}
			if waitErr != nil {
				t.Fatalf("WaitFor: %v", waitErr)
			}
			var rows int
			view := pgx.Identifier{string(ns), p.Tables()[0]}.Sanitize()
			q := "SELECT count(*) FROM " + view + " v WHERE strpos(v::text, $1) > 0"
			if err := pool.QueryRow(ctx, q, id).Scan(&rows); err != nil {
				t.Fatalf("read %s: %v", view, err)
			}
			if rows == 0 {
				t.Errorf("%s holds no row of the aggregate with the longest id", view)
			}
		})
	}
}

// Given every text field of every event, when the longest-legal-text test
// fills it, then it gets at least as many characters as the command layer
// accepts for the field (domain.TextKindOf, the kind every decision and
// the API hold it to): a bound the decisions raise, or a field the fill
// classes too low, shows here before an accepted value breaks an index
// (rules OPS-indexable, §2.5-text).
func TestReadModels_LongestTextCoversEveryBound(t *testing.T) {
	var events []domain.Event
	for _, es := range [][]domain.Event{
		customer.Events(), quotation.Events(), contract.Events(), order.Events(),
		complaint.Events(), employee.Events(), salesplan.Events(), stock.Events(),
		meeting.Events(), research.Events(), workplan.Events(), supervision.Events(),
	} {
		events = append(events, es...)
	}
	fields := 0
	for _, e := range events {
		eachTextField(reflect.TypeOf(e), func(name string) {
			fields++
			if _, ok := formatted[name]; ok {
				return
			}
			if fill, bound := textKindOfField(name), domain.TextKindOf(name); fill.Max < bound.Max {
				t.Errorf("%s.%s: filled with %d characters, but the command layer accepts %d", e.EventType(), name, fill.Max, bound.Max)
			}
		})
	}
	if fields == 0 {
		t.Fatal("no event holds text: the test checks nothing")
	}
}

// eachTextField calls f with the JSON name of every plain string field in
// struct type t, lists and nested structs included, as fillText fills
// them.
func eachTextField(t reflect.Type, f func(name string)) {
	for i := range t.NumField() {
		field := t.Field(i)
		if !field.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		ft := field.Type
		for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft == reflect.TypeOf(""):
			f(name)
		case ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}):
			eachTextField(ft, f)
		}
	}
}
