// Package bustest gives tests a NATS JetStream server and a deployment of
// their own on it: like pgtest, it skips when the server is missing,
// except under CI=true, where it fails.
package bustest

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// EnvURL names the variable holding the test NATS server's URL; unset, the
// server of this machine and of CI, nats://127.0.0.1:4222.
const EnvURL = "TEST_NATS_URL"

// URL returns the URL of a NATS server with JetStream that answers.
func URL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(EnvURL)
	if url == "" {
		url = nats.DefaultURL
	}
	conn, err := nats.Connect(url, nats.Timeout(3*time.Second))
	if err != nil {
		unavailable(t, "NATS unreachable at "+url+": "+err.Error())
		return ""
	}
	defer conn.Close()
	js, err := conn.JetStream()
	if err == nil {
		_, err = js.AccountInfo()
	}
	if err != nil {
		unavailable(t, "NATS at "+url+" has no JetStream: "+err.Error())
	}
	return url
}

// SubjectRoot returns a subject root no other test uses, and deletes its
// stream when the test ends.
func SubjectRoot(t testing.TB, url string) string {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b) //nolint:errcheck // never fails
	root := "opsledger_t" + hex.EncodeToString(b)
	t.Cleanup(func() {
		conn, err := nats.Connect(url)
		if err != nil {
			return
		}
		defer conn.Close()
		if js, err := conn.JetStream(); err == nil {
			js.DeleteStream(strings.ToUpper(root)) //nolint:errcheck // nothing to delete when the test made none
		}
	})
	return root
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("bustest: %s (CI=true: messaging tests must run)", why)
	}
	t.Skipf("bustest: %s", why)
}
