package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// Problem is an RFC 9457 problem document. Type is stable per error kind,
// so clients branch on it rather than on the message.
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Rule     string         `json:"rule,omitempty"`
	Errors   []FieldProblem `json:"errors,omitempty"`
	// etag, when set, is sent as the ETag header: a 412 names the
	// version the resource is at now.
	etag string
}

// FieldProblem names one invalid input field and why.
type FieldProblem struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// problemBase prefixes every problem type.
const problemBase = "https://opsledger.dev/problems/"

// The problem kinds, one per status family the API answers with.
const (
	kindMalformed       = "malformed-request"
	kindUnauthenticated = "unauthenticated"
	kindForbidden       = "forbidden"
	kindNotFound        = "not-found"
	kindConflict        = "conflict"
	kindRejected        = "rejected-by-rule"
	kindStale           = "stale-version"
	kindTooLarge        = "body-too-large"
	kindMediaType       = "unsupported-media-type"
	kindInvalid         = "invalid-field"
	kindRateLimited     = "rate-limited"
	kindUnavailable     = "not-caught-up"
	kindInternal        = "internal-error"
	kindIdempotency     = "idempotency-key-reused"
	kindMethodMissing   = "method-not-allowed"
	kindStoreDown       = "service-unavailable"
	kindNotAcceptable   = "not-acceptable"
)

func newProblem(status int, kind, title, detail string) *Problem {
	return &Problem{Type: problemBase + kind, Title: title, Status: status, Detail: detail}
}

// writeProblem sends p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	p.Instance = r.URL.Path
	noteProblem(r.Context(), p)
	if p.Status == http.StatusServiceUnavailable || p.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	if p.etag != "" {
		w.Header().Set(headerETag, p.etag)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p) //nolint:errchkjson // the client went away
}

// writeError maps an error to its problem document. Only unexpected
// errors are logged, and only here.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	s.writeProblemOf(w, r, err, classify(err))
}

// writeProblemOf sends p, the problem of err, logging err when it was
// unexpected.
func (s *Server) writeProblemOf(w http.ResponseWriter, r *http.Request, err error, p *Problem) {
	if p.Status >= 500 && p.Status != http.StatusServiceUnavailable {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeProblem(w, r, p)
}

func classify(err error) *Problem {
	var fe *domain.FieldError
	var re *domain.RuleError
	var pe *Problem
	var changed *commands.ChangedMeanwhile
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.As(err, &fe):
		p := newProblem(http.StatusUnprocessableEntity, kindInvalid, "Invalid field", err.Error())
		p.Errors = []FieldProblem{{Field: fe.Field, Reason: fe.Reason}}
		return p
	case errors.Is(err, domain.ErrInvalid):
		return newProblem(http.StatusUnprocessableEntity, kindInvalid, "Invalid request", err.Error())
	case errors.Is(err, domain.ErrNotFound):
		return newProblem(http.StatusNotFound, kindNotFound, "Not found", err.Error())
	case errors.Is(err, domain.ErrForbidden):
		return newProblem(http.StatusForbidden, kindForbidden, "Forbidden", err.Error())
	case errors.As(err, &re):
		p := newProblem(http.StatusConflict, kindRejected, "Rejected by rule "+re.Rule, err.Error())
		p.Rule = re.Rule
		return p
	case errors.Is(err, domain.ErrRejected):
		return newProblem(http.StatusConflict, kindRejected, "Rejected by a business rule", err.Error())
	case errors.Is(err, commands.ErrStaleVersion):
		p := newProblem(http.StatusPreconditionFailed, kindStale, "Stale version", err.Error())
		var stale *commands.StaleVersion
		if errors.As(err, &stale) {
			p.etag = etag(stale.Current)
		}
		return p
	case errors.Is(err, domain.ErrUnavailable), unreachable(err):
		return storeDown()
	case errors.Is(err, queries.ErrNotCaughtUp), errors.Is(err, context.DeadlineExceeded):
		return newProblem(http.StatusServiceUnavailable, kindUnavailable, "Not caught up", err.Error())
	case errors.As(err, &changed):
		// Only the business text: the store's cause names streams and versions.
		return newProblem(http.StatusConflict, kindConflict, "Changed while being decided", changed.Error())
	case errors.Is(err, domain.ErrConflict):
		return newProblem(http.StatusConflict, kindConflict, "Conflict", err.Error())
	}
	return newProblem(http.StatusInternalServerError, kindInternal, "Internal error", "the server could not complete the request")
}

// storeDown is the answer while the database cannot be reached: 503 with
// Retry-After (writeProblem), and a detail that names no host, port or
// user (the driver's message would).
func storeDown() *Problem {
	return newProblem(http.StatusServiceUnavailable, kindStoreDown, "Service unavailable", "the database cannot be reached; retry later")
}

// unreachable reports whether err is an outage that no adapter marked
// with domain.ErrUnavailable (a read model queried while the database is
// down or restarting): a network error, a driver error that says the
// request is safe to retry, a connection cut in the middle of an answer
// (io.ErrUnexpectedEOF, io.EOF), or a server error whose SQLSTATE blames
// the server rather than the statement (a database still starting up
// refuses connections with 57P03, not with a network error). All are
// matched by behaviour, so the api knows no driver. A request body cut
// short is not one of them: readBody and decodeStrict answer it as a
// Problem before any error gets here.
func unreachable(err error) bool {
	var netErr net.Error
	var retryable interface{ SafeToRetry() bool }
	var coded interface{ SQLState() string }
	return errors.As(err, &netErr) || (errors.As(err, &retryable) && retryable.SafeToRetry()) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		(errors.As(err, &coded) && outageState(coded.SQLState()))
}

// outageState reports whether a SQLSTATE says the server is unavailable:
// connection exceptions (class 08), shutdown or recovery (57P01-57P03),
// too many connections (53300). It is internal/pgoutage's list, which
// the api cannot import without linking pgx.
func outageState(code string) bool {
	return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" || code == "53300"
}

func (p *Problem) Error() string { return p.Title + ": " + p.Detail }
