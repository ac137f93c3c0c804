package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func TestStatementShares_OneKeyPerStatementMostOnCPUFirst(t *testing.T) {
	// Given a run's samples: the same UPDATE twice with other layouts and
	// parameters, an INSERT once on CPU and three times waiting,
	s := &pgSampler{runs: map[string]*statementCounts{}}
	s.count(true, "UPDATE t SET a = $1\n\t\tWHERE id = $2") // sampled before the run: not counted
	s.begin("one_max")
	s.count(true, "UPDATE t SET a = $1\n\t\tWHERE id = $2")
	s.count(true, "  UPDATE t  SET a = $1 WHERE id = $2")
	s.count(true, "INSERT INTO e VALUES ($1)")
	for range 3 {
		s.count(false, "INSERT INTO e VALUES ($1)")
	}
	s.end()
	s.count(true, "SELECT 1") // after the run: not counted

	// when its shares are computed,
	got := s.shares("one_max")

	// then each statement is one key, the UPDATE first with two of the
	// three samples on CPU, the INSERT with the rest and every wait.
	if len(got) != 2 {
		t.Fatalf("shares = %+v; want two statements", got)
	}
	if got[0].statement != "UPDATE t SET a = $1 WHERE id = $2" || !near(got[0].onCPU, 2.0/3) || got[0].waiting != 0 {
		t.Errorf("first = %+v; want the UPDATE with 2/3 on CPU, none waiting", got[0])
	}
	if got[1].statement != "INSERT INTO e VALUES ($1)" || !near(got[1].onCPU, 1.0/3) || !near(got[1].waiting, 1) {
		t.Errorf("second = %+v; want the INSERT with 1/3 on CPU, every wait", got[1])
	}
}

func TestStatementKey_CutsLongStatements(t *testing.T) {
	// Given a statement far longer than a report line,
	q := "INSERT INTO versions (" + strings.Repeat("a_column, ", 40) + "b) VALUES (1)"
	// then its key is its first 100 characters.
	if k := statementKey(q); len(k) != 100 || !strings.HasPrefix(q, k) {
		t.Errorf("key = %q; want the statement's first 100 characters", k)
	}
}

func TestPGSampler_CountsTheDatabasesRunningStatementsNotItsOwn(t *testing.T) {
	url := os.Getenv("TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("TEST_POSTGRES_URL not set")
	}
	ctx := context.Background()
	// Given a sampler counting for a run,
	s, err := startPGSampler(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	s.begin("sleep")
	// when another session runs a statement for 200 ms,
	pool, err := openBenchPool(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, "SELECT pg_sleep(0.2) AS crud_sampler_test"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * pgSampleEvery)
	s.end()
	// then the sampler saw it, waiting (a sleep is a wait event), and
	// never its own reads of pg_stat_activity.
	var seen bool
	for _, sh := range s.shares("sleep") {
		if strings.Contains(sh.statement, "pg_stat_activity") {
			t.Errorf("the sampler counted its own statement: %+v", sh)
		}
		if strings.Contains(sh.statement, "crud_sampler_test") && sh.waiting > 0 {
			seen = true
		}
	}
	if !seen {
		t.Errorf("shares = %+v; want the sleeping statement among the waiting", s.shares("sleep"))
	}
}
