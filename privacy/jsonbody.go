package privacy

import (
	"encoding/json"
	"errors"
)

// member is one member of a JSON object: the byte spans of its key (the
// quoted string) and of its value within the object's text.
type member struct {
	keyStart, keyEnd int
	valStart, valEnd int
}

// errNotObject is returned for a body that is not one JSON object.
var errNotObject = errors.New("privacy: event body is not a JSON object")

// key returns the member's key without its quotes. The registry's keys
// are plain ASCII, so a key with escapes never matches one, which is what
// comparing the raw bytes gives.
func (m member) key(body []byte) string { return string(body[m.keyStart+1 : m.keyEnd-1]) }

// keyIs reports whether the member's key is name, without allocating.
func (m member) keyIs(body []byte, name string) bool {
	k := body[m.keyStart+1 : m.keyEnd-1]
	return len(k) == len(name) && string(k) == name
}

// scanObject lists the members of the top-level JSON object body, in
// order. It appends to buf (so a caller can reuse one) and checks only as
// much syntax as it needs to find the spans: bodies come from
// encoding/json.
func scanObject(body []byte, buf []member) ([]member, error) {
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return nil, errNotObject
	}
	i = skipSpace(body, i+1)
	if i < len(body) && body[i] == '}' {
		return buf, nil
	}
	for i < len(body) {
		var m member
		if body[i] != '"' {
			return nil, errNotObject
		}
		m.keyStart = i
		end, err := skipString(body, i)
		if err != nil {
			return nil, err
		}
		m.keyEnd = end
		i = skipSpace(body, end)
		if i >= len(body) || body[i] != ':' {
			return nil, errNotObject
		}
		i = skipSpace(body, i+1)
		m.valStart = i
		if i, err = skipValue(body, i); err != nil {
			return nil, err
		}
		m.valEnd = i
		buf = append(buf, m)
		i = skipSpace(body, i)
		if i >= len(body) {
			break
		}
		switch body[i] {
		case ',':
			i = skipSpace(body, i+1)
		case '}':
			return buf, nil
		default:
			return nil, errNotObject
		}
	}
	return nil, errNotObject
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string that starts at i.
func skipString(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errNotObject
}

// skipValue returns the index just past the JSON value that starts at i.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errNotObject
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		return skipNested(b, i)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\t' && b[j] != '\r' {
		j++
	}
	if j == i {
		return 0, errNotObject
	}
	return j, nil
}

// skipNested skips an object or array, minding strings.
func skipNested(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			end, err := skipString(b, j)
			if err != nil {
				return 0, err
			}
			j = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, errNotObject
}

// stringValue returns the member's value as a Go string, or false when it
// is not a JSON string.
func (m member) stringValue(body []byte) (string, bool) {
	v := body[m.valStart:m.valEnd]
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	inner := v[1 : len(v)-1]
	for _, c := range inner {
		if c == '\\' {
			var s string
			if json.Unmarshal(v, &s) != nil {
				return "", false
			}
			return s, true
		}
	}
	return string(inner), true
}

// find returns the member named name, if any.
func find(body []byte, members []member, name string) (member, bool) {
	for _, m := range members {
		if m.keyIs(body, name) {
			return m, true
		}
	}
	return member{}, false
}
