package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	integritypg "github.com/opsledger/opsledger/integrity/postgres"
)

// sealAll appends n events to stream and runs the sealer until a
// checkpoint covers every event of the log.
func (e *seedEnv) sealAll(t *testing.T, stream string, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		_, err := e.app.Store.Append(ctx, stream, eventstore.Exact(uint64(i)), eventstore.EventData{
			ID: fmt.Sprintf("%s-%d", stream, i+1), Type: "Happened", SchemaVersion: 1, Data: []byte(fmt.Sprintf(`{"n":%d}`, i+1))})
		if err != nil {
			t.Fatal(err)
		}
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- e.app.IntegrityLog.Sealer(e.app.Store, integritypg.SealerOptions{Interval: 5 * time.Millisecond}).Run(runCtx)
	}()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := e.app.IntegrityLog.Checkpoint(ctx)
		if err == nil && c.Size == uint64(e.stored(t)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of every event: %d, %v", c.Size, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (e *seedEnv) verify(t *testing.T, opts verifyOptions) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := verifyStore(context.Background(), e.cfg, opts, &out, &errOut)
	return out.String(), err
}

// TestVerifyCommand (rules OPS-verify, OPS-verify-bundle): verify passes
// a store nothing is sealed in yet and an intact one, exports a bundle that verifies
// offline through the command line, and names a changed body with a
// non-zero exit, in the store and in a bundle.
func TestVerifyCommand(t *testing.T) {
	e := newSeedEnv(t)
	key := e.app.IntegrityLog.VerifierKey()
	// (opening the application records its upgrade markers: the log is
	// not empty, but nothing is sealed)
	if out, err := e.verify(t, verifyOptions{}); err != nil || !strings.Contains(out, ": 0 sealed under 0 checkpoints") {
		t.Fatalf("nothing sealed: %q, %v", out, err)
	}

	e.sealAll(t, "order-1", 5)
	n := e.stored(t)
	dir := filepath.Join(t.TempDir(), "bundle")
	out, err := e.verify(t, verifyOptions{publicKey: key, writeBundle: dir})
	if err != nil || !strings.Contains(out, fmt.Sprintf("verified %d events", n)) || !strings.Contains(out, fmt.Sprintf("wrote bundle %s: %d events", dir, n)) {
		t.Fatalf("intact store: %q, %v", out, err)
	}
	var stdout, stderr bytes.Buffer
	noEnv := func(string) string { return "" } // offline: no configuration at all
	if code := cli(context.Background(), []string{"verify", "--bundle", dir, "--public-key", key}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("bundle: exit %d: %s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), fmt.Sprintf("verified %d events", n)) {
		t.Fatalf("bundle: %q", stdout.String())
	}

	table := pgx.Identifier{e.cfg.app.EventSchema, "events"}.Sanitize()
	if _, err := e.app.Pool.Exec(context.Background(), `UPDATE `+table+` SET data = convert_to('{"n":30}', 'UTF8') WHERE stream = 'order-1' AND version = 3`); err != nil {
		t.Fatal(err)
	}
	_, err = e.verify(t, verifyOptions{publicKey: key})
	if !errors.Is(err, errNotVerified) || !strings.Contains(err.Error(), fmt.Sprintf("body changed at leaf %d: stream order-1 version 3 (event order-1-3", n-3)) {
		t.Fatalf("changed body: %v", err)
	}
	tampered := filepath.Join(t.TempDir(), "tampered")
	if _, err := e.verify(t, verifyOptions{publicKey: key, writeBundle: tampered}); err == nil {
		t.Fatal("a bundle was written of a log that fails verification")
	}

	// A bundle changed the same way fails offline with exit code 1.
	eventsFile := filepath.Join(dir, "events.ndjson")
	lines, _ := os.ReadFile(eventsFile)
	changed := bytes.Replace(lines, []byte(base64.StdEncoding.EncodeToString([]byte(`{"n":3}`))),
		[]byte(base64.StdEncoding.EncodeToString([]byte(`{"n":30}`))), 1)
	if bytes.Equal(changed, lines) {
		t.Fatal("the bundle holds no body {\"n\":3}")
	}
	if err := os.WriteFile(eventsFile, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	code := cli(context.Background(), []string{"verify", "--bundle", dir, "--public-key", key}, noEnv, &stdout, &stderr)
	if code != exitFailed || !strings.Contains(stderr.String(), "body changed") {
		t.Fatalf("tampered bundle: exit %d: %s", code, stderr.String())
	}

	stdout.Reset()
	stderr.Reset()
	code = cli(context.Background(), []string{"verify", "--bundle", dir, "--write-bundle", tampered}, noEnv, &stdout, &stderr)
	if code != exitUsage {
		t.Fatalf("--bundle with --write-bundle: exit %d, want %d", code, exitUsage)
	}
}
