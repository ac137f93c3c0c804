package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// TestEventStream_anEventToldIsAlreadyAnsweredByItsAggregatesReadModel:
// given the GM following the customers' events while reps register
// customers and log contacts on them from four goroutines, when each
// event arrives, then GET of its aggregate (without waiting: no "after")
// already answers a version at least the event's (rule D-sse-delivery:
// the feed waits for the read models that select an event, and those
// are what the API answers it from).
func TestEventStream_anEventToldIsAlreadyAnsweredByItsAggregatesReadModel(t *testing.T) {
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	stream := openStream(t, env.Server.URL, "/events/stream?aggregate=customer", gm)
	const writers, contacts = 4, 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			id, _ := customerRegister(t, env, rep, fmt.Sprintf("SSE-D%d", w))
			for range contacts {
				resp := env.Do(t, "POST", "/customers/"+id+"/contact-log", rep, map[string]any{
					"contact_id": "primary", "channel": "PHONE", "topic": "delivery", "outcome": "agreed a date"})
				if resp.Status != http.StatusOK {
					t.Errorf("log contact on %s: %d %s", id, resp.Status, resp.Body)
				}
			}
		})
	}
	for range writers * (1 + contacts) {
		m := stream.next(t, 10*time.Second)
		resp := env.Do(t, "GET", m.Data.Resource, gm, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("GET %s right after %s at %s: %d %s", m.Data.Resource, m.Data.Type, m.ID, resp.Status, resp.Body)
		}
		version, err := strconv.ParseUint(strings.Trim(resp.Header.Get("ETag"), `W/"`), 10, 64)
		if err != nil || version < m.Data.StreamVersion {
			t.Fatalf("GET %s right after %s (stream version %d) answered ETag %q: the read model had not applied it",
				m.Data.Resource, m.Data.Type, m.Data.StreamVersion, resp.Header.Get("ETag"))
		}
	}
	wg.Wait()
}
