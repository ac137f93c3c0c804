package api

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
)

// schemaGen describes Go types as JSON Schema 2020-12 (the dialect of
// OpenAPI 3.1), following encoding/json's rules for names, embedding and
// omitempty. Named struct and enum types become components, referenced
// by their Go name, so a client generator makes one type of each.
type schemaGen struct {
	components map[string]any
	names      map[reflect.Type]string
}

func newSchemaGen() *schemaGen {
	g := &schemaGen{components: map[string]any{}, names: map[reflect.Type]string{}}
	g.components[decimalComponent] = decimalSchema()
	return g
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
	rawType       = reflect.TypeFor[json.RawMessage]()
)

// decimalComponent is the component every amount and percentage refers to.
const decimalComponent = "Decimal"

// decimalPattern is the shape domain.ParseMoney reads and Decimal writes:
// an optional minus, digits, and at most two decimal places. Amounts are
// never JSON numbers, so no client parses them into a float.
const decimalPattern = `^-?\d+(\.\d{1,2})?$`

func decimalSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": decimalPattern,
		"description": "an exact decimal with at most two places (\"1234.50\", \"-3\"): an amount in CNY, or a percentage (\"49.99\" is 49.99%)",
		"examples":    []any{"1234.50"}}
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// schema describes t; a named struct or enum type is a $ref to its
// component, registered on first use.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := g.special(t); ok {
		return s
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer", "format": intFormat(t)}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "format": intFormat(t), "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": []any{"array", "null"}, "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": []any{"object", "null"}, "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		if alts, ok := answeredAs[t]; ok {
			var one []any
			for _, alt := range alts {
				one = append(one, g.component(alt, func() map[string]any { return g.object(alt) }))
			}
			return map[string]any{"oneOf": one}
		}
		return g.component(t, func() map[string]any { return g.object(t) })
	}
	return map[string]any{}
}

// special describes the types whose JSON is not what reflection sees:
// times, dates, decimal amounts and raw JSON.
func (g *schemaGen) special(t reflect.Type) (map[string]any, bool) {
	switch {
	case t == timeType: // first: time.Time is also a json.Marshaler
		return map[string]any{"type": "string", "format": "date-time"}, true
	case t == reflect.TypeFor[Date]():
		return map[string]any{"type": "string", "format": "date", "description": "a date such as 2027-01-15 (an RFC 3339 date-time is also accepted)"}, true
	case t == reflect.TypeFor[Month]():
		return map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}(-\d{2}.*)?$`, "description": "a month such as 2027-01 (a date in the month is also accepted)"}, true
	case t == rawType:
		return map[string]any{"description": "any JSON value, as stored"}, true
	case t == reflect.TypeFor[queries.Day]():
		return map[string]any{"type": "string", "format": "date", "description": "a calendar day such as 2027-01-15 (UTC)"}, true
	case t == reflect.TypeFor[queries.KPIRow]():
		return map[string]any{"type": "object", "description": "column key → value as the column's type says (null: undefined, such as a rate over nothing), plus drill and resource paths",
			"additionalProperties": map[string]any{"type": []any{"string", "number", "integer", "boolean", "null"}}}, true
	case t == reflect.TypeFor[queries.Position]():
		return map[string]any{"type": "string", "pattern": `^\d+-\d+$`, "description": "a position in the event log, as ?after= takes it"}, true
	}
	if _, ok := decimalTypes[t]; ok {
		return ref(decimalComponent), true
	}
	if t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) {
		// A type with its own encoding must be listed above: reflection
		// would describe its Go fields, not its JSON.
		panic("openapi: " + t.String() + " has its own JSON encoding and no schema; add it to openapi_schema.go")
	}
	return nil, false
}

func intFormat(t reflect.Type) string {
	if t.Bits() <= 32 {
		return "int32"
	}
	return "int64"
}

// component registers t under its Go name (its package's name prefixed
// when another type already took that name) and refers to it.
func (g *schemaGen) component(t reflect.Type, build func() map[string]any) map[string]any {
	if name, ok := g.names[t]; ok {
		return ref(name)
	}
	name := exported(componentName(t))
	if _, taken := g.components[name]; taken {
		name = exported(packageName(t)) + name
	}
	g.names[t] = name
	g.components[name] = map[string]any{} // reserved: t may refer to itself
	g.components[name] = build()
	return ref(name)
}

var typeArgPath = regexp.MustCompile(`[\w./-]*\.`)

// componentName is t's Go name, a generic's type arguments spelt into it
// (Page[queries.Customer] is PageCustomer).
func componentName(t reflect.Type) string {
	return strings.NewReplacer("[", "", "]", "", ",", "", " ", "", "*", "").Replace(typeArgPath.ReplaceAllString(t.Name(), ""))
}

func packageName(t reflect.Type) string {
	p := t.PkgPath()
	return p[strings.LastIndex(p, "/")+1:]
}

func exported(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// object describes a struct: its JSON fields, required unless omitempty
// or omitzero drops them, and nothing else.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.addFields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g *schemaGen) addFields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" && ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			g.addFields(ft, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.field(t, f, name)
		if !hasOpt(opts, "omitempty") && !hasOpt(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

// field describes one struct field: a plain string named as an amount is
// a decimal, a pointer that is always sent may be null.
func (g *schemaGen) field(owner reflect.Type, f reflect.StructField, name string) map[string]any {
	if f.Type.Kind() == reflect.String && f.Type.PkgPath() == "" && decimalFields[name] {
		return ref(decimalComponent)
	}
	if e, ok := enumFields[enumField{owner, name}]; ok {
		return g.enumSchema(e)
	}
	if f.Type == reflect.TypeFor[employee.RecordKind]() {
		return g.enumSchema(enumRecordKind)
	}
	s := g.schema(f.Type)
	_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
	if f.Type.Kind() == reflect.Pointer && !hasOpt(opts, "omitempty") && !hasOpt(opts, "omitzero") {
		return nullable(s)
	}
	return s
}

// nullable lets s also be null: a type array where s has a type, anyOf
// where it is a reference.
func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []any{typ, "null"}
		return out
	}
	if _, ok := s["type"]; ok {
		return s // already a type array
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

func hasOpt(opts, opt string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == opt {
			return true
		}
	}
	return false
}
