package faults

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestSIGKILLDuringMixedLoad: given the demo company served under a mixed
// load of registrations, contact logs, quotations, check-ins and reads,
// when the server is killed with SIGKILL and started again, then every
// command it had answered 2xx has its events in the log, exactly once, at
// the position it answered; no registration left a file without its
// number claim or a claim without its file; every command left without an answer, sent again with
// its Idempotency-Key, is done once; and the read models the restarted
// server caught up to equal a rebuild from the log.
func TestSIGKILLDuringMixedLoad(t *testing.T) {
	l := newLedger(t, scratchDatabase(t))
	st := tokens(t)
	s := l.serve()
	waitCaughtUp(t, l.addr, st.gm, time.Minute) // the seeded demo is in the read models before anyone reads

	ld := newLoad(l.addr, st)
	ctx, stopLoad := context.WithCancel(context.Background())
	wait := ld.run(ctx, 16)
	time.Sleep(3 * time.Second)
	s.kill()
	time.Sleep(300 * time.Millisecond) // clients meet the dead server
	stopLoad()
	wait()

	all := ld.snapshot()
	acked := acknowledged(all)
	t.Logf("%d requests before and just after the kill: %s; %d commands acknowledged", len(all), statusCounts(all), len(acked))
	if len(acked) < 100 {
		t.Fatalf("only %d commands were acknowledged before the kill: the load did not run", len(acked))
	}
	for _, r := range all {
		if r.ans.err == nil && !r.ans.ok() && r.ans.status != http.StatusConflict {
			t.Errorf("%s %s answered %d before the kill: %s, want 2xx or 409", r.req.method, r.req.path, r.ans.status, r.ans.body)
		}
	}

	s = l.serve()
	checkNothingLostOrPartial(t, l, s, st, ld.tag, all)
}
