package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

// writeProfiles writes, when dir is set, the process's goroutines (text,
// one block per distinct stack with its count) and its heap (after a GC,
// so the live heap is what it shows) as taken at the sample at, named by
// the second: a series that drifts is then explained by diffing the
// profiles of the two windows (go tool pprof -base).
func writeProfiles(dir string, at time.Duration) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	stamp := fmt.Sprintf("%04.0f", at.Seconds())
	if err := writeProfile(filepath.Join(dir, "goroutine-"+stamp+".txt"), "goroutine", 1); err != nil {
		return err
	}
	runtime.GC()
	return writeProfile(filepath.Join(dir, "heap-"+stamp+".pb.gz"), "heap", 0)
}

func writeProfile(path, name string, debug int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, debug); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
