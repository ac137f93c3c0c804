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

	"github.com/opsledger/opsledger/eventstore"
)

// ndjsonWriter writes each event as one JSON object on its own line, the
// body as JSON itself rather than as a string of JSON, so DuckDB's
// read_json and pandas see its fields. It writes the line by hand straight
// from the stored event into a reused buffer, and the body as the store
// returns it: the keys are fixed, and reflection-driven encoding, or
// decoding the body to encode it again, cost more than reading the log
// (the export's goal is a share of the log's read-back rate).
type ndjsonWriter struct {
	buf   *bufio.Writer
	line  []byte
	check jsonChecker
}

// ndjsonBuffer is the NDJSON writer's buffer: a few hundred lines a
// write. Writing 475 MB to a file in 64 KiB, 256 KiB and 1 MiB writes
// took about the same CPU, but the 1 MiB writes stalled for seconds in
// two runs of three (the buffer no longer fits a core's cache, and each
// write dirties a megabyte at once).
const ndjsonBuffer = 256 << 10

func newNDJSONWriter(w io.Writer) *ndjsonWriter {
	return &ndjsonWriter{buf: bufio.NewWriterSize(w, ndjsonBuffer)}
}

// write writes e's line: the columns of Row, in its order, under its
// JSON keys.
func (w *ndjsonWriter) write(e eventstore.Recorded) error {
	body := e.Data
	if !w.check.valid(body) { // a store returns JSON bodies; never write a broken line
		return fmt.Errorf("event %s: its body is not JSON", e.ID)
	}
	m := &e.Metadata
	b := append(w.line[:0], `{"position":"`...)
	b = append(appendPosition(b, e.Position), '"')
	b = appendKeyString(b, `,"stream":`, e.Stream)
	b = strconv.AppendInt(append(b, `,"stream_version":`...), int64(e.StreamVersion), 10)
	b = appendKeyString(b, `,"event_id":`, e.ID)
	b = appendKeyString(b, `,"event_type":`, e.Type)
	b = strconv.AppendInt(append(b, `,"schema_version":`...), int64(int32(e.SchemaVersion)), 10)
	b = appendTime(append(b, `,"recorded_at":`...), utcMicro(e.RecordedAt))
	b = append(b, `,"effective_at":`...)
	if m.EffectiveAt.IsZero() {
		b = append(b, "null"...)
	} else {
		b = appendTime(b, utcMicro(m.EffectiveAt))
	}
	b = appendKeyString(b, `,"actor_id":`, m.ActorID)
	b = appendKeyString(b, `,"actor_role":`, string(m.ActorRole))
	b = appendKeyString(b, `,"actor_org_unit_id":`, m.ActorOrgUnitID)
	b = appendKeyString(b, `,"on_behalf_of":`, m.OnBehalfOf)
	b = appendKeyString(b, `,"reason":`, m.Reason)
	b = appendKeyString(b, `,"source_doc_ref":`, m.SourceDocRef)
	b = appendKeyString(b, `,"regulation_version":`, m.RegulationVersion)
	b = appendKeyString(b, `,"correlation_id":`, m.CorrelationID)
	b = appendKeyString(b, `,"causation_id":`, m.CausationID)
	b = append(b, `,"data":`...)
	if bytes.IndexByte(body, '\n') >= 0 || bytes.IndexByte(body, '\r') >= 0 {
		// A line holds one event: a pretty-printed body is compacted (in
		// valid JSON a line break can only be white space).
		var err error
		if b, err = appendCompact(b, body); err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
	} else {
		b = append(b, body...)
	}
	b = append(b, "}\n"...)
	w.line = b
	_, err := w.buf.Write(b)
	return err
}

func appendCompact(b, body []byte) ([]byte, error) {
	compact := bytes.NewBuffer(b)
	if err := json.Compact(compact, body); err != nil {
		return b, err
	}
	return compact.Bytes(), nil
}

// appendPosition writes p as Position.String does ("major-minor").
func appendPosition(b []byte, p eventstore.Position) []byte {
	return strconv.AppendUint(append(strconv.AppendUint(b, p.Major, 10), '-'), p.Minor, 10)
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
