package api

import (
	"fmt"
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
