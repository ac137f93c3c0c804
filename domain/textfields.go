package domain

import (
	"strconv"
	"strings"
)

// The kind of a text field follows from its name, the snake_case name the
// API gives it (its JSON name): the domain's decisions and the API's
// request check both class a field with TextKindOf, so a value the API
// lets through is one the domain takes, and a caller that does not go
// through the API (seeds, reactions, importers) meets the same limits.

// TextKindOf is the kind of the text field called name. A path
// ("lines[0].delivery_address", "documents[2]") is classed by its last
// field name.
func TextKindOf(name string) TextKind {
	name = leafName(name)
	switch {
	case name == "address" || strings.HasSuffix(name, "_address"):
		return TextAddress
	case noteFields[name] || strings.HasSuffix(name, "_clause") || strings.HasSuffix(name, "_terms") || strings.HasSuffix(name, "_requirements"):
		return TextNote
	case codeFields[name] || strings.HasSuffix(name, "_ref") || strings.HasSuffix(name, "_no") || strings.HasSuffix(name, "_hash"):
		return TextCode
	}
	return TextName // names, titles, ids, labels and anything not listed
}

// leafName is the last field name of a path: what follows the last dot,
// without list indexes.
func leafName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	return path
}

// noteFields are prose: reasons, notes, descriptions, assessments,
// clauses.
var noteFields = map[string]bool{
	"reason": true, "comment": true, "content": true, "description": true, "feedback": true, "resolution": true,
	"note": true, "notes": true, "findings": true, "goals": true, "strategy": true, "message": true, "answer": true,
	"preventive_action": true, "demand_assessment": true, "outcome": true, "purpose": true, "reply_to_rep": true,
	"violation": true, "ability": true, "background": true, "personality": true, "social_relations": true,
	"contact_details": true, "contribution": true, "responsibility": true, "scope": true, "schedule": true,
	"usage": true, "rights_obligations": true, "quality_inspection": true, "reflection": true,
	// work reports and work plans (E12-content, WP1)
	"next_plan": true,
	// the customer file's deeper profile, as customer.ProfileTextKind says
	"products": true, "rd_strength": true, "competitor_progress": true, "strengths_weaknesses": true,
	"business_characteristics": true, "industry_position": true, "financial_strength": true,
	"commercial_reputation": true, "cooperation_intention": true, "demand_capacity": true, "site_inspection": true,
	"charges": true, "customer_evaluation": true, "purchase_history": true, "needs_preferences": true,
	// a market-research report's parts (§3.6-report)
	"introduction": true, "methodology": true, "conclusions": true,
	// process supervision: a notice's requirement, an evaluation's recommendations
	"requirement": true, "recommendations": true,
}

// codeFields are codes, numbers and amounts.
var codeFields = map[string]bool{
	"number": true, "phone": true, "reference": true, "amount": true, "price": true, "unit_price": true,
	"unit_cost": true, "target": true, "deposit_required": true,
	// a survey's scores are keyed by question codes, as the API holds every
	// map's keys to codes
	"scores": true,
}

// FieldText is one text input of a decision: the field's name as the API
// names it (a path inside lists and nested values) and its value.
type FieldText struct {
	Field string
	Value string
}

// Text names one text input.
func Text(field, value string) FieldText { return FieldText{Field: field, Value: value} }

// Texts names each text of a list input: field[0], field[1] …
func Texts(field string, values []string) []FieldText {
	out := make([]FieldText, len(values))
	for i, v := range values {
		out[i] = FieldText{Field: Indexed(field, i), Value: v}
	}
	return out
}

// Indexed is the path of element i of the list field.
func Indexed(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// CheckTexts holds each text to the kind its field's name gives it
// (TextKindOf), refusing the first that breaks it with an InvalidField
// error naming the field (rule §2.5-text). Every decision of every
// aggregate checks its text inputs with it, before anything else, so a
// refusal names the same field whoever calls.
func CheckTexts(texts ...FieldText) error {
	for _, t := range texts {
		if err := CheckText(t.Field, t.Value, TextKindOf(t.Field)); err != nil {
			return err
		}
	}
	return nil
}
