package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/domain"
)

// validRegistration is a customer registration the API accepts.
func validRegistration() map[string]any {
	return map[string]any{"number": "NJ-0042", "name": "Jinling Valves", "address": "1 Xinjiekou, Nanjing",
		"primary_contact": "Mr Wang", "phone": "025-1234567", "source": "ON_SITE"}
}

func with(base map[string]any, key string, value any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	if value == nil {
		delete(out, key)
	} else {
		out[key] = value
	}
	return out
}

// Given the served OpenAPI document, when a request breaks it (a required
// field missing, a value outside an enum, a wrong type or format, a field
// it does not name), then the document forbids it and the API refuses it
// with a 4xx problem, never a 2xx or a 5xx; a request the document allows
// goes through.
func TestOpenAPI_ForbiddenRequestsAreRefused(t *testing.T) {
	env := newMemEnv(t)
	rep := env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep)
	finance := env.Token(t, "fin-1", "ou-fin", domain.RoleFinance)

	t.Run("a request the document allows is served", func(t *testing.T) {
		if err := apitest.DocumentAllows(t, env.Server, http.MethodPost, "/customers", validRegistration()); err != nil {
			t.Fatalf("the document forbids a valid registration: %v", err)
		}
		resp := env.Do(t, http.MethodPost, "/customers", rep, validRegistration(), "Idempotency-Key", "forbidden-control")
		if resp.Status != http.StatusCreated {
			t.Fatalf("valid registration: %d %s", resp.Status, resp.Body)
		}
	})

	for _, tc := range []struct {
		name, path, token string
		body              map[string]any
		field             string
	}{
		{"a required field missing", "/customers", rep, with(validRegistration(), "name", nil), "name"},
		{"a source outside its enum", "/customers", rep, with(validRegistration(), "source", "CARRIER_PIGEON"), "source"},
		{"a number where a string belongs", "/customers", rep, with(validRegistration(), "phone", 25123456), "phone"},
		{"a field the document does not name", "/customers", rep, with(validRegistration(), "nickname", "JV"), "nickname"},
		{"an amount with three decimals", "/orders/o-1/payments", finance, map[string]any{"payment_ref": "P-1", "amount": "12.345"}, "amount"},
		{"an amount as a JSON number", "/orders/o-1/payments", finance, map[string]any{"payment_ref": "P-1", "amount": 12.5}, "amount"},
		{"a date that is not a date", "/employees/e-1/improvement-plans", rep, map[string]any{"appraisal_id": "a-1", "goals": "sell", "deadline": "next tuesday"}, "deadline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forbidden := apitest.DocumentAllows(t, env.Server, http.MethodPost, tc.path, tc.body)
			if forbidden == nil {
				t.Fatalf("the document allows %s %v", tc.path, tc.body)
			}
			if !strings.Contains(forbidden.Error(), tc.field) {
				t.Errorf("the document forbids it, but not for %q: %v", tc.field, forbidden)
			}
			resp := env.Do(t, http.MethodPost, tc.path, tc.token, tc.body, "Idempotency-Key", "forbidden-"+tc.name)
			if resp.Status < 400 || resp.Status >= 500 {
				t.Fatalf("the API answered %d %s, want a 4xx refusal", resp.Status, resp.Body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
		})
	}
}

// schemaDoc is the part of a component schema the tests read.
type schemaDoc struct {
	Type       any                        `json:"type"`
	Required   []string                   `json:"required"`
	Enum       []string                   `json:"enum"`
	Pattern    string                     `json:"pattern"`
	Format     string                     `json:"format"`
	Ref        string                     `json:"$ref"`
	Properties map[string]json.RawMessage `json:"properties"`
}

func openapiSchema(t *testing.T, doc openapiDoc, name string) schemaDoc {
	t.Helper()
	raw, ok := doc.Components.Schemas[name]
	if !ok {
		t.Fatalf("components.schemas has no %s", name)
	}
	var s schemaDoc
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	return s
}

func openapiProperty(t *testing.T, s schemaDoc, name string) schemaDoc {
	t.Helper()
	var p schemaDoc
	if err := json.Unmarshal(s.Properties[name], &p); err != nil {
		t.Fatalf("property %s: %v", name, err)
	}
	return p
}

