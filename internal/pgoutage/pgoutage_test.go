package pgoutage

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsledger/opsledger/domain"
)

func TestMark(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // a port nothing listens on
	_, connectErr := pgx.Connect(ctx, "postgres://postgres@"+addr+"/x?sslmode=disable&connect_timeout=2")
	if connectErr == nil {
		t.Fatal("connected to a closed port")
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"a refused connection", connectErr, true},
		{"a refused connection wrapped by a store", fmt.Errorf("append s: %w", connectErr), true},
		{"a pool time-out", fmt.Errorf("acquire: %w", context.DeadlineExceeded), true},
		{"the server shutting down", &pgconn.PgError{Code: "57P01"}, true},
		{"the server starting up", &pgconn.PgError{Code: "57P03"}, true},
		{"a connection exception", &pgconn.PgError{Code: "08006"}, true},
		{"a unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"an index row too large", &pgconn.PgError{Code: "54000"}, false},
		{"no rows", pgx.ErrNoRows, false},
		{"a domain conflict", domain.ErrConflict, false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mark(tt.err)
			if errors.Is(got, domain.ErrUnavailable) != tt.want {
				t.Fatalf("Mark(%v) unavailable = %v, want %v", tt.err, !tt.want, tt.want)
			}
			if tt.err != nil && (!errors.Is(got, tt.err) || got.Error() != tt.err.Error()) {
				t.Errorf("Mark(%v) = %v, want the same error and message", tt.err, got)
			}
		})
	}
}
