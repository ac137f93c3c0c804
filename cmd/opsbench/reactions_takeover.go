package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/app"
)

// Application names of the takeover's two instances, as pg_stat_activity
// shows them.
const (
	takeoverFirst  = "reactbench-first"
	takeoverSecond = "reactbench-second"
)

// measureTakeover starts a first instance as a child process (this
// binary, `reactions --instance`), waits until it holds the forwarder's
// lease, runs a second instance in this process, keeps events coming,
// kills the first with SIGKILL and times until the second holds the lease
// and has forwarded an event.
func measureTakeover(ctx context.Context, dbURL, natsURL string) (time.Duration, error) {
	// A few connections to watch with: each instance holds a dozen.
	pool, err := pgxpool.New(ctx, withApplication(dbURL, "reactbench-watch", 3))
	if err != nil {
		return 0, err
	}
	defer pool.Close()
	if err := dropSchemas(ctx, pool, reactionsPrefix+"tk_"); err != nil {
		return 0, err
	}
	root := "opsbench_" + randomID()
	defer deleteNATSStream(natsURL, strings.ToUpper(root))
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	child := exec.CommandContext(ctx, self, "reactions", "--postgres", dbURL, "--nats", natsURL, "--root", root, "--instance", takeoverFirst)
	child.Stderr = os.Stderr
	child.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := child.Start(); err != nil {
		return 0, err
	}
	exited := make(chan struct{})
	go func() { child.Wait(); close(exited) }()       //nolint:errcheck // killed on purpose
	defer func() { child.Process.Kill(); <-exited }() //nolint:errcheck // may be dead already
	if err := waitHolder(ctx, pool, takeoverFirst, time.Minute); err != nil {
		return 0, err
	}

	second, err := reactionsApp(ctx, withApplication(dbURL, takeoverSecond, instanceConns), natsURL, "tk", root)
	if err != nil {
		return 0, err
	}
	defer second.Close()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- second.RunProjections(runCtx) }()
	defer func() { stop(); <-done }()
	go trickle(runCtx, second) // events for the forwarder to apply
	time.Sleep(2 * time.Second)

	before, err := forwarded(ctx, pool)
	if err != nil {
		return 0, err
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		return 0, err
	}
	killed := time.Now()
	for time.Since(killed) < time.Minute {
		holder, err := forwarderHolderOf(ctx, pool)
		if err != nil {
			return 0, err
		}
		n, err := forwarded(ctx, pool)
		if err != nil {
			return 0, err
		}
		if holder == takeoverSecond && n > before {
			return time.Since(killed), nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, errors.New("the second instance did not take the forwarder over within a minute")
}

// runTakeoverInstance is the child: an instance that runs until killed.
func runTakeoverInstance(ctx context.Context, dbURL, natsURL, root, name string) error {
	a, err := reactionsApp(ctx, withApplication(dbURL, name, instanceConns), natsURL, "tk", root)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.RunProjections(ctx)
}

// trickle appends a registration every 10 ms until ctx ends.
func trickle(ctx context.Context, a *app.App) {
	for i := 0; ctx.Err() == nil; i++ {
		appendRegistrations(ctx, a.Store, fmt.Sprintf("tk%06d", i), 1) //nolint:errcheck // ends with ctx
		time.Sleep(10 * time.Millisecond)
	}
}

// forwarded is how many events the forwarder of the takeover's schemas
// has published and checkpointed.
func forwarded(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	var n int64
	err := pool.QueryRow(ctx, `SELECT coalesce(max(c.events_applied), 0) FROM reactbench_tk_read.projection_checkpoints c
		JOIN reactbench_tk_read.projection_state s ON s.name = c.name AND s.active_generation = c.generation WHERE c.name = 'forwarder'`).Scan(&n)
	return n, err
}

// forwarderHolderOf is the application name of the session holding the
// forwarder's lease, as the projection engine keys it ("" when none).
func forwarderHolderOf(ctx context.Context, pool *pgxpool.Pool) (string, error) {
	var gen int
	err := pool.QueryRow(ctx, `SELECT active_generation FROM reactbench_tk_read.projection_state WHERE name = 'forwarder'`).Scan(&gen)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "opsledger/projection/%s/%s/%d", reactionsPrefix+"tk_read", "forwarder", gen)
	var holder string
	err = pool.QueryRow(ctx, `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1`, int64(h.Sum64())).Scan(&holder)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return holder, err
}

func waitHolder(ctx context.Context, pool *pgxpool.Pool, name string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		holder, err := forwarderHolderOf(ctx, pool)
		if err == nil && holder == name {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not take the forwarder's lease within %s (holder %q, %v)", name, limit, holder, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// instanceConns bounds an instance's connections to the least it works
// with: each runner holds a lease, requests take the rest.
var instanceConns = app.PoolConnsNeeded()

// withApplication names the connections of an instance and bounds them:
// two instances hold a dozen leases each.
func withApplication(raw, name string, conns int) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set("application_name", name)
	q.Set("pool_max_conns", strconv.Itoa(conns))
	u.RawQuery = q.Encode()
	return u.String()
}
