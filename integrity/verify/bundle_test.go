package verify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/verify"
)

// writeTestBundle seals n events of streams s0..s2 by hand (the tree,
// a checkpoint every 4 leaves and at the end) and writes them as a
// bundle: the walk is tested without a database.
func writeTestBundle(t *testing.T, n int) (dir, publicKey string) {
	t.Helper()
	skey, _ := integrity.GenerateKey()
	key, err := integrity.ParseKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	tree, _ := integrity.NewTree(0, nil)
	var events, leaves, checkpoints []string
	line := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	for i := range n {
		stream, version := fmt.Sprintf("s%d", i%3), uint64(i/3+1)
		r := eventstore.Recorded{EventData: eventstore.EventData{ID: fmt.Sprintf("e%d", i), Type: "Happened", SchemaVersion: 1,
			Data: []byte(fmt.Sprintf(`{"n":%d}`, i)), Metadata: eventstore.Metadata{ActorID: "emp-1"}},
			Stream: stream, StreamVersion: version, Position: eventstore.Position{Major: uint64(i + 1)},
			RecordedAt: time.Date(2026, 3, 1, 9, 0, i, 0, time.UTC)}
		leaf, _ := integrity.LeafOf(r)
		events = append(events, line(map[string]any{"index": i, "position": r.Position.String(), "stream": stream, "version": version,
			"id": r.ID, "type": r.Type, "schema_version": 1, "recorded_at": r.RecordedAt, "metadata": json.RawMessage(leaf.Metadata), "data": leaf.Data}))
		leaves = append(leaves, line(map[string]any{"index": i, "position": r.Position.String(), "stream": stream, "version": version,
			"id": r.ID, "leaf_hash": leaf.Hash(), "data_hash": leaf.DataHash(), "envelope_hash": leaf.EnvelopeHash()}))
		if _, err := tree.Append(leaf.Hash()); err != nil {
			t.Fatal(err)
		}
		if tree.Size()%4 == 0 || int(tree.Size()) == n {
			root, _ := tree.Root()
			c, note, err := integrity.Sign(integrity.Checkpoint{Size: tree.Size(), Root: root, Time: time.Now()}, key.Signer)
			if err != nil {
				t.Fatal(err)
			}
			checkpoints = append(checkpoints, line(map[string]any{"size": c.Size, "root": c.Root, "note": note}))
		}
	}
	dir = t.TempDir()
	files := map[string][]string{
		"bundle.json":        {line(verify.BundleManifest{Format: verify.BundleFormat, VerifierKey: key.VerifierKey, Size: uint64(n)})},
		"events.ndjson":      events,
		"leaves.ndjson":      leaves,
		"checkpoints.ndjson": checkpoints,
	}
	for name, lines := range files {
		content := strings.Join(lines, "\n")
		if len(lines) > 0 {
			content += "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, key.VerifierKey
}

func verifyDir(t *testing.T, dir, publicKey string) verify.Report {
	t.Helper()
	b, err := verify.OpenBundle(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r, err := verify.Verify(context.Background(), b, b, verify.Options{PublicKey: publicKey, Page: 3})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rewrite replaces old with new in one file of the bundle, once.
func rewrite(t *testing.T, dir, name, old, new string) {
	t.Helper()
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s holds no %q", name, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerify_bundleWalk (rules OPS-verify, OPS-verify-bundle): the walk
// over an intact log passes, an empty one too, and each change is named
// at the first event it touches.
func TestVerify_bundleWalk(t *testing.T) {
	t.Run("intact", func(t *testing.T) {
		dir, key := writeTestBundle(t, 10)
		r := verifyDir(t, dir, key)
		if !r.OK() || r.Events != 10 || r.Sealed != 10 || r.Checkpoints != 3 || r.Unsealed != 0 {
			t.Fatalf("%+v %v", r, r.Problem)
		}
	})
	t.Run("empty", func(t *testing.T) {
		dir, key := writeTestBundle(t, 0)
		if r := verifyDir(t, dir, key); !r.OK() || r.Events != 0 {
			t.Fatalf("%+v %v", r, r.Problem)
		}
	})
	cases := []struct {
		name, file, old, new string
		kind                 verify.Kind
		stream               string
		version              uint64
	}{
		{"a body", "events.ndjson", `"id":"e5"`, `"id":"e5","data":"eyJuIjo5OX0="`, verify.BodyChanged, "s2", 2},
		{"an envelope", "events.ndjson", `"id":"e4","index":4,"metadata":{"actor_id":"emp-1"}`, `"id":"e4","index":4,"metadata":{"actor_id":"emp-2"}`, verify.EnvelopeChanged, "s1", 2},
		{"an id", "events.ndjson", `"id":"e7"`, `"id":"x7"`, verify.EventChanged, "s1", 3},
		{"an event moved to another stream", "events.ndjson", `"stream":"s0","type":"Happened","version":4`, `"stream":"zz","type":"Happened","version":4`, verify.ForgedEvent, "zz", 4},
		{"a leaf", "leaves.ndjson", `"id":"e2","index":2,"leaf_hash":"`, `"id":"e2","index":2,"leaf_hash":"AAAA`, verify.EventChanged, "s2", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, key := writeTestBundle(t, 10)
			rewrite(t, dir, c.file, c.old, c.new)
			r := verifyDir(t, dir, key)
			if r.OK() || r.Problem.Kind != c.kind || r.Problem.Stream != c.stream || r.Problem.Version != c.version {
				t.Fatalf("found %+v, want %q at %s@%d", r.Problem, c.kind, c.stream, c.version)
			}
		})
	}
	t.Run("no key", func(t *testing.T) {
		dir, _ := writeTestBundle(t, 1)
		b, _ := verify.OpenBundle(dir)
		defer b.Close()
		if _, err := verify.Verify(context.Background(), b, b, verify.Options{}); err == nil {
			t.Fatal("verified without a public key")
		}
	})
}
