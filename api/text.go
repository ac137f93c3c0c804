package api

import (
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
)

// Every text a command request carries is held to the limits and
// character rules of its kind (rule §2.5-text). Every aggregate's
// decisions check their own text inputs (domain.CheckTexts), for every
// caller; the API checks the whole request first, each field by its JSON
// name, so that any text of any request, a new field included, is refused
// before a command is built from it. Both class a field by its name with
// domain.TextKindOf, so they agree on its limit and name it alike.

// textKindOf is the kind of the text field called name (a JSON name):
// the domain's own classing, so the API and every decision agree on a
// field's limit.
func textKindOf(name string) domain.TextKind { return domain.TextKindOf(name) }

// checkRequestText checks every text of a decoded command request (req is
// a pointer to it) and the path's parameters (ids, names at most).
func checkRequestText(r *http.Request, req any) error {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		for i, key := range rc.URLParams.Keys {
			if err := domain.CheckText(key, rc.URLParams.Values[i], domain.TextName); err != nil {
				return err
			}
		}
	}
	v := reflect.ValueOf(req).Elem()
	return checkStructText(v)
}

// textField is one field of a request type that holds text, directly or
// inside.
type textField struct {
	index  int
	name   string          // JSON name
	kind   domain.TextKind // of a string, or of each string of a slice
	inline bool            // an embedded struct whose fields are the request's own
}

var textPlans sync.Map // reflect.Type → []textField

// textPlan lists the fields of struct type t that may hold text, built
// once per type.
func textPlan(t reflect.Type) []textField {
	if p, ok := textPlans.Load(t); ok {
		return p.([]textField)
	}
	var plan []textField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case !f.IsExported() || name == "-":
			continue
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			plan = append(plan, textField{index: i, inline: true})
		case holdsText(f.Type):
			if name == "" {
				name = f.Name
			}
			plan = append(plan, textField{index: i, name: name, kind: textKindOf(name)})
		}
	}
	textPlans.Store(t, plan)
	return plan
}

// holdsText reports whether a value of type t may hold client text.
func holdsText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsText(t.Elem())
	case reflect.Map:
		return t.Key().Kind() == reflect.String
	case reflect.Struct:
		return t.PkgPath() != "time" // time.Time is a date, checked by its decoder
	}
	return false
}

func checkStructText(v reflect.Value) error {
	for _, f := range textPlan(v.Type()) {
		fv := v.Field(f.index)
		if f.inline {
			if err := checkStructText(fv); err != nil {
				return err
			}
			continue
		}
		if err := checkValueText(fv, f.kind); err != nil {
			return fieldPath(f.name, err)
		}
	}
	return nil
}

// checkValueText checks the text in v, of kind. Its error names the
// path from v to the text ("" for v itself, "[0].product" inside a list
// of structs); fieldPath puts the field's name in front, on the way up,
// so the path is built only for an error.
func checkValueText(v reflect.Value, kind domain.TextKind) error {
	switch v.Kind() {
	case reflect.String:
		return domain.CheckText("", v.String(), kind)
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return checkValueText(v.Elem(), kind)
	case reflect.Struct:
		return checkStructText(v)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkValueText(v.Index(i), kind); err != nil {
				return fieldPath("["+strconv.Itoa(i)+"]", err)
			}
		}
	case reflect.Map:
		return checkMapText(v)
	}
	return nil
}

// checkMapText checks a map keyed by field names (a profile's changes,
// scores by criterion): each key is a code, each text value of the kind
// its key names.
func checkMapText(v reflect.Value) error {
	it := v.MapRange()
	for it.Next() {
		key := it.Key().String()
		if err := domain.CheckText("", key, domain.TextCode); err != nil {
			return err
		}
		if err := checkValueText(it.Value(), textKindOf(key)); err != nil {
			return fieldPath(key, err)
		}
	}
	return nil
}

// fieldPath puts step in front of the path a field error names.
func fieldPath(step string, err error) error {
	var fe *domain.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	switch {
	case fe.Field == "":
		return domain.InvalidField(step, fe.Reason)
	case strings.HasPrefix(fe.Field, "["):
		return domain.InvalidField(step+fe.Field, fe.Reason)
	}
	return domain.InvalidField(step+"."+fe.Field, fe.Reason)
}
