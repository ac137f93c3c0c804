package main

import (
	"context"
	"hash/fnv"
	"iter"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/eventstore"
)

// historyStats describes a generated and appended history.
type historyStats struct {
	events, appends int
	bytes           int64
	seconds         float64
	refusals        []string
}

// writeHistory generates a history of at least n events with the seed and
// appends it to store with `writers` concurrent writers. Each stream
// belongs to one writer, which appends its decisions in order at their
// exact expected versions, so the log interleaves aggregates the way the
// generator interleaved the stories.
func writeHistory(ctx context.Context, store eventstore.Store, n int, seed uint64, writers int) (historyStats, error) {
	start := time.Now()
	var st historyStats
	grp, ctx := errgroup.WithContext(ctx)
	queues := make([]chan histAppend, writers)
	for i := range queues {
		q := make(chan histAppend, 4096)
		queues[i] = q
		grp.Go(func() error {
			for batch := range drain(q) {
				for _, ap := range coalesce(batch) {
					if _, err := store.Append(ctx, ap.stream, eventstore.Exact(ap.expected), ap.events...); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	grp.Go(func() error {
		defer func() {
			for _, q := range queues {
				close(q)
			}
		}()
		g := generateHistory(n, seed, func(ap histAppend) {
			h := fnv.New32a()
			h.Write([]byte(ap.stream))
			for _, e := range ap.events {
				st.bytes += int64(len(e.Data))
			}
			st.appends++
			select {
			case queues[h.Sum32()%uint32(writers)] <- ap:
			case <-ctx.Done(): // a writer failed: the error ends the run
			}
		})
		st.events, st.refusals = g.events, g.refusals()
		return nil
	})
	err := grp.Wait()
	st.seconds = time.Since(start).Seconds()
	return st, err
}

// generateHistory builds the company, then runs customer stories (with
// employees' routine days between them) until n events exist, 3,000 of
// them under way at a time.
func generateHistory(n int, seed uint64, emit func(histAppend)) *histGen {
	return generateStories(n, 3000, seed, emit)
}

// generateStories is generateHistory with `width` stories under way: a
// narrow run reaches the stories' late steps (payments, closings) within
// fewer events, which is what a test of them needs.
func generateStories(n, width int, seed uint64, emit func(histAppend)) *histGen {
	g := newHistGen(seed, commands.Codec(), emit)
	g.hireCompany(10, 3, 6)
	staff := make([]person, 0)
	for _, su := range g.org.units {
		staff = append(staff, su.reps...)
		staff = append(staff, su.supervisors...)
		staff = append(staff, su.head, su.fin)
	}
	g.run(n, width, func() story {
		if g.chance(0.8) {
			return g.customerStory()
		}
		return func(yield func(struct{}) bool) {
			for range 1 + g.rng.IntN(5) {
				g.workday(pick(g, staff))
				if !yield(struct{}{}) {
					return
				}
			}
		}
	})
	return g
}

// drain yields what is queued in q at a time (at least one append).
func drain(q <-chan histAppend) iter.Seq[[]histAppend] {
	return func(yield func([]histAppend) bool) {
		for ap := range q {
			batch := []histAppend{ap}
		more:
			for len(batch) < 256 {
				select {
				case next, ok := <-q:
					if !ok {
						break more
					}
					batch = append(batch, next)
				default:
					break more
				}
			}
			if !yield(batch) {
				return
			}
		}
	}
}

// coalesce merges the queued appends of each stream into one append per
// stream (a stream's decisions stay in order and contiguous versions), in
// the order of each stream's first append.
func coalesce(batch []histAppend) []histAppend {
	var out []histAppend
	at := map[string]int{}
	for _, ap := range batch {
		if i, ok := at[ap.stream]; ok {
			out[i].events = append(out[i].events, ap.events...)
			continue
		}
		at[ap.stream] = len(out)
		out = append(out, ap)
	}
	return out
}
