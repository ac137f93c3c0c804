// Package freeport hands tests a loopback port for a server they start
// as a separate process, and may restart on the same port.
//
// A port from net.Listen("tcp", "127.0.0.1:0") comes from the kernel's
// ephemeral range, the range outgoing connections take their source port
// from. Once the test closes its listener, its own HTTP clients or
// database connections may take that number as a source port, and the
// server then fails to bind it ("address already in use"): CI saw it.
// The ports given here lie below the ephemeral range, where no outgoing
// connection takes one, and each is given once per test process.
package freeport

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// span is how many ports below the ephemeral range are tried.
const span = 12000

var (
	mu    sync.Mutex
	next  int
	given = map[int]bool{}
)

// Addr returns 127.0.0.1:PORT with a port no one listens on just now,
// below the ephemeral range and not given before in this process.
func Addr(t testing.TB) string {
	t.Helper()
	return fmt.Sprintf("127.0.0.1:%d", Port(t))
}

// Port is Addr's port.
func Port(t testing.TB) int {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	low := ephemeralLow()
	first := low - span
	if next == 0 {
		// processes of one `go test ./...` run side by side: each starts
		// at its own place in the span
		next = first + os.Getpid()*7919%span
	}
	for range span {
		port := next
		next++
		if next >= low {
			next = first
		}
		if given[port] || !bindable(port) {
			continue
		}
		given[port] = true
		return port
	}
	t.Fatalf("no free loopback port in [%d, %d)", first, low)
	return 0
}

// bindable tells whether a listener can bind 127.0.0.1:port now.
func bindable(port int) bool {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// ephemeralLow is the first port of the kernel's ephemeral range (32768
// where /proc does not say).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return 32768
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n <= span+1024 {
		return 32768
	}
	return n
}
