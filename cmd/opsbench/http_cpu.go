package main

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/internal/cputime"
)

// cpuSnapshot is the CPU time spent so far by this process (server and
// client alike) and by each PostgreSQL backend serving the database. On
// a shared machine throughput moves with the neighbours' load; CPU time
// per request much less so.
type cpuSnapshot struct {
	self     time.Duration
	backends map[int]time.Duration
	// xacts is the database's committed transactions so far: the read
	// models' batch transactions, not their CPU, are what grows with
	// every command (one per read model a batch touches).
	xacts int64
}

func takeCPUSnapshot(ctx context.Context, pool *pgxpool.Pool) cpuSnapshot {
	s := cpuSnapshot{backends: map[int]time.Duration{}}
	s.self = cputime.Self()
	_ = pool.QueryRow(ctx, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").Scan(&s.xacts)
	// The statement sampler's session is not the run's work (see
	// pgSampler).
	rows, err := pool.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
		AND application_name <> $1`, samplerAppName)
	if err != nil {
		return s
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			if t, ok := cputime.Of(pid); ok {
				s.backends[pid] = t
			}
		}
	}
	return s
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
