package domain

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// TextKind is a class of free-text input with its maximum length (in
// characters, not bytes) and whether line breaks and tabs are legitimate
// in it. Every text field of every command belongs to one kind (rule
// §2.5-text in docs/RULES.md): the limits keep any accepted value storable
// and indexable by every read model.
type TextKind struct {
	Name      string
	Max       int
	MultiLine bool
}

// The text kinds and their limits.
var (
	// TextName holds names, titles, ids and short labels.
	TextName = TextKind{Name: "name", Max: 200}
	// TextAddress holds postal and delivery addresses, which may run over
	// several lines.
	TextAddress = TextKind{Name: "address", Max: 500, MultiLine: true}
	// TextNote holds reasons, notes, comments, descriptions and contract
	// clauses: prose, over several lines.
	TextNote = TextKind{Name: "note", Max: 2000, MultiLine: true}
	// TextCode holds codes, numbers, phone numbers, document references
	// and amounts.
	TextCode = TextKind{Name: "code", Max: 64}
)

// CheckText returns an InvalidField error naming field when value is
// longer than kind allows or holds a control character it does not allow
// (only line feed, carriage return and tab, and only in multi-line kinds).
// The input is valid UTF-8: the API refuses any other body.
func CheckText(field, value string, kind TextKind) error {
	if len(value) <= kind.Max && printable(value, kind.MultiLine) {
		return nil // the common case: no more bytes than the limit allows characters
	}
	if utf8.RuneCountInString(value) > kind.Max {
		return InvalidField(field, "must be at most "+strconv.Itoa(kind.Max)+" characters")
	}
	if !printable(value, kind.MultiLine) {
		if kind.MultiLine {
			return InvalidField(field, "must not contain control characters other than line breaks and tabs")
		}
		return InvalidField(field, "must be one line without control characters")
	}
	return nil
}

// printable reports whether s holds no control character, but for line
// breaks and tabs when multiLine.
func printable(s string, multiLine bool) bool {
	for _, r := range s {
		if !unicode.IsControl(r) {
			continue
		}
		if !multiLine || (r != '\n' && r != '\r' && r != '\t') {
			return false
		}
	}
	return true
}
