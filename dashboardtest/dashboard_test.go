package dashboardtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/opsledger/opsledger/eventstore"
)

// TestDashboard_signsIn_showsTheDemo_followsCommandsLive_andSurvivesARestart
// is the dashboard's end-to-end test: the real binary with the demo
// company, the page in headless Chromium.
func TestDashboard_signsIn_showsTheDemo_followsCommandsLive_andSurvivesARestart(t *testing.T) {
	ensureChromium(t)
	srv := startDemoServer(t)
	ctx := newBrowser(t)

	// Given the page, signed in through the demo sign-in as the GM
	run(t, ctx, 30*time.Second, "open and sign in as the GM",
		chromedp.Navigate(srv.URL()+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`#devSignin`)),
		chromedp.SetValue(chromedp.CSS(`#demoEmployee`), "emp-gm"),
		chromedp.Click(chromedp.CSS(`#useDemo`)),
		chromedp.WaitVisible(chromedp.CSS(`#board`)),
		chromedp.WaitVisible(chromedp.CSS(`#live[data-state="live"]`)),
	)
	// Then it shows the demo company: who is signed in, from the
	// employees read model, and every figure /kpi lists for the GM
	who := value(t, ctx, 10*time.Second, "read who is signed in", chromedp.Text(chromedp.CSS(`#whoami`)))
	if want := "陈建国"; !contains(who, want) {
		t.Fatalf("signed in as %q, want the demo GM %s", who, want)
	}
	gm := srv.demoToken("emp-gm")
	expectFigures(t, ctx, srv, gm)

	// When a rep registers a customer through the API
	rep := srv.demoToken(srv.demoEmployeeWithRole("SALES_REP"))
	id, position := srv.registerCustomer(rep, "BROWSER-1")
	// Then the page shows it within one second
	expectInFeed(t, ctx, position, id, time.Second)
	screenshot(t, ctx, "dashboard-zh.png")

	// And in English, the page says so
	run(t, ctx, 10*time.Second, "switch to English",
		chromedp.Click(chromedp.CSS(`#lang`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)),
	)
	title := value(t, ctx, 10*time.Second, "read the title", chromedp.Text(chromedp.CSS(`header h1`)))
	if title != "Operations dashboard" {
		t.Fatalf("English title %q", title)
	}
	screenshot(t, ctx, "dashboard-en.png")

	// When the server restarts and a command commits before the page has
	// reconnected
	srv.restart()
	id2, position2 := srv.registerCustomer(rep, "BROWSER-2")
	// Then the page reconnects and catches up with it
	expectInFeed(t, ctx, position2, id2, 30*time.Second)
	run(t, ctx, 30*time.Second, "live again after the restart", chromedp.WaitVisible(chromedp.CSS(`#live[data-state="live"]`)))
	// And the event before the restart is still shown once, unless the
	// feed's last hundred entries are all newer (the deadlines the demo's
	// dates have passed fire when the server starts, and push it out)
	expectShownOnce(t, ctx, position)
}

// feedLength is how many entries the page's live feed keeps (app.js).
const feedLength = 100

// expectShownOnce checks that no event is shown twice in the feed and
// that the event at position is shown, or has only been pushed out of a
// full feed by newer ones.
func expectShownOnce(t *testing.T, ctx context.Context, position string) {
	t.Helper()
	shown := value(t, ctx, 5*time.Second, "read the feed's positions",
		chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#feed li')).map(li => li.dataset.position)`))
	first, err := eventstore.ParsePosition(position)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	allNewer := true
	for _, p := range shown {
		if seen[p] {
			t.Errorf("event %s is shown twice", p)
		}
		seen[p] = true
		if pos, err := eventstore.ParsePosition(p); err != nil || pos.Compare(first) <= 0 {
			allNewer = false
		}
	}
	switch {
	case seen[position]:
	case len(shown) >= feedLength && allNewer:
		t.Logf("the event before the restart left the feed: its last %d entries are newer", len(shown))
	default:
		t.Errorf("the event before the restart is not shown, and the feed (%d entries) does not hold %d newer ones", len(shown), feedLength)
	}
}

// expectFigures waits until the page shows a card with a table for
// every figure GET /kpi lists for token (none when the KPI routes are
// not served).
func expectFigures(t *testing.T, ctx context.Context, srv *server, token string) {
	t.Helper()
	var list struct {
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
	}
	status, _ := srv.call("GET", "/kpi", token, nil, &list)
	if status != http.StatusOK {
		t.Logf("GET /kpi answers %d: no figures to check", status)
		return
	}
	for _, k := range list.Items {
		run(t, ctx, 30*time.Second, "figure "+k.Name, chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`article.kpi[data-kpi=%q] table`, k.Name))))
	}
}

// expectInFeed waits for the feed to show the event at position about
// customer id, and fails the test unless it came within (it keeps
// waiting a while longer, so a late event is told from a lost one and
// the rest of the test still runs).
func expectInFeed(t *testing.T, ctx context.Context, position, id string, within time.Duration) {
	t.Helper()
	start := time.Now()
	entry := chromedp.CSS(fmt.Sprintf(`#feed li[data-position=%q]`, position))
	run(t, ctx, max(within, 20*time.Second), fmt.Sprintf("event %s in the feed", position), chromedp.WaitVisible(entry))
	took := time.Since(start)
	if took > within {
		t.Errorf("event %s shown %s after the command returned, want within %s", position, took.Round(time.Millisecond), within)
	} else {
		t.Logf("event %s shown %s after the command returned", position, took.Round(time.Millisecond))
	}
	text := value(t, ctx, 5*time.Second, "read the feed entry", chromedp.Text(entry))
	if !contains(text, id) {
		t.Fatalf("feed entry %q does not name customer %s", text, id)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
