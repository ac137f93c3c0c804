package integrity

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opsledger/opsledger/eventstore"
)

// appendEnvelope appends the envelope's bytes in a leaf: exactly what
// encoding/json writes for m. Encoding every event's envelope through
// encoding/json's reflection was the sealer's and the verifier's largest
// cost after reading, so the common envelope (plain strings, a time that
// RFC 3339 can hold) is written here directly, and anything else is left
// to encoding/json, which defines the bytes.
func appendEnvelope(b []byte, m *eventstore.Metadata) ([]byte, error) {
	if envelopeFieldsKnown {
		if out, ok := appendEnvelopeFast(b, m); ok {
			return out, nil
		}
	}
	enc, err := json.Marshal(m)
	if err != nil {
		return b, err
	}
	return append(b, enc...), nil
}

// envelopeFields are eventstore.Metadata's JSON names in field order, as
// appendEnvelopeFast writes them. envelopeFieldsKnown is false when the
// struct has changed since (a field added, renamed or moved): the fast
// path then steps aside rather than write other bytes than encoding/json.
var envelopeFields = []string{"actor_id", "actor_role", "actor_org_unit_id", "on_behalf_of", "reason", "source_doc_ref",
	"policy_version", "effective_at", "correlation_id", "causation_id", "idempotency_key", "traceparent", "prev_hash", "hash"}

var envelopeFieldsKnown = slices.Equal(jsonFieldTags(reflect.TypeFor[eventstore.Metadata]()), envelopeTags())

func envelopeTags() []string {
	tags := make([]string, len(envelopeFields))
	for i, f := range envelopeFields {
		tags[i] = f + ",omitempty"
		if f == "effective_at" {
			tags[i] = f + ",omitzero"
		}
	}
	return tags
}

// jsonFieldTags are the json tags of t's fields, with a mark for a field
// whose kind is not the one appendEnvelopeFast writes it as.
func jsonFieldTags(t reflect.Type) []string {
	out := make([]string, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		out[i] = f.Tag.Get("json")
		plain := f.Type.Kind() == reflect.String && !f.Type.Implements(reflect.TypeFor[json.Marshaler]()) &&
			!f.Type.Implements(reflect.TypeFor[interface{ MarshalText() ([]byte, error) }]())
		if f.Type != reflect.TypeFor[time.Time]() && !plain {
			out[i] += ",?"
		}
	}
	return out
}

// appendEnvelopeFast is appendEnvelope for envelopes whose strings need
// no escaping; false for any other.
func appendEnvelopeFast(b []byte, m *eventstore.Metadata) ([]byte, bool) {
	values := [...]string{m.ActorID, string(m.ActorRole), m.ActorOrgUnitID, m.OnBehalfOf, m.Reason, m.SourceDocRef,
		m.RegulationVersion, "", m.CorrelationID, m.CausationID, m.IdempotencyKey, m.TraceParent, m.PrevHash, m.Hash}
	start := len(b)
	b = append(b, '{')
	for i, v := range values {
		if envelopeFields[i] == "effective_at" {
			if m.EffectiveAt.IsZero() {
				continue
			}
			if !strictRFC3339(m.EffectiveAt) {
				return b[:start], false
			}
			b = append(appendKey(b, envelopeFields[i]), '"')
			b = append(m.EffectiveAt.AppendFormat(b, time.RFC3339Nano), '"')
			continue
		}
		if v == "" {
			continue
		}
		if !plainJSONString(v) {
			return b[:start], false
		}
		b = appendKey(b, envelopeFields[i])
		b = append(b, '"')
		b = append(b, v...)
		b = append(b, '"')
	}
	return append(b, '}'), true
}

// strictRFC3339 reports whether time.Time.MarshalJSON takes t: RFC 3339
// holds its year and its zone offset (which it writes in whole minutes).
func strictRFC3339(t time.Time) bool {
	_, offset := t.Zone()
	return t.Year() >= 0 && t.Year() <= 9999 && offset > -24*3600 && offset < 24*3600
}

func appendKey(b []byte, key string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// plainJSONString reports whether encoding/json writes s as it is
// between quotes: valid UTF-8 with no byte it escapes (control bytes,
// quote, backslash, and the HTML characters <, > and &) and neither
// U+2028 nor U+2029.
func plainJSONString(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || (utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029'))
}
