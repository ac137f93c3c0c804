package bus_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
)

// TestBus_HandlesMessagesConcurrently: given a handler that takes 20 ms,
// when 200 messages arrive on NATS, then they are handled in well under
// the 4 s one at a time would take: an instance handles several at once.
// (PostgreSQL's subscriber hands out one message of a topic at a time,
// across the whole group: its rows are locked while one is handled.)
func TestBus_HandlesMessagesConcurrently(t *testing.T) {
	for name, deploy := range map[string]deployment{"nats": natsDeployment} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg := deploy(t)
			b := open(ctx, t, cfg)
			r, err := message.NewRouter(message.RouterConfig{}, watermill.NopLogger{})
			if err != nil {
				t.Fatal(err)
			}
			var done, running, most atomic.Int64
			r.AddConsumerHandler("slow", "opsledger.contract.signed", b, func(*message.Message) error {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(20 * time.Millisecond)
				running.Add(-1)
				done.Add(1)
				return nil
			})
			go r.Run(ctx) //nolint:errcheck // stops with ctx
			<-r.Running()
			if err := b.Start(ctx); err != nil {
				t.Fatal(err)
			}
			pub := open(ctx, t, cfg)
			start := time.Now()
			for i := range 200 {
				if err := pub.Publish("opsledger.contract.signed", message.NewMessage(fmt.Sprintf("c-%03d", i), []byte(`{}`))); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, 30*time.Second, func() bool { return done.Load() >= 200 })
			t.Logf("%s: 200 messages of 20 ms in %s, at most %d at once", name, time.Since(start), most.Load())
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("200 messages of 20 ms took %s: handled one at a time", took)
			}
		})
	}
}
