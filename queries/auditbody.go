package queries

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// CanonicalBody is an event body as every other answer of the API writes
// its values: an amount of money ({"minor": 123450, "currency": "CNY"} as
// events store domain.Money) becomes {"amount":"1234.50","currency":"CNY"},
// a decimal string, and an RFC 3339 time with an offset becomes the same
// instant in UTC. Nothing else changes, byte for byte: the keys, their
// order, the spacing, every other value. The audit trail stores the body
// as recorded; this is how it is shown. A body that is not JSON is
// returned as it is.
func CanonicalBody(body json.RawMessage) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	n, err := readNode(dec, body)
	if err != nil {
		return body
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return body // trailing data: not one JSON value
	}
	var edits []edit
	n.canonical(&edits)
	if len(edits) == 0 {
		return body
	}
	out := make([]byte, 0, len(body)+16*len(edits))
	from := 0
	for _, e := range edits {
		out = append(append(out, body[from:e.start]...), e.text...)
		from = e.end
	}
	return append(out, body[from:]...)
}

// edit replaces body[start:end] with text.
type edit struct {
	start, end int
	text       []byte
}

// node is one JSON value, where it sits in the body, and for an object
// or array what it holds.
type node struct {
	start, end int
	delim      json.Delim // '{', '[' or 0 for a scalar
	keys       []string   // of an object
	elems      []*node    // of an object (per key) or an array
	scalar     json.Token // string, json.Number, bool or nil
}

func readNode(dec *json.Decoder, body []byte) (*node, error) {
	before := int(dec.InputOffset())
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return &node{start: valueStart(body, before), end: int(dec.InputOffset()), scalar: tok}, nil
	}
	n := &node{start: int(dec.InputOffset()) - 1, delim: d}
	for dec.More() {
		if d == '{' {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k.(string))
		}
		e, err := readNode(dec, body)
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, e)
	}
	_, err = dec.Token() // the closing delimiter
	n.end = int(dec.InputOffset())
	return n, err
}

// valueStart skips the separators between the previous token and a value.
func valueStart(body []byte, i int) int {
	for i < len(body) && bytes.IndexByte([]byte(" \t\r\n:,"), body[i]) >= 0 {
		i++
	}
	return i
}

// canonical lists the edits that rewrite money and times in n and below,
// in body order.
func (n *node) canonical(edits *[]edit) {
	if money, ok := n.money(); ok {
		text := fmt.Appendf(nil, `{"amount":%q,"currency":%s}`, money.Decimal(), jsonString(money.Currency))
		*edits = append(*edits, edit{n.start, n.end, text})
		return
	}
	if s, ok := n.scalar.(string); ok && n.delim == 0 {
		if utc := utcTime(s); utc != s {
			*edits = append(*edits, edit{n.start, n.end, jsonString(utc)})
		}
		return
	}
	for _, e := range n.elems {
		e.canonical(edits)
	}
}

// money reads n as domain.Money's JSON: exactly the keys minor (a whole
// number) and currency (a string).
func (n *node) money() (domain.Money, bool) {
	if n.delim != '{' || len(n.keys) != 2 {
		return domain.Money{}, false
	}
	var m domain.Money
	var haveMinor, haveCurrency bool
	for i, k := range n.keys {
		switch k {
		case "minor":
			num, ok := n.elems[i].scalar.(json.Number)
			v, err := strconv.ParseInt(string(num), 10, 64)
			m.Minor, haveMinor = v, ok && err == nil
		case "currency":
			m.Currency, haveCurrency = n.elems[i].scalar.(string)
		}
	}
	return m, haveMinor && haveCurrency
}

// utcTime is s in UTC when it is an RFC 3339 time, else s.
func utcTime(s string) string {
	if len(s) < len("2006-01-02T15:04:05Z") || s[len(s)-1] == 'Z' {
		return s // not a time, or one in UTC already
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// jsonString is s as a JSON string, < > & left as they are.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) //nolint:errcheck,errchkjson // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
