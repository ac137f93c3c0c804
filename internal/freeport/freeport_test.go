package freeport

import (
	"net"
	"strconv"
	"testing"
)

// TestPort: given the kernel's ephemeral range, when ports are asked for,
// then each lies below the range, is bindable, and none is given twice.
func TestPort(t *testing.T) {
	low := ephemeralLow()
	seen := map[int]bool{}
	for range 50 {
		p := Port(t)
		if p >= low || p < low-span {
			t.Fatalf("port %d outside [%d, %d)", p, low-span, low)
		}
		if seen[p] {
			t.Fatalf("port %d given twice", p)
		}
		seen[p] = true
	}
	ln, err := net.Listen("tcp", Addr(t))
	if err != nil {
		t.Fatalf("the address given cannot be bound: %v", err)
	}
	ln.Close()
}

// TestPort_skipsABoundPort: given a listener on the port next in turn,
// when a port is asked for, then another is given.
func TestPort_skipsABoundPort(t *testing.T) {
	Port(t) // the process's place in the span is set
	mu.Lock()
	candidate := next
	mu.Unlock()
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(candidate)))
	if err == nil { // else another process holds it: as good
		defer ln.Close()
	}
	if p := Port(t); p == candidate {
		t.Fatalf("port %d given while a listener holds it", p)
	}
}
