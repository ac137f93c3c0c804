// Package pgoutage tells an outage of PostgreSQL (the server cannot be
// reached, is shutting down or restarting, a connection broke, the pool
// or a network read timed out) from every other database error. The
// PostgreSQL adapters mark outage errors with domain.ErrUnavailable at
// their boundary, so the API answers 503 with Retry-After without knowing
// pgx, and a constraint violation or a bug still answers what it did.
package pgoutage

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsledger/opsledger/domain"
)

// Is reports whether err says the database is unreachable now rather
// than that the statement is wrong.
func Is(err error) bool {
	if err == nil {
		return false
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &connect), errors.As(err, &netErr), pgconn.SafeToRetry(err), pgconn.Timeout(err):
		return true
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.As(err, &pgErr):
		return serverUnavailable(pgErr.Code)
	}
	return false
}

// serverUnavailable reports whether a SQLSTATE says the server, not the
// statement, failed: connection exceptions (class 08), shutdown or
// recovery (57P01-57P03), too many connections (53300).
func serverUnavailable(code string) bool {
	return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" || code == "53300"
}

// Mark returns err wrapped with domain.ErrUnavailable when it is an
// outage, else err unchanged. Its message is err's.
func Mark(err error) error {
	if !Is(err) || errors.Is(err, domain.ErrUnavailable) {
		return err
	}
	return &outage{err}
}

type outage struct{ err error }

func (e *outage) Error() string   { return e.err.Error() }
func (e *outage) Unwrap() []error { return []error{domain.ErrUnavailable, e.err} }
