package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/opsledger/opsledger/eventstore"
)

// rowWriter writes events as rows in one format; close ends the file
// (Parquet writes its footer there) and flushes.
type rowWriter interface {
	write(eventstore.Recorded) error
	close() error
}

func newRowWriter(f Format, w io.Writer) (rowWriter, error) {
	switch f {
	case NDJSON:
		return newNDJSONWriter(w), nil
	case CSV:
		return newCSVWriter(w)
	case Parquet:
		return newParquetWriter(w), nil
	}
	return nil, badQuery("format", "no format %q", f)
}

// CSVHeader is the CSV export's first line; it is part of the documented
// format (docs/EXPORT.md) and changes only by adding columns at the end.
var CSVHeader = []string{"position", "stream", "stream_version", "event_id", "event_type", "schema_version",
	"recorded_at", "effective_at", "actor_id", "actor_role", "actor_org_unit_id", "on_behalf_of", "reason",
	"source_doc_ref", "regulation_version", "correlation_id", "causation_id", "data"}

type csvWriter struct {
	buf    *bufio.Writer
	csv    *csv.Writer
	record []string
}

func newCSVWriter(w io.Writer) (*csvWriter, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	c := &csvWriter{buf: buf, csv: csv.NewWriter(buf), record: make([]string, len(CSVHeader))}
	return c, c.csv.Write(CSVHeader)
}

func (w *csvWriter) write(e eventstore.Recorded) error {
	r := rowOf(e)
	effective := ""
	if r.EffectiveAt != nil {
		effective = r.EffectiveAt.Format(time.RFC3339Nano)
	}
	rec := w.record
	rec[0], rec[1], rec[2], rec[3] = r.Position, r.Stream, strconv.FormatInt(r.StreamVersion, 10), r.EventID
	rec[4], rec[5], rec[6], rec[7] = r.EventType, strconv.Itoa(int(r.SchemaVersion)), r.RecordedAt.Format(time.RFC3339Nano), effective
	rec[8], rec[9], rec[10], rec[11], rec[12] = r.ActorID, r.ActorRole, r.ActorOrgUnitID, r.OnBehalfOf, r.Reason
	rec[13], rec[14], rec[15], rec[16], rec[17] = r.SourceDocRef, r.RegulationVersion, r.CorrelationID, r.CausationID, r.Data
	return w.csv.Write(rec)
}

func (w *csvWriter) close() error {
	w.csv.Flush()
	if err := w.csv.Error(); err != nil {
		return err
	}
	return w.buf.Flush()
}

// parquetBatch is how many rows go to the Parquet writer at a time: its
// per-call cost is amortised, and a batch of rows is small beside a row
// group.
const parquetBatch = 512

type parquetWriter struct {
	w     *parquet.GenericWriter[Row]
	batch []Row
}

func newParquetWriter(w io.Writer) *parquetWriter {
	// zstd at its fastest level: the default level's encoder cost more
	// than reading the log, and the files were only a little smaller.
	return &parquetWriter{w: parquet.NewGenericWriter[Row](w, parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest})),
		batch: make([]Row, 0, parquetBatch)}
}

func (w *parquetWriter) write(e eventstore.Recorded) error {
	w.batch = append(w.batch, rowOf(e))
	if len(w.batch) == parquetBatch {
		return w.flush()
	}
	return nil
}

func (w *parquetWriter) flush() error {
	if _, err := w.w.Write(w.batch); err != nil {
		return fmt.Errorf("write parquet rows: %w", err)
	}
	w.batch = w.batch[:0]
	return nil
}

func (w *parquetWriter) close() error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.w.Close()
}
