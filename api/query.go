package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// queryFunc answers a query; version, when non-zero, becomes the ETag.
type queryFunc func(ctx context.Context, r *http.Request, actor domain.Actor) (body any, version int64, err error)

// AfterHeader is how a client passes back a command's position to read its
// own write (the ?after= parameter does the same).
const AfterHeader = "X-Opsledger-After"

// handleQuery waits, when asked, until readModels have passed the given
// position, then answers the query.
func handleQuery(s *Server, readModels []string, run queryFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := refuseNUL(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		var after string
		if r.URL.RawQuery != "" { // no query string, no map to parse
			after = r.URL.Query().Get("after")
		}
		if after == "" {
			after = r.Header.Get(AfterHeader)
		}
		if after != "" {
			if err := s.WaitFor(r.Context(), after, readModels...); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		body, version, err := run(r.Context(), r, actorFrom(r.Context()))
		if err != nil {
			s.writeError(w, r, queryError(err))
			return
		}
		if version > 0 {
			tag := etag(uint64(version))
			w.Header().Set(headerETag, tag)
			if r.Header.Get("If-None-Match") == tag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		writeJSON(w, http.StatusOK, body)
	}
}

// queryError makes a refused field of a query a bad query parameter: a
// GET takes no body, so the field is one of its parameters (a limit out
// of range, a cursor this server did not issue), refused with 400 as the
// route's own check refuses a value outside a parameter's values.
func queryError(err error) error {
	var fe *domain.FieldError
	if errors.As(err, &fe) {
		return badParam(fe.Field, fe.Reason)
	}
	return err
}

// pageRequest reads ?cursor= and ?limit=. A limit that is not a whole
// number from 1 to MaxPageSize is refused rather than silently changed.
func pageRequest(r *http.Request) (queries.PageRequest, error) {
	q := r.URL.Query()
	p := queries.PageRequest{Cursor: q.Get("cursor")}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > queries.MaxPageSize {
			return p, domain.InvalidField("limit", "must be a whole number from 1 to "+strconv.Itoa(queries.MaxPageSize))
		}
		p.Limit = n
	}
	return p, nil
}

// onePage is a whole list as the one page of it: every list answers
// {items, next_cursor}, including the short ones nobody pages.
func onePage[T any](items []T) queries.Page[T] {
	if items == nil {
		items = []T{}
	}
	return queries.Page[T]{Items: items}
}

// dayParam reads a date (YYYY-MM-DD, or an RFC 3339 time) from the query
// string (zero if absent).
func dayParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := parseDay(v)
	if err != nil {
		return t, domain.InvalidField(name, "must be a date such as 2026-01-31")
	}
	return t, nil
}

// timeParam reads an RFC 3339 time from the query string (zero if absent).
func timeParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, domain.InvalidField(name, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z")
	}
	return t, nil
}
