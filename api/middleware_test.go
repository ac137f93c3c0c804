package api

import (
	"strings"
	"testing"
)

func TestNewRequestID(t *testing.T) {
	host, random, ok := strings.Cut(strings.TrimSuffix(requestIDPrefix, "-"), "/")
	if !ok || host == "" || len(random) != 10 {
		t.Fatalf("requestIDPrefix = %q, want host/ten-characters-", requestIDPrefix)
	}
	for seq, want := range map[uint64]string{1: "000001", 42: "000042", 123456: "123456", 1234567: "1234567"} {
		if got := newRequestID(seq); got != requestIDPrefix+want {
			t.Errorf("newRequestID(%d) = %q, want %q", seq, got, requestIDPrefix+want)
		}
	}
}