// Given the document, then bodies are named components with their
// required fields, typed enums, date-time and decimal formats, and no
// property without a type or a reference.
func TestOpenAPI_Schemas(t *testing.T) {
	doc := openapiFetch(t, newMemEnv(t))

	t.Run("a request body is a named component with its required fields", func(t *testing.T) {
		s := openapiSchema(t, doc, "RegisterTargetCustomerRequest")
		for _, f := range []string{"number", "name", "address", "primary_contact", "phone", "source"} {
			if !strings.Contains(","+strings.Join(s.Required, ",")+",", ","+f+",") {
				t.Errorf("required = %v, want %s in it", s.Required, f)
			}
		}
		for _, f := range []string{"owner_rep_id", "reason"} {
			if strings.Contains(","+strings.Join(s.Required, ",")+",", ","+f+",") {
				t.Errorf("required = %v, want the optional %s out of it", s.Required, f)
			}
		}
		if src := openapiProperty(t, s, "source"); src.Ref != "#/components/schemas/CustomerSource" {
			t.Errorf("source = %+v, want a reference to the CustomerSource enum", src)
		}
	})

	t.Run("an enum lists the domain's values", func(t *testing.T) {
		s := openapiSchema(t, doc, "CustomerSource")
		if got := strings.Join(s.Enum, ","); got != "ON_SITE,INFORMATION_SEARCH,REFERRAL" {
			t.Errorf("CustomerSource enum = %s", got)
		}
	})

	t.Run("amounts are decimal strings with a pattern", func(t *testing.T) {
		s := openapiSchema(t, doc, "Decimal")
		if s.Type != "string" || s.Pattern != `^-?\d+(\.\d{1,2})?$` {
			t.Errorf("Decimal = %+v", s)
		}
		if p := openapiProperty(t, openapiSchema(t, doc, "OrderView"), "total"); p.Ref != "#/components/schemas/Decimal" {
			t.Errorf("OrderView.total = %+v, want a Decimal", p)
		}
	})

	t.Run("timestamps are date-times", func(t *testing.T) {
		if p := openapiProperty(t, openapiSchema(t, doc, "CustomerView"), "registered_at"); p.Format != "date-time" {
			t.Errorf("CustomerView.registered_at = %+v, want format date-time", p)
		}
	})

	t.Run("every property has a type or a reference", func(t *testing.T) {
		for name, raw := range doc.Components.Schemas {
			var s schemaDoc
			json.Unmarshal(raw, &s) //nolint:errcheck // checked by the loader
			for prop, praw := range s.Properties {
				var p map[string]any
				json.Unmarshal(praw, &p) //nolint:errcheck
				_, typed := p["type"]
				_, ref := p["$ref"]
				_, one := p["oneOf"]
				_, any := p["anyOf"]
				if !typed && !ref && !one && !any && !(name == "AuditEntry" && prop == "data") {
					t.Errorf("%s.%s has no type: %s", name, prop, praw)
				}
			}
		}
	})
}

// Given the document, then it names its server, lists the problem types,
// and every authenticated operation lists the problems it can answer
// with, as application/problem+json; a command also its body's 413 and
// 415 and its precondition's 412.
func TestOpenAPI_ProblemResponses(t *testing.T) {
	env := newMemEnv(t)
	var doc struct {
		Servers      []struct{ URL string } `json:"servers"`
		ProblemTypes []struct {
			Type    string `json:"type"`
			Status  int    `json:"status"`
			Meaning string `json:"meaning"`
		} `json:"x-problem-types"`
		Paths map[string]map[string]struct {
			Security    *[]any                     `json:"security"`
			RequestBody json.RawMessage            `json:"requestBody"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
		Components struct {
			Responses map[string]struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"responses"`
		} `json:"components"`
	}
	env.Do(t, http.MethodGet, "/openapi.json", "", nil).JSON(t, &doc)
	if len(doc.Servers) == 0 || doc.Servers[0].URL == "" {
		t.Errorf("servers = %+v, want the server named", doc.Servers)
	}
	if len(doc.ProblemTypes) == 0 || !strings.HasPrefix(doc.ProblemTypes[0].Type, "https://opsledger.dev/problems/") {
		t.Errorf("x-problem-types = %+v", doc.ProblemTypes)
	}
	for path, item := range doc.Paths {
		for method, op := range item {
			if op.Security != nil { // public
				continue
			}
			want := []string{"400", "401", "403", "422", "429", "500", "503"}
			if op.RequestBody != nil {
				want = append(want, "404", "409", "412", "413", "415")
			}
			for _, code := range want {
				raw, ok := op.Responses[code]
				if !ok {
					t.Errorf("%s %s: no %s response", method, path, code)
					continue
				}
				var r struct {
					Ref string `json:"$ref"`
				}
				json.Unmarshal(raw, &r) //nolint:errcheck
				name := strings.TrimPrefix(r.Ref, "#/components/responses/")
				if _, ok := doc.Components.Responses[name].Content["application/problem+json"]; !ok {
					t.Errorf("%s %s: %s is %s, not a problem+json response", method, path, code, raw)
				}
			}
			if _, ok := op.Responses["default"]; ok {
				t.Errorf("%s %s: a default response hides which problems it gives", method, path)
			}
		}
	}
}
