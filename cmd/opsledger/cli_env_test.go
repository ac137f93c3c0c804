package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// cliResult is what one run of the command line did.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line args with env (envOf's defaults beneath),
// as main would, and returns its exit code and output.
func runCLI(t *testing.T, env []string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := cli(ctx, args, envOf(env...), &stdout, &stderr)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// tcpSpy is a listener that counts the connections made to it: a server
// address that tells whether a command tried to reach it.
type tcpSpy struct {
	ln net.Listener
}

func newTCPSpy(t *testing.T) *tcpSpy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return &tcpSpy{ln: ln}
}

func (s *tcpSpy) addr() string { return s.ln.Addr().String() }

// connections counts the connections waiting to be accepted: a dial
// completes once the kernel queues it, so every one a finished command
// made is there.
func (s *tcpSpy) connections(t *testing.T) int {
	t.Helper()
	n := 0
	for {
		s.ln.(*net.TCPListener).SetDeadline(time.Now().Add(50 * time.Millisecond)) //nolint:errcheck // a test listener
		c, err := s.ln.Accept()
		if err != nil {
			return n
		}
		c.Close()
		n++
	}
}

// jwksServer serves a JWKS holding one ES256 public key (or body, when
// given, with status) and counts the requests it gets.
type jwksServer struct {
	url  string
	hits atomic.Int64
}

func newJWKSServer(t *testing.T, status int, body string) *jwksServer {
	t.Helper()
	if body == "" {
		body = oneKeyJWKS(t)
	}
	j := &jwksServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		j.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	j.url = srv.URL + "/.well-known/jwks.json"
	return j
}

func oneKeyJWKS(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := key.PublicKey.Bytes() // 0x04 || X || Y
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	return fmt.Sprintf(`{"keys":[{"kty":"EC","crv":"P-256","kid":"test-1","alg":"ES256","use":"sig","x":%q,"y":%q}]}`,
		b64(pub[1:33]), b64(pub[33:]))
}
