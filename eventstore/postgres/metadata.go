package postgres

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// decodeMetadata parses stored metadata JSON held in s. Reading the log is
// dominated by this, so the common shape (what json.Marshal writes: a flat
// object of known keys with plain string values) is parsed by hand, with
// the values sharing s's memory; anything else (escapes, other keys or
// value kinds, whitespace) goes through encoding/json, which defines the
// result.
func decodeMetadata(s string) (eventstore.Metadata, error) {
	if len(s) == 0 {
		return eventstore.Metadata{}, nil
	}
	if m, ok := parseMetadata(s); ok {
		return m, nil
	}
	var m eventstore.Metadata
	err := json.Unmarshal([]byte(s), &m)
	return m, err
}

// parseMetadata is the fast path; ok is false when s is not in its shape.
func parseMetadata(s string) (m eventstore.Metadata, ok bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return m, false
	}
	if len(s) == 2 {
		return m, true
	}
	for i := 1; ; {
		key, j, ok := plainString(s, i)
		if !ok || j >= len(s) || s[j] != ':' {
			return m, false
		}
		val, k, ok := plainString(s, j+1)
		if !ok || k >= len(s) || !setMetadata(&m, key, val) {
			return m, false
		}
		switch {
		case s[k] == ',':
			i = k + 1
		case k == len(s)-1: // the closing brace
			return m, true
		default:
			return m, false
		}
	}
}

// plainString reads the JSON string starting at s[i] if it needs no
// unescaping and is valid UTF-8, and returns it and the index after it.
func plainString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	end := strings.IndexByte(s[i+1:], '"')
	if end < 0 {
		return "", 0, false
	}
	v := s[i+1 : i+1+end]
	ascii := true
	for k := 0; k < len(v); k++ {
		if c := v[k]; c < 0x20 || c == '\\' {
			return "", 0, false // an escape (maybe of a quote) or a raw control byte
		} else if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	return v, i + 2 + end, ascii || utf8.ValidString(v)
}

// setMetadata stores val under the JSON key; false for keys it does not
// know exactly (encoding/json also matches them case-insensitively).
func setMetadata(m *eventstore.Metadata, key, val string) bool {
	switch key {
	case "actor_id":
		m.ActorID = val
	case "actor_role":
		m.ActorRole = domain.Role(val)
	case "actor_org_unit_id":
		m.ActorOrgUnitID = val
	case "on_behalf_of":
		m.OnBehalfOf = val
	case "reason":
		m.Reason = val
	case "source_doc_ref":
		m.SourceDocRef = val
	case "policy_version": // the stored key of RegulationVersion
		m.RegulationVersion = val
	case "effective_at":
		t, err := time.Parse(time.RFC3339, val)
		if err != nil {
			return false
		}
		m.EffectiveAt = t
	case "correlation_id":
		m.CorrelationID = val
	case "causation_id":
		m.CausationID = val
	case "idempotency_key":
		m.IdempotencyKey = val
	case "traceparent":
		m.TraceParent = val
	case "prev_hash":
		m.PrevHash = val
	case "hash":
		m.Hash = val
	default:
		return false
	}
	return true
}
