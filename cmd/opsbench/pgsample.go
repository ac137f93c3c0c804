package main

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// samplerAppName names the sampler's session, which the CPU snapshot
// leaves out: its queries are not the run's work.
const samplerAppName = "opsbench-pg-sampler"

// pgSampleEvery is how often the sampler reads pg_stat_activity.
const pgSampleEvery = 5 * time.Millisecond

// pgSampler counts, every pgSampleEvery, the statements the database's
// backends are running: where the server's time goes without
// pg_stat_statements (which needs shared_preload_libraries, so a
// restart). A backend with no wait event is counted as on CPU (or
// waiting for one). Each read is a statement of its own with no
// transaction left open: a sampler holding one, even in another
// database, holds back the horizon below which PostgreSQL may prune a
// page, and the read models' updates stop being HOT (decision 48).
type pgSampler struct {
	conn *pgx.Conn
	stop context.CancelFunc
	done chan struct{}
	mu   sync.Mutex
	runs map[string]*statementCounts
	cur  *statementCounts
}

// statementCounts are one run's samples by statement.
type statementCounts struct {
	onCPU, waiting map[string]int
}

// startPGSampler opens its own session on url and samples until closed;
// between begin and end it counts for one run.
func startPGSampler(ctx context.Context, url string) (*pgSampler, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = samplerAppName
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("statement sampler: %w", err)
	}
	ctx, stop := context.WithCancel(ctx)
	s := &pgSampler{conn: conn, stop: stop, done: make(chan struct{}), runs: map[string]*statementCounts{}}
	go s.loop(ctx)
	return s, nil
}

func (s *pgSampler) loop(ctx context.Context) {
	defer close(s.done)
	tick := time.NewTicker(pgSampleEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := s.sample(ctx); err != nil && ctx.Err() == nil {
			fmt.Printf("statement sampler stopped: %v\n", err)
			return
		}
	}
}

func (s *pgSampler) sample(ctx context.Context) error {
	rows, err := s.conn.Query(ctx, `SELECT coalesce(wait_event_type, ''), query FROM pg_stat_activity
		WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`)
	if err != nil {
		return err
	}
	var wait, query string
	_, err = pgx.ForEachRow(rows, []any{&wait, &query}, func() error {
		s.count(wait == "", query)
		return nil
	})
	return err
}

func (s *pgSampler) count(onCPU bool, query string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		return
	}
	if onCPU {
		s.cur.onCPU[statementKey(query)]++
	} else {
		s.cur.waiting[statementKey(query)]++
	}
}

// begin starts counting for run key; end stops.
func (s *pgSampler) begin(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur = &statementCounts{onCPU: map[string]int{}, waiting: map[string]int{}}
	s.runs[key] = s.cur
}

func (s *pgSampler) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur = nil
}

// shares returns the statements of run key, most on-CPU samples first.
func (s *pgSampler) shares(key string) []statementShare {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.runs[key]
	if c == nil {
		return nil
	}
	return c.shares()
}

func (s *pgSampler) close() {
	s.stop()
	<-s.done
	s.conn.Close(context.Background()) //nolint:errcheck // a diagnostic session
}

// statementShare is one statement's part of a run's samples.
type statementShare struct {
	statement string
	// onCPU is its part of the samples of backends on CPU, waiting its
	// part of those waiting (I/O, locks, the client).
	onCPU, waiting float64
}

func (c *statementCounts) shares() []statementShare {
	var cpu, wait int
	keys := map[string]bool{}
	for k, n := range c.onCPU {
		cpu, keys[k] = cpu+n, true
	}
	for k, n := range c.waiting {
		wait, keys[k] = wait+n, true
	}
	out := make([]statementShare, 0, len(keys))
	for k := range keys {
		out = append(out, statementShare{statement: k, onCPU: ratio(float64(c.onCPU[k]), float64(cpu)),
			waiting: ratio(float64(c.waiting[k]), float64(wait))})
	}
	slices.SortFunc(out, func(a, b statementShare) int {
		return cmp.Or(cmp.Compare(b.onCPU, a.onCPU), strings.Compare(a.statement, b.statement))
	})
	return out
}

var whitespace = regexp.MustCompile(`\s+`)

// statementKey is a statement as the report names it: its whitespace
// collapsed and its first 100 characters, so the same statement with
// other parameters or lists is one key.
func statementKey(query string) string {
	q := whitespace.ReplaceAllString(strings.TrimSpace(query), " ")
	if len(q) > 100 {
		q = q[:100]
	}
	return q
}

// printStatementShares prints the run's statements that took at least
// 1% of its on-CPU samples.
func printStatementShares(key string, shares []statementShare) {
	fmt.Printf("  %s: PostgreSQL's statements by share of samples on CPU (waiting)\n", key)
	for _, sh := range shares {
		if sh.onCPU < 0.01 {
			break
		}
		fmt.Printf("  %5.1f%% (%5.1f%%)  %s\n", 100*sh.onCPU, 100*sh.waiting, sh.statement)
	}
}
