package export

import "github.com/tidwall/gjson"

// maxJSONDepth is the nesting encoding/json accepts; the check refuses
// deeper values as json.Valid does.
const maxJSONDepth = 10000

// jsonChecker tells whether a body is one JSON value, as json.Valid does,
// a few times faster: json.Valid's scanner calls a function per byte and
// was the NDJSON export's largest cost. gjson's validator walks the bytes
// without allocating; the depth limit is ours, because gjson has none and
// encoding/json (which reads the export back) refuses deeper values.
type jsonChecker struct{}

// valid reports whether b is one JSON value with optional white space
// around it.
func (jsonChecker) valid(b []byte) bool {
	return gjson.ValidBytes(b) && (len(b) <= 2*maxJSONDepth || depthWithin(b, maxJSONDepth))
}

// depthWithin reports whether no container of the valid JSON b nests
// deeper than limit (brackets inside strings do not count). Nesting deeper
// than maxJSONDepth takes more than 2*maxJSONDepth bytes (an opening and a
// closing bracket a level), so shorter bodies, nearly all, skip the walk.
func depthWithin(b []byte, limit int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > limit {
				return false
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return true
}
