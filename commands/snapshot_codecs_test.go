package commands

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// stateShapes are the hashes of each snapshotted state type's shape (its
// fields, their types and tags, recursively) under its current schema.
// When TestStateCodecs_schemaFollowsTheShape fails, the state changed:
// bump the aggregate's StateSchema (so older snapshots are ignored) and
// record the new hash under the new schema here. A change of what Evolve
// makes of an event needs the same bump, though no test can see it.
var stateShapes = map[string]string{
	"complaint.Complaint/1":  "534f9a271145ff72",
	"contract.Contract/1":    "c772a53a24c2f13d",
	"customer.Customer/1":    "6b5e5cf1d950448e",
	"customer.NumberClaim/1": "28cf2e5c34eb7e30",
	"employee.Employee/3":    "fe7f333b0a6341dd",
	"employee.Portfolio/1":   "e01d8762f391e1eb",
	"order.Order/3":          "5c7598d51388873c",
	"expense.Claim/1":        "0f9e7d503e960ba7",
	"quotation.Quotation/2":  "6362f76cd39e8e74",
	"salesplan.SalesPlan/1":  "2d48430002d3d179",
	// training
	"training.TrainingPlan/1":    "248699f7f86287e4",
	"training.TrainingSession/1": "dc8b8514b2af4333",
	"meeting.Meeting/1":          "7ed4456190a37785",
	"research.Project/1":         "751a79dbf7a30dc4",
	"workplan.WorkPlan/1":        "7b45f76e54924de9",
}

func TestStateCodecs_schemaFollowsTheShape(t *testing.T) {
	for typ, c := range stateCodecs {
		got := shapeHash(typ)
		want, ok := stateShapes[c.schema]
		if !ok || got != want {
			t.Errorf("%s has shape %s, want %q: its state changed, so bump its StateSchema and record the shape under the new schema in stateShapes", c.schema, got, want)
		}
	}
}

// shapeHash hashes the shape of t: every field's name, type and tag,
// recursively through structs, pointers, slices and maps.
func shapeHash(t reflect.Type) string {
	var b strings.Builder
	describe(&b, t, map[reflect.Type]bool{})
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

func describe(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	fmt.Fprintf(b, "%s(%s)", t.String(), t.Kind())
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		b.WriteString("[")
		describe(b, t.Elem(), seen)
		b.WriteString("]")
	case reflect.Map:
		b.WriteString("[")
		describe(b, t.Key(), seen)
		b.WriteString("]")
		describe(b, t.Elem(), seen)
	case reflect.Struct:
		if seen[t] || t == reflect.TypeFor[time.Time]() {
			return
		}
		seen[t] = true
		b.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(b, "%s `%s` ", f.Name, f.Tag)
			describe(b, f.Type, seen)
			b.WriteString(";")
		}
		b.WriteString("}")
	}
}

func TestStateCodecs_roundTrip(t *testing.T) {
	for typ, c := range stateCodecs {
		for _, filled := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s filled=%v", c.schema, filled), func(t *testing.T) {
				// Given a state with every field set (unexported ones
				// included), or the zero state
				v := reflect.New(typ).Elem()
				if filled {
					fill(v, 1)
				}
				// When it is encoded and decoded
				b, err := c.marshal(v.Interface())
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.unmarshal(b)
				if err != nil {
					t.Fatal(err)
				}
				// Then it is the same state
				if !reflect.DeepEqual(got, v.Interface()) {
					t.Errorf("round trip of %s\n%#v\nwant\n%#v", typ, got, v.Interface())
				}
			})
		}
	}
}

// fill sets every field of v, exported or not, to a value derived from
// seed: two entries in each map and slice.
func fill(v reflect.Value, seed int) {
	if v.CanAddr() && !v.CanSet() {
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", seed))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(seed))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(seed))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(seed) + 0.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), seed)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), seed*10+i)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, seed*10+i)
			fill(e, seed*10+i)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 1, 0, 0, seed, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), seed*10+i)
		}
	}
}
