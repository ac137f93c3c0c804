package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
)

// clientCheckpoint is what a client holding only the log's public key
// reads from a served checkpoint.
type clientCheckpoint struct {
	size uint64
	root []byte
	note string
}

// openCheckpoint opens a signed checkpoint as any client would: the
// note's signature with note's verifier, then the size and root lines.
func openCheckpoint(t *testing.T, vkey, signed string) clientCheckpoint {
	t.Helper()
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open([]byte(signed), note.VerifierList(v))
	if err != nil {
		t.Fatalf("the checkpoint does not open with the public key: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		t.Fatalf("checkpoint size %q: %v", lines[1], err)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil {
		t.Fatalf("checkpoint root %q: %v", lines[2], err)
	}
	return clientCheckpoint{size: size, root: root, note: signed}
}

func allEvents(t *testing.T, env *apptest.Env) []eventstore.Recorded {
	t.Helper()
	events, err := env.App.Store.ReadAll(context.Background(), eventstore.Start, 100000, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// sealedCheckpoint waits until the served checkpoint covers every event
// of the log and opens it.
func sealedCheckpoint(t *testing.T, env *apptest.Env, token, vkey string) clientCheckpoint {
	t.Helper()
	want := uint64(len(allEvents(t, env)))
	deadline := time.Now().Add(15 * time.Second)
	for {
		res := env.Do(t, http.MethodGet, "/log/checkpoint", token, nil)
		if res.Status == http.StatusOK {
			var c api.LogCheckpoint
			res.JSON(t, &c)
			if c.Size == want {
				if c.VerifierKey != vkey {
					t.Fatalf("served verifier key %q, configured %q", c.VerifierKey, vkey)
				}
				return openCheckpoint(t, vkey, c.Note)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of %d events: %d %s", want, res.Status, res.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func decodeAll(t *testing.T, hashes []string) [][]byte {
	t.Helper()
	out := make([][]byte, len(hashes))
	for i, h := range hashes {
		b, err := base64.StdEncoding.DecodeString(h)
		if err != nil {
			t.Fatalf("hash %q: %v", h, err)
		}
		out[i] = b
	}
	return out
}

// TestLog_clientVerifiesOverHTTP (rules OPS-seal, OPS-proofs): a client
// with only the log's public key and an old checkpoint checks over HTTP
// that every event is in the log and that the log only grew.
func TestLog_clientVerifiesOverHTTP(t *testing.T) {
	// Given the application signing with a configured key, and events in
	// the log (hiring staff appends them)
	skey, err := integrity.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	key, _ := integrity.ParseKey(skey)
	vkey := key.VerifierKey // what the client pinned out of band
	env := apptest.NewWith(t, func(c *app.Config) { c.LogKey = skey })
	auditor := env.Token(t, "aud-1", "", domain.RoleAuditor)
	env.Token(t, "gm-1", "", domain.RoleGM)

	// When the client fetches the checkpoint and an inclusion proof of
	// every event
	old := sealedCheckpoint(t, env, auditor, vkey)
	events := allEvents(t, env)
	for i, e := range events {
		res := env.Do(t, http.MethodGet, fmt.Sprintf("/log/proof/inclusion?event=%s&size=%d", e.ID, old.size), auditor, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("inclusion of %s: %d %s", e.ID, res.Status, res.Body)
		}
		var p api.LogInclusionProof
		res.JSON(t, &p)
		// Then the leaf is the event's canonical bytes and the proof
		// leads to the checkpoint's root
		leaf, _ := integrity.LeafOf(e)
		if p.LeafIndex != uint64(i) || p.LeafHash != base64.StdEncoding.EncodeToString(leaf.Hash()) {
			t.Fatalf("event %d (%s) is served as leaf %d with hash %s", i, e.ID, p.LeafIndex, p.LeafHash)
		}
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, p.LeafIndex, old.size, leaf.Hash(), decodeAll(t, p.Hashes), old.root); err != nil {
			t.Fatalf("inclusion of %s: %v", e.ID, err)
		}
	}

	// When more events are appended and the log seals them
	env.Token(t, "legal-1", "", domain.RoleLegal)
	now := sealedCheckpoint(t, env, auditor, vkey)
	if now.size <= old.size {
		t.Fatalf("the log did not grow: %d then %d", old.size, now.size)
	}
	// Then the consistency proof shows the old tree inside the new one
	res := env.Do(t, http.MethodGet, fmt.Sprintf("/log/proof/consistency?from=%d&to=%d", old.size, now.size), auditor, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("consistency: %d %s", res.Status, res.Body)
	}
	var c api.LogConsistencyProof
	res.JSON(t, &c)
	if err := proof.VerifyConsistency(rfc6962.DefaultHasher, old.size, now.size, decodeAll(t, c.Hashes), old.root, now.root); err != nil {
		t.Fatalf("consistency %d..%d: %v", old.size, now.size, err)
	}
	// and the client may name the old tree by its checkpoint, which the
	// log confirms it signed, but not by one it did not sign for that tree
	byNote := env.Do(t, http.MethodGet, fmt.Sprintf("/log/proof/consistency?checkpoint=%s&to=%d", url.QueryEscape(old.note), now.size), auditor, nil)
	var c2 api.LogConsistencyProof
	if byNote.Status != http.StatusOK {
		t.Fatalf("consistency from a checkpoint: %d %s", byNote.Status, byNote.Body)
	}
	byNote.JSON(t, &c2)
	if c2.From != old.size || proof.VerifyConsistency(rfc6962.DefaultHasher, old.size, now.size, decodeAll(t, c2.Hashes), old.root, now.root) != nil {
		t.Fatalf("consistency from the old checkpoint: %+v", c2)
	}
	forked := bytes.Clone(old.root)
	forked[0] ^= 1
	_, forkedNote, err := integrity.Sign(integrity.Checkpoint{Size: old.size, Root: forked, Time: time.Now().UTC()}, key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	if res := env.Do(t, http.MethodGet, fmt.Sprintf("/log/proof/consistency?checkpoint=%s&to=%d", url.QueryEscape(forkedNote), now.size), auditor, nil); res.Status != http.StatusConflict {
		t.Fatalf("a checkpoint of another tree of %d leaves, signed with the log's key: %d %s, want 409", old.size, res.Status, res.Body)
	}
	// and a forged old root does not pass
	forged := bytes.Clone(old.root)
	forged[0] ^= 1
	if proof.VerifyConsistency(rfc6962.DefaultHasher, old.size, now.size, decodeAll(t, c.Hashes), forged, now.root) == nil {
		t.Fatal("the consistency proof passed against a forged old root")
	}
}

// TestLog_badRequests (rule OPS-proofs): a proof the log cannot give is
// a clear 4xx, and only the audit trail's readers read the log.
func TestLog_badRequests(t *testing.T) {
	env := apptest.New(t, nil)
	auditor := env.Token(t, "aud-1", "", domain.RoleAuditor)
	gm := env.Token(t, "gm-1", "", domain.RoleGM)
	rep := env.Token(t, "legal-1", "", domain.RoleLegal)
	cp := sealedCheckpoint(t, env, gm, env.App.IntegrityLog.VerifierKey())
	first := allEvents(t, env)[0].ID
	cases := []struct {
		name, path, token string
		status            int
		field             string
	}{
		{"size beyond the tree", fmt.Sprintf("/log/proof/inclusion?event=%s&size=%d", first, cp.size+1000), auditor, 400, "size"},
		{"size zero", "/log/proof/inclusion?event=" + first + "&size=0", auditor, 400, "size"},
		{"size not a number", "/log/proof/inclusion?event=" + first + "&size=ten", auditor, 400, "size"},
		{"size negative", "/log/proof/inclusion?event=" + first + "&size=-1", auditor, 400, "size"},
		{"size missing", "/log/proof/inclusion?event=" + first, auditor, 400, "size"},
		{"event missing", fmt.Sprintf("/log/proof/inclusion?size=%d", cp.size), auditor, 400, "event"},
		{"unknown event", fmt.Sprintf("/log/proof/inclusion?event=no-such-event&size=%d", cp.size), auditor, 404, ""},
		{"from after to", fmt.Sprintf("/log/proof/consistency?from=%d&to=%d", cp.size, cp.size-1), auditor, 400, "to"},
		{"to beyond the tree", fmt.Sprintf("/log/proof/consistency?from=1&to=%d", cp.size+1), auditor, 400, "to"},
		{"from not a number", fmt.Sprintf("/log/proof/consistency?from=x&to=%d", cp.size), auditor, 400, "from"},
		{"a malformed checkpoint", fmt.Sprintf("/log/proof/consistency?checkpoint=%s&to=%d", url.QueryEscape("opsledger\n12\nnot a root\n"), cp.size), auditor, 400, "checkpoint"},
		{"another key's checkpoint", fmt.Sprintf("/log/proof/consistency?checkpoint=%s&to=%d", url.QueryEscape(otherKeysNote(t, cp.size)), cp.size), auditor, 400, "checkpoint"},
		{"from and checkpoint", fmt.Sprintf("/log/proof/consistency?from=1&checkpoint=%s&to=%d", url.QueryEscape(cp.note), cp.size), auditor, 400, "checkpoint"},
		{"unknown parameter", "/log/checkpoint?sise=1", auditor, 400, "sise"},
		{"legal", "/log/checkpoint", rep, 403, ""},
		{"no token", "/log/checkpoint", "", 401, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := env.Do(t, http.MethodGet, c.path, c.token, nil)
			if res.Status != c.status {
				t.Fatalf("%s: %d %s, want %d", c.path, res.Status, res.Body, c.status)
			}
			if c.field != "" && !bytes.Contains(res.Body, []byte(`"field":"`+c.field+`"`)) {
				t.Fatalf("%s: the problem does not name %q: %s", c.path, c.field, res.Body)
			}
		})
	}
}

// otherKeysNote is a well-formed checkpoint of size leaves signed with a
// key that is not the log's.
func otherKeysNote(t *testing.T, size uint64) string {
	t.Helper()
	skey, _ := integrity.GenerateKey()
	key, _ := integrity.ParseKey(skey)
	_, n, err := integrity.Sign(integrity.Checkpoint{Size: size, Root: make([]byte, 32), Time: time.Now().UTC()}, key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLog_sealLagIsAMetric (rule OPS-seal-lag): once the running
// application's sealer has sealed the log, /metrics shows how many events
// it sealed, the tree's size and each event's wait.
func TestLog_sealLagIsAMetric(t *testing.T) {
	env := apptest.New(t, nil)
	gm := env.Token(t, "gm-1", "", domain.RoleGM)
	cp := sealedCheckpoint(t, env, gm, env.App.IntegrityLog.VerifierKey())
	deadline := time.Now().Add(10 * time.Second)
	for {
		res := env.Do(t, http.MethodGet, "/metrics", "", nil)
		body := string(res.Body)
		if strings.Contains(body, fmt.Sprintf("opsledger_log_tree_size %d\n", cp.size)) {
			for _, want := range []string{"opsledger_log_sealed_events_total ", "opsledger_log_seal_lag_seconds_count ", "opsledger_log_last_seal_timestamp_seconds "} {
				if !strings.Contains(body, want) {
					t.Fatalf("/metrics lacks %s", want)
				}
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics does not show a tree of %d leaves:\n%s", cp.size, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
