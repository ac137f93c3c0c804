package postgres_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/verify"
)

// writeBundle exports s's sealed log to a fresh directory.
func writeBundle(t *testing.T, s *sealedStore) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "bundle")
	m, err := verify.WriteBundle(context.Background(), dir, verify.StoreEvents(s.store, 0), s.log, s.log.VerifierKey(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m.Size != 12 || m.VerifierKey != s.log.VerifierKey() || m.Checkpoints == 0 {
		t.Fatalf("manifest %+v", m)
	}
	return dir
}

func verifyBundle(t *testing.T, dir, publicKey string) verify.Report {
	t.Helper()
	b, err := verify.OpenBundle(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r, err := verify.Verify(context.Background(), b, b, verify.Options{PublicKey: publicKey})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// editLines rewrites the JSON lines of a bundle file through edit, which
// may change a line (a map) or drop it (false). Lines are written back
// with their keys sorted, which the envelopes here already are.
func editLines(t *testing.T, path string, edit func(line map[string]any) bool) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, text := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var line map[string]any
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		if err := dec.Decode(&line); err != nil {
			t.Fatal(err)
		}
		if !edit(line) {
			continue
		}
		b, _ := json.Marshal(line)
		out.Write(append(b, '\n'))
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func is(line map[string]any, stream string, version int) bool {
	return line["stream"] == stream && line["version"] == json.Number(strconv.Itoa(version))
}

// TestBundle_roundTripVerifiesOffline (rule OPS-verify-bundle): a bundle
// written from the database verifies with the public key alone, and a
// directory holding one is not overwritten.
func TestBundle_roundTripVerifiesOffline(t *testing.T) {
	s := newSealedStore(t)
	s.appendRounds(t, 1, 4)
	s.seal(t)
	dir := writeBundle(t, s)
	s.exec(t, `DROP TABLE events, log_tiles, log_nodes, log_checkpoints`) // offline: nothing is read from the database
	r := verifyBundle(t, dir, s.log.VerifierKey())
	if !r.OK() || r.Events != 12 || r.Sealed != 12 || r.Checkpoints == 0 {
		t.Fatalf("bundle: %+v %v", r, r.Problem)
	}
	if _, err := verify.WriteBundle(context.Background(), dir, nil, nil, "", time.Now()); err == nil {
		t.Fatal("a second bundle was written over the first")
	}
}

// TestBundle_tamperedIsNamed (rule OPS-verify-bundle): a changed bundle
// fails offline, naming the event.
func TestBundle_tamperedIsNamed(t *testing.T) {
	s := newSealedStore(t)
	s.appendRounds(t, 1, 4)
	s.seal(t)
	events := func(dir string) string { return filepath.Join(dir, "events.ndjson") }
	cases := []struct {
		name    string
		tamper  func(t *testing.T, dir string)
		kind    verify.Kind
		stream  string
		version uint64
	}{
		{"a body changed", func(t *testing.T, dir string) {
			editLines(t, events(dir), func(l map[string]any) bool {
				if is(l, "b", 2) {
					l["data"] = base64.StdEncoding.EncodeToString([]byte(`{"stream":"b","n":999}`))
				}
				return true
			})
		}, verify.BodyChanged, "b", 2},
		{"an envelope changed", func(t *testing.T, dir string) {
			editLines(t, events(dir), func(l map[string]any) bool {
				if is(l, "a", 3) {
					l["metadata"].(map[string]any)["reason"] = "another reason"
				}
				return true
			})
		}, verify.EnvelopeChanged, "a", 3},
		{"an event dropped", func(t *testing.T, dir string) {
			editLines(t, events(dir), func(l map[string]any) bool { return !is(l, "c", 2) })
		}, verify.MissingEvent, "c", 2},
		{"a body changed and its leaf with it", func(t *testing.T, dir string) {
			body := []byte(`{"stream":"b","n":999}`)
			var changed integrity.Leaf
			editLines(t, events(dir), func(l map[string]any) bool {
				if is(l, "b", 2) {
					l["data"] = base64.StdEncoding.EncodeToString(body)
					e := readEvent(t, l)
					changed = e
				}
				return true
			})
			editLines(t, filepath.Join(dir, "leaves.ndjson"), func(l map[string]any) bool {
				if is(l, "b", 2) {
					l["leaf_hash"], l["data_hash"] = changed.Hash(), changed.DataHash()
				}
				return true
			})
		}, verify.RootDiffers, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeBundle(t, s)
			c.tamper(t, dir)
			r := verifyBundle(t, dir, s.log.VerifierKey())
			if r.OK() {
				t.Fatalf("a tampered bundle verified: %+v", r)
			}
			if p := r.Problem; p.Kind != c.kind || p.Stream != c.stream || p.Version != c.version {
				t.Fatalf("found %s, want %q at %s@%d", p, c.kind, c.stream, c.version)
			}
		})
	}
	t.Run("another key", func(t *testing.T) {
		dir := writeBundle(t, s)
		other, _ := integrity.GenerateKey()
		key, _ := integrity.ParseKey(other)
		if r := verifyBundle(t, dir, key.VerifierKey); r.OK() || r.Problem.Kind != verify.BadCheckpoint {
			t.Fatalf("checked with another key: %+v", r)
		}
	})
}

// readEvent decodes an edited events.ndjson line back into its leaf.
func readEvent(t *testing.T, line map[string]any) integrity.Leaf {
	t.Helper()
	dir := t.TempDir()
	b, _ := json.Marshal(line)
	manifest := `{"format":"` + verify.BundleFormat + `"}`
	for name, content := range map[string]string{"bundle.json": manifest, "events.ndjson": string(b) + "\n", "leaves.ndjson": "", "checkpoints.ndjson": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bundle, err := verify.OpenBundle(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer bundle.Close()
	events, err := bundle.Next(context.Background())
	if err != nil || len(events) != 1 {
		t.Fatalf("read back %d events: %v", len(events), err)
	}
	return events[0].Leaf
}
