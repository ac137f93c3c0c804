package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// historyPage is a page of an aggregate's history.
type historyPage struct {
	Items []struct {
		Version           int64          `json:"version"`
		EventType         string         `json:"event_type"`
		ActorID           string         `json:"actor_id"`
		ActorRole         string         `json:"actor_role"`
		Reason            string         `json:"reason"`
		RegulationVersion string         `json:"regulation_version"`
		CorrelationID     string         `json:"correlation_id"`
		Data              map[string]any `json:"data"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// Given a signed contract, when its history is read a page at a time,
// newest first and oldest first, then every event comes once, in order,
// with its actor, role, correlation and (on a decision a regulation
// fixes) regulation version; the auditor sees the
// bodies and a rep who may read the contract sees the envelope only; a
// reader of another rep's contract is refused, an unknown contract is
// 404 and a cursor this server did not issue is 400.
func TestHistory_ContractPagedWithEnvelope(t *testing.T) {
	env := apptest.New(t, nil)
	team := contractTeamOf(t, env)
	path, signedAt, _ := signedContract(t, env, team, "HIST-1")
	readContract(t, env, team.gm, path+"?after="+signedAt) // the read model knows it

	read := func(t *testing.T, tok, query string, want int) historyPage {
		t.Helper()
		resp := env.Do(t, "GET", path+"/history"+query, tok, nil)
		if resp.Status != want {
			t.Fatalf("GET history%s: %d, want %d; %s", query, resp.Status, want, resp.Body)
		}
		var p historyPage
		if want == http.StatusOK {
			resp.JSON(t, &p)
		}
		return p
	}
	var newest []int64
	for cursor := ""; ; {
		p := read(t, team.auditor, "?limit=2"+cursor, http.StatusOK)
		for _, e := range p.Items {
			newest = append(newest, e.Version)
			if e.ActorID == "" || e.ActorRole == "" || e.CorrelationID == "" || e.Data == nil {
				t.Errorf("version %d: %+v, want actor, role, correlation and body", e.Version, e)
			}
			if e.EventType == "contract.signed" && e.RegulationVersion == "" {
				t.Errorf("the signature (K3, a regulation's signer roles) names no regulation version: %+v", e)
			}
		}
		if p.NextCursor == "" {
			break
		}
		cursor = "&cursor=" + p.NextCursor
	}
	if len(newest) != 6 || newest[0] != 6 || newest[5] != 1 {
		t.Errorf("newest first: versions %v, want 6 down to 1", newest)
	}
	oldest := read(t, team.auditor, "?order=oldest&limit=4", http.StatusOK)
	if len(oldest.Items) != 4 || oldest.Items[0].EventType != "contract.drafted" || oldest.NextCursor == "" {
		t.Errorf("oldest first: %+v, want the draft first and a next page", oldest)
	}
	rest := read(t, team.auditor, "?order=oldest&limit=4&cursor="+oldest.NextCursor, http.StatusOK)
	if len(rest.Items) != 2 || rest.Items[0].Version != 5 || rest.NextCursor != "" {
		t.Errorf("oldest first, second page: %+v, want versions 5 and 6 and no next page", rest)
	}
	t.Run("the drafting rep sees the envelope without the bodies", func(t *testing.T) {
		p := read(t, team.rep, "", http.StatusOK)
		if len(p.Items) != 6 || p.Items[0].Data != nil {
			t.Errorf("rep's history: %d items, first body %v; want 6 without bodies", len(p.Items), p.Items[0].Data)
		}
	})
	t.Run("another rep is refused", func(t *testing.T) {
		other := env.Token(t, "rep-other", "SALES", domain.RoleSalesRep)
		read(t, other, "", http.StatusForbidden)
	})
	t.Run("an unknown contract is 404", func(t *testing.T) {
		if resp := env.Do(t, "GET", "/contracts/nothing/history", team.auditor, nil); resp.Status != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.Status)
		}
	})
	t.Run("a cursor this server did not issue is 400", func(t *testing.T) {
		read(t, team.auditor, "?cursor=v0", http.StatusBadRequest)
		read(t, team.auditor, "?cursor=zzz", http.StatusBadRequest)
	})
}
