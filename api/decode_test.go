package api

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDecodeStrict_DuplicateKeys: given a body that names a field twice in
// one object, at any depth, when it is decoded, then it is refused with a
// 422 naming the field; the same key in different objects is fine.
func TestDecodeStrict_DuplicateKeys(t *testing.T) {
	type line struct {
		SKU   string `json:"sku"`
		Price string `json:"price"`
	}
	type request struct {
		Amount string            `json:"amount"`
		Lines  []line            `json:"lines"`
		Tags   map[string]string `json:"tags"`
		Note   string            `json:"note"`
	}
	refused := []struct{ body, field string }{
		{`{"amount":"1","amount":"1000000"}`, "amount"},
		{`{"amount":"1","lines":[{"sku":"a","price":"1","price":"2"}]}`, "price"},
		{`{"tags":{"a":"x","a":"y"}}`, "a"},
		{`{"lines":[{"sku":"a"},{"sku":"b","sku":"c"}],"note":"n"}`, "sku"},
	}
	for _, c := range refused {
		var req request
		err := decodeStrict([]byte(c.body), &req)
		var p *Problem
		if !errors.As(err, &p) || p.Status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != c.field {
			t.Errorf("%s: error %v, want a 422 naming %q", c.body, err, c.field)
		}
	}
	accepted := []string{
		`{"amount":"1","lines":[{"sku":"a","price":"1"},{"sku":"b","price":"1"}],"tags":{"sku":"x","amount":"y"},"note":"amount"}`,
		`{"lines":[],"tags":{}}`,
		`{"note":"[\"amount\",\"amount\"]"}`,
		``,
	}
	for _, body := range accepted {
		var req request
		if err := decodeStrict([]byte(body), &req); err != nil {
			t.Errorf("%s: refused: %v", body, err)
		}
	}
}

// TestDecodeStrict_DuplicateEscapedKey: a key written once plainly and
// once with escapes is the same key, as encoding/json reads it.
func TestDecodeStrict_DuplicateEscapedKey(t *testing.T) {
	var req struct {
		Amount string `json:"amount"`
	}
	err := decodeStrict([]byte(`{"amount":"1","\u0061mount":"2"}`), &req)
	var p *Problem
	if !errors.As(err, &p) || len(p.Errors) != 1 || p.Errors[0].Field != "amount" {
		t.Errorf("error %v, want a 422 naming amount", err)
	}
}

// TestDecodeStrict_Dates: given a date-only field, when the client sends a
// bare date, then it is that day at midnight UTC; an RFC 3339 date-time is
// kept as sent; anything else is a 422 naming the field and the form. A
// month field takes 2027-01 as well.
func TestDecodeStrict_Dates(t *testing.T) {
	type request struct {
		DueDate Date  `json:"due_date"`
		Month   Month `json:"month"`
	}
	var req request
	if err := decodeStrict([]byte(`{"due_date":"2027-01-15","month":"2027-02"}`), &req); err != nil {
		t.Fatalf("bare date and month refused: %v", err)
	}
	if want := time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC); !req.DueDate.Equal(want) {
		t.Errorf("due_date = %v, want %v", req.DueDate.Time, want)
	}
	if want := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC); !req.Month.Equal(want) {
		t.Errorf("month = %v, want %v", req.Month.Time, want)
	}
	if err := decodeStrict([]byte(`{"due_date":"2027-01-15T10:30:00+08:00","month":"2027-02-10"}`), &req); err != nil {
		t.Fatalf("date-time refused: %v", err)
	}
	if want := time.Date(2027, 1, 15, 2, 30, 0, 0, time.UTC); !req.DueDate.Equal(want) {
		t.Errorf("due_date = %v, want %v", req.DueDate.Time, want)
	}
	for body, field := range map[string]string{
		`{"due_date":"15/01/2027"}`: "due_date", `{"due_date":"2027-02-30"}`: "due_date", `{"due_date":20270115}`: "due_date",
		`{"month":"2027-13"}`: "month", `{"month":"January"}`: "month",
	} {
		err := decodeStrict([]byte(body), &req)
		var p *Problem
		if !errors.As(err, &p) || p.Status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != field ||
			!strings.Contains(p.Errors[0].Reason, "2027-01") {
			t.Errorf("%s: error %v, want a 422 naming %s and the form", body, err, field)
		}
	}
}
