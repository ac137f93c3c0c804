package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// Schemas of the SSE benchmark; every schema starting with "sse_" is
// dropped on each run.
const (
	sseEvents  = "sse_events"
	sseRead    = "sse_read"
	sseControl = "sse_control"
)

// sseGM follows the stream: the GM sees every event.
var sseGM = domain.Actor{EmployeeID: "emp-sse-gm", Roles: []domain.Role{domain.RoleGM}, OrgUnitID: "HQ"}

// runSSE starts the application in-process with its projection runners
// and live feed, serves the API on loopback, connects SSE clients as the
// GM and issues a sustained rate of commands through the command layer.
// For every command it measures, per client, the time from the command's
// return (committed) to the client reading the event, and counts the
// events a client missed or read twice.
func runSSE(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sse", flag.ContinueOnError)
	url := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing)")
	rate := fs.Int("rate", 1000, "commands per second")
	duration := fs.Duration("duration", 30*time.Second, "how long the load runs")
	clients := fs.Int("clients", 200, "SSE clients connected during the load")
	workers := fs.Int("workers", 200, "concurrent command issuers")
	jsonOut := fs.String("json", "", "write the figures as one JSON object to this file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured load (server and clients) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openSSEApp(ctx, *url)
	if err != nil {
		return err
	}
	defer a.Close()
	runCtx, stopRunners := context.WithCancel(ctx)
	defer stopRunners()
	runErr := make(chan error, 1)
	go func() { runErr <- a.RunProjections(runCtx) }()
	fmt.Fprintln(os.Stderr, "sse: setting up customers, complaints and contracts")
	fix, err := setupLag(ctx, a.Commands, 500, 300, 200)
	if err != nil {
		return err
	}
	w := newLagWatch(a)
	if err := w.caughtUp(ctx, 2*time.Minute); err != nil {
		return err
	}
	base, stopServer, err := serveLoopback(a)
	if err != nil {
		return err
	}
	defer stopServer()
	token, err := sseToken(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sse: %d clients, %d commands/s for %s\n", *clients, *rate, *duration)
	feed, err := connectSSEClients(ctx, base, token, *clients)
	if err != nil {
		return err
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	load := issueLoad(ctx, w.mix(fix), *rate, *duration, *workers)
	stopProfile()
	res := feed.results(load, 10*time.Second)
	feed.close()
	stopRunners()
	if rerr := <-runErr; rerr != nil {
		return rerr
	}
	printSSE(res, *clients, *rate, *duration)
	return writeRebuildJSON(*jsonOut, res)
}

// openSSEApp wipes the benchmark's schemas and opens the application on
// fresh ones.
func openSSEApp(ctx context.Context, url string) (*app.App, error) {
	if err := wipeSchemas(ctx, url, "sse_"); err != nil {
		return nil, err
	}
	return app.Open(ctx, app.Config{PostgresURL: url, EventSchema: sseEvents, ReadNamespace: sseRead,
		ControlSchema: sseControl, JWTSecret: []byte("opsbench-sse-secret-0123456789abcdef0123")})
}

// serveLoopback serves the API on a loopback port, with the write timeout
// opsledger serve uses (the stream lifts it for itself).
func serveLoopback(a *app.App) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: a.API, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func sseToken(ctx context.Context, a *app.App) (string, error) {
	if err := a.HireStaff(ctx, sseGM); err != nil {
		return "", err
	}
	return a.JWT.Issue(sseGM, time.Hour)
}

// loadResult is what the command load committed: each command's
// position and the time its call returned.
type loadResult struct {
	committed map[eventstore.Position]time.Time
	issued    int
	failed    int64
	elapsed   time.Duration
}

// issueLoad runs mix at rate for d from workers goroutines (open loop, as
// the lag benchmark does) and records when each command committed.
func issueLoad(ctx context.Context, mix []lagCommand, rate int, d time.Duration, workers int) loadResult {
	res := loadResult{committed: map[eventstore.Position]time.Time{}}
	var mu sync.Mutex
	var failed atomic.Int64
	jobs := make(chan int, rate*int(d/time.Second)+1)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				r, err := mix[i%len(mix)].issue(ctx, i/len(mix))
				done := time.Now()
				if err != nil || r.Events == 0 {
					failed.Add(1)
					continue
				}
				mu.Lock()
				res.committed[r.Position] = done
				mu.Unlock()
			}
		})
	}
	start := time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	for time.Since(start) < d && ctx.Err() == nil {
		<-tick.C
		due := int(time.Since(start).Seconds()*float64(rate)) - res.issued
		for range due {
			jobs <- res.issued
			res.issued++
		}
	}
	tick.Stop()
	close(jobs)
	wg.Wait()
	res.elapsed, res.failed = time.Since(start), failed.Load()
	return res
}

// errClientsNotReady is returned when the clients did not all connect.
var errClientsNotReady = errors.New("sse: not every client connected within a minute")
