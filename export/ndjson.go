package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// ndjsonWriter writes each row as one JSON object on its own line, the
// body as JSON itself rather than as a string of JSON, so DuckDB's
// read_json and pandas see its fields. It writes the line by hand: the
// keys are fixed, and reflection-driven encoding cost more than reading
// the log (the export's goal is a share of the log's read-back rate).
type ndjsonWriter struct {
	buf  *bufio.Writer
	line []byte
}

func newNDJSONWriter(w io.Writer) *ndjsonWriter {
	return &ndjsonWriter{buf: bufio.NewWriterSize(w, 64<<10)}
}

func (w *ndjsonWriter) write(r Row) error {
	body := []byte(r.Data)
	if !json.Valid(body) { // a store returns JSON bodies; never write a broken line
		return fmt.Errorf("event %s: its body is not JSON", r.EventID)
	}
	b := w.line[:0]
	b = appendKeyString(b, `{"position":`, r.Position)
	b = appendKeyString(b, `,"stream":`, r.Stream)
	b = strconv.AppendInt(append(b, `,"stream_version":`...), r.StreamVersion, 10)
	b = appendKeyString(b, `,"event_id":`, r.EventID)
	b = appendKeyString(b, `,"event_type":`, r.EventType)
	b = strconv.AppendInt(append(b, `,"schema_version":`...), int64(r.SchemaVersion), 10)
	b = appendTime(append(b, `,"recorded_at":`...), r.RecordedAt)
	b = append(b, `,"effective_at":`...)
	if r.EffectiveAt == nil {
		b = append(b, "null"...)
	} else {
		b = appendTime(b, *r.EffectiveAt)
	}
	b = appendKeyString(b, `,"actor_id":`, r.ActorID)
	b = appendKeyString(b, `,"actor_role":`, r.ActorRole)
	b = appendKeyString(b, `,"actor_org_unit_id":`, r.ActorOrgUnitID)
	b = appendKeyString(b, `,"on_behalf_of":`, r.OnBehalfOf)
	b = appendKeyString(b, `,"reason":`, r.Reason)
	b = appendKeyString(b, `,"source_doc_ref":`, r.SourceDocRef)
	b = appendKeyString(b, `,"regulation_version":`, r.RegulationVersion)
	b = appendKeyString(b, `,"correlation_id":`, r.CorrelationID)
	b = appendKeyString(b, `,"causation_id":`, r.CausationID)
	b = append(b, `,"data":`...)
	if bytes.ContainsAny(body, "\r\n") { // a line holds one event: pretty-printed bodies are compacted
		var compact bytes.Buffer
		if err := json.Compact(&compact, body); err != nil {
			return fmt.Errorf("event %s: %w", r.EventID, err)
		}
		body = compact.Bytes()
	}
	b = append(append(b, body...), "}\n"...)
	w.line = b
	_, err := w.buf.Write(b)
	return err
}

func (w *ndjsonWriter) close() error { return w.buf.Flush() }

func appendKeyString(b []byte, key, s string) []byte {
	return appendJSONString(append(b, key...), s)
}

func appendTime(b []byte, t time.Time) []byte {
	return append(t.AppendFormat(append(b, '"'), time.RFC3339Nano), '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it with HTML escaping off: quotes, backslashes, control
// characters, U+2028 and U+2029; invalid UTF-8 becomes U+FFFD. Chinese
// text is written as it is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(append(b, s[start:i]...), `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(append(b, s[start:]...), '"')
}
