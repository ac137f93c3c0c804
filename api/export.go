package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/export"
	"github.com/opsledger/opsledger/queries"
)

// ExportFunc writes the events q selects to w in format f (package
// export), calling before with each event before it is written, and
// returns how many it wrote.
type ExportFunc func(ctx context.Context, q export.Query, f export.Format, w io.Writer, before func(eventstore.Recorded) error) (int64, error)

// exportRoutes serve the event log to analysts and auditors as a file.
func exportRoutes(s *Server, rt *routes) {
	if s.Export == nil {
		return
	}
	params := []QueryParam{
		dateTime("from", "first recorded time to export (inclusive)"),
		dateTime("to", "recorded time to stop before (exclusive)"),
		text("types", "event types to export, comma-separated (default all)"),
		text("streams", "stream prefixes to export, comma-separated, e.g. customer- (default all)"),
		afterParam,
	}
	rt.add(Route{Method: http.MethodGet, Pattern: "/export", Tag: "Export", Produces: export.MediaTypes(), Query: params,
		Summary: "The event log as NDJSON, CSV or Parquet (chosen by Accept): one row per event in log order"},
		validQuery(params, s.exportEvents))
}

// exportEvents streams an export. What can be refused is refused before
// the first byte; a failure after it aborts the connection, so a client
// never takes a cut-off file for a whole one.
func (s *Server) exportEvents(w http.ResponseWriter, r *http.Request) {
	if err := refuseNUL(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := requireRole(actorFrom(r.Context()), "the event log export", queries.ExportReaders...); err != nil {
		s.writeError(w, r, err)
		return
	}
	// ?after= (or its header) makes the export wait until the log shows
	// the client's own last write, as every query can.
	if after := cmp.Or(r.URL.Query().Get("after"), r.Header.Get(AfterHeader)); after != "" {
		if err := s.WaitFor(r.Context(), after); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	format, ok := export.Negotiate(r.Header.Get("Accept"))
	if !ok {
		writeProblem(w, r, newProblem(http.StatusNotAcceptable, kindNotAcceptable, "Not acceptable",
			"an export is served as "+strings.Join(export.MediaTypes(), ", ")))
		return
	}
	q, err := exportQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", format.MediaType())
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="opsledger-events.%s"`, format))
	body := &exportBody{w: w, rc: http.NewResponseController(w)}
	if _, err := s.Export(r.Context(), q, format, body, s.exportReads(r.Context(), actorFrom(r.Context()))); err != nil {
		if body.written == 0 {
			s.writeError(w, r, err)
			return
		}
		s.log.ErrorContext(r.Context(), "export failed after its first byte", "written", body.written, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// exportQuery reads and checks an export's parameters.
func exportQuery(r *http.Request) (export.Query, error) {
	var q export.Query
	var err error
	if q.From, err = timeParam(r, "from"); err != nil {
		return q, err
	}
	if q.To, err = timeParam(r, "to"); err != nil {
		return q, err
	}
	q.Types = commaList(r.URL.Query().Get("types"))
	q.StreamPrefixes = commaList(r.URL.Query().Get("streams"))
	if err := q.Check(commands.Codec().Types()); err != nil {
		var bad *export.QueryError
		if errors.As(err, &bad) {
			return q, domain.InvalidField(bad.Field, bad.Reason)
		}
		return q, err
	}
	return q, nil
}

func commaList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// exportWriteWindow is how long one write of an export may take. An
// export runs as long as the log is big, longer than the server's write
// timeout, so each write moves the deadline on: a stalled client is
// still cut off.
const exportWriteWindow = 30 * time.Second

// exportBody is the response as an export writes it: it counts what was
// sent and keeps the write deadline ahead of the writing.
type exportBody struct {
	w       io.Writer
	rc      *http.ResponseController
	written int64
}

func (b *exportBody) Write(p []byte) (int, error) {
	if err := b.rc.SetWriteDeadline(time.Now().Add(exportWriteWindow)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return 0, err
	}
	n, err := b.w.Write(p)
	b.written += int64(n)
	return n, err
}

// exportReads records, before an exported event is written, the personal
// data its body shows (rule §4.3-A6), once per subject and category of
// the export: an export is read like a page of the audit trail.
func (s *Server) exportReads(ctx context.Context, actor domain.Actor) func(eventstore.Recorded) error {
	seen := map[[3]string]bool{}
	return func(e eventstore.Recorded) error {
		for _, rd := range historyReads([]eventstore.Recorded{e}) {
			key := [3]string{rd.SubjectKind, rd.SubjectID, rd.Category}
			if seen[key] {
				continue
			}
			seen[key] = true
			if err := s.noteReads(ctx, actor, rd); err != nil {
				return err
			}
		}
		return nil
	}
}
