// Package cputime reads the CPU time processes have used, for benchmarks:
// on a shared machine throughput moves with the neighbours' load, CPU time
// per operation much less so. Times are user plus system time.
//
// It is internal to the module rather than to cmd/opsbench because the
// benchmarks of the idempotency store and of the read models report CPU
// time per operation too.
package cputime

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times on Linux.
const clockTicks = 100

// Self returns the CPU time this process has used.
func Self() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Of returns the CPU time process pid has used, read from /proc; ok is
// false when the process is not visible (gone, or a PostgreSQL backend on
// another host).
func Of(pid int) (d time.Duration, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: utime and stime are the 12th and 13th of them.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	k, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(u+k) * time.Second / clockTicks, true
}

// Sum returns the CPU time processes pids have used; those not visible
// count nothing.
func Sum[P ~int | ~int32](pids []P) time.Duration {
	var total time.Duration
	for _, pid := range pids {
		d, _ := Of(int(pid))
		total += d
	}
	return total
}
