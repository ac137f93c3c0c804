package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxBodyBytes caps a request body; a larger one is answered 413 before it
// is decoded.
const MaxBodyBytes = 1 << 20

// readBody reads a JSON request body within the size cap and checks its
// media type and encoding.
func readBody(r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, newProblem(http.StatusUnsupportedMediaType, kindMediaType, "Unsupported media type",
				"send the body as application/json")
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, newProblem(http.StatusRequestEntityTooLarge, kindTooLarge, "Body too large",
			fmt.Sprintf("the body must be at most %d bytes", MaxBodyBytes))
	}
	if err != nil {
		return nil, newProblem(http.StatusBadRequest, kindMalformed, "Unreadable body", err.Error())
	}
	if !utf8.Valid(body) {
		return nil, newProblem(http.StatusBadRequest, kindMalformed, "Malformed body", "the body is not valid UTF-8")
	}
	return body, nil
}

// decodeStrict decodes body into dst: unknown fields, wrong types, trailing
// data and malformed JSON are the client's mistakes and say so.
func decodeStrict(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the JSON object")
	}
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("unexpected data after the JSON object")
		}
	}
	if err == nil {
		if key, dup := duplicateKey(body); dup {
			p := newProblem(http.StatusUnprocessableEntity, kindInvalid, "Duplicate field", fmt.Sprintf("field %q appears more than once", key))
			p.Errors = []FieldProblem{{Field: key, Reason: "appears more than once"}}
			return p
		}
	}
	if err == nil && containsNUL(body) {
		return newProblem(http.StatusUnprocessableEntity, kindInvalid, "Invalid text",
			`text must not contain the NUL character (\u0000)`)
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		p := newProblem(http.StatusUnprocessableEntity, kindInvalid, "Wrong type",
			fmt.Sprintf("field %q must be %s", typeErr.Field, wantedType(typeErr.Type)))
		p.Errors = []FieldProblem{{Field: typeErr.Field, Reason: "must be " + wantedType(typeErr.Type)}}
		return p
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		p := newProblem(http.StatusUnprocessableEntity, kindInvalid, "Unknown field", fmt.Sprintf("field %q is not part of this request", field))
		p.Errors = []FieldProblem{{Field: field, Reason: "unknown field"}}
		return p
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return newProblem(http.StatusBadRequest, kindMalformed, "Malformed JSON", err.Error())
	}
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	return newProblem(http.StatusBadRequest, kindMalformed, "Malformed JSON", err.Error())
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	if strings.Contains(goKind, "int") || strings.Contains(goKind, "float") {
		return "a number"
	}
	return "of another type"
}

// containsNUL reports whether a JSON text escapes a NUL character (a raw
// one is already a syntax error). PostgreSQL text cannot hold NUL: such a
// value would be accepted, then stall the read models that store it.
func containsNUL(body []byte) bool {
	for i := 0; i+1 < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		if body[i+1] == 'u' && i+6 <= len(body) && string(body[i+2:i+6]) == "0000" {
			return true
		}
		i++ // skip the escaped character, so that \\u0000 is text, not a NUL
	}
	return false
}

// refuseNUL refuses a path or query parameter holding a NUL character
// (sent as %00), for the same reason as containsNUL.
func refuseNUL(r *http.Request) error {
	bad := strings.ContainsRune(r.URL.Path, 0)
	// A decoded query holds a NUL only where the raw one says %00 (a raw
	// NUL fails URL parsing): most requests need no parse here.
	if strings.Contains(r.URL.RawQuery, "%00") {
		for k, vs := range r.URL.Query() {
			bad = bad || strings.ContainsRune(k, 0) || slices.ContainsFunc(vs, func(v string) bool { return strings.ContainsRune(v, 0) })
		}
	}
	if bad {
		return newProblem(http.StatusBadRequest, kindMalformed, "Malformed URL", "the path and query must not contain the NUL character (%00)")
	}
	return nil
}

// duplicateKey reports the first key that appears twice in one object of
// the JSON text body, which decodeStrict has already found valid.
// encoding/json keeps the last of duplicate keys silently, so
// {"amount":"1","amount":"1000000"} would show a reviewer one value and be
// decided with the other. It scans the bytes once, allocating only for a
// key written with escapes (which it compares unescaped): it runs on
// every command.
func duplicateKey(body []byte) (string, bool) {
	var frames [8]jsonFrame
	open := frames[:0] // the objects and arrays not yet closed
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '{':
			open = append(open, jsonFrame{object: true, expectKey: true})
		case '[':
			open = append(open, jsonFrame{})
		case '}', ']':
			open = open[:len(open)-1]
		case ',':
			if top := len(open) - 1; open[top].object {
				open[top].expectKey = true
			}
		case '"':
			end := stringEnd(body, i)
			if top := len(open) - 1; top >= 0 && open[top].object && open[top].expectKey {
				key := jsonKey(body[i+1 : end])
				if slices.ContainsFunc(open[top].keys, func(k []byte) bool { return bytes.Equal(k, key) }) {
					return string(key), true
				}
				open[top].keys = append(open[top].keys, key)
				open[top].expectKey = false
			}
			i = end
		}
	}
	return "", false
}

// jsonFrame is an open object (with the keys seen so far) or array.
type jsonFrame struct {
	object    bool
	expectKey bool
	keys      [][]byte // slices of the body, or unescaped copies
}

// stringEnd is the index of the quote that closes the string whose
// opening quote is at body[start].
func stringEnd(body []byte, start int) int {
	for i := start + 1; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(body) - 1
}

// jsonKey is a key's text: raw when it has no escape, else unescaped, so
// that "a" and "\u0061" are the same key, as encoding/json reads them.
func jsonKey(raw []byte) []byte {
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw
	}
	var key string
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	if json.Unmarshal(quoted, &key) != nil {
		return raw
	}
	return []byte(key)
}
