package privacy

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// memberPool recycles the member lists bodies are scanned into, so that
// encrypting or decrypting a body allocates only its new bytes.
var memberPool = sync.Pool{New: func() any { s := make([]member, 0, 16); return &s }}

// sealBody returns body with the personal fields of its event type
// encrypted under their subject's key and the subject named in
// pii_subject, or body itself when the type has none (or the body
// carries none of them). A subject erased before gets its fields stored
// erased: they are never written in clear.
func (k *Keyring) sealBody(ctx context.Context, eventID, eventType string, body []byte) ([]byte, error) {
	spec, ok := registry[eventType]
	if !ok {
		return body, nil
	}
	mp := memberPool.Get().(*[]member)
	defer memberPool.Put(mp)
	members, err := scanObject(body, (*mp)[:0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", eventType, err)
	}
	*mp = members
	if _, sealed := find(body, members, subjectKey); sealed {
		return body, nil // sealed already: an append retried through the wrapper
	}
	subject, ok := spec.subject(body, members)
	if !ok || !spec.carriesAny(body, members) {
		return body, nil
	}
	key, erased, err := k.forWrite(ctx, subject)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(body)*2+64)
	var aad []byte
	var erasedNames []string
	last := 0
	for _, m := range members {
		f, personal := spec.field(body, m)
		if !personal || isNullValue(body[m.valStart:m.valEnd]) {
			continue
		}
		out = append(out, body[last:m.valStart]...)
		if erased {
			out = append(out, f.tombstone...)
			erasedNames = append(erasedNames, f.name)
		} else {
			aad = fieldAAD(aad, eventType, f.name, subject)
			out = sealField(out, key, eventID, body[m.valStart:m.valEnd], aad)
		}
		last = m.valEnd
	}
	out = append(out, body[last:closingBrace(body)]...)
	if erased {
		out = appendErasedFields(out, erasedNames)
	} else {
		out = appendMember(out, subjectKey, quote(subject))
	}
	return append(out, '}'), nil
}

// openBody returns body with its encrypted fields in clear, or in their
// erased form when the subject's key is gone (listed in erased_fields),
// and pii_subject removed. A body without pii_subject (no personal
// fields, or written before encryption) is returned as it is.
func (k *Keyring) openBody(ctx context.Context, eventType string, body []byte) ([]byte, error) {
	spec, ok := registry[eventType]
	if !ok {
		return body, nil
	}
	mp := memberPool.Get().(*[]member)
	defer memberPool.Put(mp)
	members, err := scanObject(body, (*mp)[:0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", eventType, err)
	}
	*mp = members
	sm, sealed := find(body, members, subjectKey)
	if !sealed {
		return body, nil
	}
	subject, ok := sm.stringValue(body)
	if !ok {
		return nil, fmt.Errorf("%s: %s is not a string", eventType, subjectKey)
	}
	key, erased, err := k.forRead(ctx, subject)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(body))
	var aad []byte
	var erasedNames []string
	last := 0
	for i, m := range members {
		if m.keyIs(body, subjectKey) {
			out = append(out, body[last:memberCut(body, members, i)]...)
			last = afterMember(body, members, i)
			continue
		}
		f, personal := spec.field(body, m)
		value := body[m.valStart:m.valEnd]
		if !personal || !isSealed(value) {
			continue
		}
		out = append(out, body[last:m.valStart]...)
		if erased {
			out = append(out, f.tombstone...)
			erasedNames = append(erasedNames, f.name)
		} else {
			aad = fieldAAD(aad, eventType, f.name, subject)
			if out, err = openField(out, key, value, aad); err != nil {
				return nil, fmt.Errorf("%s field %s of %s: %w", eventType, f.name, subject, err)
			}
		}
		last = m.valEnd
	}
	out = append(out, body[last:closingBrace(body)]...)
	out = appendErasedFields(out, erasedNames)
	return append(out, '}'), nil
}

// field returns the registered field that member m is.
func (s eventFields) field(body []byte, m member) (field, bool) {
	for _, f := range s.fields {
		if m.keyIs(body, f.name) {
			return f, true
		}
	}
	return field{}, false
}

// carriesAny reports whether body has a personal field with a value.
func (s eventFields) carriesAny(body []byte, members []member) bool {
	for _, m := range members {
		if _, ok := s.field(body, m); ok && !isNullValue(body[m.valStart:m.valEnd]) {
			return true
		}
	}
	return false
}

func isNullValue(v []byte) bool { return string(v) == "null" }

// closingBrace is the index of the object's closing brace.
func closingBrace(body []byte) int {
	i := len(body) - 1
	for i > 0 && body[i] != '}' {
		i--
	}
	return i
}

// memberCut is where the text before member i ends once it is removed:
// the end of the previous member's value (dropping the comma between), or
// the member's key for the first member.
func memberCut(body []byte, members []member, i int) int {
	if i > 0 {
		return members[i-1].valEnd
	}
	return members[0].keyStart
}

// afterMember is where the text after removed member i resumes: after
// the comma that follows it when it is the first member, else at its
// value's end (the comma before it was dropped).
func afterMember(body []byte, members []member, i int) int {
	end := members[i].valEnd
	if i > 0 {
		return end
	}
	j := skipSpace(body, end)
	if j < len(body) && body[j] == ',' {
		return skipSpace(body, j+1)
	}
	return end
}

// quote is s as a JSON string.
func quote(s string) []byte {
	b, _ := json.Marshal(s) //nolint:errchkjson // a string always encodes
	return b
}

// appendMember appends `,"key":value` to an object's text that lacks its
// closing brace (no comma after the opening brace).
func appendMember(out []byte, key string, value []byte) []byte {
	if j := lastNonSpace(out); j >= 0 && out[j] != '{' {
		out = append(out, ',')
	}
	out = append(out, '"')
	out = append(out, key...)
	out = append(out, '"', ':')
	return append(out, value...)
}

func appendErasedFields(out []byte, names []string) []byte {
	if len(names) == 0 {
		return out
	}
	list := []byte{'['}
	for i, n := range names {
		if i > 0 {
			list = append(list, ',')
		}
		list = append(list, quote(n)...)
	}
	return appendMember(out, ErasedFieldsKey, append(list, ']'))
}

func lastNonSpace(b []byte) int {
	for j := len(b) - 1; j >= 0; j-- {
		if c := b[j]; c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return j
		}
	}
	return -1
}
