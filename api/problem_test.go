package api

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/commands"
)

// Given a command whose aggregate kept changing while it was decided, when
// the API answers, then the 409 speaks of the business: no stream name, no
// version, no store wording.
func TestClassify_changedMeanwhileSpeaksOfTheBusiness(t *testing.T) {
	err := fmt.Errorf("update: %w", &commands.ChangedMeanwhile{Subject: "customer file"})

	p := classify(err)

	if p.Status != http.StatusConflict || p.Type != problemBase+kindConflict {
		t.Fatalf("classify() = %d %s, want 409 %s", p.Status, p.Type, kindConflict)
	}
	if want := "the customer file changed while your request was being decided; try again"; p.Detail != want {
		t.Errorf("detail = %q, want %q", p.Detail, want)
	}
	for _, internal := range []string{"stream", "version", "append", "customer-"} {
		if strings.Contains(p.Title+p.Detail, internal) {
			t.Errorf("problem %q / %q mentions %q", p.Title, p.Detail, internal)
		}
	}
}

// sqlStateError stands for a driver's server error: api matches errors by
// behaviour (SQLState), never by the driver's type.
type sqlStateError string

func (e sqlStateError) Error() string    { return "server error " + string(e) }
func (e sqlStateError) SQLState() string { return string(e) }

// Given a read model whose connection is cut in the middle of a list
// (PostgreSQL stopped at once), when the API answers, then it is 503, not
// 500.
func TestClassify_connectionCutMidAnswerIs503(t *testing.T) {
	for _, cut := range []error{io.ErrUnexpectedEOF, io.EOF} {
		p := classify(fmt.Errorf("list: %w", cut))

		if p.Status != http.StatusServiceUnavailable || p.Type != problemBase+kindStoreDown {
			t.Errorf("classify(%v) = %d %s, want 503 %s", cut, p.Status, p.Type, kindStoreDown)
		}
	}
}

// Given a read model queried while PostgreSQL restarts, when the server
// refuses the connection with a SQLSTATE that blames the server (starting
// up, shutting down, out of connections, connection exception), then the
// API answers 503 with the outage's problem, and a statement's own error
// (a unique violation) stays a 500.
func TestClassify_serverOutageStatesAre503(t *testing.T) {
	for code, want := range map[string]int{
		"57P03": http.StatusServiceUnavailable, "57P01": http.StatusServiceUnavailable, "57P02": http.StatusServiceUnavailable,
		"53300": http.StatusServiceUnavailable, "08006": http.StatusServiceUnavailable, "23505": http.StatusInternalServerError,
	} {
		err := fmt.Errorf("customers: failed to connect: %w", sqlStateError(code))

		p := classify(err)

		if p.Status != want {
			t.Errorf("classify(SQLSTATE %s) = %d, want %d", code, p.Status, want)
		}
		if want == http.StatusServiceUnavailable && (p.Type != problemBase+kindStoreDown || strings.Contains(p.Detail, "server error")) {
			t.Errorf("classify(SQLSTATE %s) = %s %q, want %s without the driver's message", code, p.Type, p.Detail, kindStoreDown)
		}
	}
}
