package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/regulation"
)

// TestFireDeadline_dunningLadder: given an instalment of a contract in
// execution overdue for two days, when the deadlines of the ladder's
// steps after the letter fire, each three times, then each step falls
// due to the people who take it once, and only while it is the next one
// and the instalment is owed (K10-ladder).
func TestFireDeadline_dunningLadder(t *testing.T) {
	step := func(s contract.DunningStep) deadlines.Deadline {
		return deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: "i-1@2026-05-01@" + string(s),
			Due: contractNow.AddDate(0, 1, 1), CausedBy: "ev-step", CorrelationID: "corr-plan"}
	}
	letter := commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningLetter}
	visit := commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningVisit}
	pay := func(yuan int64) commands.RecordContractPayment {
		return commands.RecordContractPayment{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(yuan)}
	}
	tests := []struct {
		name   string
		before func(w *contractWorld)
		fire   contract.DunningStep
		want   int // steps flagged due
	}{
		{name: "after the letter the visit falls due to the rep once, however often it fires", fire: contract.DunningVisit, want: 1,
			before: func(w *contractWorld) {
				w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, letter))
			}},
		{name: "after the visit legal action falls due once", fire: contract.DunningLegalAction, want: 1, before: func(w *contractWorld) {
			w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, letter))
			w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, visit))
		}},
		{name: "a part payment leaves the visit due", fire: contract.DunningVisit, want: 1, before: func(w *contractWorld) {
			w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, letter))
			w.must(w.h.Contracts.RecordContractPayment(context.Background(), contractFinance, pay(10000)))
		}},
		{name: "a paid instalment flags nothing: its reason went away", fire: contract.DunningVisit, before: func(w *contractWorld) {
			w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, letter))
			w.must(w.h.Contracts.RecordContractPayment(context.Background(), contractFinance, pay(40000)))
		}},
		{name: "a visit a person made already flags nothing", fire: contract.DunningVisit, before: func(w *contractWorld) {
			w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, letter))
			w.must(w.h.Contracts.EscalateCollection(context.Background(), contractRep, visit))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t).inExecution()
			w.now = contractNow.AddDate(0, 1, 2)
			tt.before(w)

			if _, err := fireThrice(t, w.h, step(tt.fire)); err != nil {
				t.Fatalf("FireDeadline() error = %v", err)
			}
			if n := w.count("contract.collection_step_due"); n != tt.want {
				t.Fatalf("steps flagged due = %d, want %d", n, tt.want)
			}
			if tt.want == 0 {
				return
			}
			recs := w.records()
			last := recs[len(recs)-1]
			e, err := w.codec.Decode(last.Type, last.SchemaVersion, last.Data)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.(contract.CollectionStepDue); got.Step != tt.fire || got.InstalmentID != "i-1" || got.RepID == "" {
				t.Errorf("flagged %+v, want %s on i-1 for the contract's rep", got, tt.fire)
			}
			if last.Metadata.ActorRole != domain.RoleSystem || last.Metadata.IdempotencyKey != "deadline:"+step(tt.fire).Key() {
				t.Errorf("flag envelope = %+v, want the system's, keyed by the deadline", last.Metadata)
			}
		})
	}
}

// TestFireDeadline_dunningLetterUnderTheLadderInForce: given a ladder
// adopted that waits 30 days before the letter, when the letter's
// deadline fires two days after the due date, then the letter is refused
// (K10); fired on the 31st day it is sent once, under that version
// (K10-overdue). A deadline whose item lost its due date is refused.
func TestFireDeadline_dunningLetterUnderTheLadderInForce(t *testing.T) {
	w := newContractWorld(t).inExecution()
	w.codec.Register(regulation.Events()...)
	versions, ok := w.h.Regulations.Versions(contract.RegulationName)
	if !ok {
		t.Fatal("no contract regulation in the catalogue")
	}
	params := versions[0].Parameters
	params["dunning_ladder"] = json.RawMessage(`{"letter_after_days": 30, "visit_after_days": 45, "legal_action_after_days": 60}`)
	raw, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	w.must(w.h.Regulations.AdoptRegulationVersion(context.Background(), contractGM, commands.AdoptRegulationVersion{
		Name: contract.RegulationName, Version: "2026-dunning", EffectiveFrom: contractNow, Parameters: raw}))
	if got := w.h.Reactions.DunningLadder(contractNow.AddDate(0, 1, 0)); got.LetterAfterDays != 30 {
		t.Fatalf("DunningLadder() = %+v, want the adopted ladder", got)
	}
	overdue := deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: "i-1@2026-05-01", Due: contractNow.AddDate(0, 1, 0)}

	w.now = contractNow.AddDate(0, 1, 2)
	if _, err := w.h.Reactions.FireDeadline(context.Background(), overdue); !errors.Is(err, contract.ErrStepNotDueYet) {
		t.Errorf("the letter two days overdue: error = %v, want ErrStepNotDueYet", err)
	}
	w.now = contractNow.AddDate(0, 1, 31)
	if _, err := fireThrice(t, w.h, overdue); err != nil {
		t.Fatalf("FireDeadline() error = %v", err)
	}
	if n := w.count("contract.dunning_letter_sent"); n != 1 {
		t.Errorf("letters = %d, want 1", n)
	}
	if recs := w.records(); recs[len(recs)-1].Metadata.RegulationVersion != "contract/2026-dunning" {
		t.Errorf("letter recorded under %q, want contract/2026-dunning", recs[len(recs)-1].Metadata.RegulationVersion)
	}
	malformed := deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: "i-1"}
	if _, err := w.h.Reactions.FireDeadline(context.Background(), malformed); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("a deadline without its due date in the item: error = %v, want ErrInvalid", err)
	}
}
