package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

func TestSeed_DemoCompany(t *testing.T) {
	e := newSeedEnv(t)
	out := e.seed(t, seedOptions{demo: true})
	log := e.events(t)

	t.Run("hires at least 50 employees, most confirmed regular, some on probation", func(t *testing.T) { checkStaff(t, log) })
	t.Run("contracts cover every state of the chain", func(t *testing.T) { checkContracts(t, log) })
	t.Run("quotations are approved at every approver tier", func(t *testing.T) { checkQuoteApprovers(t, log) })
	t.Run("a regulation version changed mid-year decides each side", func(t *testing.T) { checkRegulationChange(t, log) })
	t.Run("orders, collections, complaints and the sales plan reach their states", func(t *testing.T) { checkFlows(t, log) })
	t.Run("a leave filed after it was taken, effective the day taken", func(t *testing.T) { checkRetroactiveLeave(t, e) })
	t.Run("a contract amended after its approval", func(t *testing.T) { checkAmendedAfterApproval(t, log) })
	t.Run("meetings and market research reach their states", func(t *testing.T) { checkMeetingsAndResearch(t, log) })
	t.Run("a customer file read by several people, in the access log", func(t *testing.T) { checkFileReaders(t, e) })
	t.Run("the summary counts what was created", func(t *testing.T) {
		flat := strings.Join(strings.Fields(out), " ")
		for _, want := range []string{"employees hired 54", "contracts 15", "customers 22", "0 replayed"} {
			if !strings.Contains(flat, want) {
				t.Errorf("summary lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("seed's progress total is the number of commands the demo runs", func(t *testing.T) {
		if want := fmt.Sprintf("\n%d commands: ", demoCommands); !strings.Contains(out, want) {
			t.Errorf("summary lacks %q (update demoCommands when the demo changes):\n%s", want, out)
		}
	})
	t.Run("rerunning writes nothing new", func(t *testing.T) {
		before := e.head(t)
		again := e.seed(t, seedOptions{demo: true})
		if after := e.head(t); after != before {
			t.Errorf("head moved from %s to %s on a rerun", before, after)
		}
		if !strings.Contains(again, ": 0 events written") {
			t.Errorf("rerun summary = %q, want 0 events written", again)
		}
	})
	t.Run("--once does nothing when the demo exists", func(t *testing.T) {
		before := e.head(t)
		got := e.seed(t, seedOptions{demo: true, once: true})
		if !strings.Contains(got, "already exists") || e.head(t) != before {
			t.Errorf("seed --once = %q, head %s → %s; want nothing done", got, before, e.head(t))
		}
	})
	t.Run("rebuild replays every stored event and says how many", func(t *testing.T) { checkRebuild(t, e) })
}

// checkRebuild rebuilds every read model of the seeded demo and one by
// name; progress goes to a buffer, not a terminal, so as plain lines.
func checkRebuild(t *testing.T, e *seedEnv) {
	e.waitVisible(t)
	want := fmt.Sprintf("rebuilt %d events in ", e.stored(t))
	for _, names := range [][]string{nil, {"contracts"}} {
		var out, progressOut bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		err := rebuild(ctx, e.cfg, names, &out, &progressOut)
		cancel()
		if err != nil {
			t.Fatalf("rebuild %v: %v", names, err)
		}
		if !strings.HasPrefix(out.String(), want) {
			t.Errorf("rebuild %v printed %q, want it to start with %q", names, out.String(), want)
		}
		for _, line := range strings.Split(strings.TrimSpace(progressOut.String()), "\n") {
			if line != "" && !strings.HasPrefix(line, "rebuild: ") {
				t.Errorf("progress line %q is not a plain rebuild line", line)
			}
		}
	}
}

func checkStaff(t *testing.T, log map[string][]domain.Event) {
	var hired, regular, probation int
	for _, s := range fold(log, "employee-", employee.Employee.Evolve) {
		hired++
		switch s.Status {
		case employee.StatusRegular:
			regular++
		case employee.StatusOnProbation:
			probation++
		}
	}
	if hired < 50 || regular <= hired/2 || probation == 0 || regular+probation != hired {
		t.Errorf("employees: %d hired, %d regular, %d on probation; want >= 50, mostly regular, some on probation", hired, regular, probation)
	}
}

func checkContracts(t *testing.T, log map[string][]domain.Event) {
	got, returned := map[contract.Status]bool{}, 0
	for stream, c := range fold(log, "contract-", contract.Contract.Evolve) {
		got[c.Status] = true
		sentBack := slices.ContainsFunc(log[stream], func(ev domain.Event) bool {
			return isA[contract.Returned](ev) || isA[contract.LegalReviewFailed](ev)
		})
		if sentBack && c.Status == contract.StatusDraft {
			returned++
		}
	}
	for _, s := range []contract.Status{contract.StatusDraft, contract.StatusRegistered, contract.StatusDeptApproved,
		contract.StatusLegalCleared, contract.StatusApproved, contract.StatusSigned, contract.StatusInExecution,
		contract.StatusCompleted, contract.StatusClosed, contract.StatusTerminated} {
		if !got[s] {
			t.Errorf("no demo contract in state %s", s)
		}
	}
	if returned < 2 {
		t.Errorf("%d contracts returned for revision (by the department head or legal), want >= 2", returned)
	}
}

func checkQuoteApprovers(t *testing.T, log map[string][]domain.Event) {
	roles := map[domain.Role]bool{}
	for _, evs := range log {
		for _, ev := range evs {
			if a, ok := ev.(quotation.Approved); ok {
				roles[a.ApproverRole] = true
			}
		}
	}
	for _, r := range []domain.Role{domain.RoleDeptHead, domain.RoleGMOffice, domain.RoleGM} {
		if !roles[r] {
			t.Errorf("no quotation approved by %s", r)
		}
	}
}

func checkFlows(t *testing.T, log map[string][]domain.Event) {
	checks := []struct {
		what string
		is   func(domain.Event) bool
	}{
		{"delivery with sign-off", isA[order.Delivered]},
		{"order in transit", isA[order.Dispatched]},
		{"delayed order", isA[order.DeliveryDelayed]},
		{"settled order", isA[order.Settled]},
		{"instalment payment", isA[contract.PaymentReceived]},
		{"dunning letter", isA[contract.DunningLetterSent]},
		{"on-site collection visit", isA[contract.CollectionVisitMade]},
		{"complaint closed satisfied", isA[complaint.Closed]},
		{"sales plan activated", isA[salesplan.Activated]},
		{"training certificate", isA[training.CertificateAwarded]},
		{"work plan returned", isA[workplan.Returned]},
		{"work plan approved", isA[workplan.Approved]},
		{"sloppy report rejected", isA[employee.WorkReportRejected]},
		{"person target", func(ev domain.Event) bool {
			a, ok := ev.(salesplan.TargetAllocated)
			return ok && a.Allocation.Level == salesplan.LevelPerson
		}},
		// stock (§3.10): shipments reserved and booked out, a transfer received, one in transit
		{"shipment's stock reserved", isA[stock.Reserved]},
		{"reserved stock booked out on dispatch", isA[stock.ReservedIssued]},
		{"transfer received into the branch", isA[stock.TransferCompleted]},
		{"replenishment received", isA[stock.ReplenishmentDelivered]},
		{"materials issued on the request form", isA[stock.MaterialsHandedOver]},
	}
	for _, c := range checks {
		if count(log, c.is) == 0 {
			t.Errorf("the demo has no %s", c.what)
		}
	}
	if count(log, isA[stock.TransferShippedOut]) <= count(log, isA[stock.TransferCompleted]) {
		t.Errorf("the demo has no stock transfer in transit")
	}
	if count(log, isA[complaint.Received]) <= count(log, isA[complaint.Routed]) {
		t.Errorf("the demo has no complaint still waiting to be routed")
	}
}

func TestSeed_NeedsDemoFlag(t *testing.T) {
	err := seed(context.Background(), config{}, seedOptions{}, &bytes.Buffer{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Errorf("seed without --demo error = %v, want one naming --demo", err)
	}
}

// checkRetroactiveLeave: the demo's sick leave is filed and signed two
// days after it was taken, both effective the day taken.
func checkRetroactiveLeave(t *testing.T, e *seedEnv) {
	recs, err := e.app.Store.ReadStream(context.Background(), employee.Stream(demoLeaveRep), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, r := range recs {
		switch r.Type {
		case employee.LeaveRetroactivelyFiled{}.EventType(), employee.LeaveApproved{}.EventType():
			if !r.Metadata.EffectiveAt.Equal(demoLeaveTaken) || !r.RecordedAt.After(demoLeaveTaken) {
				t.Errorf("%s effective %v recorded %v, want effective the day taken (%v), recorded after", r.Type, r.Metadata.EffectiveAt, r.RecordedAt, demoLeaveTaken)
			}
			found[r.Type] = true
		}
	}
	if len(found) != 2 {
		t.Errorf("the demo rep's stream has %v, want the retroactive filing and its signature", found)
	}
}

// checkAmendedAfterApproval: the demo's amended contract was approved by
// the GM and signed before its amendment was requested and applied.
func checkAmendedAfterApproval(t *testing.T, log map[string][]domain.Event) {
	evs := log[contract.Stream(demoAmendedContract)]
	approved := slices.IndexFunc(evs, isA[contract.ApprovedByGM])
	requested := slices.IndexFunc(evs, isA[contract.AmendmentRequested])
	amended := slices.IndexFunc(evs, isA[contract.Amended])
	if approved < 0 || requested < approved || amended < requested {
		t.Errorf("%s: GM approval at %d, amendment requested at %d, applied at %d; want them in that order", demoAmendedContract, approved, requested, amended)
	}
}

// checkFileReaders: the access log shows the demo customer file read by
// several people, its owner among them, once however often the seed runs.
func checkFileReaders(t *testing.T, e *seedEnv) {
	p, err := e.app.API.Deps.AccessLog.Accesses(context.Background(), queries.AccessFilter{SubjectID: demoReadCustomer}, queries.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]bool{}
	for _, a := range p.Items {
		readers[a.ReaderID] = true
		if a.Endpoint != demoReadEndpoint || a.Category != queries.CategoryCustomerContact {
			t.Errorf("access log entry %+v, want a read of the contacts through %s", a, demoReadEndpoint)
		}
	}
	if len(readers) < 3 || !readers["emp-rep-02"] || len(p.Items) != len(demoFileReaders()) {
		t.Errorf("access log of %s: %d entries by %v, want the %d demo reads by several people, its owner among them", demoReadCustomer, len(p.Items), readers, len(demoFileReaders()))
	}
}

// checkMeetingsAndResearch checks the demo has meetings at each step a
// manager looks for (booked, excused, an absentee, an overrun stand-up,
// open minutes, a missing countersignature, closed) and research in
// several states.
func checkMeetingsAndResearch(t *testing.T, log map[string][]domain.Event) {
	checks := []struct {
		what string
		is   func(domain.Event) bool
	}{
		{"room booking", isA[meeting.RoomBooked]},
		{"excused absence", isA[meeting.AbsenceExcused]},
		{"unexcused absence", func(ev domain.Event) bool { h, ok := ev.(meeting.Held); return ok && len(h.Absent) > 0 }},
		{"overrun stand-up", func(ev domain.Event) bool { h, ok := ev.(meeting.Held); return ok && h.Overran }},
		{"countersignature", isA[meeting.MinutesCountersigned]},
		{"closed meeting", isA[meeting.Closed]},
		{"reported research", isA[research.Reported]},
		{"returned research proposal", func(ev domain.Event) bool { r, ok := ev.(research.Reviewed); return ok && !r.Passed }},
	}
	for _, c := range checks {
		if count(log, c.is) == 0 {
			t.Errorf("the demo has no %s", c.what)
		}
	}
	if count(log, isA[meeting.Held]) <= count(log, isA[meeting.MinutesRecorded]) {
		t.Errorf("the demo has no held meeting with its minutes open")
	}
}
