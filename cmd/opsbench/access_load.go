package main

import (
	"context"
	"sync"
	"time"
)

// accessPhase is what one or more phases of reads achieved.
type accessPhase struct {
	reads, errors, entries int64
	elapsed                time.Duration
	// selfCPU and pgCPU are the CPU time this process and the
	// database's backends spent, the log's drain after the phase included.
	selfCPU, pgCPU time.Duration
}

func (p *accessPhase) add(q accessPhase) {
	p.reads, p.errors, p.entries, p.elapsed = p.reads+q.reads, p.errors+q.errors, p.entries+q.entries, p.elapsed+q.elapsed
	p.selfCPU, p.pgCPU = p.selfCPU+q.selfCPU, p.pgCPU+q.pgCPU
}

// cpuPerRead is the CPU time per read, in microseconds.
func (p accessPhase) cpuPerRead() float64 {
	if p.reads == 0 {
		return 0
	}
	return float64((p.selfCPU + p.pgCPU).Microseconds()) / float64(p.reads)
}

func (p accessPhase) rate() float64 {
	if p.elapsed <= 0 {
		return 0
	}
	return float64(p.reads) / p.elapsed.Seconds()
}

// accessListEvery makes one read in this many a page of files (a page of
// accessListPage files, each logged); the others read one file.
const (
	accessListEvery = 5
	accessListPage  = 20
)

// driveAccessPhase reads personal data from base with conns connections
// for d.
func driveAccessPhase(ctx context.Context, base string, fx *accessFixture, conns int, d time.Duration) (accessPhase, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	results := make([]accessPhase, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conns {
		wg.Go(func() {
			c := newRawConn(base)
			defer c.close()
			r := &results[w]
			for i := w; ctx.Err() == nil; i += conns {
				path, entries := "/customers/"+fx.ids[i%len(fx.ids)], int64(1)
				if i%accessListEvery == 0 {
					path, entries = "/customers?limit=20", accessListPage
				}
				status, _, err := c.send(ctx, "GET", path, fx.reader, "", nil)
				switch {
				case ctx.Err() != nil:
				case err != nil || status != 200:
					r.errors++
				default:
					r.reads++
					r.entries += entries
				}
			}
		})
	}
	wg.Wait()
	var total accessPhase
	for _, r := range results {
		total.add(r)
	}
	total.elapsed = time.Since(start)
	return total, nil
}
