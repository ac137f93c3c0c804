package api

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
)

// textLeaf is one text a request type can carry: its path as the client
// names it, its kind, and how to put a value there in a request.
type textLeaf struct {
	path string
	kind domain.TextKind
	set  func(req reflect.Value, text string)
	key  bool // a map's key: a field name the domain checks against its own list, or a code
}

// textLeaves lists every text of struct type t, the way checkRequestText
// names them: a list holds one element, a map keyed by field names holds
// a name and an address.
func textLeaves(t reflect.Type, prefix string, at func(reflect.Value) reflect.Value) []textLeaf {
	var leaves []textLeaf
	for _, f := range textPlan(t) {
		field := func(v reflect.Value) reflect.Value { return at(v).Field(f.index) }
		if f.inline {
			leaves = append(leaves, textLeaves(t.Field(f.index).Type, prefix, field)...)
			continue
		}
		leaves = append(leaves, valueLeaves(t.Field(f.index).Type, join(prefix, f.name), f.kind, field)...)
	}
	return leaves
}

func valueLeaves(t reflect.Type, path string, kind domain.TextKind, at func(reflect.Value) reflect.Value) []textLeaf {
	switch t.Kind() {
	case reflect.String:
		return []textLeaf{{path: path, kind: kind, set: func(v reflect.Value, s string) { at(v).SetString(s) }}}
	case reflect.Pointer:
		return valueLeaves(t.Elem(), path, kind, func(v reflect.Value) reflect.Value {
			p := at(v)
			if p.IsNil() {
				p.Set(reflect.New(t.Elem()))
			}
			return p.Elem()
		})
	case reflect.Struct:
		return textLeaves(t, path, at)
	case reflect.Slice:
		return valueLeaves(t.Elem(), path+"[0]", kind, func(v reflect.Value) reflect.Value {
			s := at(v)
			if s.Len() == 0 {
				s.Set(reflect.MakeSlice(t, 1, 1))
			}
			return s.Index(0)
		})
	case reflect.Map:
		var leaves []textLeaf
		if t.Elem().Kind() == reflect.String {
			for _, key := range []string{"name", "address"} {
				leaves = append(leaves, textLeaf{path: path + "." + key, kind: textKindOf(key), set: func(v reflect.Value, s string) {
					m := at(v)
					m.Set(reflect.MakeMap(t))
					m.SetMapIndex(reflect.ValueOf(key).Convert(t.Key()), reflect.ValueOf(s).Convert(t.Elem()))
				}})
			}
		}
		return append(leaves, textLeaf{path: path, kind: domain.TextCode, key: true, set: func(v reflect.Value, s string) {
			m := at(v)
			m.Set(reflect.MakeMap(t))
			m.SetMapIndex(reflect.ValueOf(s).Convert(t.Key()), reflect.Zero(t.Elem()))
		}})
	}
	return nil
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// Given every command route, when one text of its request is exactly as
// long as its kind allows, then the request's texts pass; one character
// more, and the API refuses it naming that text (§2.5-text).
func TestCommandText_limits(t *testing.T) {
	s := routesOnly(t)
	kinds := map[string]int{}
	for _, rt := range s.Routes() {
		if rt.Request == nil {
			continue
		}
		typ := reflect.TypeOf(rt.Request)
		for _, leaf := range textLeaves(typ, "", func(v reflect.Value) reflect.Value { return v }) {
			kinds[leaf.kind.Name]++
			t.Run(rt.Pattern+" "+leaf.path, func(t *testing.T) {
				req := reflect.New(typ)
				leaf.set(req.Elem(), strings.Repeat("客", leaf.kind.Max))
				if err := checkStructText(req.Elem()); err != nil {
					t.Fatalf("%s at its limit of %d: error = %v, want none", leaf.path, leaf.kind.Max, err)
				}
				leaf.set(req.Elem(), strings.Repeat("a", leaf.kind.Max+1))
				var fe *domain.FieldError
				if err := checkStructText(req.Elem()); !errors.As(err, &fe) || fe.Field != leaf.path {
					t.Fatalf("%s at %d characters: error = %v, want an invalid-field error naming %s", leaf.path, leaf.kind.Max+1, err, leaf.path)
				}
			})
		}
	}
	for _, kind := range []domain.TextKind{domain.TextName, domain.TextAddress, domain.TextNote, domain.TextCode} {
		if kinds[kind.Name] == 0 {
			t.Errorf("no command field is of kind %s: the test covers no field of that class", kind.Name)
		}
	}
}

// Given the fields the issue found unbounded, when their kind is looked
// up, then each has the class the rule documents.
func TestTextKindOf(t *testing.T) {
	for name, want := range map[string]domain.TextKind{
		"name": domain.TextName, "customer_id": domain.TextName, "title": domain.TextName, "product_name": domain.TextName,
		"address": domain.TextAddress, "delivery_address": domain.TextAddress,
		"reason": domain.TextNote, "notes": domain.TextNote, "description": domain.TextNote, "returns_clause": domain.TextNote,
		"number": domain.TextCode, "phone": domain.TextCode, "source_doc_ref": domain.TextCode, "registration_no": domain.TextCode,
		"document_hash": domain.TextCode, "amount": domain.TextCode,
	} {
		if got := textKindOf(name); got != want {
			t.Errorf("textKindOf(%q) = %s, want %s", name, got.Name, want.Name)
		}
	}
}

// Given the customer file's fields, when the API and the domain class
// them, then they agree: a profile change the API lets through is one the
// file takes.
func TestTextKindOf_agreesWithTheCustomerFile(t *testing.T) {
	for _, f := range customer.ProfileFields() {
		if api, file := textKindOf(f), customer.ProfileTextKind(f); api != file {
			t.Errorf("field %s: api kind %s, customer file kind %s", f, api.Name, file.Name)
		}
	}
}

// Given every text of every command request, when the API and the domain
// class it, then they agree: the kind the API holds a field to (by its
// JSON name) is the kind every decision holds the same field to (by the
// path it names in its refusal, domain.TextKindOf), so a value the API
// lets through is one the domain takes and a refusal from either names
// the same field with the same limit (§2.5-text). A map's keys are field
// names the domain checks against its own list (a profile's changes) or
// codes (a survey's questions, "scores").
func TestCommandText_kindsAgreeWithTheDomain(t *testing.T) {
	s := routesOnly(t)
	known := map[domain.TextKind]bool{domain.TextName: true, domain.TextAddress: true, domain.TextNote: true, domain.TextCode: true}
	leaves := 0
	for _, rt := range s.Routes() {
		if rt.Request == nil {
			continue
		}
		for _, leaf := range textLeaves(reflect.TypeOf(rt.Request), "", func(v reflect.Value) reflect.Value { return v }) {
			leaves++
			if !known[leaf.kind] {
				t.Errorf("%s %s: kind %+v is none of the four kinds", rt.Pattern, leaf.path, leaf.kind)
			}
			if leaf.key && leaf.path != "scores" {
				continue
			}
			if dom := domain.TextKindOf(leaf.path); dom != leaf.kind {
				t.Errorf("%s %s: the API holds it to %s (%d), the domain to %s (%d)", rt.Pattern, leaf.path, leaf.kind.Name, leaf.kind.Max, dom.Name, dom.Max)
			}
		}
	}
	if leaves == 0 {
		t.Fatal("no command request holds text: the test checks nothing")
	}
}

// routesOnly is a server whose routes and their request types are all a
// test looks at.
func routesOnly(t *testing.T) *Server {
	t.Helper()
	jwt, err := auth.NewJWT([]byte("a-shared-secret-that-is-long-enough-000"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(Deps{Commands: &commands.Handler{}, Auth: jwt, Idempotency: missingStore{},
		WaitFor: func(context.Context, string, ...string) error { return nil }})
}
