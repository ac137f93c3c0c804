package main

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// cpuSnapshot is the CPU time spent so far by this process (server and
// client alike) and by each PostgreSQL backend serving the database. On
// a shared machine throughput moves with the neighbours' load; CPU time
// per request much less so.
type cpuSnapshot struct {
	self     time.Duration
	backends map[int]time.Duration
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times on Linux.
const clockTicks = 100

func takeCPUSnapshot(ctx context.Context, pool *pgxpool.Pool) cpuSnapshot {
	s := cpuSnapshot{backends: map[int]time.Duration{}}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	rows, err := pool.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		return s
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			if t, ok := procCPU(pid); ok {
				s.backends[pid] = t
			}
		}
	}
	return s
}

// procCPU reads utime+stime of a process (false when it is not visible,
// e.g. PostgreSQL on another host).
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// Fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are the 12th and 13th of them.
	i := strings.LastIndexByte(string(b), ')')
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

// cpuSpent is the CPU time spent between two snapshots: by this process,
// and by the database's backends (those that appeared in between count
// whole).
func cpuSpent(before, after cpuSnapshot) (self, backends time.Duration) {
	for pid, t := range after.backends {
		backends += t - before.backends[pid]
	}
	return after.self - before.self, backends
}
