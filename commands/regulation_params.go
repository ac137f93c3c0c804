package commands

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// regulationKind is one regulation of the catalogue as the command side
// applies it: how its parameters are written (a JSON document of its own,
// amounts and percentages as decimal strings, durations as "72h"), checked
// and put in force.
type regulationKind interface {
	// check decodes raw strictly into the regulation's parameter type and
	// validates it; it returns the parameters in canonical form.
	check(raw json.RawMessage) (json.RawMessage, error)
	// install puts version v with the parameters raw (as check returned
	// them) in force for the decisions; false when v was there already.
	install(v domain.RegulationVersion, raw json.RawMessage) (bool, error)
	// defaults are the recommended parameters, in canonical form.
	defaults() json.RawMessage
}

// paramsKind is a regulationKind whose parameters P are written as W.
type paramsKind[W, P any] struct {
	versions *domain.RegulationVersions[P]
	toDomain func(W) (P, error)
	toWire   func(P) W
	def      func() P
}

func (k paramsKind[W, P]) decode(raw json.RawMessage) (P, json.RawMessage, error) {
	var p P
	w, err := decodeStrict[W](raw)
	if err != nil {
		return p, nil, err
	}
	if p, err = k.toDomain(w); err != nil {
		return p, nil, err
	}
	canonical, err := json.Marshal(k.toWire(p))
	return p, canonical, err
}

func (k paramsKind[W, P]) check(raw json.RawMessage) (json.RawMessage, error) {
	_, canonical, err := k.decode(raw)
	return canonical, err
}

func (k paramsKind[W, P]) install(v domain.RegulationVersion, raw json.RawMessage) (bool, error) {
	p, _, err := k.decode(withDefaults(raw, k.defaults()))
	if err != nil {
		return false, err
	}
	return k.versions.Add(v, p), nil
}

func (k paramsKind[W, P]) defaults() json.RawMessage {
	b, err := json.Marshal(k.toWire(k.def()))
	if err != nil {
		panic(fmt.Sprintf("regulation defaults do not encode: %v", err)) // a programming error, caught by the tests
	}
	return b
}

// withDefaults adds to the stored parameters raw each top-level parameter
// of defaults they lack: a version adopted before its regulation had that
// parameter (the contract's dunning ladder) keeps deciding as it did, under
// the parameter's recommended default. An adoption is still checked
// strictly (check): a new version states every parameter.
func withDefaults(raw, defaults json.RawMessage) json.RawMessage {
	var stored, def map[string]json.RawMessage
	if json.Unmarshal(raw, &stored) != nil || json.Unmarshal(defaults, &def) != nil || stored == nil {
		return raw
	}
	added := false
	for name, v := range def {
		if _, ok := stored[name]; !ok {
			stored[name], added = v, true
		}
	}
	if !added {
		return raw
	}
	merged, err := json.Marshal(stored)
	if err != nil {
		return raw
	}
	return merged
}

// decodeStrict decodes one JSON object into W: every field of W must be
// there, and nothing else (rule §2.5-regulation-adoption: a version is a
// whole parameter set, and a misspelt field is never silently dropped).
func decodeStrict[W any](raw json.RawMessage) (W, error) {
	var w W
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return w, domain.InvalidField("parameters", "must be a JSON object")
	}
	for _, name := range jsonFields(reflect.TypeFor[W]()) {
		if _, ok := fields[name]; !ok {
			return w, domain.InvalidField("parameters."+name, "is required: a version states every parameter")
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return w, paramsDecodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return w, domain.InvalidField("parameters", "must hold one JSON object and nothing after it")
	}
	return w, nil
}

// paramsDecodeError names the field a decoding error is about.
func paramsDecodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var fieldErr *domain.FieldError
	switch {
	case errors.As(err, &typeErr):
		return domain.InvalidField("parameters."+typeErr.Field, "has the wrong type: "+typeErr.Value+" where "+typeErr.Type.String()+" is expected")
	case errors.As(err, &fieldErr):
		return domain.InvalidField("parameters."+fieldErr.Field, fieldErr.Reason)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return domain.InvalidField("parameters", "has an unknown field "+strings.TrimPrefix(err.Error(), "json: unknown field ")+
			": a regulation version takes only its regulation's parameters")
	}
	return domain.InvalidField("parameters", "is not valid: "+err.Error())
}

// jsonFields are the JSON names of struct type t's fields.
func jsonFields(t reflect.Type) []string {
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// regulationKinds are the regulations of the catalogue, by name, over
// the version histories the handlers decide with.
func regulationKinds(r Regulations) map[string]regulationKind {
	return map[string]regulationKind{
		quotationRegulation: paramsKind[quotation.Regulation, quotation.Regulation]{
			versions: r.Quotation, def: quotation.DefaultRegulation, toWire: same[quotation.Regulation],
			toDomain: validated(quotation.Regulation.Validate),
		},
		classificationRegulation: paramsKind[customer.ClassificationScheme, customer.ClassificationScheme]{
			versions: r.Classification, def: customer.DefaultClassificationScheme, toWire: classificationWire,
			toDomain: validated(customer.ClassificationScheme.Validate),
		},
		contractRegulation: paramsKind[contractParams, contract.Regulation]{
			versions: r.Contract, def: contract.DefaultRegulation, toWire: contractWire, toDomain: contractParams.regulation,
		},
		complaintRegulation: paramsKind[complaintParams, complaint.Regulation]{
			versions: r.Complaint, def: complaint.DefaultRegulation, toWire: complaintWire, toDomain: complaintParams.regulation,
		},
		salesPlanRegulation: paramsKind[salesPlanParams, salesplan.Regulation]{
			versions: r.SalesPlan, def: salesplan.DefaultRegulation, toWire: salesPlanWire, toDomain: salesPlanParams.regulation,
		},
		employeeRegulation: paramsKind[employeeParams, employee.Regulation]{
			versions: r.Employee, def: employee.DefaultRegulation, toWire: employeeWire, toDomain: employeeParams.regulation,
		},
		payRegulation: paramsKind[payParams, pay.Regulation]{
			versions: r.Pay, def: pay.DefaultRegulation, toWire: payWire, toDomain: payParams.regulation,
		},
	}
}

func same[P any](p P) P { return p }

// validated is the conversion of a parameter type written as itself.
func validated[P any](validate func(P) error) func(P) (P, error) {
	return func(p P) (P, error) { return p, validate(p) }
}

// parseDuration reads a duration written as Go writes it ("15m", "72h").
func parseDuration(field, s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, domain.InvalidField("parameters."+field, `must be a duration such as "15m", "24h" or "168h"`)
	}
	return d, nil
}

// parseAmount reads a decimal amount in the default currency.
func parseAmount(field, s string) (domain.Money, error) {
	m, err := domain.ParseMoney(s, domain.DefaultCurrency)
	if err != nil {
		return m, domain.InvalidField("parameters."+field, "must be a decimal amount with at most 2 decimal places")
	}
	return m, nil
}
