package export

// maxJSONDepth is the nesting encoding/json accepts; jsonValid refuses
// deeper values as json.Valid does.
const maxJSONDepth = 10000

// jsonChecker tells whether a body is one JSON value, exactly as
// json.Valid does, a few times faster: json.Valid's scanner calls a
// function per byte, and was the NDJSON export's largest cost. Its stack
// of open objects and arrays is reused from body to body.
type jsonChecker struct {
	open []byte // '{' or '[' for each container not closed yet
}

// valid reports whether b is one JSON value with optional white space
// around it.
func (c *jsonChecker) valid(b []byte) bool {
	c.open = c.open[:0]
	i := skipJSONSpace(b, 0)
	for {
		var ok, done bool
		if i, ok, done = c.value(b, i); !ok {
			return false
		}
		if !done {
			continue // a container opened: its first member is next
		}
		if i, ok = c.next(b, i); !ok {
			return false
		}
		if len(c.open) == 0 {
			return skipJSONSpace(b, i) == len(b)
		}
	}
}

// value reads the value at b[i:]. A scalar or an empty container is read
// whole (done); a non-empty container is opened and i is left at its
// first member (an object's at the key's value).
func (c *jsonChecker) value(b []byte, i int) (next int, ok, done bool) {
	if i >= len(b) {
		return i, false, false
	}
	switch b[i] {
	case '{', '[':
		if len(c.open) >= maxJSONDepth {
			return i, false, false
		}
		closer := byte('}')
		if b[i] == '[' {
			closer = ']'
		}
		j := skipJSONSpace(b, i+1)
		if j < len(b) && b[j] == closer {
			return j + 1, true, true
		}
		c.open = append(c.open, b[i])
		if b[i] == '{' {
			j, ok = objectKey(b, j)
			return j, ok, false
		}
		return j, true, false
	case '"':
		next, ok = jsonString(b, i)
	case 't':
		next, ok = literal(b, i, "true")
	case 'f':
		next, ok = literal(b, i, "false")
	case 'n':
		next, ok = literal(b, i, "null")
	default:
		next, ok = jsonNumber(b, i)
	}
	return next, ok, true
}

// next reads what follows a value: closing brackets, then a comma and
// the next member's start (an object's key and colon), or the end.
func (c *jsonChecker) next(b []byte, i int) (int, bool) {
	for {
		i = skipJSONSpace(b, i)
		if len(c.open) == 0 {
			return i, true
		}
		if i >= len(b) {
			return i, false
		}
		top := c.open[len(c.open)-1]
		switch {
		case b[i] == ',':
			i = skipJSONSpace(b, i+1)
			if top == '{' {
				return objectKey(b, i)
			}
			return i, true
		case top == '{' && b[i] == '}', top == '[' && b[i] == ']':
			c.open = c.open[:len(c.open)-1]
			i++
			if len(c.open) == 0 {
				return i, true
			}
		default:
			return i, false
		}
	}
}

// objectKey reads a member's key and colon, leaving i at its value.
func objectKey(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	i, ok := jsonString(b, i)
	if !ok {
		return i, false
	}
	i = skipJSONSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return i, false
	}
	return skipJSONSpace(b, i+1), true
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonString reads the string starting at the quote b[i]. Like
// json.Valid it refuses control characters and unknown escapes, and
// leaves UTF-8 alone.
func jsonString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			i++
			if i >= len(b) {
				return i, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) || !isHex(b[i+1]) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) {
					return i, false
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func literal(b []byte, i int, word string) (int, bool) {
	if len(b)-i < len(word) || string(b[i:i+len(word)]) != word {
		return i, false
	}
	return i + len(word), true
}

// jsonNumber reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func jsonNumber(b []byte, i int) (int, bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}
