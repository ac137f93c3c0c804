package app_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// TestRegulations_EveryProcessDecidesWithTheAdoptedVersion: a version
// adopted through one server is in force in another server already
// running on the same database (it follows the log) and in one started
// afterwards (it loads the catalogue at start).
func TestRegulations_EveryProcessDecidesWithTheAdoptedVersion(t *testing.T) {
	// given a server, and a second one running on the same database
	env := apptest.New(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	running, err := app.Open(ctx, env.App.Config)
	if err != nil {
		t.Fatal(err)
	}
	defer running.Close()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- running.RunProjections(runCtx) }()
	defer func() { stop(); <-done }()

	// when the GM adopts new margin tiers through the first
	from := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	body := `{"version": "2026-tight", "effective_from": "` + from.Format(time.RFC3339) + `", "reason": "margins under pressure",
		"parameters": {"rep_authority": "55.00", "dept_head": "45.00", "gm_office": "25.00"}}`
	if r := env.Do(t, http.MethodPost, "/regulations/quotation/versions", gm, body); r.Status != http.StatusOK {
		t.Fatalf("adopt: %d %s", r.Status, r.Body)
	}

	// then the running server puts it in force within moments
	inForce := func(a *app.App) string {
		for _, r := range a.Commands.Regulations.Catalogue(from) {
			if r.Name == "quotation" {
				return r.InForce.VersionID
			}
		}
		return ""
	}
	deadline := time.Now().Add(10 * time.Second)
	for inForce(running) != "quotation/2026-tight" {
		if time.Now().After(deadline) {
			t.Fatalf("the running server still applies %q from %s", inForce(running), from)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// and a server started now has it from the start
	started, err := app.Open(ctx, env.App.Config)
	if err != nil {
		t.Fatal(err)
	}
	defer started.Close()
	if got := inForce(started); got != "quotation/2026-tight" {
		t.Errorf("a server started after the adoption applies %q", got)
	}
	if got := inForce(env.App); got != "quotation/2026-tight" {
		t.Errorf("the adopting server applies %q", got)
	}
}
