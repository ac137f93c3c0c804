package api

import (
	"errors"
	"net/http"
	"testing"
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
